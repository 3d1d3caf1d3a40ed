import { describe, expect, it } from 'vitest';
import { codeColourNames, codePalette, isCodeColour, leastUsedCodeColour } from './codebook.ts';

describe('the code palette', () => {
  it('offers more colours than a study usually has top-level codes, each distinct and stored as #rrggbb', () => {
    expect(codePalette.length).toBeGreaterThanOrEqual(16);
    expect(new Set(codePalette.map((c) => c.toUpperCase())).size).toBe(codePalette.length);
    for (const colour of codePalette) expect(isCodeColour(colour)).toBe(true);
    // Each one named, for people who do not see it.
    expect(new Set(codePalette.map((c) => codeColourNames[c])).size).toBe(codePalette.length);
  });

  it('gives a new code the colour fewest codes use, the earlier one on a tie', () => {
    expect(leastUsedCodeColour([])).toBe(codePalette[0]);
    expect(leastUsedCodeColour([{ colour: codePalette[0] }])).toBe(codePalette[1]);
    // Case does not matter; colours outside the palette count for nothing.
    expect(leastUsedCodeColour([{ colour: codePalette[0].toLowerCase() }, { colour: '#123456' }])).toBe(codePalette[1]);
    // Once every colour is used once, the first comes round again; a colour used twice waits.
    const once = codePalette.map((colour) => ({ colour }));
    expect(leastUsedCodeColour([...once, { colour: codePalette[0] }])).toBe(codePalette[1]);
  });

  it('gives fifteen codes created one after another fifteen different colours', () => {
    const codes: { colour: string }[] = [];
    for (let i = 0; i < 15; i++) codes.push({ colour: leastUsedCodeColour(codes) });
    expect(new Set(codes.map((c) => c.colour)).size).toBe(15);
  });

  it('fills the gap a deleted code left before reusing a colour', () => {
    const codes = codePalette.slice(0, 5).map((colour) => ({ colour }));
    codes.splice(2, 1);
    expect(leastUsedCodeColour(codes)).toBe(codePalette[2]);
  });
});

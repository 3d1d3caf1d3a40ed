import { describe, expect, it } from 'vitest';
import { createSeededRandom, type RandomSource } from '../agreement/seeded-random.ts';
import { normalizeText } from '../import/normalize-text.ts';
import { normalizeWithOffsets } from './text-normalization.ts';

/** The text a range of the input covers after normalisation. */
function mapped(input: string, start: number, end: number): string {
  const normalized = normalizeWithOffsets(input);
  const range = normalized.mapRange(start, end);
  return normalized.text.slice(range.start, range.end);
}

describe('normalizeWithOffsets', () => {
  it('carries offsets across CRLF line endings: each \\r before \\n is dropped', () => {
    const input = 'Q: how?\r\nA: well\r\nQ: and?';
    const normalized = normalizeWithOffsets(input);
    expect(normalized.text).toBe('Q: how?\nA: well\nQ: and?');
    const at = input.indexOf('well');
    expect(normalized.mapRange(at, at + 4)).toEqual({ start: 11, end: 15, widened: false });
    // A selection of a whole CRLF line keeps its line end as one \n.
    expect(mapped(input, 9, 18)).toBe('A: well\n');
  });

  it('maps lone CR, form feeds and Unicode line separators one to one', () => {
    const input = 'a\rb\u2028c\fd';
    expect(normalizeWithOffsets(input).text).toBe('a\nb\nc\nd');
    expect(mapped(input, 2, 7)).toBe('b\nc\nd');
  });

  it('drops trailing spaces and extra blank lines, emptying a range that held only them', () => {
    const input = '\n\nfirst   \n\n\n\n\nsecond  \n';
    const normalized = normalizeWithOffsets(input);
    expect(normalized.text).toBe('first\n\nsecond');
    const spaces = input.indexOf('   ');
    const range = normalized.mapRange(spaces, spaces + 3);
    expect(range.start).toBe(range.end);
    expect(mapped(input, input.indexOf('second'), input.length)).toBe('second');
  });

  it('composes e + combining acute into é, widening a selection that would cut it', () => {
    const input = 'cafe\u0301 ok';
    const normalized = normalizeWithOffsets(input);
    expect(normalized.text).toBe('café ok');
    expect(normalized.mapRange(0, 5)).toEqual({ start: 0, end: 4, widened: false });
    // Ending between the e and its accent cannot be represented: the selection takes the é whole.
    expect(normalized.mapRange(0, 4)).toEqual({ start: 0, end: 4, widened: true });
    expect(normalized.mapRange(4, 8)).toEqual({ start: 3, end: 7, widened: true });
    expect(mapped(input, 6, 8)).toBe('ok');
  });

  it('leaves emoji and marks without precomposed forms as they are', () => {
    const input = 'x\u0301 👍🏽 q\u0307';
    const normalized = normalizeWithOffsets(input);
    expect(normalized.text).toBe(input);
    expect(normalized.mapRange(3, 7)).toEqual({ start: 3, end: 7, widened: false });
  });
});

const pieces = ['a', 'b', ' ', '  ', '\t', '\n', '\r\n', '\r', '\n\n\n', '\u0301', '\u0308', 'e', 'é', '\u1100', '\u1161', '\u11a8', '😀', '🏽', '\u00a0', '\u3000', '\x01', '\x7f', '\u2028', '\f', 'Å', '\u212b', 'ﬁ', '\uf900'];

function randomInput(random: RandomSource): string {
  let text = '';
  const length = Math.floor(random() * 40);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

describe('normalizeWithOffsets (property, seeded)', () => {
  it('gives exactly normalizeText’s text, and maps every range monotonically onto it', () => {
    const random = createSeededRandom(7_2024);
    for (let round = 0; round < 1000; round++) {
      const input = randomInput(random);
      const normalized = normalizeWithOffsets(input);
      expect(normalized.text).toBe(normalizeText(input));
      let previous = 0;
      for (let i = 0; i <= input.length; i++) {
        const { start, end } = normalized.mapRange(i, i);
        expect(start).toBeGreaterThanOrEqual(previous);
        expect(end).toBeGreaterThanOrEqual(start);
        expect(end).toBeLessThanOrEqual(normalized.text.length);
        previous = start;
      }
      expect(normalized.mapRange(0, input.length)).toMatchObject({ start: 0, end: normalized.text.length });
    }
  });

  it('keeps every kept character inside the range that selected it', () => {
    const random = createSeededRandom(99);
    for (let round = 0; round < 500; round++) {
      // Plain letters between line breaks and spaces: nothing composes, so every letter survives.
      const input = Array.from({ length: 30 }, () => ['x', 'y', ' ', '\r\n', '\n', '\t'][Math.floor(random() * 6)]).join('');
      const normalized = normalizeWithOffsets(input);
      for (let i = 0; i < input.length; i++) {
        if (input[i] !== 'x' && input[i] !== 'y') continue;
        const range = normalized.mapRange(i, i + 1);
        expect(normalized.text.slice(range.start, range.end)).toBe(input[i]);
      }
    }
  });
});

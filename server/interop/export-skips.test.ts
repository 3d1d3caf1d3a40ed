import { describe, expect, it } from 'vitest';
import { describeSkips, maxListedSkips, type ExportSkip } from './export-skips.ts';

describe('describeSkips', () => {
  const skip = (i: number, reason: ExportSkip['reason']): ExportSkip => ({ documentName: `P${i}`, coderName: 'Ana Ortiz', codeName: 'Cost', start: reason === 'orphaned' ? null : i, end: reason === 'orphaned' ? null : i + 3, reason });

  it('says nothing when nothing was left out', () => {
    expect(describeSkips([])).toBeNull();
  });

  it('names each coding left out, where it was and why', () => {
    expect(describeSkips([skip(1, 'orphaned'), skip(2, 'splitsSurrogatePair')])).toBe(
      'Accord left 2 codings out of this file:\n' +
        '- P1, Ana Ortiz, “Cost”: its text was deleted from the transcript, so it has no passage.\n' +
        '- P2, Ana Ortiz, “Cost” (characters 2–5): it starts or ends inside a character written with two UTF-16 units (an emoji, say), which QDA-XML’s code-point positions cannot address.',
    );
  });

  it('counts the rest past the listed ones', () => {
    const lines = describeSkips(Array.from({ length: maxListedSkips + 5 }, (_, i) => skip(i, 'unknownCode')))!.split('\n');
    expect(lines[0]).toBe(`Accord left ${maxListedSkips + 5} codings out of this file:`);
    expect(lines).toHaveLength(maxListedSkips + 2);
    expect(lines.at(-1)).toBe('- … and 5 more.');
  });
});

import { describe, expect, it } from 'vitest';
import { placedCoding as placed } from './placed-coding.test-support.ts';
import { followPlacement, keepUnchangedPieces } from './bar-geometry.ts';


describe('re-measuring a row’s margin bars', () => {
  it('keeps the bars that did not move, and renews the ones that did', () => {
    const a = placed('a', 0, 20);
    const b = placed('b', 40, 60);
    const before = [{ placed: a, top: 0, bottom: 27, starts: true, ends: true }, { placed: b, top: 27, bottom: 54, starts: true, ends: true }];
    const after = keepUnchangedPieces([{ ...before[0]! }, { ...before[1]!, bottom: 81 }], before);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]!.bottom).toBe(81);
  });
});

describe('bars between a change and their next measurement', () => {
  const a = placed('a', 0, 20);
  const b = placed('b', 40, 60);
  const measured = [{ placed: a, top: 0, bottom: 27, starts: true, ends: true }, { placed: b, top: 27, bottom: 54, starts: true, ends: true }];

  it('drops the bar of a coding removed since it was measured, at once', () => {
    expect(followPlacement(measured, [a]).map((p) => p.placed.coding.id)).toEqual(['a']);
  });

  it('keeps a re-placed coding’s bar where it was measured, with its new column', () => {
    const moved = { ...b, column: 1 };
    const shown = followPlacement(measured, [a, moved]);
    expect(shown[0]).toBe(measured[0]);
    expect(shown[1]).toMatchObject({ placed: moved, top: 27, bottom: 54 });
  });
});

import { describe, expect, it } from 'vitest';
import { unitSegments } from './unit-segments.ts';

describe('a unit’s runs and the keyboard’s caret', () => {
  const base = { start: 10, end: 30, codings: [], labels: [], remote: [] };

  it('cuts a run at the caret and marks the run after it', () => {
    const segments = unitSegments({ ...base, pending: { start: 12, end: 20 }, caret: 20 });
    expect(segments.map((s) => [s.start, s.end, s.pending, s.caret])).toEqual([
      [10, 12, false, false],
      [12, 20, true, false],
      [20, 30, false, true],
    ]);
  });

  it('marks no run for a caret at the unit’s end (the row draws it after the last run) or outside it', () => {
    expect(unitSegments({ ...base, pending: null, caret: 30 }).some((s) => s.caret)).toBe(false);
    expect(unitSegments({ ...base, pending: null, caret: 50 }).some((s) => s.caret)).toBe(false);
    expect(unitSegments({ ...base, pending: null }).map((s) => [s.start, s.end])).toEqual([[10, 30]]);
  });
});

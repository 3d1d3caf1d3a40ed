import { describe, expect, it } from 'vitest';
import { placedCoding as placed } from './placed-coding.test-support.ts';
import { keepUnchangedSegments, unitSegments } from './unit-segments.ts';

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


describe('re-splitting a unit after a coding arrives', () => {
  const a = placed('a', 0, 20);
  const b = placed('b', 40, 60);
  const unit = { start: 0, end: 100, labels: [], remote: [], pending: null };

  it('keeps the runs the new coding does not touch as the same objects', () => {
    const before = unitSegments({ ...unit, codings: [a, b] });
    const after = keepUnchangedSegments(unitSegments({ ...unit, codings: [a, b, placed('c', 70, 90)] }), before);
    expect(after.map((s) => [s.start, s.end])).toEqual([[0, 20], [20, 40], [40, 60], [60, 70], [70, 90], [90, 100]]);
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    after.slice(0, 3).forEach((segment, i) => expect(segment).toBe(before[i]));
    // [60, 100) was split: its first part has a new end, the rest is new.
    expect(after[3]).not.toBe(before[3]);
  });

  it('keeps the runs of a coding that only moved to another margin column', () => {
    const before = unitSegments({ ...unit, codings: [a, b] });
    const after = keepUnchangedSegments(unitSegments({ ...unit, codings: [{ ...a, column: 1 }, b] }), before);
    after.forEach((segment, i) => expect(segment).toBe(before[i]));
    // The same coding in another layer (another coder's copy of the same value) is another run.
    expect(keepUnchangedSegments(unitSegments({ ...unit, codings: [{ ...a, layerKey: 'consensus' }, b] }), before)[0]).not.toBe(before[0]);
  });

  it('renews a run whose codings, selection or remote marks changed', () => {
    const before = unitSegments({ ...unit, codings: [a] });
    const recoded = { ...a, coding: { ...a.coding, codeId: 'pull' } };
    expect(keepUnchangedSegments(unitSegments({ ...unit, codings: [recoded] }), before)[0]).not.toBe(before[0]);
    expect(keepUnchangedSegments(unitSegments({ ...unit, codings: [a], pending: { start: 0, end: 20 } }), before)[0]).not.toBe(before[0]);
    const mark = { key: '1', name: 'Ana', colour: '#0072B2', start: 0, end: 20 };
    const marked = unitSegments({ ...unit, codings: [a], remote: [mark] });
    expect(keepUnchangedSegments(unitSegments({ ...unit, codings: [a], remote: [{ ...mark }] }), marked)[0]).toBe(marked[0]);
    expect(keepUnchangedSegments(unitSegments({ ...unit, codings: [a], remote: [{ ...mark, colour: '#D55E00' }] }), marked)[0]).not.toBe(marked[0]);
  });
});

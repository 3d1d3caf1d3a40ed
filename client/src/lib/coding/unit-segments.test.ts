import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../../shared/agreement/seeded-random.ts';
import { placedCoding as placed } from './placed-coding.test-support.ts';
import { drawnRuns, keepUnchangedRuns, unitSegments, type Segment, type SegmentInput } from './unit-segments.ts';

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

describe('the codings over each segment', () => {
  it('are every coding that overlaps it, in the order given, for codings reaching past the unit too', () => {
    const random = createSeededRandom(14);
    const int = (n: number) => Math.floor(random() * n);
    for (let round = 0; round < 200; round++) {
      const codings = Array.from({ length: int(40) }, (_, i) => {
        const start = int(120);
        return placed(`c${i}`, start, start + 1 + int(60));
      });
      const unit = { start: 20 + int(20), end: 80 + int(40) };
      const segments = unitSegments({ ...unit, codings, labels: [], remote: [], pending: null });
      expect(segments.map((s) => [s.start, s.end])).toEqual(segments.map((s, i) => [s.start, segments[i + 1]?.start ?? unit.end]));
      for (const segment of segments) expect(segment.codings).toEqual(codings.filter((c) => c.start < segment.end && c.end > segment.start));
    }
  });
});

/** A look for tests: coded runs by their codings' code ids, the rest plain. */
const look = (segment: Segment) => ({ className: segment.codings.length > 0 ? 'run coded' : 'run', style: segment.codings.map((p) => p.coding.codeId).join(' ') });
const runsOf = (input: SegmentInput) => drawnRuns(unitSegments(input), look);

describe('re-splitting a unit after a coding arrives', () => {
  const a = placed('a', 0, 20);
  const b = placed('b', 40, 60);
  const unit = { start: 0, end: 100, labels: [], remote: [], pending: null };

  it('keeps the runs the new coding does not touch as the same objects', () => {
    const before = runsOf({ ...unit, codings: [a, b] });
    const after = keepUnchangedRuns(runsOf({ ...unit, codings: [a, b, placed('c', 70, 90)] }), before);
    expect(after.map((s) => [s.start, s.end])).toEqual([[0, 20], [20, 40], [40, 60], [60, 70], [70, 90], [90, 100]]);
    after.slice(0, 3).forEach((segment, i) => expect(segment).toBe(before[i]));
    // [60, 100) was split: its first part has a new end, the rest is new.
    expect(after[3]).not.toBe(before[3]);
  });

  it('keeps the runs of a coding that only moved to another margin column', () => {
    const before = runsOf({ ...unit, codings: [a, b] });
    const after = keepUnchangedRuns(runsOf({ ...unit, codings: [{ ...a, column: 1 }, b] }), before);
    after.forEach((segment, i) => expect(segment).toBe(before[i]));
    // The same coding in another layer (another coder's copy of the same value) is another run.
    expect(keepUnchangedRuns(runsOf({ ...unit, codings: [{ ...a, layerKey: 'consensus' }, b] }), before)[0]).not.toBe(before[0]);
  });

  it('renews a run whose codings, look, selection or remote marks changed', () => {
    const before = runsOf({ ...unit, codings: [a] });
    const recoded = { ...a, coding: { ...a.coding, codeId: 'pull' } };
    expect(keepUnchangedRuns(runsOf({ ...unit, codings: [recoded] }), before)[0]).not.toBe(before[0]);
    expect(keepUnchangedRuns(runsOf({ ...unit, codings: [a], pending: { start: 0, end: 20 } }), before)[0]).not.toBe(before[0]);
    const recoloured = drawnRuns(unitSegments({ ...unit, codings: [a] }), (segment) => ({ ...look(segment), style: 'another colour' }));
    expect(keepUnchangedRuns(recoloured, before)[0]).not.toBe(before[0]);
    const mark = { key: '1', name: 'Ana', colour: '#0072B2', start: 0, end: 20 };
    const marked = runsOf({ ...unit, codings: [a], remote: [mark] });
    expect(keepUnchangedRuns(runsOf({ ...unit, codings: [a], remote: [{ ...mark }] }), marked)[0]).toBe(marked[0]);
    expect(keepUnchangedRuns(runsOf({ ...unit, codings: [a], remote: [{ ...mark, colour: '#D55E00' }] }), marked)[0]).not.toBe(marked[0]);
  });
});

describe('drawing alike segments as one run', () => {
  const unit = { start: 0, end: 100, labels: [], remote: [], pending: null };
  // Four codings piled up: the look shows only the first two, as the highlights cap theirs.
  const pile = [placed('a', 10, 60), placed('b', 10, 50), placed('c', 20, 40), placed('d', 30, 70)];
  const firstTwo = (segment: Segment) => ({ className: segment.codings.length > 0 ? 'run coded' : 'run', style: segment.codings.slice(0, 2).map((p) => p.coding.id).join(' ') });

  it('joins neighbours that look the same, and keeps every coding of the joined ones', () => {
    const runs = drawnRuns(unitSegments({ ...unit, codings: pile }), firstTwo);
    // Cuts at 10, 20, 30, 40, 50, 60, 70; [10, 50) shows a and b throughout.
    expect(runs.map((r) => [r.start, r.end, r.style])).toEqual([[0, 10, ''], [10, 50, 'a b'], [50, 60, 'a d'], [60, 70, 'd'], [70, 100, '']]);
    expect(runs[1]!.codings.map((p) => p.coding.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(runs[2]!.codings.map((p) => p.coding.id)).toEqual(['a', 'd']);
  });

  it('starts a run where a remote name tag or the keyboard’s caret is drawn', () => {
    const mark = { key: '1', name: 'Ana', colour: '#0072B2', start: 20, end: 45 };
    const plain = () => ({ className: 'run', style: '' });
    expect(drawnRuns(unitSegments({ ...unit, codings: pile, remote: [mark] }), plain).map((r) => r.start)).toEqual([0, 20]);
    expect(drawnRuns(unitSegments({ ...unit, codings: [], caret: 35 }), plain).map((r) => r.start)).toEqual([0, 35]);
  });
});

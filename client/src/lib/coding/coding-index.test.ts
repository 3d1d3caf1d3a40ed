import { describe, expect, it } from 'vitest';
import type { Coding } from '../../../../shared/model/coding.ts';
import type { TranscriptUnit } from '../../../../shared/model/transcript.ts';
import { CodingIndex } from './coding-index.ts';

const units: TranscriptUnit[] = [0, 100, 200, 300].map((start) => ({ start, end: start + 90, kind: 'turn' }));
const coding = (id: string, start: number, end: number, codeId = 'push'): Coding => ({
  id,
  codeId,
  coderId: 'ben',
  start,
  end,
  orphaned: false,
  memo: '',
  createdAt: '',
  updatedAt: '',
});

describe('rebuilding the coding index after a change', () => {
  const first = [coding('a', 10, 30), coding('b', 110, 150), coding('c', 205, 260)];
  const before = new CodingIndex(units, [{ key: 'ben', codings: first }]);

  it('keeps the arrays of units whose codings did not change, so their rows need not re-render', () => {
    const after = new CodingIndex(units, [{ key: 'ben', codings: [...first, coding('d', 120, 140)] }], before);
    expect(after.forUnit(0)).toBe(before.forUnit(0));
    expect(after.forUnit(2)).toBe(before.forUnit(2));
    expect(after.forUnit(3)).toBe(before.forUnit(3));
    expect(after.forUnit(1)).not.toBe(before.forUnit(1));
    expect(after.forUnit(1).map((p) => p.coding.id)).toEqual(['b', 'd']);
    // The coding that was there keeps its placement object too.
    expect(after.find('ben', 'b')).toBe(before.find('ben', 'b'));
  });

  it('gives a changed coding, or one pushed into another margin column, a new placement', () => {
    const recoded = { ...first[1]!, codeId: 'pull' };
    const after = new CodingIndex(units, [{ key: 'ben', codings: [first[0]!, recoded, first[2]!] }], before);
    expect(after.forUnit(1)).not.toBe(before.forUnit(1));
    expect(after.find('ben', 'b')!.coding.codeId).toBe('pull');

    // 'e' was made before 'a' (restored by an undo, say) and overlaps it: 'a' moves to the second column.
    const shifted = new CodingIndex(units, [{ key: 'ben', codings: [{ ...coding('e', 5, 20), createdAt: '2026-01-01T00:00:00.000Z' }, ...first.map((c) => ({ ...c, createdAt: '2026-02-01T00:00:00.000Z' }))] }]);
    expect(shifted.find('ben', 'e')!.column).toBe(0);
    expect(shifted.find('ben', 'a')!.column).toBe(1);
  });

  it('never moves the bar of a coding for one made after it, wherever that one starts', () => {
    const made = (id: string, start: number, end: number, minute: number) => ({ ...coding(id, start, end), createdAt: `2026-02-01T00:${String(minute).padStart(2, '0')}:00.000Z` });
    // A pile: each made later, each starting earlier than the one before.
    const pile = [made('p1', 60, 80, 1), made('p2', 50, 80, 2), made('p3', 40, 80, 3)];
    const earlier = new CodingIndex(units, [{ key: 'ben', codings: pile }]);
    expect(pile.map((c) => earlier.find('ben', c.id)!.column)).toEqual([0, 1, 2]);
    const later = new CodingIndex(units, [{ key: 'ben', codings: [...pile, made('p4', 10, 90, 4)] }], earlier);
    for (const c of pile) expect(later.find('ben', c.id)).toBe(earlier.find('ben', c.id));
    expect(later.find('ben', 'p4')!.column).toBe(3);
    // Codings that do not overlap share a column, whatever order they were made in.
    const apart = new CodingIndex(units, [{ key: 'ben', codings: [made('x', 10, 20, 2), made('y', 30, 40, 1), made('z', 15, 35, 3)] }]);
    expect(['x', 'y', 'z'].map((id) => apart.find('ben', id)!.column)).toEqual([0, 0, 1]);
  });

  it('starts afresh for other units (a new transcript)', () => {
    const otherUnits = units.map((u) => ({ ...u }));
    const after = new CodingIndex(otherUnits, [{ key: 'ben', codings: first }], before);
    expect(after.forUnit(0)).not.toBe(before.forUnit(0));
    expect(after.forUnit(0)).toEqual(before.forUnit(0));
  });
});

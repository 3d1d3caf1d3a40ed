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

    // 'e' starts before 'a' and overlaps it: 'a' moves to the second column.
    const shifted = new CodingIndex(units, [{ key: 'ben', codings: [coding('e', 5, 20), ...first] }], before);
    expect(shifted.find('ben', 'a')!.column).toBe(1);
    expect(shifted.forUnit(0)).not.toBe(before.forUnit(0));
    expect(shifted.forUnit(1)).toBe(before.forUnit(1));
  });

  it('starts afresh for other units (a new transcript)', () => {
    const otherUnits = units.map((u) => ({ ...u }));
    const after = new CodingIndex(otherUnits, [{ key: 'ben', codings: first }], before);
    expect(after.forUnit(0)).not.toBe(before.forUnit(0));
    expect(after.forUnit(0)).toEqual(before.forUnit(0));
  });
});

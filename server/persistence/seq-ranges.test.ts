import { describe, expect, it } from 'vitest';
import { addSeqRange, removeSeqRanges, seqRangesOf } from './seq-ranges.ts';

describe('sequence ranges', () => {
  it('merges adjacent and overlapping numbers into ranges', () => {
    expect(seqRangesOf([1, 2, 3, 7, 8, 10])).toEqual([[1, 3], [7, 8], [10, 10]]);
    expect(addSeqRange([[1, 3], [7, 8]], 4, 6)).toEqual([[1, 8]]);
    expect(addSeqRange([[5, 6]], 1, 2)).toEqual([[1, 2], [5, 6]]);
    expect(addSeqRange([[1, 2], [9, 9]], 5, 5)).toEqual([[1, 2], [5, 5], [9, 9]]);
  });
  it('removes numbers, splitting ranges around them', () => {
    expect(removeSeqRanges([[1, 10]], [[4, 5]])).toEqual([[1, 3], [6, 10]]);
    expect(removeSeqRanges([[1, 3], [7, 9]], [[1, 3], [8, 8]])).toEqual([[7, 7], [9, 9]]);
  });
});

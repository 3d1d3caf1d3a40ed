/**
 * Sets of stored update sequence numbers as sorted, disjoint, inclusive ranges. A live room keeps
 * the set of rows it has loaded or appended itself, so compaction deletes exactly those rows and
 * never a row some other writer appended in between (whose content the room never saw).
 */
export type SeqRange = readonly [first: number, last: number];

/** Adds `first..last` to sorted disjoint ranges, merging neighbours; returns a new array. */
export function addSeqRange(ranges: readonly SeqRange[], first: number, last: number): SeqRange[] {
  if (last < first) return [...ranges];
  const out: SeqRange[] = [];
  let lo = first;
  let hi = last;
  let placed = false;
  for (const [a, b] of ranges) {
    if (b + 1 < lo) out.push([a, b]);
    else if (hi + 1 < a) {
      if (!placed) out.push([lo, hi]);
      placed = true;
      out.push([a, b]);
    } else {
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
  }
  if (!placed) out.push([lo, hi]);
  return out.sort((x, y) => x[0] - y[0]);
}

/** The ranges covering ascending sequence numbers, e.g. [1, 2, 3, 7] → [[1, 3], [7, 7]]. */
export function seqRangesOf(seqs: readonly number[]): SeqRange[] {
  let ranges: SeqRange[] = [];
  for (const seq of seqs) ranges = addSeqRange(ranges, seq, seq);
  return ranges;
}

/** `ranges` without the numbers in `removed`. */
export function removeSeqRanges(ranges: readonly SeqRange[], removed: readonly SeqRange[]): SeqRange[] {
  let out: SeqRange[] = [...ranges];
  for (const [ra, rb] of removed) {
    out = out.flatMap(([a, b]): SeqRange[] => {
      if (rb < a || ra > b) return [[a, b]];
      const parts: SeqRange[] = [];
      if (a < ra) parts.push([a, ra - 1]);
      if (rb < b) parts.push([rb + 1, b]);
      return parts;
    });
  }
  return out;
}

export const lastSeqOf = (ranges: readonly SeqRange[]): number => ranges.at(-1)?.[1] ?? 0;

import type { ValuedUnit } from './continuum.ts';
import { createReliabilityData, type ReliabilityData } from './reliability-data.ts';

/**
 * Binary reliability data in compressed form (SPEC KA27): for one code, every unit is summarised by
 * the set of coders who marked the code present (bit i = coder i), and the histogram holds the
 * total weight of units per pattern — characters for the character unit, 1 per transcript unit,
 * segment group or document otherwise. 60,000 characters × 3 coders fold into at most 8 rows.
 */
export type PatternHistogram = Map<number, number>;

function add(histogram: PatternHistogram, mask: number, weight: number): void {
  if (weight !== 0) histogram.set(mask, (histogram.get(mask) ?? 0) + weight);
}

/**
 * Character-level patterns of one code in one document: a sweep over the boundaries of the coders'
 * (merged) units, never over characters.
 *
 * @example
 * characterPatterns(10, [[{ start: 0, end: 4, value: 0 }], [{ start: 2, end: 6, value: 0 }]])
 * // Map { 1 => 2, 3 => 2, 2 => 2, 0 => 4 }
 */
export function characterPatterns(
  length: number,
  coders: readonly (readonly ValuedUnit[])[],
  into: PatternHistogram = new Map(),
): PatternHistogram {
  // A k-way merge of the coders' boundaries (each list is sorted and non-overlapping): at every
  // boundary the coders inside a unit form the mask of the stretch that follows.
  const m = coders.length;
  const next = new Int32Array(m); // index of the coder's next unit
  const inside = new Uint8Array(m);
  let mask = 0;
  let at = 0;
  for (;;) {
    let pos = Infinity;
    for (let i = 0; i < m; i++) {
      const u = (coders[i] as readonly ValuedUnit[])[next[i] as number];
      if (u === undefined) continue;
      const boundary = inside[i] === 1 ? u.end : u.start;
      if (boundary < pos) pos = boundary;
    }
    if (pos === Infinity) break;
    if (pos > at) {
      add(into, mask, pos - at);
      at = pos;
    }
    for (let i = 0; i < m; i++) {
      const units = coders[i] as readonly ValuedUnit[];
      // Touching units: leave one and enter the next at the same position.
      for (let u = units[next[i] as number]; u !== undefined; u = units[next[i] as number]) {
        if (inside[i] === 1 && u.end === pos) {
          inside[i] = 0;
          mask &= ~(1 << i);
          next[i] = (next[i] as number) + 1;
        } else if (inside[i] === 0 && u.start === pos) {
          inside[i] = 1;
          mask |= 1 << i;
        } else break;
      }
    }
  }
  if (length > at) add(into, mask, length - at);
  return into;
}

function covers(units: readonly ValuedUnit[], start: number, end: number): boolean {
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((units[mid] as ValuedUnit).end <= start) lo = mid + 1;
    else hi = mid;
  }
  const u = units[lo];
  return u !== undefined && u.start < end;
}

/**
 * Patterns of one code over transcript units (or a whole document as one range): a coder marks
 * the code present in a range when any of their codings of it overlaps the range by at least one
 * character (SPEC KA28).
 *
 * @example
 * rangePatterns([[0, 5], [5, 10]], [[{ start: 3, end: 4, value: 0 }], []]) // Map { 1 => 1, 0 => 1 }
 */
export function rangePatterns(
  ranges: readonly (readonly [number, number])[],
  coders: readonly (readonly ValuedUnit[])[],
  into: PatternHistogram = new Map(),
): PatternHistogram {
  for (const [start, end] of ranges) {
    let mask = 0;
    coders.forEach((units, i) => {
      if (covers(units, start, end)) mask |= 1 << i;
    });
    add(into, mask, 1);
  }
  return into;
}

/**
 * Patterns of one code over segment groups (SPEC KA29): segments of different coders that overlap by
 * at least `threshold` % of their union are linked, each connected group is one unit, and a coder
 * is present in a unit when one of their segments is in the group. No unit is coded by nobody.
 *
 * @example
 * segmentPatterns([[{ start: 0, end: 10, value: 0 }], [{ start: 1, end: 10, value: 0 }]], 90) // Map { 3 => 1 }
 */
export function segmentPatterns(
  coders: readonly (readonly ValuedUnit[])[],
  threshold: number,
  into: PatternHistogram = new Map(),
): PatternHistogram {
  const all: { start: number; end: number; coder: number }[] = [];
  coders.forEach((units, coder) => {
    for (const u of units) all.push({ start: u.start, end: u.end, coder });
  });
  all.sort((a, b) => a.start - b.start || a.end - b.end || a.coder - b.coder);
  const parent = all.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  for (let i = 0; i < all.length; i++) {
    const s = all[i] as { start: number; end: number; coder: number };
    for (let j = i + 1; j < all.length; j++) {
      const t = all[j] as { start: number; end: number; coder: number };
      if (t.start >= s.end) break;
      if (t.coder === s.coder) continue;
      const intersection = Math.min(s.end, t.end) - t.start;
      const union = Math.max(s.end, t.end) - s.start;
      if (100 * intersection >= threshold * union) parent[find(j)] = find(i);
    }
  }
  const masks = new Map<number, number>();
  all.forEach((s, i) => {
    const root = find(i);
    masks.set(root, (masks.get(root) ?? 0) | (1 << s.coder));
  });
  for (const mask of masks.values()) add(into, mask, 1);
  return into;
}

/**
 * Adds one histogram into another.
 *
 * @example
 * addPatterns(total, cell)
 */
export function addPatterns(into: PatternHistogram, from: PatternHistogram): PatternHistogram {
  for (const [mask, weight] of from) add(into, mask, weight);
  return into;
}

/**
 * The histogram seen by a subset of coders (e.g. one pair): each pattern is restricted to those
 * coders, in the given order.
 *
 * @example
 * projectPatterns(new Map([[0b101, 4]]), [0, 2]) // Map { 0b11 => 4 }
 */
export function projectPatterns(histogram: PatternHistogram, coders: readonly number[]): PatternHistogram {
  const out: PatternHistogram = new Map();
  for (const [mask, weight] of histogram) add(out, projectMask(mask, coders), weight);
  return out;
}

/**
 * A coder set (bit i = coder i) as a subset of coders sees it, in the given order.
 *
 * @example
 * projectMask(0b100, [0, 2]) // 0b10
 */
export function projectMask(mask: number, coders: readonly number[]): number {
  let projected = 0;
  coders.forEach((coder, i) => {
    if (mask & (1 << coder)) projected |= 1 << i;
  });
  return projected;
}

/**
 * Histograms grouped by the coders missing from their units (SPEC KA33): key = the missing set's
 * mask, 0 where every coder coded the document.
 */
export type MissingPatternGroups = Map<number, PatternHistogram>;

/**
 * Adds a histogram whose units miss the coders of `missing` into its group.
 *
 * @example
 * addMissingPatterns(groups, 0b10, cell) // coder 1 did not code this cell's document
 */
export function addMissingPatterns(groups: MissingPatternGroups, missing: number, from: PatternHistogram): MissingPatternGroups {
  let group = groups.get(missing);
  if (group === undefined) groups.set(missing, (group = new Map()));
  addPatterns(group, from);
  return groups;
}

/**
 * Weighted binary reliability data from a histogram: categories "0" (absent) and "1" (present),
 * declared, so q = 2 for Brennan–Prediger and AC1 (README §5). With `excludeUncoded` the units no
 * coder marked are dropped (SPEC KA30). Rows are in mask order so sums run in a fixed order.
 *
 * @example
 * patternReliabilityData(new Map([[0b11, 5], [0b01, 1]]), 2, false).unitCount // 2
 */
export function patternReliabilityData(histogram: PatternHistogram, coderCount: number, excludeUncoded: boolean): ReliabilityData {
  return missingPatternReliabilityData(new Map([[0, histogram]]), coderCount, excludeUncoded);
}

/**
 * `patternReliabilityData` over units some coders did not code (SPEC KA33): a missing coder's value
 * is −1 (not coded). Rows go by missing set, then by mask; with nobody missing it is exactly
 * `patternReliabilityData`'s.
 *
 * @example
 * missingPatternReliabilityData(new Map([[0b10, new Map([[0b01, 3]])]]), 2, false).values // [1, -1]
 */
export function missingPatternReliabilityData(groups: MissingPatternGroups, coderCount: number, excludeUncoded: boolean): ReliabilityData {
  const rows: [missing: number, mask: number, weight: number][] = [];
  for (const missing of [...groups.keys()].sort((a, b) => a - b)) {
    const histogram = groups.get(missing) as PatternHistogram;
    for (const mask of [...histogram.keys()].sort((a, b) => a - b)) {
      if (!(excludeUncoded && mask === 0)) rows.push([missing, mask, histogram.get(mask) as number]);
    }
  }
  const values = new Int32Array(rows.length * coderCount);
  const weights = new Float64Array(rows.length);
  rows.forEach(([missing, mask, weight], u) => {
    weights[u] = weight;
    for (let c = 0; c < coderCount; c++) values[u * coderCount + c] = missing & (1 << c) ? -1 : mask & (1 << c) ? 1 : 0;
  });
  return createReliabilityData({ coderCount, categories: ['0', '1'], values, weights, declaredCategories: true });
}

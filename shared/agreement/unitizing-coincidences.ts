import type { ValuedUnit } from './continuum.ts';

/**
 * The sufficient statistics of Krippendorff's unitizing alphas (Krippendorff et al. 2016; README
 * §4.2), gathered in one sweep over the elementary intervals between segment boundaries — never per
 * character (SPEC KA17). Index `valueCount` stands for the gap ∅. "Raw" sums run over ordered coder
 * pairs (i, j ≠ i) and are (m − 1) times the coincidences, so they stay integers.
 */
export type UnitizingTally = {
  readonly coderCount: number;
  readonly length: number;
  readonly valueCount: number;
  /** Σ_{i≠j} |{x : v_i(x) = v_j(x) = c}| for c = 0..q (q = gap): (m − 1)·o_cc. */
  readonly sameRaw: Float64Array;
  /** Total length coded c over all coders, c = 0..q: o_c. (gaps: total gap length). */
  readonly valueLength: Float64Array;
  /** W_c: Σ ℓ² over valued units of c; for the gap, Σ ℓ (a gap acts as ℓ units of length 1). */
  readonly squaredLength: Float64Array;
  /** Σ_{i≠j} |{x : v_i(x) = c, v_j(x) valued}| for valued c: (m − 1)·o*_c. */
  readonly pairedRaw: Float64Array;
  /** V_c = Σ_i Σ_{j≠i} Σ_{g : v_ig = c} |s_ig ∩ valued_j|² for valued c. */
  readonly selfOverlap: Float64Array;
};

/**
 * Sweeps the coders' valued units (each coder's list sorted and non-overlapping) over [0, length).
 *
 * @example
 * tallyUnitizing(10, [[{ start: 0, end: 5, value: 0 }], [{ start: 0, end: 5, value: 0 }]], 1).sameRaw // [10, 10]
 */
export function tallyUnitizing(length: number, coders: readonly (readonly ValuedUnit[])[], valueCount: number): UnitizingTally {
  const m = coders.length;
  const q = valueCount;
  const sameRaw = new Float64Array(q + 1);
  const valueLength = new Float64Array(q + 1);
  const squaredLength = new Float64Array(q + 1);
  const pairedRaw = new Float64Array(q);
  const selfOverlap = new Float64Array(q);

  let unitTotal = 0;
  let boundaryCount = 2;
  for (const units of coders) {
    unitTotal += units.length;
    boundaryCount += 2 * units.length;
  }
  const boundaries = new Float64Array(boundaryCount);
  boundaries[0] = 0;
  boundaries[1] = length;
  let b = 2;
  let valuedLength = 0;
  for (const units of coders) {
    for (const unit of units) {
      boundaries[b++] = unit.start;
      boundaries[b++] = unit.end;
      const l = unit.end - unit.start;
      valueLength[unit.value] = (valueLength[unit.value] as number) + l;
      squaredLength[unit.value] = (squaredLength[unit.value] as number) + l * l;
      valuedLength += l;
    }
  }
  valueLength[q] = m * length - valuedLength;
  squaredLength[q] = valueLength[q] as number;
  boundaries.sort();

  // Per (unit, other coder) overlap with that coder's valued units, for V_c.
  const unitBase = new Int32Array(m);
  for (let i = 1; i < m; i++) unitBase[i] = (unitBase[i - 1] as number) + (coders[i - 1] as readonly ValuedUnit[]).length;
  const overlap = new Float64Array(unitTotal * m);

  const pointer = new Int32Array(m);
  const currentValue = new Int32Array(m);
  const currentUnit = new Int32Array(m);
  const count = new Float64Array(q + 1);
  for (let t = 0; t + 1 < boundaryCount; t++) {
    const a = boundaries[t] as number;
    const z = boundaries[t + 1] as number;
    if (z <= a) continue;
    const l = z - a;
    let valued = 0;
    for (let i = 0; i < m; i++) {
      const units = coders[i] as readonly ValuedUnit[];
      let p = pointer[i] as number;
      while (p < units.length && (units[p] as ValuedUnit).end <= a) p++;
      pointer[i] = p;
      const unit = units[p];
      if (unit !== undefined && unit.start <= a) {
        currentValue[i] = unit.value;
        currentUnit[i] = (unitBase[i] as number) + p;
        valued++;
      } else {
        currentValue[i] = q;
        currentUnit[i] = -1;
      }
      count[currentValue[i] as number] = (count[currentValue[i] as number] as number) + 1;
    }
    for (let i = 0; i < m; i++) {
      const v = currentValue[i] as number;
      const n = count[v] as number;
      if (n === 0) continue; // already folded in for an earlier coder with the same value
      sameRaw[v] = (sameRaw[v] as number) + l * n * (n - 1);
      if (v < q) pairedRaw[v] = (pairedRaw[v] as number) + l * n * (valued - 1);
      count[v] = 0;
    }
    if (valued >= 2) {
      for (let i = 0; i < m; i++) {
        const g = currentUnit[i] as number;
        if (g < 0) continue;
        for (let j = 0; j < m; j++) {
          if (j !== i && (currentUnit[j] as number) >= 0) overlap[g * m + j] = (overlap[g * m + j] as number) + l;
        }
      }
    }
  }
  for (let i = 0; i < m; i++) {
    const units = coders[i] as readonly ValuedUnit[];
    for (let p = 0; p < units.length; p++) {
      const g = (unitBase[i] as number) + p;
      const v = (units[p] as ValuedUnit).value;
      let sum = 0;
      for (let j = 0; j < m; j++) {
        const x = overlap[g * m + j] as number;
        sum += x * x;
      }
      selfOverlap[v] = (selfOverlap[v] as number) + sum;
    }
  }
  return { coderCount: m, length, valueCount: q, sameRaw, valueLength, squaredLength, pairedRaw, selfOverlap };
}

/**
 * Adds tallies of disjoint stretches of text with the same coders and values (e.g. the documents
 * of a study): every statistic is a sum over intervals or units, and no unit spans two documents,
 * so the sum equals the tally of the concatenated text (SPEC KA26).
 *
 * @example
 * sumTallies([tallyOfDocument1, tallyOfDocument2])
 */
export function sumTallies(tallies: readonly UnitizingTally[], coderCount: number, valueCount: number): UnitizingTally {
  const q = valueCount;
  const sum = {
    coderCount,
    length: 0,
    valueCount: q,
    sameRaw: new Float64Array(q + 1),
    valueLength: new Float64Array(q + 1),
    squaredLength: new Float64Array(q + 1),
    pairedRaw: new Float64Array(q),
    selfOverlap: new Float64Array(q),
  };
  for (const t of tallies) {
    sum.length += t.length;
    for (let c = 0; c <= q; c++) {
      sum.sameRaw[c] = (sum.sameRaw[c] as number) + (t.sameRaw[c] as number);
      sum.valueLength[c] = (sum.valueLength[c] as number) + (t.valueLength[c] as number);
      sum.squaredLength[c] = (sum.squaredLength[c] as number) + (t.squaredLength[c] as number);
    }
    for (let c = 0; c < q; c++) {
      sum.pairedRaw[c] = (sum.pairedRaw[c] as number) + (t.pairedRaw[c] as number);
      sum.selfOverlap[c] = (sum.selfOverlap[c] as number) + (t.selfOverlap[c] as number);
    }
  }
  return sum;
}

/**
 * The tally of a binary continuum (one value against gap) from its coder-presence histogram (bit i
 * = coder i inside a unit; weights in characters) and the sum of squared unit lengths — no sweep
 * needed, and a coder subset's tally is a projection of the histogram (SPEC KA26). It carries what
 * u-alpha needs; V (self-overlap) is left 0, which no single-value measure reads: with one value
 * cu-alpha and (k)u-alpha have no expected disagreement.
 *
 * @example
 * binaryTallyFromPatterns(new Map([[0b11, 5], [0b01, 2], [0, 3]]), 2, 10, 25 + 49)
 */
export function binaryTallyFromPatterns(
  histogram: ReadonlyMap<number, number>,
  coderCount: number,
  length: number,
  squaredUnitLength: number,
): UnitizingTally {
  const m = coderCount;
  const sameRaw = new Float64Array(2);
  const valueLength = new Float64Array(2);
  for (const [mask, w] of histogram) {
    let n = 0;
    for (let x = mask; x !== 0; x &= x - 1) n++;
    sameRaw[0] = (sameRaw[0] as number) + w * n * (n - 1);
    sameRaw[1] = (sameRaw[1] as number) + w * (m - n) * (m - n - 1);
    valueLength[0] = (valueLength[0] as number) + w * n;
    valueLength[1] = (valueLength[1] as number) + w * (m - n);
  }
  return {
    coderCount: m,
    length,
    valueCount: 1,
    sameRaw,
    valueLength,
    squaredLength: Float64Array.of(squaredUnitLength, valueLength[1] as number),
    pairedRaw: Float64Array.of(sameRaw[0] as number),
    selfOverlap: new Float64Array(1),
  };
}

import { AgreementError } from './agreement-error.ts';
import { unitWeight, type ReliabilityData } from './reliability-data.ts';

/**
 * The q × q contingency table of two coders over the units both coded (listwise deletion,
 * SPEC KA7): `cell[a * q + b]` = weight of units coder 1 put in a and coder 2 in b.
 */
export type TwoCoderTable = {
  readonly q: number;
  readonly cell: Float64Array;
  /** Total weight of units coded by both. */
  readonly n: number;
  /** Σ_k cell[k][k]. */
  readonly agreeing: number;
  readonly rowTotals: Float64Array;
  readonly columnTotals: Float64Array;
};

/**
 * Cross-tabulates the two coders of `data`; throws unless there are exactly two.
 *
 * @example
 * twoCoderTable(buildReliabilityData({ data: [['a', 'a'], ['a', 'b'], ['b', null]] })).n // 2
 */
export function twoCoderTable(data: ReliabilityData): TwoCoderTable {
  // Empty data has no columns at all, so its coder count says nothing: it is simply "no unit coded
  // by both" (undefined), not a three-coder mistake.
  if (data.coderCount !== 2 && data.unitCount > 0) {
    throw new AgreementError('requiresTwoCoders', `this measure compares exactly 2 coders, the data have ${data.coderCount}`);
  }
  const q = data.categories.length;
  const cell = new Float64Array(q * q);
  const rowTotals = new Float64Array(q);
  const columnTotals = new Float64Array(q);
  let n = 0;
  let agreeing = 0;
  for (let u = 0; u < data.unitCount; u++) {
    const a = data.values[data.coderCount * u] as number;
    const b = data.values[data.coderCount * u + 1] as number;
    if (a < 0 || b < 0) continue;
    const w = unitWeight(data, u);
    cell[a * q + b] = (cell[a * q + b] as number) + w;
    rowTotals[a] = (rowTotals[a] as number) + w;
    columnTotals[b] = (columnTotals[b] as number) + w;
    n += w;
    if (a === b) agreeing += w;
  }
  return { q, cell, n, agreeing, rowTotals, columnTotals };
}

import { definedCoefficient, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import { coincidenceMatrix, type CoincidenceMatrix } from './coincidence-matrix.ts';
import { metricDistance, type Metric } from './distance-metric.ts';
import { tallyUnits, type ReliabilityData, type UnitTallies } from './reliability-data.ts';

/** Everything alpha is made of; the bootstrap reuses it (SPEC KA13). */
export type AlphaComponents = {
  readonly coincidences: CoincidenceMatrix;
  /** δ²_ck of each coincidence cell, aligned with `coincidences.cellRow`/`cellColumn`. */
  readonly cellDelta: Float64Array;
  /** D_o = Σ o_ck δ²_ck / n.. */
  readonly observedDisagreement: number;
  /** D_e = Σ n_c n_k δ²_ck / (n..(n.. − 1)) */
  readonly expectedDisagreement: number;
  readonly alpha: Coefficient;
};

/**
 * Krippendorff's alpha for any number of coders and missing data (SPEC KA10–KA12):
 * 1 − (n.. − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck. Units with fewer than two values are ignored.
 * Undefined (never 1 or 0) when no unit is pairable or the expected disagreement is 0.
 *
 * @example
 * krippendorffAlpha(buildReliabilityData({ data: [[1, 1], [2, 2], [1, 2]] }), 'interval').value // 4/9
 */
export function krippendorffAlpha(
  data: ReliabilityData,
  metric: Metric = 'nominal',
  tallies: UnitTallies = tallyUnits(data),
): Coefficient {
  return alphaComponents(data, metric, tallies).alpha;
}

/**
 * Alpha with its coincidence matrix and disagreements.
 *
 * @example
 * alphaComponents(data, 'ordinal').expectedDisagreement
 */
export function alphaComponents(
  data: ReliabilityData,
  metric: Metric = 'nominal',
  tallies: UnitTallies = tallyUnits(data),
): AlphaComponents {
  const coincidences = coincidenceMatrix(data, tallies);
  const { cellRow, cellColumn, cellValue, marginals, total } = coincidences;
  // Linear in the cells and O(q log q) in the categories: no q × q matrix (SPEC KA10, KA11).
  const distance = metricDistance(metric, data.categories, marginals, data.declaredCategories);
  const cellDelta = new Float64Array(cellValue.length);
  let observed = 0;
  for (let i = 0; i < cellValue.length; i++) {
    const row = cellRow[i] as number;
    const column = cellColumn[i] as number;
    const d = distance.squared(row, column);
    cellDelta[i] = d;
    // An off-diagonal cell stands for o_ck and o_kc.
    observed += (row === column ? 1 : 2) * (cellValue[i] as number) * d;
  }
  const expected = distance.expectedSum;
  let alpha: Coefficient;
  if (total === 0) alpha = undefinedCoefficient('noPairableUnits');
  // `expected` is a sum of terms ≥ 0, exactly 0 only when there is nothing to disagree on.
  else if (expected === 0) alpha = undefinedCoefficient('noExpectedDisagreement');
  else alpha = definedCoefficient(1 - ((total - 1) * observed) / expected);
  return {
    coincidences,
    cellDelta,
    observedDisagreement: total === 0 ? 0 : observed / total,
    expectedDisagreement: total <= 1 ? 0 : expected / (total * (total - 1)),
    alpha,
  };
}

import { AgreementError } from './agreement-error.ts';
import { ratioPairSum, ratioSquaredDifference } from './ratio-pair-sum.ts';

/** Levels of measurement for Krippendorff's alpha (SPEC KA11). */
export const Metric = {
  nominal: 'nominal',
  ordinal: 'ordinal',
  interval: 'interval',
  ratio: 'ratio',
} as const;
export type Metric = (typeof Metric)[keyof typeof Metric];

/**
 * True for the four metric names.
 *
 * @example
 * isMetric('ordinal') // true
 */
export function isMetric(value: unknown): value is Metric {
  return typeof value === 'string' && Object.hasOwn(Metric, value);
}

const numericPattern = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * The numeric value of a category key, or null when it is not a plain decimal number (so "" and
 * "0x10" are not numbers, unlike `Number()`).
 *
 * @example
 * numericValue('2.5') // 2.5
 */
export function numericValue(key: string): number | null {
  if (!numericPattern.test(key)) return null;
  const value = Number(key);
  return Number.isFinite(value) ? value : null;
}

/**
 * The rank order of categories for the ordinal metric: numeric order when every category is a
 * number, otherwise the declared codebook order (`declared`), otherwise code-point order of the
 * keys (SPEC KA11). Returns category indices from lowest to highest.
 *
 * @example
 * ordinalOrder(['10', '9', '1'], false) // [2, 1, 0]
 */
export function ordinalOrder(categories: readonly string[], declared: boolean): number[] {
  return rankOrder(categories, numericValues(categories), declared);
}

/** Each category's number, or null when any category is not a number. */
function numericValues(categories: readonly string[]): number[] | null {
  const numbers: number[] = [];
  for (const key of categories) {
    const value = numericValue(key);
    if (value === null) return null;
    numbers.push(value);
  }
  return numbers;
}

function rankOrder(categories: readonly string[], numbers: readonly number[] | null, declared: boolean): number[] {
  const indices = categories.map((_, i) => i);
  if (numbers !== null) return indices.sort((a, b) => (numbers[a] as number) - (numbers[b] as number) || a - b);
  if (declared) return indices;
  return indices.sort((a, b) => {
    const x = categories[a] as string;
    const y = categories[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * Each category's mid-rank position for the ordinal metric: P_c = Σ_{g below c} n_g + n_c/2 along
 * `ordinalOrder`, so that Krippendorff's δ_ck = Σ_{g=c..k} n_g − (n_c + n_k)/2 is P_k − P_c. Numeric
 * categories that are the same number ("1", "1.0", "1e0") are one rank, as at the interval level
 * (SPEC KA11).
 *
 * @example
 * ordinalPositions(['1', '2', '1.0'], Float64Array.of(1, 2, 1), false) // Float64Array [1, 3, 1]
 */
export function ordinalPositions(categories: readonly string[], marginals: ArrayLike<number>, declared: boolean): Float64Array {
  const numbers = numericValues(categories);
  const order = rankOrder(categories, numbers, declared);
  const position = new Float64Array(categories.length);
  let below = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    if (numbers !== null) {
      const value = numbers[order[start] as number];
      while (end < order.length && numbers[order[end] as number] === value) end++;
    }
    let rankTotal = 0;
    for (let i = start; i < end; i++) rankTotal += marginals[order[i] as number] as number;
    for (let i = start; i < end; i++) position[order[i] as number] = below + rankTotal / 2;
    below += rankTotal;
    start = end;
  }
  return position;
}

function numericCategories(categories: readonly string[], metric: Metric): Float64Array {
  const values = new Float64Array(categories.length);
  categories.forEach((key, c) => {
    const value = numericValue(key);
    if (value === null) {
      throw new AgreementError('nonNumericValue', `${metric} alpha needs numeric values, got "${key}"`);
    }
    values[c] = value;
  });
  return values;
}

/**
 * δ² of a metric over one set of categories and coincidence marginals, as a function of two
 * categories, plus the sum alpha's expected disagreement needs, without a q × q matrix: O(q) for
 * nominal and interval, O(q log q) for ordinal (interval on mid-rank positions), O(q log q + q·~150)
 * for ratio (see `ratioPairSum`).
 */
export type MetricDistance = {
  /** δ²_ck. */
  readonly squared: (c: number, k: number) => number;
  /** Σ_c Σ_k n_c n_k δ²_ck over the marginals: the expected disagreement times n..(n.. − 1). */
  readonly expectedSum: number;
};

/**
 * The δ² of a metric (SPEC KA11; README §4.1) for categories with coincidence marginals n_c. The
 * ordinal metric depends on the marginals.
 *
 * @example
 * const distance = metricDistance('interval', ['1', '3'], Float64Array.of(1, 1), false);
 * distance.squared(0, 1) // 4
 * distance.expectedSum // 8: n_1·n_3·4, both ways
 */
export function metricDistance(
  metric: Metric,
  categories: readonly string[],
  marginals: ArrayLike<number>,
  declared: boolean,
): MetricDistance {
  switch (metric) {
    case 'nominal':
      return { squared: (c, k) => (c === k ? 0 : 1), expectedSum: nominalPairSum(marginals) };
    case 'ordinal':
      return coordinateDistance(ordinalPositions(categories, marginals, declared), marginals);
    case 'interval':
      return coordinateDistance(numericCategories(categories, metric), marginals);
    case 'ratio': {
      const values = numericCategories(categories, metric);
      return {
        squared: (c, k) => ratioSquaredDifference(values[c] as number, values[k] as number),
        expectedSum: ratioPairSum(values, marginals),
      };
    }
  }
}

/** Σ_{c≠k} n_c n_k = Σ_c n_c (n.. − n_c): non-negative terms, exactly 0 when one category holds every value. */
function nominalPairSum(marginals: ArrayLike<number>): number {
  let total = 0;
  for (let c = 0; c < marginals.length; c++) total += marginals[c] as number;
  let sum = 0;
  for (let c = 0; c < marginals.length; c++) sum += (marginals[c] as number) * (total - (marginals[c] as number));
  return sum;
}

/**
 * δ²_ck = (x_c − x_k)², and Σ_c Σ_k n_c n_k (x_c − x_k)² = 2·n..·Σ_c n_c (x_c − x̄)². The
 * deviations are taken from one present x first, so that equal values give exactly 0 (KA10's
 * undefined alpha) and large offsets do not cancel.
 */
function coordinateDistance(x: Float64Array, marginals: ArrayLike<number>): MetricDistance {
  let origin = 0;
  for (let c = 0; c < x.length; c++) {
    if ((marginals[c] as number) > 0) {
      origin = x[c] as number;
      break;
    }
  }
  let total = 0;
  let moment = 0;
  for (let c = 0; c < x.length; c++) {
    total += marginals[c] as number;
    moment += (marginals[c] as number) * ((x[c] as number) - origin);
  }
  const mean = total === 0 ? 0 : moment / total;
  let spread = 0;
  for (let c = 0; c < x.length; c++) spread += (marginals[c] as number) * ((x[c] as number) - origin - mean) ** 2;
  return { squared: (c, k) => ((x[c] as number) - (x[k] as number)) ** 2, expectedSum: 2 * total * spread };
}

/**
 * The q × q matrix of squared differences δ²_ck for a metric (README §4.1), for displaying or
 * checking small category sets; alpha itself never builds it (see `metricDistance`).
 *
 * @example
 * squaredDifferences('interval', ['1', '3'], Float64Array.of(1, 1), false) // Float64Array [0, 4, 4, 0]
 */
export function squaredDifferences(
  metric: Metric,
  categories: readonly string[],
  marginals: Float64Array,
  declared: boolean,
): Float64Array {
  const q = categories.length;
  const { squared } = metricDistance(metric, categories, marginals, declared);
  const delta = new Float64Array(q * q);
  for (let c = 0; c < q; c++) for (let k = 0; k < q; k++) delta[c * q + k] = squared(c, k);
  return delta;
}

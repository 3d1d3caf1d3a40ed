import { AgreementError } from './agreement-error.ts';

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
  const indices = categories.map((_, i) => i);
  const numbers = categories.map(numericValue);
  if (numbers.every((n) => n !== null)) {
    return indices.sort((a, b) => (numbers[a] as number) - (numbers[b] as number) || a - b);
  }
  if (declared) return indices;
  return indices.sort((a, b) => {
    const x = categories[a] as string;
    const y = categories[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function numericCategories(categories: readonly string[], metric: Metric): number[] {
  return categories.map((key) => {
    const value = numericValue(key);
    if (value === null) {
      throw new AgreementError('nonNumericValue', `${metric} alpha needs numeric values, got "${key}"`);
    }
    return value;
  });
}

/**
 * The q × q matrix of squared differences δ²_ck for a metric (README §4.1). The ordinal metric
 * depends on the marginals n_g of the coincidence matrix.
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
  const delta = new Float64Array(q * q);
  if (metric === 'nominal') {
    for (let c = 0; c < q; c++) for (let k = 0; k < q; k++) delta[c * q + k] = c === k ? 0 : 1;
    return delta;
  }
  if (metric === 'ordinal') {
    const order = ordinalOrder(categories, declared);
    // Cumulative marginals along the rank order: Σ_{g=c..k} n_g = prefix[k+1] − prefix[c].
    const prefix = new Float64Array(q + 1);
    for (let i = 0; i < q; i++) prefix[i + 1] = (prefix[i] as number) + (marginals[order[i] as number] as number);
    for (let i = 0; i < q; i++) {
      for (let j = i; j < q; j++) {
        const c = order[i] as number;
        const k = order[j] as number;
        const span = (prefix[j + 1] as number) - (prefix[i] as number);
        const d = span - ((marginals[c] as number) + (marginals[k] as number)) / 2;
        const d2 = i === j ? 0 : d * d;
        delta[c * q + k] = d2;
        delta[k * q + c] = d2;
      }
    }
    return delta;
  }
  const values = numericCategories(categories, metric);
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) {
      const a = values[c] as number;
      const b = values[k] as number;
      if (metric === 'interval') {
        delta[c * q + k] = (a - b) * (a - b);
      } else {
        const sum = a + b;
        delta[c * q + k] = sum === 0 ? 0 : ((a - b) / sum) ** 2;
      }
    }
  }
  return delta;
}

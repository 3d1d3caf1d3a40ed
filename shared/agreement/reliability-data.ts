import { AgreementError } from './agreement-error.ts';

/** One coder's value for one unit as it arrives from JSON/CSV; `null` (or absent) = not coded. */
export type RawValue = string | number | null | undefined;

/**
 * The README §2 `units_x_coders` input: one row per unit, one column per coder. `categories` is
 * the optional codebook (it matters for Brennan–Prediger and Gwet's AC1, SPEC KA8).
 */
export type UnitsByCodersInput = {
  readonly type?: 'units_x_coders';
  readonly data: readonly (readonly RawValue[])[];
  readonly categories?: readonly (string | number)[] | null | undefined;
};

/**
 * Normalised reliability data: a units × coders matrix of category indices. `weights` lets one row
 * stand for many identical units (the report builder compresses 60,000 characters into a few
 * hundred elementary intervals this way); every coefficient treats a row of weight w exactly as w
 * copies of it.
 */
export type ReliabilityData = {
  readonly coderCount: number;
  readonly unitCount: number;
  /** Category keys: the declared codebook in its order, else observed values in order of first appearance. */
  readonly categories: readonly string[];
  /** True when `categories` is a declared codebook rather than the observed values. */
  readonly declaredCategories: boolean;
  /** `values[u * coderCount + c]` = category index, or −1 when coder c did not code unit u. */
  readonly values: Int32Array;
  /** Multiplicity of each unit (all 1 when null). */
  readonly weights: Float64Array | null;
};

/**
 * The key under which nominal measures compare a value: its string form, so `1` and `"1"` are the
 * same category (SPEC KA1).
 *
 * @example
 * categoryKey(1) === categoryKey('1') // true
 */
export function categoryKey(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new AgreementError('invalidInput', `value ${String(value)} is not a finite number`);
    }
    return String(value);
  }
  if (typeof value === 'string') return value;
  throw new AgreementError('invalidInput', `value ${JSON.stringify(value)} is neither a string, a number nor null`);
}

/**
 * Builds reliability data from a units × coders matrix (README §2).
 *
 * @example
 * const data = buildReliabilityData({ data: [['a', 'a'], ['a', 'b'], [null, 'b']] });
 * data.categories // ['a', 'b']
 */
export function buildReliabilityData(input: UnitsByCodersInput): ReliabilityData {
  if (input === null || typeof input !== 'object' || !Array.isArray(input.data)) {
    throw new AgreementError('invalidInput', 'units_x_coders input needs a "data" array of rows');
  }
  const rows = input.data;
  const unitCount = rows.length;
  let coderCount = 0;
  for (const [u, row] of rows.entries()) {
    if (!Array.isArray(row)) throw new AgreementError('invalidInput', `row ${u} is not an array`);
    if (u === 0) coderCount = row.length;
    else if (row.length !== coderCount) {
      throw new AgreementError('invalidInput', `row ${u} has ${row.length} values, row 0 has ${coderCount}`);
    }
  }
  const declared = input.categories ?? null;
  const index = new Map<string, number>();
  const categories: string[] = [];
  if (declared !== null) {
    if (!Array.isArray(declared)) throw new AgreementError('invalidInput', '"categories" must be an array');
    for (const category of declared) {
      const key = categoryKey(category);
      if (index.has(key)) continue;
      index.set(key, categories.length);
      categories.push(key);
    }
  }
  const values = new Int32Array(unitCount * coderCount);
  for (let u = 0; u < unitCount; u++) {
    const row = rows[u] as readonly RawValue[];
    for (let c = 0; c < coderCount; c++) {
      const raw = row[c];
      if (raw === null || raw === undefined) {
        values[u * coderCount + c] = -1;
        continue;
      }
      const key = categoryKey(raw);
      let k = index.get(key);
      if (k === undefined) {
        if (declared !== null) {
          throw new AgreementError('valueOutsideCategories', `value "${key}" (unit ${u}, coder ${c}) is not in the declared categories`);
        }
        k = categories.length;
        index.set(key, k);
        categories.push(key);
      }
      values[u * coderCount + c] = k;
    }
  }
  return { coderCount, unitCount, categories, declaredCategories: declared !== null, values, weights: null };
}

/**
 * Assembles reliability data from already-indexed values (used by the report builder, which
 * produces weighted rows directly). Checks the shapes so a caller's bug fails loudly.
 *
 * @example
 * createReliabilityData({ coderCount: 2, categories: ['0', '1'], values: Int32Array.of(1, 1, 0, 1), weights: Float64Array.of(10, 3) })
 */
export function createReliabilityData(parts: {
  coderCount: number;
  categories: readonly string[];
  values: Int32Array;
  weights?: Float64Array | null;
  declaredCategories?: boolean;
}): ReliabilityData {
  const { coderCount, categories, values } = parts;
  const weights = parts.weights ?? null;
  const unitCount = coderCount === 0 ? 0 : values.length / coderCount;
  if (!Number.isInteger(unitCount)) {
    throw new AgreementError('invalidInput', `values length ${values.length} is not a multiple of ${coderCount} coders`);
  }
  if (weights !== null && weights.length !== unitCount) {
    throw new AgreementError('invalidInput', `weights length ${weights.length} differs from ${unitCount} units`);
  }
  return { coderCount, unitCount, categories, declaredCategories: parts.declaredCategories ?? false, values, weights };
}

/**
 * The same data restricted to some coders (in the given order), e.g. one coder pair.
 *
 * @example
 * selectCoders(data, [0, 2]).coderCount // 2
 */
export function selectCoders(data: ReliabilityData, coders: readonly number[]): ReliabilityData {
  const m = coders.length;
  const values = new Int32Array(data.unitCount * m);
  for (let u = 0; u < data.unitCount; u++) {
    for (let j = 0; j < m; j++) {
      values[u * m + j] = data.values[u * data.coderCount + (coders[j] as number)] as number;
    }
  }
  return { ...data, coderCount: m, values };
}

/**
 * Per-unit tallies in compressed-row form: for unit u, entries `start[u] .. start[u+1]` list the
 * categories present (`category`) with their counts r_uk (`count`); `valueCount[u]` = r_u.
 */
export type UnitTallies = {
  readonly valueCount: Int32Array;
  readonly start: Int32Array;
  readonly category: Int32Array;
  readonly count: Int32Array;
};

/**
 * Counts r_u and r_uk for every unit (categories in order of first appearance within the unit).
 *
 * @example
 * tallyUnits(buildReliabilityData({ data: [['a', 'a', 'b']] })).count // Int32Array [2, 1]
 */
export function tallyUnits(data: ReliabilityData): UnitTallies {
  const { unitCount, coderCount, values } = data;
  const valueCount = new Int32Array(unitCount);
  const start = new Int32Array(unitCount + 1);
  const category = new Int32Array(values.length);
  const count = new Int32Array(values.length);
  const slot = new Int32Array(data.categories.length).fill(-1);
  let next = 0;
  for (let u = 0; u < unitCount; u++) {
    start[u] = next;
    const first = next;
    let r = 0;
    for (let c = 0; c < coderCount; c++) {
      const k = values[u * coderCount + c] as number;
      if (k < 0) continue;
      r++;
      const s = slot[k] as number;
      if (s >= 0) {
        count[s] = (count[s] as number) + 1;
      } else {
        slot[k] = next;
        category[next] = k;
        count[next] = 1;
        next++;
      }
    }
    for (let i = first; i < next; i++) slot[category[i] as number] = -1;
    valueCount[u] = r;
  }
  start[unitCount] = next;
  return { valueCount, start, category: category.subarray(0, next), count: count.subarray(0, next) };
}

/**
 * Weight of unit u (1 unless the data are weighted).
 *
 * @example
 * unitWeight(data, 0) // 1
 */
export function unitWeight(data: ReliabilityData, u: number): number {
  return data.weights === null ? 1 : (data.weights[u] as number);
}

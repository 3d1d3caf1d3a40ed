import { tallyUnits, unitWeight, type ReliabilityData, type UnitTallies } from './reliability-data.ts';

/**
 * Krippendorff's coincidence matrix (SPEC KA10): o_ck = Σ_u (number of c–k pairs in u)/(r_u − 1)
 * over pairable units only, with its marginals n_c and total n.. (the number of pairable values).
 * It is symmetric and stored as its non-zero cells c ≤ k in row-major order: a unit adds at most
 * r_u(r_u + 1)/2 cells, so continuous values (q ≈ n..) cost O(n..), not O(q²).
 */
export type CoincidenceMatrix = {
  readonly q: number;
  /** Cell i is (`cellRow[i]`, `cellColumn[i]`), row ≤ column, ordered by row then column. */
  readonly cellRow: Int32Array;
  readonly cellColumn: Int32Array;
  /** o_ck of cell i (= o_kc). */
  readonly cellValue: Float64Array;
  /** n_c = Σ_k o_ck = Σ_u r_uc over pairable units. */
  readonly marginals: Float64Array;
  /** n.. = Σ_c n_c. */
  readonly total: number;
  /** Σ_u r_u(r_u − 1)/2 over pairable units: the number of pairs of values (the bootstrap's M, SPEC KA13). */
  readonly pairCount: number;
};

/**
 * Builds the coincidence matrix of reliability data.
 *
 * @example
 * const m = coincidenceMatrix(buildReliabilityData({ data: [['a', 'b']] }));
 * [m.cellRow, m.cellColumn, m.cellValue] // [Int32Array [0], Int32Array [1], Float64Array [1]]
 */
export function coincidenceMatrix(data: ReliabilityData, tallies: UnitTallies = tallyUnits(data)): CoincidenceMatrix {
  const q = data.categories.length;
  // Keyed row·q + column (exact in a double for q < 9·10⁷); each cell gets one addition per unit,
  // in unit order.
  const cells = new Map<number, number>();
  const marginals = new Float64Array(q);
  let pairCount = 0;
  for (let u = 0; u < data.unitCount; u++) {
    const r = tallies.valueCount[u] as number;
    const w = unitWeight(data, u);
    if (r < 2 || w === 0) continue;
    pairCount += (w * r * (r - 1)) / 2;
    const scale = w / (r - 1);
    const from = tallies.start[u] as number;
    const to = tallies.start[u + 1] as number;
    for (let i = from; i < to; i++) {
      const c = tallies.category[i] as number;
      const nc = tallies.count[i] as number;
      marginals[c] = (marginals[c] as number) + w * nc;
      for (let j = i; j < to; j++) {
        const k = tallies.category[j] as number;
        const pairs = i === j ? nc * (nc - 1) : nc * (tallies.count[j] as number);
        if (pairs === 0) continue;
        const key = c < k ? c * q + k : k * q + c;
        cells.set(key, (cells.get(key) ?? 0) + pairs * scale);
      }
    }
  }
  const keys = Float64Array.from(cells.keys()).sort();
  const cellRow = new Int32Array(keys.length);
  const cellColumn = new Int32Array(keys.length);
  const cellValue = new Float64Array(keys.length);
  keys.forEach((key, i) => {
    const row = Math.floor(key / q);
    cellRow[i] = row;
    cellColumn[i] = key - row * q;
    cellValue[i] = cells.get(key) as number;
  });
  let total = 0;
  for (let c = 0; c < q; c++) total += marginals[c] as number;
  return { q, cellRow, cellColumn, cellValue, marginals, total, pairCount };
}

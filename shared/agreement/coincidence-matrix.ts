import { tallyUnits, unitWeight, type ReliabilityData, type UnitTallies } from './reliability-data.ts';

/**
 * Krippendorff's coincidence matrix (SPEC KA10): o_ck = Σ_u (number of c–k pairs in u)/(r_u − 1)
 * over pairable units only, with its marginals n_c and total n.. (the number of pairable values).
 */
export type CoincidenceMatrix = {
  readonly q: number;
  /** `o[c * q + k]`, symmetric. */
  readonly o: Float64Array;
  /** n_c = Σ_k o_ck. */
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
 * coincidenceMatrix(buildReliabilityData({ data: [['a', 'b']] })).o // Float64Array [0, 1, 1, 0]
 */
export function coincidenceMatrix(data: ReliabilityData, tallies: UnitTallies = tallyUnits(data)): CoincidenceMatrix {
  const q = data.categories.length;
  const o = new Float64Array(q * q);
  let pairCount = 0;
  for (let u = 0; u < data.unitCount; u++) {
    const r = tallies.valueCount[u] as number;
    if (r < 2) continue;
    const w = unitWeight(data, u);
    pairCount += (w * r * (r - 1)) / 2;
    const scale = w / (r - 1);
    const from = tallies.start[u] as number;
    const to = tallies.start[u + 1] as number;
    for (let i = from; i < to; i++) {
      const c = tallies.category[i] as number;
      const nc = tallies.count[i] as number;
      for (let j = from; j < to; j++) {
        const k = tallies.category[j] as number;
        const nk = tallies.count[j] as number;
        const pairs = i === j ? nc * (nc - 1) : nc * nk;
        if (pairs !== 0) o[c * q + k] = (o[c * q + k] as number) + pairs * scale;
      }
    }
  }
  const marginals = new Float64Array(q);
  let total = 0;
  for (let c = 0; c < q; c++) {
    let sum = 0;
    for (let k = 0; k < q; k++) sum += o[c * q + k] as number;
    marginals[c] = sum;
    total += sum;
  }
  return { q, o, marginals, total, pairCount };
}

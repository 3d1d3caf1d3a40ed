import { tallyUnits, unitWeight, type ReliabilityData, type UnitTallies } from './reliability-data.ts';

/**
 * π_k, the prevalence of each category (SPEC KA6): the mean over units with at least one value
 * of r_uk / r_u — Gwet's (2014) generalisation of Fleiss' π_k to missing data. Units coded by a
 * single coder count here although they are not pairable; units with no value are dropped.
 * Returns null when no unit has a value.
 *
 * @example
 * categoryPrevalence(buildReliabilityData({ data: [['a', 'a'], ['a', null]] })) // Float64Array [1]
 */
export function categoryPrevalence(data: ReliabilityData, tallies: UnitTallies = tallyUnits(data)): Float64Array | null {
  const sums = new Float64Array(data.categories.length);
  let weight = 0;
  for (let u = 0; u < data.unitCount; u++) {
    const r = tallies.valueCount[u] as number;
    if (r < 1) continue;
    const w = unitWeight(data, u);
    weight += w;
    for (let i = tallies.start[u] as number; i < (tallies.start[u + 1] as number); i++) {
      const k = tallies.category[i] as number;
      sums[k] = (sums[k] as number) + (w * (tallies.count[i] as number)) / r;
    }
  }
  if (weight === 0) return null;
  for (let k = 0; k < sums.length; k++) sums[k] = (sums[k] as number) / weight;
  return sums;
}

/**
 * q, the number of categories for Brennan–Prediger and AC1 (SPEC KA8): the declared codebook's size
 * when given, else the number of distinct values observed anywhere (unpairable units included).
 *
 * @example
 * categoryCount(buildReliabilityData({ data: [['a', 'a']], categories: ['a', 'b'] })) // 2
 */
export function categoryCount(data: ReliabilityData): number {
  if (data.declaredCategories) return data.categories.length;
  const seen = new Uint8Array(data.categories.length);
  let q = 0;
  for (const k of data.values) {
    if (k >= 0 && seen[k] === 0) {
      seen[k] = 1;
      q++;
    }
  }
  return q;
}

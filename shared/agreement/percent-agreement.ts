import { definedCoefficient, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import { tallyUnits, unitWeight, type ReliabilityData, type UnitTallies } from './reliability-data.ts';

/**
 * Percent agreement P̄ (SPEC KA5): the mean over pairable units (r_u ≥ 2) of the share of agreeing
 * coder pairs, Σ_k r_uk(r_uk − 1) / (r_u(r_u − 1)). Fleiss' P̄, irrCAC `pa`. For two coders: the
 * share of units coded identically among those coded by both.
 *
 * @example
 * percentAgreement(buildReliabilityData({ data: [['a', 'a'], ['a', 'b']] })) // { value: 0.5, undefined: false }
 */
export function percentAgreement(data: ReliabilityData, tallies: UnitTallies = tallyUnits(data)): Coefficient {
  const p = meanPairwiseAgreement(data, tallies);
  return p === null ? undefinedCoefficient('noPairableUnits') : definedCoefficient(p);
}

/**
 * P̄ as a number, or null when no unit is pairable. Shared by Fleiss, Brennan–Prediger and AC1.
 *
 * @example
 * meanPairwiseAgreement(data, tallyUnits(data)) // 0.5
 */
export function meanPairwiseAgreement(data: ReliabilityData, tallies: UnitTallies): number | null {
  let sum = 0;
  let weight = 0;
  for (let u = 0; u < data.unitCount; u++) {
    const r = tallies.valueCount[u] as number;
    if (r < 2) continue;
    let agreeing = 0;
    for (let i = tallies.start[u] as number; i < (tallies.start[u + 1] as number); i++) {
      const n = tallies.count[i] as number;
      agreeing += n * (n - 1);
    }
    const w = unitWeight(data, u);
    sum += (w * agreeing) / (r * (r - 1));
    weight += w;
  }
  return weight === 0 ? null : sum / weight;
}

import { chanceCorrected, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import { categoryPrevalence } from './category-prevalence.ts';
import { meanPairwiseAgreement } from './percent-agreement.ts';
import { tallyUnits, type ReliabilityData, type UnitTallies } from './reliability-data.ts';

/**
 * Fleiss' kappa (SPEC KA6): (P̄ − P̄_e)/(1 − P̄_e), P̄_e = Σ_k π_k², with Gwet's handling of missing
 * data (irrCAC `fleiss.kappa.raw`; equal to Fleiss 1971 on complete data, and to Scott's pi for two
 * coders on complete data). Undefined when no unit is pairable or when P̄_e = 1 (one category).
 *
 * @example
 * fleissKappa(buildReliabilityData({ data: [['a', 'a'], ['b', 'b'], ['a', 'b']] })).value // 0.333…
 */
export function fleissKappa(data: ReliabilityData, tallies: UnitTallies = tallyUnits(data)): Coefficient {
  const observed = meanPairwiseAgreement(data, tallies);
  const prevalence = categoryPrevalence(data, tallies);
  if (observed === null || prevalence === null) return undefinedCoefficient('noPairableUnits');
  let used = 0;
  let chance = 0;
  for (const p of prevalence) {
    if (p > 0) used++;
    chance += p * p;
  }
  // With one category π = 1 exactly, but rounding could leave 1 − P̄_e a hair above 0: test the structure.
  if (used < 2) return undefinedCoefficient('noExpectedDisagreement');
  return chanceCorrected(observed, chance, 'noExpectedDisagreement');
}

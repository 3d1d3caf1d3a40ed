import { chanceCorrected, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import { categoryCount, categoryPrevalence } from './category-prevalence.ts';
import { meanPairwiseAgreement } from './percent-agreement.ts';
import { tallyUnits, type ReliabilityData, type UnitTallies } from './reliability-data.ts';

/**
 * Gwet's AC1 (SPEC KA9): (P̄ − p_e)/(1 − p_e), p_e = Σ_k π_k(1 − π_k)/(q − 1), π_k as for Fleiss and
 * q as for Brennan–Prediger (irrCAC `gwet.ac1.raw`). Undefined when no unit is pairable or q < 2 —
 * never 1 by flooring p_e as irrCAC does.
 *
 * @example
 * gwetAc1(buildReliabilityData({ data: [['a', 'a'], ['b', 'b'], ['a', 'b']] })).value // 0.333…
 */
export function gwetAc1(data: ReliabilityData, tallies: UnitTallies = tallyUnits(data)): Coefficient {
  const observed = meanPairwiseAgreement(data, tallies);
  const prevalence = categoryPrevalence(data, tallies);
  if (observed === null || prevalence === null) return undefinedCoefficient('noPairableUnits');
  const q = categoryCount(data);
  if (q < 2) return undefinedCoefficient('singleCategory');
  let spread = 0;
  for (const p of prevalence) spread += p * (1 - p);
  return chanceCorrected(observed, spread / (q - 1), 'noExpectedDisagreement');
}

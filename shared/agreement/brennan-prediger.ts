import { chanceCorrected, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import { categoryCount } from './category-prevalence.ts';
import { meanPairwiseAgreement } from './percent-agreement.ts';
import { tallyUnits, type ReliabilityData, type UnitTallies } from './reliability-data.ts';

/**
 * Brennan–Prediger (= Bennett's S, Randolph's free-marginal kappa; SPEC KA8): (P̄ − 1/q)/(1 − 1/q)
 * with q the declared codebook size, else the number of observed values. Undefined when no unit is
 * pairable or q < 2; with a declared two-category codebook perfect agreement on one category is 1.
 *
 * @example
 * brennanPrediger(buildReliabilityData({ data: [['a', 'a'], ['a', 'a']], categories: ['a', 'b'] })).value // 1
 */
export function brennanPrediger(data: ReliabilityData, tallies: UnitTallies = tallyUnits(data)): Coefficient {
  const observed = meanPairwiseAgreement(data, tallies);
  if (observed === null) return undefinedCoefficient('noPairableUnits');
  const q = categoryCount(data);
  if (q < 2) return undefinedCoefficient('singleCategory');
  return chanceCorrected(observed, 1 / q, 'singleCategory');
}

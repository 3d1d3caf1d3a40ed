/**
 * Why a coefficient could not be computed. A closed set: the UI, the CLI and the exports
 * translate each reason into words, so adding one is a deliberate change (SPEC KA3).
 */
export const UndefinedReason = {
  /** No unit carries two or more values (no pair of coders to compare). */
  noPairableUnits: 'noPairableUnits',
  /** Expected disagreement is 0 (e.g. every pairable value is the same category): 0/0. */
  noExpectedDisagreement: 'noExpectedDisagreement',
  /** The codebook (declared or observed) has fewer than two categories, so 1/q or 1/(q−1) is 1/1 or 1/0. */
  singleCategory: 'singleCategory',
  /** The continuum has length 0. */
  emptyContinuum: 'emptyContinuum',
  /** No value of interest was found in overlap with another coder's valued unit (cu-alpha, (k)u-alpha). */
  valueNotPaired: 'valueNotPaired',
  /** No segment of the code exists for the coders compared (MAXQDA-style segment agreement). */
  noSegments: 'noSegments',
  /** A partition measure (u-alpha, cu-alpha, …) was asked for data whose segments overlap within a coder. */
  overlappingSegments: 'overlappingSegments',
  /** A two-coder measure (Cohen, Scott, NVivo) was asked for a different number of coders. */
  notTwoCoders: 'notTwoCoders',
  /** Fewer than two coders were selected. */
  tooFewCoders: 'tooFewCoders',
  /** A one-continuum-per-coder measure over documents coded by different sets of coders (SPEC KA33). */
  unequalCoderSets: 'unequalCoderSets',
} as const;
export type UndefinedReason = (typeof UndefinedReason)[keyof typeof UndefinedReason];

/** Plain words for each reason, for the dashboard, the exports and the CLI. */
export const undefinedReasonText: Readonly<Record<UndefinedReason, string>> = {
  noPairableUnits: 'no unit was coded by two or more coders',
  noExpectedDisagreement: 'no expected disagreement (all values alike)',
  singleCategory: 'fewer than two categories',
  emptyContinuum: 'the text is empty',
  valueNotPaired: 'no valued unit overlaps another coder\'s valued unit',
  noSegments: 'no coder has a segment of this code',
  overlappingSegments: 'codings overlap within a coder, so they do not partition the text',
  notTwoCoders: 'compares exactly two coders',
  tooFewCoders: 'fewer than two coders',
  unequalCoderSets: 'the documents were coded by different sets of coders; see the coder pairs',
};

/**
 * The result of every agreement measure. Undefinedness (0/0) is carried explicitly and never
 * collapsed into 0 or 1 (SPEC KA3).
 */
export type Coefficient =
  | { readonly value: number; readonly undefined: false }
  | { readonly value: null; readonly undefined: true; readonly reason: UndefinedReason };

/**
 * A defined coefficient.
 *
 * @example
 * definedCoefficient(0.8) // { value: 0.8, undefined: false }
 */
export function definedCoefficient(value: number): Coefficient {
  return { value, undefined: false };
}

/**
 * An undefined coefficient with its reason.
 *
 * @example
 * undefinedCoefficient('noPairableUnits') // { value: null, undefined: true, reason: 'noPairableUnits' }
 */
export function undefinedCoefficient(reason: UndefinedReason): Coefficient {
  return { value: null, undefined: true, reason };
}

/**
 * `1 − observed / expected` for disagreement-based coefficients; undefined when `expected` is 0
 * (every term of it is non-negative, so an exact 0 test is sound: SPEC KA3).
 *
 * @example
 * oneMinusRatio(1, 4, 'noExpectedDisagreement') // { value: 0.75, undefined: false }
 */
export function oneMinusRatio(observed: number, expected: number, reason: UndefinedReason): Coefficient {
  if (expected === 0 || !Number.isFinite(expected)) return undefinedCoefficient(reason);
  return definedCoefficient(1 - observed / expected);
}

/**
 * `(observed − chance) / (1 − chance)` for agreement-based coefficients (kappa family); undefined
 * when chance agreement is 1.
 *
 * @example
 * chanceCorrected(0.9, 0.5, 'noExpectedDisagreement') // { value: 0.8, undefined: false }
 */
export function chanceCorrected(observed: number, chance: number, reason: UndefinedReason): Coefficient {
  const denominator = 1 - chance;
  if (denominator === 0 || !Number.isFinite(denominator)) return undefinedCoefficient(reason);
  return definedCoefficient((observed - chance) / denominator);
}

/** Why agreement input was rejected. A closed set, translated at the boundary (CLI exit code, HTTP 400). */
export const AgreementErrorReason = {
  /** The input does not have the documented shape (README §2, SPEC KA1). */
  invalidInput: 'invalidInput',
  /** A measure name that the module does not know. */
  unknownMeasure: 'unknownMeasure',
  /** A level (metric, code, threshold, domain) that is missing or malformed for the measure. */
  invalidLevel: 'invalidLevel',
  /** Interval / ratio / numeric-ordinal alpha met a value that is not a finite number. */
  nonNumericValue: 'nonNumericValue',
  /** A value that is not in the declared `categories` codebook. */
  valueOutsideCategories: 'valueOutsideCategories',
  /** A segment lies outside [0, length) or ends before it starts. */
  segmentOutOfRange: 'segmentOutOfRange',
  /** A partition measure was given segments that overlap within one coder. */
  overlappingSegments: 'overlappingSegments',
  /** A two-coder measure was given a different number of coders. */
  requiresTwoCoders: 'requiresTwoCoders',
  /** The measure does not apply to this input type (e.g. u-alpha on a units × coders matrix). */
  inputTypeMismatch: 'inputTypeMismatch',
} as const;
export type AgreementErrorReason = (typeof AgreementErrorReason)[keyof typeof AgreementErrorReason];

/**
 * The one error type of the agreement module: bad input, never a numerical accident (those are
 * undefined coefficients, see `Coefficient`).
 *
 * @example
 * throw new AgreementError('unknownMeasure', 'unknown measure "kappa"')
 */
export class AgreementError extends Error {
  readonly reason: AgreementErrorReason;

  constructor(reason: AgreementErrorReason, message: string) {
    super(message);
    this.name = 'AgreementError';
    this.reason = reason;
  }
}

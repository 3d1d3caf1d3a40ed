import { AgreementError } from './agreement-error.ts';
import { definedCoefficient, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import type { Continuum } from './continuum.ts';

/** Agreements and non-agreements of MAXQDA-style segment comparison. */
export type SegmentAgreementCounts = { readonly agreements: number; readonly nonAgreements: number };

type Interval = { readonly start: number; readonly end: number };

/**
 * Whether `s` is matched by some segment of `others`: intersection / union ≥ threshold % (SPEC KA24).
 * Compared as 100·|s ∩ t| ≥ T·|s ∪ t| so that 90 % of 10 characters is not lost to rounding.
 */
function isMatched(s: Interval, others: readonly Interval[], threshold: number): boolean {
  for (const t of others) {
    const intersection = Math.min(s.end, t.end) - Math.max(s.start, t.start);
    if (intersection <= 0) continue;
    const union = s.end - s.start + (t.end - t.start) - intersection;
    if (100 * intersection >= threshold * union) return true;
  }
  return false;
}

/**
 * Counts MAXQDA-style segment agreement for one code between two coders (SPEC KA24): every segment
 * of either coder is a row that agrees when the other coder has a segment of the same code whose
 * overlap is at least `threshold` % of the union of the two.
 *
 * @example
 * segmentAgreementCounts([{ start: 0, end: 10 }], [{ start: 0, end: 9 }], 90) // { agreements: 2, nonAgreements: 0 }
 */
export function segmentAgreementCounts(
  a: readonly Interval[],
  b: readonly Interval[],
  threshold: number,
): SegmentAgreementCounts {
  let agreements = 0;
  let nonAgreements = 0;
  for (const s of a) {
    if (isMatched(s, b, threshold)) agreements++;
    else nonAgreements++;
  }
  for (const s of b) {
    if (isMatched(s, a, threshold)) agreements++;
    else nonAgreements++;
  }
  return { agreements, nonAgreements };
}

/**
 * agreements / (agreements + non-agreements); undefined when neither coder has a segment.
 *
 * @example
 * segmentAgreementFromCounts({ agreements: 3, nonAgreements: 1 }).value // 0.75
 */
export function segmentAgreementFromCounts(counts: SegmentAgreementCounts): Coefficient {
  const rows = counts.agreements + counts.nonAgreements;
  if (rows === 0) return undefinedCoefficient('noSegments');
  return definedCoefficient(counts.agreements / rows);
}

/**
 * Parses a MAXQDA level `CODE@T%` (the last `@` separates code and threshold).
 *
 * @example
 * parseThresholdLevel('Emotion@90%') // { code: 'Emotion', threshold: 90 }
 */
export function parseThresholdLevel(level: string): { code: string; threshold: number } {
  const at = level.lastIndexOf('@');
  const match = at < 0 ? null : /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(level.slice(at + 1));
  if (match === null || match[1] === undefined) {
    throw new AgreementError('invalidLevel', `MAXQDA level must look like "CODE@90%", got "${level}"`);
  }
  const threshold = Number(match[1]);
  if (threshold <= 0 || threshold > 100) {
    throw new AgreementError('invalidLevel', `overlap threshold must be in (0, 100] %, got ${threshold}`);
  }
  return { code: level.slice(0, at), threshold };
}

/**
 * MAXQDA-style segment agreement of one code between the two coders of a continuum.
 *
 * @example
 * maxqdaSegmentAgreement(continuum, 'A', 90)
 */
export function maxqdaSegmentAgreement(continuum: Continuum, code: string, threshold: number): Coefficient {
  if (continuum.coders.length !== 2) {
    throw new AgreementError('requiresTwoCoders', `MAXQDA-style comparison is between 2 coders, got ${continuum.coders.length}`);
  }
  const [a = [], b = []] = continuum.coders.map((segments) => segments.filter((s) => s.code === code));
  return segmentAgreementFromCounts(segmentAgreementCounts(a, b, threshold));
}

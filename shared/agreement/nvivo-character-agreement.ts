import { AgreementError } from './agreement-error.ts';
import { definedCoefficient, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import { mergeOverlapping, type Continuum, type ValuedUnit } from './continuum.ts';

/** Character counts of one code for two coders over a source of `total` characters. */
export type CharacterCounts = {
  readonly total: number;
  /** Characters coded by coder A. */
  readonly a: number;
  /** Characters coded by coder B. */
  readonly b: number;
  /** Characters coded by both. */
  readonly both: number;
};

function coveredLength(units: readonly ValuedUnit[]): number {
  let sum = 0;
  for (const u of units) sum += u.end - u.start;
  return sum;
}

function intersectionLength(x: readonly ValuedUnit[], y: readonly ValuedUnit[]): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < x.length && j < y.length) {
    const p = x[i] as ValuedUnit;
    const r = y[j] as ValuedUnit;
    const from = Math.max(p.start, r.start);
    const to = Math.min(p.end, r.end);
    if (to > from) sum += to - from;
    if (p.end <= r.end) i++;
    else j++;
  }
  return sum;
}

/**
 * Counts the characters each of two coders gave a code, and those both gave it. Each coder's
 * segments are merged first, so a character counts once however many segments cover it.
 *
 * @example
 * characterCounts(10, [{ start: 0, end: 4 }], [{ start: 2, end: 6 }]) // { total: 10, a: 4, b: 4, both: 2 }
 */
export function characterCounts(
  total: number,
  a: readonly { start: number; end: number }[],
  b: readonly { start: number; end: number }[],
): CharacterCounts {
  return mergedCharacterCounts(total, mergeOverlapping(a, 0), mergeOverlapping(b, 0));
}

/**
 * `characterCounts` for units already merged (sorted, not overlapping), as the report holds them.
 *
 * @example
 * mergedCharacterCounts(10, [{ start: 0, end: 4, value: 0 }], [{ start: 2, end: 6, value: 0 }]) // { total: 10, a: 4, b: 4, both: 2 }
 */
export function mergedCharacterCounts(total: number, a: readonly ValuedUnit[], b: readonly ValuedUnit[]): CharacterCounts {
  return { total, a: coveredLength(a), b: coveredLength(b), both: intersectionLength(a, b) };
}

/**
 * NVivo-style percentage agreement (SPEC KA23): (characters coded by both + coded by neither) / length.
 *
 * @example
 * nvivoPercentFromCounts({ total: 1000, a: 100, b: 100, both: 50 }).value // 0.9
 */
export function nvivoPercentFromCounts(counts: CharacterCounts): Coefficient {
  if (counts.total === 0) return undefinedCoefficient('emptyContinuum');
  const agreeing = counts.total - counts.a - counts.b + 2 * counts.both;
  return definedCoefficient(agreeing / counts.total);
}

/**
 * NVivo-style character kappa (SPEC KA23): Cohen's kappa over the two coders' 0/1 character
 * vectors, K = (agreeing − ΣEF)/(total − ΣEF). When the coders agree on every character — also when
 * neither coded the code — K = 1, as NVivo's help states (README §5); the formula's 0/0 occurs only
 * then. Computed on integers scaled by `total` so that test is exact.
 *
 * @example
 * nvivoKappaFromCounts({ total: 10, a: 0, b: 0, both: 0 }).value // 1
 */
export function nvivoKappaFromCounts(counts: CharacterCounts): Coefficient {
  const { total, a, b, both } = counts;
  if (total === 0) return undefinedCoefficient('emptyContinuum');
  const agreeing = total - a - b + 2 * both;
  const chance = a * b + (total - a) * (total - b);
  const denominator = total * total - chance;
  if (denominator === 0) return definedCoefficient(1);
  return definedCoefficient((total * agreeing - chance) / denominator);
}

function pairCounts(continuum: Continuum, code: string): CharacterCounts {
  if (continuum.coders.length !== 2) {
    throw new AgreementError('requiresTwoCoders', `NVivo-style comparison is between 2 coders, got ${continuum.coders.length}`);
  }
  const [first = [], second = []] = continuum.coders;
  return characterCounts(
    continuum.length,
    first.filter((s) => s.code === code),
    second.filter((s) => s.code === code),
  );
}

/**
 * NVivo-style character kappa of one code between the two coders of a continuum.
 *
 * @example
 * nvivoCharacterKappa(continuum, 'A')
 */
export function nvivoCharacterKappa(continuum: Continuum, code: string): Coefficient {
  return nvivoKappaFromCounts(pairCounts(continuum, code));
}

/**
 * NVivo-style percentage agreement of one code between the two coders of a continuum.
 *
 * @example
 * nvivoPercentAgreement(continuum, 'A')
 */
export function nvivoPercentAgreement(continuum: Continuum, code: string): Coefficient {
  return nvivoPercentFromCounts(pairCounts(continuum, code));
}

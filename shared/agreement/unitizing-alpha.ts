import { AgreementError } from './agreement-error.ts';
import { definedCoefficient, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import { continuumCodes, mergeOverlapping, partitionUnits, type Continuum, type ValuedUnit } from './continuum.ts';
import { tallyUnitizing, type UnitizingTally } from './unitizing-coincidences.ts';

/**
 * u-alpha (SPEC KA18) from a tally: 1 − (o.. − Σ_c o_cc)/(o.. − Σ_c e_cc), over all values and the
 * gap. Rearranged so that every 0/0 test is on integers: o.. − Σ e_cc = o..(o..² − Σ o_c.²)/(o..² − W).
 *
 * @example
 * uAlphaFromTally(tallyUnitizing(L, units, q))
 */
export function uAlphaFromTally(t: UnitizingTally): Coefficient {
  if (t.coderCount < 2) return undefinedCoefficient('tooFewCoders');
  if (t.length === 0) return undefinedCoefficient('emptyContinuum');
  const r = t.coderCount - 1;
  const total = t.coderCount * t.length;
  let same = 0;
  let squaredMarginals = 0;
  let w = 0;
  for (let c = 0; c <= t.valueCount; c++) {
    same += t.sameRaw[c] as number;
    squaredMarginals += (t.valueLength[c] as number) ** 2;
    w += t.squaredLength[c] as number;
  }
  const spread = total * total - squaredMarginals;
  if (spread === 0) return undefinedCoefficient('noExpectedDisagreement');
  const disagreeing = (r * total - same) / r;
  return definedCoefficient(1 - (disagreeing * (total * total - w)) / (total * spread));
}

/**
 * cu-alpha (SPEC KA19) from a tally: only valued × valued coincidences; self-pairing correction
 * Σ over ordered coder pairs / (m − 1) (README §4.3, the 2016 eq. 10 transcription). With raw
 * sums T = (m − 1)o*.., cu = 1 − off·(T² − (m − 1)ΣV)/(T(T² − Σ_c raw_c²)).
 *
 * @example
 * cuAlphaFromTally(tallyUnitizing(L, units, q))
 */
export function cuAlphaFromTally(t: UnitizingTally): Coefficient {
  if (t.coderCount < 2) return undefinedCoefficient('tooFewCoders');
  if (t.length === 0) return undefinedCoefficient('emptyContinuum');
  const r = t.coderCount - 1;
  let total = 0;
  let same = 0;
  let squaredMarginals = 0;
  let selfOverlap = 0;
  for (let c = 0; c < t.valueCount; c++) {
    total += t.pairedRaw[c] as number;
    same += t.sameRaw[c] as number;
    squaredMarginals += (t.pairedRaw[c] as number) ** 2;
    selfOverlap += t.selfOverlap[c] as number;
  }
  if (total === 0) return undefinedCoefficient('valueNotPaired');
  const spread = total * total - squaredMarginals;
  const corrected = total * total - r * selfOverlap;
  if (spread === 0 || corrected <= 0) return undefinedCoefficient('noExpectedDisagreement');
  return definedCoefficient(1 - ((total - same) * corrected) / (total * spread));
}

/**
 * (k)u-alpha for one value index (SPEC KA20): 1 − (e*_k./o*_k.)(o*_k. − o*_kk)/(e*_k. − e*_kk),
 * which simplifies to 1 − (aT − (m − 1)V_k)(a − d)/(a²(T − a)) with raw a = (m − 1)o*_k.,
 * d = (m − 1)o*_kk, T = (m − 1)o*.. .
 *
 * @example
 * kUAlphaFromTally(tallyUnitizing(L, units, q), 0)
 */
export function kUAlphaFromTally(t: UnitizingTally, value: number): Coefficient {
  if (t.coderCount < 2) return undefinedCoefficient('tooFewCoders');
  if (t.length === 0) return undefinedCoefficient('emptyContinuum');
  const r = t.coderCount - 1;
  let total = 0;
  for (let c = 0; c < t.valueCount; c++) total += t.pairedRaw[c] as number;
  const a = value >= 0 && value < t.valueCount ? (t.pairedRaw[value] as number) : 0;
  if (a === 0) return undefinedCoefficient('valueNotPaired');
  if (total === a) return undefinedCoefficient('noExpectedDisagreement');
  const d = t.sameRaw[value] as number;
  const v = t.selfOverlap[value] as number;
  return definedCoefficient(1 - ((a * total - r * v) * (a - d)) / (a * a * (total - a)));
}

function codeIndex(codes: readonly string[]): (code: string) => number {
  const index = new Map(codes.map((code, i) => [code, i]));
  return (code) => index.get(code) ?? -1;
}

function requireCoders(continuum: Continuum): void {
  if (continuum.coders.length < 2) {
    throw new AgreementError('invalidInput', `unitizing measures compare at least 2 coders, got ${continuum.coders.length}`);
  }
}

/**
 * u-alpha over a continuum whose coders each partition the text into valued units and gaps.
 *
 * @example
 * uAlpha(validateContinuum({ length: 10, coders: [[{ start: 0, end: 5, code: 'A' }], [{ start: 0, end: 6, code: 'A' }]] }))
 */
export function uAlpha(continuum: Continuum): Coefficient {
  requireCoders(continuum);
  const codes = continuumCodes(continuum);
  return uAlphaFromTally(tallyUnitizing(continuum.length, partitionUnits(continuum, codeIndex(codes)), codes.length));
}

/**
 * |u-alpha (binary u-alpha, SPEC KA18): every code becomes "relevant"; units keep their
 * boundaries (adjacent units stay separate units), gaps are irrelevant.
 *
 * @example
 * binaryUAlpha(continuum)
 */
export function binaryUAlpha(continuum: Continuum): Coefficient {
  requireCoders(continuum);
  const units = partitionUnits(continuum, () => 0);
  return uAlphaFromTally(tallyUnitizing(continuum.length, units, 1));
}

/**
 * cu-alpha with the codes as values (SPEC KA19).
 *
 * @example
 * cuAlpha(continuum)
 */
export function cuAlpha(continuum: Continuum): Coefficient {
  requireCoders(continuum);
  const codes = continuumCodes(continuum);
  return cuAlphaFromTally(tallyUnitizing(continuum.length, partitionUnits(continuum, codeIndex(codes)), codes.length));
}

/**
 * (k)u-alpha for one code (SPEC KA20); undefined when nobody's unit of that code meets another
 * coder's valued unit.
 *
 * @example
 * kUAlpha(continuum, 'A')
 */
export function kUAlpha(continuum: Continuum, code: string): Coefficient {
  requireCoders(continuum);
  const codes = continuumCodes(continuum);
  const tally = tallyUnitizing(continuum.length, partitionUnits(continuum, codeIndex(codes)), codes.length);
  return kUAlphaFromTally(tally, codes.indexOf(code));
}

/**
 * The per-code binary units of one coder's segments: that code's segments, overlapping ones merged
 * and touching ones kept apart (SPEC KA16); everything else is gap.
 *
 * @example
 * codeUnits(continuum.coders[0], 'A')
 */
export function codeUnits(segments: readonly { start: number; end: number; code: string }[], code: string): ValuedUnit[] {
  return mergeOverlapping(
    segments.filter((s) => s.code === code),
    0,
  );
}

/**
 * Per-code |u-alpha (SPEC KA16): the code against everything else, on data whose codes may overlap.
 *
 * @example
 * perCodeBinaryUAlpha(continuum, 'A')
 */
export function perCodeBinaryUAlpha(continuum: Continuum, code: string): Coefficient {
  requireCoders(continuum);
  const units = continuum.coders.map((segments) => codeUnits(segments, code));
  return uAlphaFromTally(tallyUnitizing(continuum.length, units, 1));
}

/**
 * ATLAS.ti-style cu-alpha within one semantic domain (SPEC KA21): the domain's codes are the
 * values, every other code is treated as gap.
 *
 * @example
 * cuAlphaWithinDomain(validateContinuum({ ...input, domains: { A: 'D1', B: 'D1', C: 'D2' } }), 'D1')
 */
export function cuAlphaWithinDomain(continuum: Continuum, domain: string): Coefficient {
  requireCoders(continuum);
  const codes = continuumCodes(continuum).filter((code) => continuum.domains.get(code) === domain);
  return cuAlphaFromTally(tallyUnitizing(continuum.length, partitionUnits(continuum, codeIndex(codes)), codes.length));
}

/**
 * ATLAS.ti-style Cu-alpha (SPEC KA21): cu-alpha with the semantic domains as values; codes without
 * a domain are treated as gap. Units keep their boundaries.
 *
 * @example
 * cuAlphaDomains(validateContinuum({ ...input, domains: { A: 'D1', B: 'D1', C: 'D2' } }))
 */
export function cuAlphaDomains(continuum: Continuum): Coefficient {
  requireCoders(continuum);
  const domains = [...new Set(continuumCodes(continuum).flatMap((code) => continuum.domains.get(code) ?? []))];
  const domainIndex = codeIndex(domains);
  const units = partitionUnits(continuum, (code) => {
    const domain = continuum.domains.get(code);
    return domain === undefined ? -1 : domainIndex(domain);
  });
  return cuAlphaFromTally(tallyUnitizing(continuum.length, units, domains.length));
}

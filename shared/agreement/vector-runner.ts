import { AgreementError } from './agreement-error.ts';
import { brennanPrediger } from './brennan-prediger.ts';
import type { Coefficient } from './coefficient.ts';
import { cohenKappa } from './cohen-kappa.ts';
import { validateContinuum, type Continuum, type ContinuumInput } from './continuum.ts';
import { isMetric } from './distance-metric.ts';
import { fleissKappa } from './fleiss-kappa.ts';
import { gwetAc1 } from './gwet-ac1.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import { maxqdaSegmentAgreement, parseThresholdLevel } from './maxqda-segment-agreement.ts';
import { isMeasure, measureInfo, type Measure } from './measure.ts';
import { nvivoCharacterKappa, nvivoPercentAgreement } from './nvivo-character-agreement.ts';
import { percentAgreement } from './percent-agreement.ts';
import { buildReliabilityData, type ReliabilityData, type UnitsByCodersInput } from './reliability-data.ts';
import { scottPi } from './scott-pi.ts';
import { uAlpha2004Category, uAlpha2004Overall } from './unitizing-alpha-2004.ts';
import {
  binaryUAlpha,
  cuAlpha,
  cuAlphaDomains,
  cuAlphaWithinDomain,
  kUAlpha,
  perCodeBinaryUAlpha,
  uAlpha,
} from './unitizing-alpha.ts';

/** Parsed input of either README §2 kind. */
export type AgreementInput =
  | { readonly type: 'units_x_coders'; readonly data: ReliabilityData }
  | { readonly type: 'continuum'; readonly continuum: Continuum };

/**
 * Validates a README §2 input object (`type` is `units_x_coders` or `continuum`).
 *
 * @example
 * parseAgreementInput({ type: 'units_x_coders', data: [[1, 1], [2, 1]] }).type // 'units_x_coders'
 */
export function parseAgreementInput(raw: unknown): AgreementInput {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AgreementError('invalidInput', 'input must be an object with a "type"');
  }
  const type = (raw as { type?: unknown }).type;
  if (type === 'units_x_coders') return { type, data: buildReliabilityData(raw as UnitsByCodersInput) };
  if (type === 'continuum') return { type, continuum: validateContinuum(raw as ContinuumInput) };
  throw new AgreementError('invalidInput', `input "type" must be "units_x_coders" or "continuum", got ${JSON.stringify(type)}`);
}

function requireLevel(measure: Measure, level: string | null): string {
  if (level === null || level === '') {
    throw new AgreementError('invalidLevel', `measure ${measure} needs a level (${measureInfo[measure].level})`);
  }
  return level;
}

/**
 * Computes one measure at one level: the single entry point shared by the vector tests, the CLI
 * `--vectors` mode and `accord agreement --measure` (SPEC KA2).
 *
 * @example
 * computeMeasure(parseAgreementInput({ type: 'units_x_coders', data: [[1, 1], [1, 2], [2, 2]] }), 'krippendorff_alpha', 'interval')
 */
export function computeMeasure(input: AgreementInput, measure: string, level: string | null = null): Coefficient {
  if (!isMeasure(measure)) throw new AgreementError('unknownMeasure', `unknown measure "${measure}"`);
  const info = measureInfo[measure];
  if (info.input !== input.type) {
    throw new AgreementError('inputTypeMismatch', `measure ${measure} needs ${info.input} input, got ${input.type}`);
  }
  if (input.type === 'units_x_coders') {
    const data = input.data;
    switch (measure) {
      case 'percent_agreement':
        return percentAgreement(data);
      case 'cohen_kappa':
        return cohenKappa(data);
      case 'scott_pi':
        return scottPi(data);
      case 'fleiss_kappa':
        return fleissKappa(data);
      case 'brennan_prediger':
        return brennanPrediger(data);
      case 'gwet_ac1':
        return gwetAc1(data);
      case 'krippendorff_alpha': {
        const metric = level ?? 'nominal';
        if (!isMetric(metric)) throw new AgreementError('invalidLevel', `unknown metric "${metric}"`);
        return krippendorffAlpha(data, metric);
      }
    }
    throw new AgreementError('unknownMeasure', `measure ${measure} is not a coefficient measure`);
  }
  const continuum = input.continuum;
  switch (measure) {
    case 'u_alpha':
      return uAlpha(continuum);
    case 'binary_u_alpha':
      return binaryUAlpha(continuum);
    case 'cu_alpha':
      return cuAlpha(continuum);
    case 'Cu_alpha_domains':
      return cuAlphaDomains(continuum);
    case 'k_u_alpha':
      return kUAlpha(continuum, requireLevel(measure, level));
    case 'per_code_binary_u_alpha':
      return perCodeBinaryUAlpha(continuum, requireLevel(measure, level));
    case 'cu_alpha_within_domain':
      return cuAlphaWithinDomain(continuum, requireLevel(measure, level));
    case 'u_alpha_2004':
      return level === null || level === 'overall' ? uAlpha2004Overall(continuum) : uAlpha2004Category(continuum, level);
    case 'nvivo_char_kappa':
      return nvivoCharacterKappa(continuum, requireLevel(measure, level));
    case 'nvivo_percent_agreement':
      return nvivoPercentAgreement(continuum, requireLevel(measure, level));
    case 'maxqda_segment_agreement': {
      const { code, threshold } = parseThresholdLevel(requireLevel(measure, level));
      return maxqdaSegmentAgreement(continuum, code, threshold);
    }
  }
  throw new AgreementError('unknownMeasure', `measure ${measure} is not a unitizing measure`);
}

/** One vector of the vectors.json format (README §1); `expected` and the rest are ignored. */
export type VectorSpec = {
  readonly id: string;
  readonly measure: string;
  readonly level?: string | null;
  readonly input: unknown;
};

/** What the runner reports per vector: exactly the CLI's JSON line. */
export type VectorResult = { readonly id: string; readonly value: number | null; readonly undefined: boolean };

/**
 * Computes one vector from its `input`, `measure` and `level`, never looking at `expected`.
 *
 * @example
 * runVector({ id: 'x', measure: 'percent_agreement', input: { type: 'units_x_coders', data: [[1, 1]] } })
 * // { id: 'x', value: 1, undefined: false }
 */
export function runVector(vector: VectorSpec): VectorResult {
  const result = computeMeasure(parseAgreementInput(vector.input), vector.measure, vector.level ?? null);
  return { id: vector.id, value: result.value, undefined: result.undefined };
}

/**
 * Reads the `vectors` array of a vectors.json document (README §1), checking each entry's shape.
 *
 * @example
 * vectorSpecs(JSON.parse(text)).length
 */
export function vectorSpecs(document: unknown): VectorSpec[] {
  const vectors = (document as { vectors?: unknown } | null)?.vectors;
  if (!Array.isArray(vectors)) throw new AgreementError('invalidInput', 'a vectors file needs a "vectors" array');
  return vectors.map((v: unknown, i) => {
    if (v === null || typeof v !== 'object') throw new AgreementError('invalidInput', `vector ${i} is not an object`);
    const { id, measure, level, input } = v as Record<string, unknown>;
    if (typeof id !== 'string') throw new AgreementError('invalidInput', `vector ${i} has no string "id"`);
    if (typeof measure !== 'string') throw new AgreementError('invalidInput', `vector ${id} has no string "measure"`);
    if (level !== undefined && level !== null && typeof level !== 'string') {
      throw new AgreementError('invalidLevel', `vector ${id}: "level" must be a string or null`);
    }
    return { id, measure, level: level ?? null, input };
  });
}

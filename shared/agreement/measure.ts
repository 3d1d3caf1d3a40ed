/**
 * Every measure the module computes, by the ids of README §1 (the vectors' `measure` field, the
 * CLI's `--measure`, the report's `measure`). The keys are the camelCase names used in code.
 */
export const Measure = {
  percentAgreement: 'percent_agreement',
  cohenKappa: 'cohen_kappa',
  scottPi: 'scott_pi',
  fleissKappa: 'fleiss_kappa',
  brennanPrediger: 'brennan_prediger',
  gwetAc1: 'gwet_ac1',
  krippendorffAlpha: 'krippendorff_alpha',
  uAlpha: 'u_alpha',
  binaryUAlpha: 'binary_u_alpha',
  cuAlpha: 'cu_alpha',
  kUAlpha: 'k_u_alpha',
  perCodeBinaryUAlpha: 'per_code_binary_u_alpha',
  cuAlphaWithinDomain: 'cu_alpha_within_domain',
  cuAlphaDomains: 'Cu_alpha_domains',
  uAlpha2004: 'u_alpha_2004',
  nvivoCharKappa: 'nvivo_char_kappa',
  nvivoPercentAgreement: 'nvivo_percent_agreement',
  maxqdaSegmentAgreement: 'maxqda_segment_agreement',
} as const;
export type Measure = (typeof Measure)[keyof typeof Measure];

/** What a measure's `level` means. */
export const LevelKind = {
  /** No level. */
  none: 'none',
  /** A Krippendorff metric; defaults to nominal. */
  metric: 'metric',
  /** A code (value) of the continuum. */
  code: 'code',
  /** `overall` or a code. */
  overallOrCode: 'overallOrCode',
  /** `CODE@T%`. */
  codeThreshold: 'codeThreshold',
  /** A semantic domain name. */
  domain: 'domain',
} as const;
export type LevelKind = (typeof LevelKind)[keyof typeof LevelKind];

/** Facts about a measure that the CLI and the report need. */
export type MeasureInfo = {
  readonly input: 'units_x_coders' | 'continuum';
  readonly level: LevelKind;
  readonly label: string;
  readonly twoCodersOnly: boolean;
};

export const measureInfo: Readonly<Record<Measure, MeasureInfo>> = {
  percent_agreement: { input: 'units_x_coders', level: 'none', label: 'Percent agreement', twoCodersOnly: false },
  cohen_kappa: { input: 'units_x_coders', level: 'none', label: "Cohen's kappa", twoCodersOnly: true },
  scott_pi: { input: 'units_x_coders', level: 'none', label: "Scott's pi", twoCodersOnly: true },
  fleiss_kappa: { input: 'units_x_coders', level: 'none', label: "Fleiss' kappa", twoCodersOnly: false },
  brennan_prediger: { input: 'units_x_coders', level: 'none', label: 'Brennan–Prediger', twoCodersOnly: false },
  gwet_ac1: { input: 'units_x_coders', level: 'none', label: "Gwet's AC1", twoCodersOnly: false },
  krippendorff_alpha: { input: 'units_x_coders', level: 'metric', label: "Krippendorff's alpha", twoCodersOnly: false },
  u_alpha: { input: 'continuum', level: 'none', label: 'u-alpha', twoCodersOnly: false },
  binary_u_alpha: { input: 'continuum', level: 'none', label: '|u-alpha (binary)', twoCodersOnly: false },
  cu_alpha: { input: 'continuum', level: 'none', label: 'cu-alpha', twoCodersOnly: false },
  k_u_alpha: { input: 'continuum', level: 'code', label: '(k)u-alpha', twoCodersOnly: false },
  per_code_binary_u_alpha: { input: 'continuum', level: 'code', label: '|u-alpha per code', twoCodersOnly: false },
  cu_alpha_within_domain: { input: 'continuum', level: 'domain', label: 'cu-alpha within domain', twoCodersOnly: false },
  Cu_alpha_domains: { input: 'continuum', level: 'none', label: 'Cu-alpha (domains)', twoCodersOnly: false },
  u_alpha_2004: { input: 'continuum', level: 'overallOrCode', label: 'u-alpha (1995/2004)', twoCodersOnly: false },
  nvivo_char_kappa: { input: 'continuum', level: 'code', label: 'NVivo character kappa', twoCodersOnly: true },
  nvivo_percent_agreement: { input: 'continuum', level: 'code', label: 'NVivo percent agreement', twoCodersOnly: true },
  maxqda_segment_agreement: { input: 'continuum', level: 'codeThreshold', label: 'MAXQDA segment agreement', twoCodersOnly: true },
};

/**
 * True for a known measure id.
 *
 * @example
 * isMeasure('cohen_kappa') // true
 */
export function isMeasure(value: unknown): value is Measure {
  return typeof value === 'string' && Object.hasOwn(measureInfo, value);
}

import type { Measure } from '../agreement/index.ts';

const proportionMeasures: ReadonlySet<Measure> = new Set(['percent_agreement', 'nvivo_percent_agreement', 'maxqda_segment_agreement']);

/** True for measures whose value is a share of agreement (0–1), shown as a percentage. */
export function isProportion(measure: Measure): boolean {
  return proportionMeasures.has(measure);
}

/**
 * A value as people read it: shares as "98.3 %", coefficients to three decimals with a true minus
 * sign ("−0.120"); `digits` overrides the coefficient decimals.
 *
 * @example
 * formatValue('krippendorff_alpha', 0.74205) // '0.742'
 * formatValue('percent_agreement', 0.9831) // '98.3 %'
 */
export function formatValue(measure: Measure, value: number, digits = 3): string {
  if (isProportion(measure)) return `${(value * 100).toFixed(1)} %`;
  return formatCoefficient(value, digits);
}

/** A coefficient to `digits` decimals with a true minus sign; −0.000 is written 0.000. */
export function formatCoefficient(value: number, digits = 3): string {
  const text = value.toFixed(digits);
  return /^-0\.0*$/.test(text) ? text.slice(1) : text.replace('-', '−');
}

/** Krippendorff's (2004) reading of alpha: ≥ 0.8 reliable, ≥ 0.667 tentative, below that not. */
export type AlphaStanding = 'reliable' | 'tentative' | 'unreliable';

export function alphaStanding(value: number, minimums: readonly number[] = [0.667, 0.8]): AlphaStanding {
  const [low = 0.667, high = 0.8] = [...minimums].sort((a, b) => a - b);
  return value >= high ? 'reliable' : value >= low ? 'tentative' : 'unreliable';
}

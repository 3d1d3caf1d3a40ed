import { measureInfo, undefinedReasonText, type Coefficient, type Measure } from '../../shared/agreement/index.ts';

/**
 * A coefficient for people: six decimals, or "undefined (reason)" — never a number standing in for 0/0.
 *
 * @example
 * formatCoefficient({ value: null, undefined: true, reason: 'noPairableUnits' })
 * // 'undefined (no unit was coded by two or more coders)'
 */
export function formatCoefficient(c: Coefficient): string {
  if (c.undefined) return `undefined (${undefinedReasonText[c.reason]})`;
  return c.value.toFixed(6);
}

/**
 * Aligned "label  level  value" lines for a list of results.
 *
 * @example
 * formatResultLines([{ measure: 'cohen_kappa', level: null, value: 0.5, undefined: false }])
 * // ["  Cohen's kappa   0.500000"]
 */
export function formatResultLines(
  results: readonly ({ readonly measure: Measure; readonly level: string | null } & Coefficient)[],
  indent = '  ',
): string[] {
  const labels = results.map((r) => measureInfo[r.measure].label + (r.level === null ? '' : ` [${r.level}]`));
  const width = Math.max(0, ...labels.map((l) => l.length));
  return results.map((r, i) => `${indent}${(labels[i] as string).padEnd(width)}  ${formatCoefficient(r)}`);
}

/** A result as a JSON-ready object (reason only when undefined). */
export function resultJson(r: { readonly measure: string; readonly level: string | null } & Coefficient): Record<string, unknown> {
  return r.undefined
    ? { measure: r.measure, level: r.level, value: null, undefined: true, reason: r.reason }
    : { measure: r.measure, level: r.level, value: r.value, undefined: false };
}

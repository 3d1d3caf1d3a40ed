/**
 * The matrix's heat shading: five steps of one blue (ColorBrewer "Blues", colour-blind safe and
 * readable in greyscale), each with the text colour that keeps the number at WCAG AA contrast
 * (≥ 4.5 : 1) on it. Zero has no shade. A cell's step is its share of the largest cell, so the
 * shade is relative and the number beside it absolute: colour is never the only cue.
 */
export const heatSteps = [
  { background: '#deebf7', text: '#1c1f24' },
  { background: '#9ecae1', text: '#1c1f24' },
  { background: '#6baed6', text: '#1c1f24' },
  { background: '#2171b5', text: '#ffffff' },
  { background: '#08306b', text: '#ffffff' },
] as const;

/**
 * The step of `value` on a scale up to `max`: 0 for nothing, else 1…5 (fifths of the largest cell).
 *
 * @example
 * heatStep(0, 40) // 0
 * heatStep(9, 40) // 2 (more than a fifth, at most two fifths)
 */
export function heatStep(value: number, max: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.min(heatSteps.length, Math.max(1, Math.ceil((heatSteps.length * value) / max)));
}

/** The whole numbers each step stands for, up to `max` (steps no whole number falls in are left out). */
export function heatLegend(max: number): { step: number; from: number; to: number }[] {
  const out: { step: number; from: number; to: number }[] = [];
  let from = 1;
  for (let step = 1; step <= heatSteps.length && from <= max; step++) {
    const to = step === heatSteps.length ? max : Math.floor((max * step) / heatSteps.length);
    if (to >= from) out.push({ step, from, to });
    from = Math.max(from, to + 1);
  }
  return out;
}

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** A `#rrggbb` colour at `alpha`, as CSS; grey for anything else. */
export function hexToRgba(hex: string, alpha: number): string {
  const [r, g, b] = hexToRgb(hex);
  return `rgb(${r} ${g} ${b} / ${alpha})`;
}

/** A `#rrggbb` colour's channels; grey for anything else. */
function hexToRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return [128, 128, 128];
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/**
 * Translucent tints laid one over another (`tints[0]` at the bottom), as the one colour they make
 * together, over whatever lies beneath: painting one colour is much cheaper for the browser than
 * painting a layer per tint, and looks the same (compositing uniform colours gives a uniform colour).
 *
 * @example
 * stackedTint([{ hex: '#56B4E9', alpha: 0.2 }, { hex: '#E69F00', alpha: 0.2 }]) // 'rgb(166 168 104 / 0.36)'
 */
export function stackedTint(tints: readonly { readonly hex: string; readonly alpha: number }[]): string {
  // Premultiplied colour and coverage, composited "over", bottom to top.
  let [r, g, b, a] = [0, 0, 0, 0];
  for (const tint of tints) {
    const [tr, tg, tb] = hexToRgb(tint.hex);
    r = tr * tint.alpha + r * (1 - tint.alpha);
    g = tg * tint.alpha + g * (1 - tint.alpha);
    b = tb * tint.alpha + b * (1 - tint.alpha);
    a = tint.alpha + a * (1 - tint.alpha);
  }
  if (a === 0) return 'transparent';
  return `rgb(${Math.round(r / a)} ${Math.round(g / a)} ${Math.round(b / a)} / ${Number(a.toFixed(4))})`;
}

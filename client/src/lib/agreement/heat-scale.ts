// Viridis (van der Walt & Smith): perceptually uniform and readable with every common colour-vision
// deficiency; sampled at ninths and interpolated in sRGB, which is close enough at this density.
const viridis = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r as number) + 0.7152 * lin(g as number) + 0.0722 * lin(b as number);
}

/** A cell's fill for a value in [0, 1] (values below 0 get the 0 colour), and the text colour that reads best on it. */
export function heatColour(value: number): { background: string; text: string } {
  const t = Math.min(1, Math.max(0, value)) * (viridis.length - 1);
  const i = Math.min(viridis.length - 2, Math.floor(t));
  const f = t - i;
  const a = rgb(viridis[i] as string);
  const b = rgb(viridis[i + 1] as string);
  const mixed = a.map((c, k) => Math.round(c + (((b[k] as number) - c) * f))) as [number, number, number];
  // Pick black or white text by contrast ratio (WCAG), so the printed value stays legible.
  const l = luminance(mixed);
  const text = (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
  return { background: `rgb(${mixed.join(' ')})`, text };
}

/** Stops for a legend gradient (CSS `linear-gradient`). */
export const heatGradient = `linear-gradient(to right, ${viridis.join(', ')})`;

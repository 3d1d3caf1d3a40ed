import type { Segment } from './unit-segments.ts';

/** Opacity of one coding's highlight; overlapping codings stack (up to `maxStacked` tints). */
const highlightAlpha = 0.2;
const maxStacked = 3;

export function hexToRgba(hex: string, alpha: number): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return `rgb(128 128 128 / ${alpha})`;
  return `rgb(${parseInt(m[1]!, 16)} ${parseInt(m[2]!, 16)} ${parseInt(m[3]!, 16)} / ${alpha})`;
}

/**
 * Inline style of a segment: one translucent tint per coding in its code's colour, layered so
 * overlaps read darker; remote selections as a line under the text in each person's colour.
 * Capped so even a dense overlap keeps dark text at AA contrast. Colour is never the only cue: the
 * margin names each coding, and the segment's title lists them.
 */
export function segmentStyle(segment: Segment, colourOf: (codeId: string) => string): string {
  const parts: string[] = [];
  // One coding (the common case) is a plain background colour: cheapest to paint.
  if (segment.codings.length === 1 && segment.remote.length === 0) return `background-color: ${hexToRgba(colourOf(segment.codings[0]!.coding.codeId), highlightAlpha)}`;
  const tints = segment.codings.slice(0, maxStacked).map((p) => {
    const colour = hexToRgba(colourOf(p.coding.codeId), highlightAlpha);
    return `linear-gradient(${colour}, ${colour})`;
  });
  if (segment.remote.length > 0) {
    const colour = hexToRgba(segment.remote[0]!.colour, 0.16);
    tints.push(`linear-gradient(${colour}, ${colour})`);
    parts.push(`box-shadow: ${segment.remote.map((r, i) => `0 ${2 * (i + 1)}px 0 0 ${r.colour}`).join(', ')}`);
  }
  if (tints.length > 0) parts.push(`background-image: ${tints.join(', ')}`);
  return parts.join('; ');
}

import { hexToRgba } from '../../lib/coding/highlight-style.ts';
import type { Segment } from '../../lib/coding/unit-segments.ts';

/** Opacity of one own coding's fill; overlapping own codings stack (up to `maxStacked` tints). */
const fillAlpha = 0.2;
const maxStacked = 3;
/** Others' codings: a line under the text per coding, this thick, stacked upwards from the bottom. */
const lineThicknessPx = 2;
const lineGapPx = 1;

/**
 * Inline style of a run of text, with one's own codings told apart from others' by shape, not only
 * by colour: the own layer's codings fill the text with a translucent tint of the code's colour;
 * every other visible layer's codings draw a line under it in the code's colour (up to three,
 * stacked). Remote selections keep their underline shadow in the selecting person's colour.
 * Capped so even a dense overlap keeps dark text at AA contrast; the margin names each coding.
 *
 * @example
 * layerSegmentStyle(segment, colourOf, ownKey) // 'background-image: linear-gradient(…), …; background-size: …'
 */
export function layerSegmentStyle(segment: Segment, colourOf: (codeId: string) => string, ownKey: string | null): string {
  const own = segment.codings.filter((p) => p.layerKey === ownKey);
  const others = segment.codings.filter((p) => p.layerKey !== ownKey);
  // The common case, one own coding and nothing else, is a plain background colour: cheapest to paint.
  if (own.length === 1 && others.length === 0 && segment.remote.length === 0) return `background-color: ${hexToRgba(colourOf(own[0]!.coding.codeId), fillAlpha)}`;
  const layers: { image: string; size: string; position: string }[] = [];
  const solid = (colour: string) => `linear-gradient(${colour}, ${colour})`;
  // Listed first, drawn on top: the lines, then the fills under them.
  others.slice(0, maxStacked).forEach((p, i) => {
    layers.push({ image: solid(colourOf(p.coding.codeId)), size: `100% ${lineThicknessPx}px`, position: `0 calc(100% - ${i * (lineThicknessPx + lineGapPx)}px)` });
  });
  for (const p of own.slice(0, maxStacked)) layers.push({ image: solid(hexToRgba(colourOf(p.coding.codeId), fillAlpha)), size: '100% 100%', position: '0 0' });
  const parts: string[] = [];
  if (segment.remote.length > 0) {
    layers.push({ image: solid(hexToRgba(segment.remote[0]!.colour, 0.16)), size: '100% 100%', position: '0 0' });
    parts.push(`box-shadow: ${segment.remote.map((r, i) => `0 ${2 * (i + 1)}px 0 0 ${r.colour}`).join(', ')}`);
  }
  if (layers.length > 0) {
    parts.push(`background-image: ${layers.map((l) => l.image).join(', ')}`);
    parts.push(`background-size: ${layers.map((l) => l.size).join(', ')}`);
    parts.push(`background-position: ${layers.map((l) => l.position).join(', ')}`);
    parts.push('background-repeat: no-repeat');
  }
  return parts.join('; ');
}

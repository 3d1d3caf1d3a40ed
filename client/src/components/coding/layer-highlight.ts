import { hexToRgba, stackedTint } from '../../lib/coding/highlight-style.ts';
import type { PlacedCoding } from '../../lib/coding/coding-index.ts';
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
 * stacked, a gap of the page's colour between them). Remote selections keep their underline
 * shadow in the selecting person's colour. Capped so even a dense overlap keeps dark text at AA
 * contrast; the margin names each coding.
 *
 * Only solid colours: the fills as the one colour they make together, the lines as inset shadows.
 * A gradient per line and per fill (as this was drawn before) made painting a row of densely
 * coded text several milliseconds, the most of any part of a frame while codings arrive
 * (bench/client). A passage the page was opened at keeps its underline on top of the lines.
 *
 * @example
 * layerSegmentStyle(segment, colourOf, ownKey) // 'background-color: rgb(…); box-shadow: inset 0 -2px 0 0 #56B4E9'
 */
export function layerSegmentStyle(segment: Segment, colourOf: (codeId: string) => string, ownKey: string | null): string {
  const { own, others } = firstOfEach(segment.codings, ownKey);
  // The common case, one own coding and nothing else: its tint alone.
  if (own.length === 1 && others.length === 0 && segment.remote.length === 0) return `background-color: ${hexToRgba(colourOf(own[0]!.coding.codeId), fillAlpha)}`;
  const parts: string[] = [];
  // Bottom to top: a remote selection's tint, then the own fills, the first coding's on top.
  const tints = [
    ...segment.remote.slice(0, 1).map((r) => ({ hex: r.colour, alpha: 0.16 })),
    ...own.reverse().map((p) => ({ hex: colourOf(p.coding.codeId), alpha: fillAlpha })),
  ];
  if (tints.length > 0) parts.push(`background-color: ${stackedTint(tints)}`);
  // Listed first, drawn on top: the focus underline, the lines (each a band at the bottom of the
  // text, the ones above showing past it) with gaps between them, then remote selections' shadows.
  const shadows: string[] = segment.focused && (others.length > 0 || segment.remote.length > 0) ? ['var(--focus-underline)'] : [];
  others.forEach((p, i, shown) => {
    const bottom = i * (lineThicknessPx + lineGapPx);
    shadows.push(`inset 0 -${bottom + lineThicknessPx}px 0 0 ${colourOf(p.coding.codeId)}`);
    if (i < shown.length - 1) shadows.push(`inset 0 -${bottom + lineThicknessPx + lineGapPx}px 0 0 var(--surface)`);
  });
  shadows.push(...segment.remote.map((r, i) => `0 ${2 * (i + 1)}px 0 0 ${r.colour}`));
  if (shadows.length > 0) parts.push(`box-shadow: ${shadows.join(', ')}`);
  return parts.join('; ');
}

/**
 * The first `maxStacked` own codings and the first `maxStacked` others', in order: all a style
 * draws. In a pile a segment lies under dozens of codings, and every segment of a changed row is
 * styled, so the scan stops as soon as both are full.
 */
function firstOfEach(codings: readonly PlacedCoding[], ownKey: string | null): { own: PlacedCoding[]; others: PlacedCoding[] } {
  const own: PlacedCoding[] = [];
  const others: PlacedCoding[] = [];
  for (const p of codings) {
    if (p.layerKey === ownKey) {
      if (own.length < maxStacked) own.push(p);
    } else if (others.length < maxStacked) others.push(p);
    if (own.length === maxStacked && others.length === maxStacked) break;
  }
  return { own, others };
}

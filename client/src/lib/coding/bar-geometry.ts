import type { PlacedCoding } from './coding-index.ts';
import { keepUnchanged } from './keep-unchanged.ts';
import { characterRects } from './text-selection.ts';

/** The part of a coding's margin bar drawn beside one unit, in pixels from the top of the row's lanes. */
export interface BarPiece {
  readonly placed: PlacedCoding;
  readonly top: number;
  readonly bottom: number;
  /** The coding begins in this unit (its label is drawn here). */
  readonly starts: boolean;
  readonly ends: boolean;
}

/** Where a span of text lies in its row: from the top of its first line to the bottom of its last (px from the top of the row's lanes). */
export interface SpanExtent {
  readonly top: number;
  readonly bottom: number;
}

/**
 * Measures where each coding's text lies in one rendered unit: from the top of its first line to
 * the bottom of its last, from the top of `lanes` (the element the bars are placed in; measured
 * from the row's own top, above its padding, every bar stood 5-9 px lower than its text). `runs`
 * are the unit's runs as rendered (`[data-o]` elements, each one text node, in order); only the
 * first and last character of each coding are measured, so the cost is per coding measured.
 * Reads layout: call after the row is rendered.
 *
 * `known` holds extents measured before, by span (`start:end`), and receives the new ones: where
 * text lies depends only on how the row's text is laid out (highlights and the runs they split it
 * into do not move it), so a coding arriving in a dense unit measures that coding alone. The
 * caller empties it when the row's layout may have changed (its size, its text, the columns).
 */
export function measureBars(
  lanes: HTMLElement,
  text: HTMLElement,
  unit: { readonly start: number; readonly end: number },
  runs: readonly { readonly start: number; readonly end: number }[],
  placed: readonly PlacedCoding[],
  known: Map<string, SpanExtent> = new Map(),
): BarPiece[] {
  let originTop: number | null = null;
  const pieces: BarPiece[] = [];
  for (const p of placed) {
    const key = `${p.start}:${p.end}`;
    let extent = known.get(key);
    if (!extent) {
      originTop ??= lanes.getBoundingClientRect().top;
      extent = measureSpan(text, runs, p, originTop) ?? undefined;
      if (!extent) continue;
      known.set(key, extent);
    }
    pieces.push({ placed: p, top: extent.top, bottom: extent.bottom, starts: p.start >= unit.start, ends: p.end <= unit.end });
  }
  return pieces;
}

function measureSpan(text: HTMLElement, runs: readonly { readonly start: number; readonly end: number }[], span: { start: number; end: number }, originTop: number): SpanExtent | null {
  const first = characterBox(text, runs, Math.max(span.start, runs[0]?.start ?? span.start), 'first');
  const last = characterBox(text, runs, Math.min(span.end, runs.at(-1)?.end ?? span.end) - 1, 'last');
  if (!first || !last) return null;
  const top = first.top - originTop;
  return { top, bottom: Math.max(last.bottom - originTop, top + 8) };
}

/**
 * The box of the character at `offset`: its first line box or its last. Measured inside its run,
 * since a run can hold the end of one coding and the start of another when both look alike
 * (`drawnRuns`).
 */
function characterBox(text: HTMLElement, runs: readonly { readonly start: number; readonly end: number }[], offset: number, which: 'first' | 'last'): DOMRect | null {
  const run = runContaining(runs, offset);
  const element = run && text.querySelector<HTMLElement>(`[data-o="${run.start}"]`);
  const rects = element ? characterRects(element, offset) : [];
  return (which === 'first' ? rects[0] : rects.at(-1)) ?? null;
}

/** Binary search: the run holding `offset`, or null. */
function runContaining<R extends { readonly start: number; readonly end: number }>(runs: readonly R[], offset: number): R | null {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const run = runs[mid]!;
    if (offset < run.start) hi = mid - 1;
    else if (offset >= run.end) lo = mid + 1;
    else return run;
  }
  return null;
}

/**
 * The measured pieces, for the codings placed now. Measuring waits for the next frame
 * (`LayoutBatch`), placing does not: a coding removed since is dropped at once, and one placed
 * anew (another column, another code) keeps its measured extent with its new placement until it
 * is measured again. A new coding has no piece until then.
 */
export function followPlacement(pieces: readonly BarPiece[], placed: readonly PlacedCoding[]): BarPiece[] {
  // Most pieces hold the very placement still current (CodingIndex keeps unchanged ones): matched
  // by identity first, the keys are built only when a piece's placement was renewed.
  const current = new Set(placed);
  let byKey: Map<string, PlacedCoding> | undefined;
  const shown: BarPiece[] = [];
  for (const piece of pieces) {
    if (current.has(piece.placed)) {
      shown.push(piece);
      continue;
    }
    byKey ??= new Map(placed.map((p) => [placementKey(p), p]));
    const p = byKey.get(placementKey(piece.placed));
    if (p) shown.push({ ...piece, placed: p });
  }
  return shown;
}

const placementKey = (p: PlacedCoding) => `${p.layerKey}\u0000${p.coding.id}`;

/** `next` with each piece that did not move kept as the earlier object: only bars that changed re-render. */
export function keepUnchangedPieces(next: readonly BarPiece[], previous: readonly BarPiece[]): BarPiece[] {
  return keepUnchanged(
    next,
    previous,
    (p) => p.placed,
    (a, b) => a.top === b.top && a.bottom === b.bottom && a.starts === b.starts && a.ends === b.ends,
  );
}

/** Margin layout inside one lane: bar columns at the lane's left, labels to their right. */
export const barColumns = 3;
export const barColumnPx = 6;
export const labelLeftPx = barColumns * barColumnPx + 5;
const labelLinePx = 15;

/**
 * Vertical positions of the labels of the bars that start in this unit, for one lane: each at its
 * bar's top, pushed down when it would overlap the label above (two codings starting on one line).
 */
export function labelTops(pieces: readonly BarPiece[]): Map<BarPiece, number> {
  const tops = new Map<BarPiece, number>();
  let next = -Infinity;
  for (const piece of [...pieces].filter((p) => p.starts).sort((a, b) => a.top - b.top || a.placed.column - b.placed.column)) {
    const top = Math.max(piece.top, next);
    tops.set(piece, top);
    next = top + labelLinePx;
  }
  return tops;
}

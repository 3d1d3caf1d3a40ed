import type { PlacedCoding } from './coding-index.ts';

/** The part of a coding's margin bar drawn beside one unit, in pixels from the row's top. */
export interface BarPiece {
  readonly placed: PlacedCoding;
  readonly top: number;
  readonly bottom: number;
  /** The coding begins in this unit (its label is drawn here). */
  readonly starts: boolean;
  readonly ends: boolean;
}

/**
 * Measures where each coding's text lies in one rendered unit: from the top of its first line to
 * the bottom of its last. Only runs (`[data-o]`) of this unit are read, so the cost is per unit
 * on screen, never per document. Reads layout: call after the row is rendered.
 */
export function measureBars(row: HTMLElement, text: HTMLElement, placed: readonly PlacedCoding[]): BarPiece[] {
  if (placed.length === 0) return [];
  const rowTop = row.getBoundingClientRect().top;
  const runs = Array.from(text.querySelectorAll<HTMLElement>('[data-o]'), (element) => {
    const start = Number(element.dataset.o);
    return { element, start, end: start + (element.textContent?.length ?? 0) };
  });
  if (runs.length === 0) return [];
  const unitStart = runs[0]!.start;
  const unitEnd = runs[runs.length - 1]!.end;
  const pieces: BarPiece[] = [];
  for (const p of placed) {
    let first: HTMLElement | null = null;
    let last: HTMLElement | null = null;
    for (const run of runs) {
      if (run.end <= p.start || run.start >= p.end || run.end === run.start) continue;
      first ??= run.element;
      last = run.element;
    }
    if (!first || !last) continue;
    const firstRects = first.getClientRects();
    const lastRects = last.getClientRects();
    const top = (firstRects[0] ?? first.getBoundingClientRect()).top - rowTop;
    const bottom = (lastRects[lastRects.length - 1] ?? last.getBoundingClientRect()).bottom - rowTop;
    pieces.push({ placed: p, top, bottom: Math.max(bottom, top + 8), starts: p.start >= unitStart, ends: p.end <= unitEnd });
  }
  return pieces;
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

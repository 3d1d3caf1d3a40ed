/**
 * Maps the browser's text selection to transcript offsets. Every rendered run of transcript text
 * is a `[data-o]` element holding one text node, whose attribute is the offset of its first
 * character; anything else in the transcript (name tags, margins) is `user-select: none`.
 */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

const runSelector = '[data-o]';

function runStart(run: Element): number {
  return Number((run as HTMLElement).dataset.o);
}

function runEnd(run: Element): number {
  return runStart(run) + (run.textContent?.length ?? 0);
}

/** The offset at a DOM point: inside a run exactly; elsewhere the nearest run boundary on `side`. */
function pointOffset(root: HTMLElement, node: Node, offset: number, side: 'start' | 'end'): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const run = node.parentElement?.closest(runSelector);
    if (run && root.contains(run)) return runStart(run) + offset;
  }
  const runs = root.querySelectorAll(runSelector);
  if (runs.length === 0) return null;
  const point = document.createRange();
  point.setStart(node, offset);
  // Runs are in document order: binary search for the first run that begins at or after the point.
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (point.comparePoint(runs[mid]!, 0) >= 0) hi = mid;
    else lo = mid + 1;
  }
  if (side === 'start') return lo < runs.length ? runStart(runs[lo]!) : runEnd(runs[runs.length - 1]!);
  return lo > 0 ? runEnd(runs[lo - 1]!) : runStart(runs[0]!);
}

/**
 * The character a click in `run` landed on: where the collapsed selection the click left sits,
 * kept inside the run (a click on a character's right half puts the caret after it); the run's
 * start when there is no such selection. A run can hold several codings' ends (alike runs are
 * drawn as one), so its start does not stand for all of it.
 */
export function clickedOffset(run: HTMLElement): number {
  const start = runStart(run);
  const selection = window.getSelection();
  if (!selection?.isCollapsed || selection.anchorNode?.parentElement !== run) return start;
  return Math.min(start + selection.anchorOffset, runEnd(run) - 1);
}

/**
 * The selected range of the transcript under `root`, without leading or trailing whitespace;
 * null when nothing (or only whitespace) is selected there.
 */
export function selectedRange(root: HTMLElement, text: string): TextRange | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer) && !range.intersectsNode(root)) return null;
  const startNode = root.contains(range.startContainer) ? range.startContainer : root;
  const startOffset = startNode === range.startContainer ? range.startOffset : 0;
  const endNode = root.contains(range.endContainer) ? range.endContainer : root;
  const endOffset = endNode === range.endContainer ? range.endOffset : root.childNodes.length;
  let start = pointOffset(root, startNode, startOffset, 'start');
  let end = pointOffset(root, endNode, endOffset, 'end');
  if (start === null || end === null) return null;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

/** Where to put a floating palette: the last line box of the selection, in viewport coordinates. */
export function selectionRect(): DOMRect | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const rects = selection.getRangeAt(0).getClientRects();
  return rects.length > 0 ? rects[rects.length - 1]! : selection.getRangeAt(0).getBoundingClientRect();
}

/**
 * The box of the character at transcript offset `offset`, in viewport coordinates; null when its
 * row is not rendered. For placing the palette at a selection made with keys, which has no DOM
 * selection to measure.
 */
export function offsetRect(root: HTMLElement, offset: number): DOMRect | null {
  const runs = root.querySelectorAll<HTMLElement>(runSelector);
  // Runs are in offset order: binary search for the last run starting at or before `offset`.
  let lo = 0;
  let hi = runs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (runStart(runs[mid]!) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const run = runs[found];
  if (!run || offset >= runEnd(run)) return null;
  return characterRects(run, offset).at(-1) ?? null;
}

/**
 * The line boxes of the character at transcript offset `offset` in `run` (a `[data-o]` element
 * holding it): one, or two when it is a space where the line wraps; none if the run is empty.
 */
export function characterRects(run: HTMLElement, offset: number): DOMRect[] {
  const node = run.firstChild;
  if (!node) return [];
  const at = offset - runStart(run);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + 1);
  const rects = range.getClientRects();
  return rects.length > 0 ? [...rects] : [range.getBoundingClientRect()];
}

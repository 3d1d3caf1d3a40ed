import { readSpeakerLabel } from '../../../../shared/import/speaker-label.ts';
import type { TranscriptUnit } from '../../../../shared/model/transcript.ts';
import type { TextRange } from './text-selection.ts';

/**
 * Where keyboard selection steps land: word, sentence and speaker-turn boundaries of a transcript
 * (`Intl.Segmenter`, so words and sentences follow Unicode's rules in any script). Pure: the view
 * keeps the caret and the selection; this says where the next step goes.
 *
 * Steps look at one unit at a time (a turn, cue or paragraph), and in a long unit only at a window
 * around the step, so a step costs about the same in a 200-character turn and a 60,000-character
 * paragraph, never the size of the document. Sentences and turns start where the words start: after
 * the speaker label ("P01: ") and never on whitespace.
 */
export type StepSize = 'word' | 'sentence' | 'turn';

export interface StepText {
  readonly text: string;
  readonly units: readonly TranscriptUnit[];
}

interface Span {
  readonly start: number;
  readonly end: number;
}

const segmenters = new Map<'word' | 'sentence', Intl.Segmenter>();

function segmenter(granularity: 'word' | 'sentence'): Intl.Segmenter {
  let s = segmenters.get(granularity);
  if (!s) segmenters.set(granularity, (s = new Intl.Segmenter(undefined, { granularity })));
  return s;
}

/**
 * Where the words of unit `index` begin: after its speaker label and the spaces that follow, if it
 * has one (turns and cues), else at its first non-space character.
 *
 * @example
 * unitContentStart({ text: 'P01: They pushed.', units: [{ start: 0, end: 17, kind: 'turn' }] }, 0) // 5
 */
export function unitContentStart(doc: StepText, index: number): number {
  const unit = doc.units[index];
  if (!unit) return 0;
  let start = unit.start;
  if (unit.kind !== 'paragraph') {
    const newline = doc.text.indexOf('\n', unit.start);
    const lineEnd = newline === -1 || newline > unit.end ? unit.end : newline;
    const label = readSpeakerLabel(doc.text.slice(unit.start, lineEnd));
    if (label) start = unit.start + label.contentStart;
  }
  while (start < unit.end && /\s/.test(doc.text[start]!)) start++;
  return start;
}

/** [start, end) of `doc.text` without leading or trailing whitespace; null when nothing is left. */
export function trimRange(text: string, start: number, end: number): TextRange | null {
  let from = Math.min(start, end);
  let to = Math.max(start, end);
  while (from < to && /\s/.test(text[from]!)) from++;
  while (to > from && /\s/.test(text[to - 1]!)) to--;
  return to > from ? { start: from, end: to } : null;
}

/** First window segmented around an offset, in characters each side; it grows fourfold when the step is not inside. */
const firstWindow = 600;

/** A position at or before (`direction` −1) or after (1) `at` where whitespace is, within 80 characters; else `at`. */
function snapToSpace(text: string, at: number, direction: 1 | -1, limit: number): number {
  for (let i = at, n = 0; n < 80 && i !== limit; i += direction, n++) if (/\s/.test(text[i]!)) return i;
  return at;
}

/**
 * The spans at `size` of unit `index` in a window around `near`, in document order. Only the part
 * of a long unit near the step is segmented: a span cut by the window's edge is left out (its
 * boundaries may be wrong there), unless the edge is the unit's own.
 */
function spansNear(doc: StepText, index: number, size: StepSize, near: number, radius: number): { spans: Span[]; whole: boolean } {
  const unit = doc.units[index]!;
  if (size === 'turn') {
    const span = trimRange(doc.text, unitContentStart(doc, index), unit.end);
    return { spans: span ? [span] : [], whole: true };
  }
  const unitFrom = size === 'word' ? unit.start : unitContentStart(doc, index);
  const from = near - radius <= unitFrom ? unitFrom : snapToSpace(doc.text, near - radius, -1, unitFrom);
  const to = near + radius >= unit.end ? unit.end : snapToSpace(doc.text, near + radius, 1, unit.end);
  const spans: Span[] = [];
  for (const s of segmenter(size).segment(doc.text.slice(from, to))) {
    if (size === 'word' && !s.isWordLike) continue;
    const span = trimRange(doc.text, from + s.index, from + s.index + s.segment.length);
    if (span) spans.push(span);
  }
  if (from > unitFrom) spans.shift();
  if (to < unit.end) spans.pop();
  return { spans, whole: from === unitFrom && to === unit.end };
}

/** The first (direction 1) or last (−1) span of unit `index` that `accept`s, segmenting only near `near`. */
function findInUnit(doc: StepText, index: number, size: StepSize, near: number, direction: 1 | -1, accept: (span: Span) => boolean): Span | null {
  for (let radius = firstWindow; ; radius *= 4) {
    const { spans, whole } = spansNear(doc, index, size, near, radius);
    let found = direction === 1 ? spans.find(accept) : undefined;
    for (let i = spans.length - 1; direction === -1 && i >= 0 && !found; i--) if (accept(spans[i]!)) found = spans[i];
    if (found || whole) return found ?? null;
  }
}

/** The first unit whose end is after `offset` (binary search). */
function firstUnitEndingAfter(units: readonly TranscriptUnit[], offset: number): number {
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (units[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first span after `offset` in document order that `accept`s, looking unit by unit. */
function findForward(doc: StepText, offset: number, size: StepSize, accept: (span: Span) => boolean): Span | null {
  for (let u = firstUnitEndingAfter(doc.units, offset); u < doc.units.length; u++) {
    const found = findInUnit(doc, u, size, Math.max(offset, doc.units[u]!.start), 1, accept);
    if (found) return found;
  }
  return null;
}

/** The last span before `offset` that `accept`s, looking unit by unit backwards. */
function findBackward(doc: StepText, offset: number, size: StepSize, accept: (span: Span) => boolean): Span | null {
  const last = Math.min(firstUnitEndingAfter(doc.units, offset), doc.units.length - 1);
  for (let u = last; u >= 0; u--) {
    const found = findInUnit(doc, u, size, Math.min(offset, doc.units[u]!.end), -1, accept);
    if (found) return found;
  }
  return null;
}

/**
 * Where the moving end (the head) of a selection goes when it is extended by one word, sentence
 * or turn: forward, to the end of the next one that ends after `head`; backward, to the start of
 * the previous one that starts before it. At either end of the transcript it stays.
 *
 * @example
 * const doc = { text: 'P01: They pushed a toolkit. Then we built it.', units: [{ start: 0, end: 45, kind: 'turn' }] };
 * extendHead(doc, 5, 'word', 1)      // 9  — "They"
 * extendHead(doc, 9, 'sentence', 1)  // 27 — "…a toolkit."
 * extendHead(doc, 27, 'word', -1)    // 19 — back to the start of "toolkit"
 */
export function extendHead(doc: StepText, head: number, size: StepSize, direction: 1 | -1): number {
  const span = direction === 1 ? findForward(doc, head, size, (s) => s.end > head) : findBackward(doc, head, size, (s) => s.start < head);
  if (!span) return head;
  return direction === 1 ? span.end : span.start;
}

/**
 * Where a caret (no selection) goes when moved by one word, sentence or turn: to the start of the
 * next one that starts after it, or of the previous one that starts before it. At either end of
 * the transcript it stays.
 *
 * @example
 * const doc = { text: 'P01: They pushed a toolkit. Then we built it.', units: [{ start: 0, end: 45, kind: 'turn' }] };
 * moveCaret(doc, 5, 'word', 1)      // 10 — the start of "pushed"
 * moveCaret(doc, 5, 'sentence', 1)  // 28 — the start of "Then"
 */
export function moveCaret(doc: StepText, caret: number, size: StepSize, direction: 1 | -1): number {
  const span = direction === 1 ? findForward(doc, caret, size, (s) => s.start > caret) : findBackward(doc, caret, size, (s) => s.start < caret);
  return span ? span.start : caret;
}

/** Index of the unit holding `offset` (the one it ends, at a unit's end), or the next one. */
export function unitIndexAt(doc: StepText, offset: number): number {
  const i = firstUnitEndingAfter(doc.units, offset);
  if (i > 0 && doc.units[i - 1]!.end === offset) return i - 1;
  return Math.min(i, Math.max(0, doc.units.length - 1));
}

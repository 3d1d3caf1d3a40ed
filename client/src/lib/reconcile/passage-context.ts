/** A stretch of transcript shown around a locus: [from, to), and whether it was cut short on either side. */
export interface PassageWindow {
  readonly from: number;
  readonly to: number;
  readonly clippedBefore: boolean;
  readonly clippedAfter: boolean;
}

/** How far either way sentences are looked for: a locus in a 5-million-character transcript reads only its neighbourhood. */
const searchChars = 2000;

/** Offsets in [lo, hi] where a sentence starts: after a line break, or after . ! ? … (and closing quotes) and a space. */
function sentenceStarts(text: string, lo: number, hi: number): number[] {
  const starts: number[] = [];
  if (lo === 0) starts.push(0);
  const pattern = /(?:\n|[.!?…]["'”’)\]]*[ \t]+)(?=\S)/g;
  pattern.lastIndex = lo;
  for (let m = pattern.exec(text); m && m.index < hi; m = pattern.exec(text)) {
    const start = m.index + m[0].length;
    if (start <= hi) starts.push(start);
  }
  return starts;
}

/**
 * The locus [start, end) with about `sentences` sentences of context on either side, each side at
 * most `maxChars` long (then cut at a space); `clipped…` says there is more text that side.
 *
 * @example
 * const text = 'One. Two. Three. Four. Five. Six.';
 * passageWindow(text, 10, 16, { sentences: 1 }) // { from: 5, to: 22, … }: "Two. Three. Four."
 */
export function passageWindow(text: string, start: number, end: number, options: { sentences?: number; maxChars?: number } = {}): PassageWindow {
  const sentences = options.sentences ?? 2;
  const maxChars = options.maxChars ?? 320;
  const lo = Math.max(0, start - searchChars);
  const hi = Math.min(text.length, end + searchChars);
  const starts = sentenceStarts(text, lo, hi);
  // The sentence holding `start` begins at the last start ≤ start; context reaches `sentences` starts further back.
  const own = starts.filter((s) => s <= start);
  let from = own.length === 0 ? lo : own[Math.max(0, own.length - 1 - sentences)]!;
  // The sentence holding `end - 1` ends at the first start ≥ end; context reaches `sentences` starts further on.
  const after = starts.filter((s) => s >= end);
  let to = after.length > sentences ? after[sentences]! : hi;
  if (start - from > maxChars) {
    const space = text.indexOf(' ', start - maxChars);
    from = space >= 0 && space < start ? space + 1 : start - maxChars;
  }
  if (to - end > maxChars) {
    const space = text.lastIndexOf(' ', end + maxChars);
    to = space > end ? space : end + maxChars;
  }
  // Trailing whitespace and line breaks of the last context sentence are not shown.
  while (to > end && /\s/.test(text[to - 1]!)) to--;
  const more = /\S/g;
  more.lastIndex = to;
  return { from, to, clippedBefore: from > 0, clippedAfter: more.test(text) };
}

/** One run of passage text: inside the locus or context, and inside the highlighted ranges or not. */
export interface PassageSegment {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly inLocus: boolean;
  readonly highlighted: boolean;
}

/**
 * The window's text cut wherever the locus or a highlighted range (a coder's codings, hovered)
 * begins or ends, so each run is drawn one way.
 */
export function passageSegments(
  text: string,
  window: { readonly from: number; readonly to: number },
  locus: { readonly start: number; readonly end: number },
  highlights: readonly { readonly start: number; readonly end: number }[] = [],
): PassageSegment[] {
  const cuts = new Set([window.from, window.to]);
  for (const r of [locus, ...highlights]) for (const at of [r.start, r.end]) if (at > window.from && at < window.to) cuts.add(at);
  const points = [...cuts].sort((a, b) => a - b);
  const segments: PassageSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    segments.push({
      start,
      end,
      text: text.slice(start, end),
      inLocus: start >= locus.start && end <= locus.end,
      highlighted: highlights.some((h) => start >= h.start && end <= h.end),
    });
  }
  return segments;
}

/** A few words of the text at `start` for a queue row ("we worked through it…"), cut at a space. */
export function snippet(text: string, start: number, end: number, maxChars = 48): string {
  const slice = text.slice(start, Math.min(end, start + maxChars + 1)).replace(/\s+/g, ' ').trim();
  if (end - start <= maxChars) return slice;
  const space = slice.lastIndexOf(' ', maxChars);
  return `${(space > maxChars / 2 ? slice.slice(0, space) : slice.slice(0, maxChars)).trim()}…`;
}

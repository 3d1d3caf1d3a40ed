/** The longest context shown around a hit, in characters (a sentence usually fits). */
export const maxContextLength = 320;

/** Where a sentence ends: its closing punctuation (and a closing quote or bracket), then space. */
const sentenceEnd = /[.!?…]["”’)\]]*(?=\s)|\n/gu;

/**
 * The sentence around a hit, cut from its row: `context` is exactly `row.slice(…)`, so
 * `contextStart` (an offset into the transcript) places it, and the hit is
 * `context.slice(start - contextStart, end - contextStart)`. A sentence longer than
 * `maxContextLength` is cut to a window around the hit, at spaces.
 *
 * @example
 * hitContext({ start: 100, text: 'P: No. The support team helped. Then…' }, 110, 117)
 * // { context: 'The support team helped.', contextStart: 107 }
 */
export function hitContext(row: { readonly start: number; readonly text: string }, start: number, end: number): { context: string; contextStart: number } {
  const text = row.text;
  const hitStart = start - row.start;
  const hitEnd = end - row.start;
  let from = 0;
  let to = text.length;
  sentenceEnd.lastIndex = 0;
  for (let m = sentenceEnd.exec(text); m; m = sentenceEnd.exec(text)) {
    const after = m.index + m[0].length;
    if (after <= hitStart) from = after;
    else if (m.index >= hitEnd) {
      to = after;
      break;
    }
  }
  while (from < hitStart && /\s/u.test(text[from]!)) from++;
  while (to > hitEnd && /\s/u.test(text[to - 1]!)) to--;
  if (to - from > maxContextLength) {
    const room = Math.max(0, maxContextLength - (hitEnd - hitStart));
    let left = Math.max(from, hitStart - Math.floor(room / 2));
    let right = Math.min(to, hitEnd + (room - (hitStart - left)));
    left = Math.max(from, hitStart - (room - (right - hitEnd)));
    // At word boundaries: start after a space, end before one (unless that would lose the hit).
    if (left > from) {
      const space = text.slice(left, hitStart).search(/\s/u);
      if (space >= 0) left += space + 1;
    }
    if (right < to) {
      const tail = text.slice(hitEnd, right);
      const space = tail.search(/\s\S*$/u);
      if (space >= 0) right = hitEnd + space;
    }
    from = left;
    to = right;
  }
  return { context: text.slice(from, to), contextStart: row.start + from };
}

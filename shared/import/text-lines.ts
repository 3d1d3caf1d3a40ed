/** One line of a text as the half-open range [start, end), without its `\n`. */
export interface TextLine {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a `\n`-separated text into line ranges, so unit offsets can be taken from them directly.
 *
 * @example
 * textLines('ab\n\nc'); // [{ start: 0, end: 2 }, { start: 3, end: 3 }, { start: 4, end: 5 }]
 */
export function textLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) break;
    lines.push({ start, end: newline });
    start = newline + 1;
  }
  lines.push({ start, end: text.length });
  return lines;
}

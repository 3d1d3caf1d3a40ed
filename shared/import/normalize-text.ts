/**
 * The one normalisation every imported text goes through, so that offsets mean the same thing for
 * every coder and every export:
 * - line endings (`\r\n`, `\r`, U+2028/2029, NEL) and form/vertical feeds become `\n`;
 * - other C0 control characters are dropped (they render as boxes and carry no meaning);
 * - Unicode NFC, so "é" typed and "é" pasted are the same characters;
 * - trailing whitespace is trimmed on every line;
 * - blank lines at the start and end are dropped, and a run of blank lines becomes one.
 *
 * @example
 * normalizeText('Q: hi  \r\n\r\n\r\n\r\nA: cafe\u0301\r\n'); // 'Q: hi\n\nA: café'
 */
export function normalizeText(text: string): string {
  const lines = text
    .replace(/\r\n?|[\u2028\u2029\u0085\f\v]/g, '\n')
    .replace(/[\x00-\x08\x0e-\x1f\x7f]/g, '')
    .normalize('NFC')
    .split('\n');
  // trimEnd per line rather than /\s+$/m, which is quadratic on long runs of spaces.
  return lines
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}

/**
 * The passage a link opens the coding view at: `?at=<start>-<end>` (character offsets into the
 * transcript), as pathway quotes and lanes link to it. Null for anything else.
 *
 * @example
 * readPassageParam('440-480') // { start: 440, end: 480 }
 */
export function readPassageParam(raw: string | null): { start: number; end: number } | null {
  const match = raw === null ? null : /^(\d{1,9})-(\d{1,9})$/.exec(raw);
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return end > start ? { start, end } : null;
}

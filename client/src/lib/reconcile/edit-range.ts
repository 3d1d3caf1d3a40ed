import type { LaneRange } from './coder-lanes.ts';

/** From the first start to the last end of the coders' versions (what "accept all" keeps of one code). */
export function unionRange(versions: readonly LaneRange[]): LaneRange | null {
  if (versions.length === 0) return null;
  return { start: Math.min(...versions.map((v) => v.start)), end: Math.max(...versions.map((v) => v.end)) };
}

/** The text every version covers; null when they do not all overlap. */
export function intersectionRange(versions: readonly LaneRange[]): LaneRange | null {
  if (versions.length === 0) return null;
  const start = Math.max(...versions.map((v) => v.start));
  const end = Math.min(...versions.map((v) => v.end));
  return end > start ? { start, end } : null;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_'’-]/u.test(c);

/**
 * The next word boundary from `offset` towards `direction` (where a word starts or ends), at
 * least one character away; the text's ends when there is none.
 *
 * @example
 * wordBoundary('we worked hard', 3, 1) // 9: the end of "worked"
 * wordBoundary('we worked hard', 9, -1) // 3: the start of "worked"
 */
export function wordBoundary(text: string, offset: number, direction: 1 | -1): number {
  let i = Math.min(text.length, Math.max(0, offset)) + direction;
  for (; i > 0 && i < text.length; i += direction) if (isWordChar(text[i - 1]) !== isWordChar(text[i])) return i;
  return Math.min(text.length, Math.max(0, i));
}

/**
 * Offsets between Accord's editor, which counts UTF-16 code units (JavaScript string indices), and
 * QDA-XML, which counts Unicode code points. They differ only at astral characters (emoji, many
 * CJK extension ideographs): one code point, two code units (a surrogate pair). Combining marks
 * are code points of their own in both, so "é" written as e + U+0301 is 2 in each.
 *
 * A lone surrogate (invalid UTF-16) counts as one code point, as `for…of` and `Array.from` do.
 */

/** Why an offset cannot be converted. */
export const OffsetProblem = {
  /** The UTF-16 offset falls between the two halves of a surrogate pair (inside an emoji). */
  splitsSurrogatePair: 'splitsSurrogatePair',
  /** The offset is negative, not an integer, or past the end of the text. */
  outOfRange: 'outOfRange',
  /** The range ends before it starts. */
  reversed: 'reversed',
} as const;
export type OffsetProblem = (typeof OffsetProblem)[keyof typeof OffsetProblem];

/** A converted `[start, end)` range, or why it could not be converted (never silently shifted). */
export type RangeConversion =
  | { readonly ok: true; readonly start: number; readonly end: number }
  | { readonly ok: false; readonly problem: OffsetProblem; readonly offset: number };

/**
 * Converts offsets of one text both ways in O(log a), a = the number of astral characters, after
 * an O(n) scan. Build one per text and reuse it for all its selections.
 *
 * @example
 * const index = new CodePointIndex('a😀b'); // 'a', U+1F600 (2 code units), 'b'
 * index.toCodePoint(3)  // 2
 * index.toUtf16(2)      // 3
 * index.toCodePoint(2)  // null: between the halves of 😀
 */
export class CodePointIndex {
  readonly utf16Length: number;
  readonly codePointLength: number;
  /** UTF-16 index of the high surrogate of each surrogate pair, ascending. */
  private readonly pairs: Int32Array;

  constructor(text: string) {
    const pairs: number[] = [];
    for (let i = 0; i < text.length - 1; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          pairs.push(i);
          i++;
        }
      }
    }
    this.pairs = Int32Array.from(pairs);
    this.utf16Length = text.length;
    this.codePointLength = text.length - pairs.length;
  }

  /** The code-point offset of a UTF-16 offset; null when it is out of range or splits a pair. */
  toCodePoint(utf16: number): number | null {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.utf16Length) return null;
    // Pairs starting before `utf16` each shorten the code-point offset by one.
    const before = countBelow(this.pairs, utf16, 0);
    if (before > 0 && this.pairs[before - 1]! === utf16 - 1) return null;
    return utf16 - before;
  }

  /** The UTF-16 offset of a code-point offset; null when it is out of range. */
  toUtf16(codePoint: number): number | null {
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > this.codePointLength) return null;
    // Pair j starts at code point pairs[j] - j; every pair starting before `codePoint` adds one unit.
    return codePoint + countBelow(this.pairs, codePoint, 1);
  }

  /**
   * Converts a UTF-16 range to code points.
   *
   * @example
   * new CodePointIndex('a😀b').rangeToCodePoints(1, 3) // { ok: true, start: 1, end: 2 }
   * new CodePointIndex('a😀b').rangeToCodePoints(1, 2) // { ok: false, problem: 'splitsSurrogatePair', offset: 2 }
   */
  rangeToCodePoints(start: number, end: number): RangeConversion {
    return this.convertRange(start, end, (offset) => this.toCodePoint(offset), this.utf16Length);
  }

  /** Converts a code-point range to UTF-16 (never splits a pair: code points are whole characters). */
  rangeToUtf16(start: number, end: number): RangeConversion {
    return this.convertRange(start, end, (offset) => this.toUtf16(offset), this.codePointLength);
  }

  private convertRange(start: number, end: number, convert: (offset: number) => number | null, length: number): RangeConversion {
    for (const offset of [start, end]) {
      if (!Number.isInteger(offset) || offset < 0 || offset > length) return { ok: false, problem: OffsetProblem.outOfRange, offset };
    }
    if (end < start) return { ok: false, problem: OffsetProblem.reversed, offset: end };
    const from = convert(start);
    if (from === null) return { ok: false, problem: OffsetProblem.splitsSurrogatePair, offset: start };
    const to = convert(end);
    if (to === null) return { ok: false, problem: OffsetProblem.splitsSurrogatePair, offset: end };
    return { ok: true, start: from, end: to };
  }
}

/** How many j have `pairs[j] - j * shift < limit` (the sequence is strictly increasing for shift 0 and 1). */
function countBelow(pairs: Int32Array, limit: number, shift: 0 | 1): number {
  let low = 0;
  let high = pairs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (pairs[middle]! - middle * shift < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The number of code points in a text.
 *
 * @example
 * codePointLength('👍🏽 ok') // 5: two astral code points, a space, 'o', 'k'
 */
export function codePointLength(text: string): number {
  return new CodePointIndex(text).codePointLength;
}

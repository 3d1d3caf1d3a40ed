import { CodePointIndex } from './code-points.ts';
import { normalizeWithOffsets } from './text-normalization.ts';

/** How a source's selection positions count a `\r\n` of its text file. */
export const LineEndingCount = {
  /** As two code points, as the file stores them (NVivo, MAXQDA, QualCoder). */
  asStored: 'asStored',
  /** As one, as ATLAS.ti counts them while storing `\r\n` in the file. */
  asOne: 'asOne',
} as const;
export type LineEndingCount = (typeof LineEndingCount)[keyof typeof LineEndingCount];

/**
 * Decodes a text file of a `.qdpx`: UTF-8 (a byte-order mark is dropped, as every tool drops it
 * before counting positions), or UTF-16 when it starts with a UTF-16 byte-order mark. Null when
 * the bytes are not valid text in that encoding (a legacy code page): guessing would shift offsets.
 *
 * @example
 * decodeSourceText(Uint8Array.of(0xef, 0xbb, 0xbf, 0x68, 0x69)) // 'hi'
 */
export function decodeSourceText(bytes: Uint8Array): string | null {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    // TextDecoder drops the byte-order mark of its own encoding (ignoreBOM defaults to false).
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null; // the caller reports the source as skipped, naming the encoding problem
  }
}

/** Where one selection landed in the imported text, or why it could not. */
export type PlacedSelection =
  | { readonly ok: true; readonly start: number; readonly end: number; readonly widened: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * A source's text as Accord imports it, and a way to carry each selection's code-point positions
 * across to it. Positions are first read against the file's text (with `\r\n` counted as one for
 * ATLAS.ti), turned into UTF-16 offsets, mapped through the normalisation (`normalizeWithOffsets`),
 * and turned back into code points of the imported text.
 *
 * @example
 * const source = new ImportedSourceText('Q: hi\r\nA: 😀 yes', { normalize: true, lineEndings: 'asStored' });
 * source.text                 // 'Q: hi\nA: 😀 yes'
 * source.place(12, 15)        // { ok: true, start: 11, end: 14, widened: false }: "yes"
 */
export class ImportedSourceText {
  readonly text: string;
  private readonly fileIndex: CodePointIndex;
  private readonly textIndex: CodePointIndex;
  private readonly normalized: ReturnType<typeof normalizeWithOffsets> | null;

  constructor(fileText: string, options: { readonly normalize: boolean; readonly lineEndings: LineEndingCount }) {
    const counted = options.lineEndings === LineEndingCount.asOne ? fileText.replace(/\r\n/g, '\n') : fileText;
    this.fileIndex = new CodePointIndex(counted);
    this.normalized = options.normalize ? normalizeWithOffsets(counted) : null;
    this.text = this.normalized?.text ?? counted;
    this.textIndex = this.normalized ? new CodePointIndex(this.text) : this.fileIndex;
  }

  /** Carries the code-point range `[start, end)` of the file's text to the imported text. */
  place(start: number, end: number): PlacedSelection {
    if (end <= start) return { ok: false, reason: end === start ? 'It is empty (it starts where it ends).' : 'It ends before it starts.' };
    const inFile = this.fileIndex.rangeToUtf16(start, end);
    if (!inFile.ok) {
      return { ok: false, reason: `Its positions ${start}–${end} fall outside its text, which has ${this.fileIndex.codePointLength} characters.` };
    }
    const mapped = this.normalized ? this.normalized.mapRange(inFile.start, inFile.end) : { ...inFile, widened: false };
    if (mapped.start === mapped.end) return { ok: false, reason: 'It covers only white space or line breaks that importing removed.' };
    const inText = this.textIndex.rangeToCodePoints(mapped.start, mapped.end);
    if (!inText.ok) return { ok: false, reason: 'Its positions cannot be carried to the imported text.' };
    return { ok: true, start: inText.start, end: inText.end, widened: mapped.widened };
  }
}

/** Why a file could not be imported. A closed set, so the UI can show the right help per reason. */
export const ImportErrorReason = {
  /** The file has no text (0 bytes, only whitespace, or subtitles without any cue text). */
  empty: 'empty',
  /** The bytes are not text (NUL bytes, many control characters, an image or PDF signature). */
  binary: 'binary',
  /** The file or its decoded text is larger than the `ImportLimits`. */
  tooLarge: 'tooLarge',
  /** The container or its structure is damaged: a truncated zip, a .docx without document.xml. */
  corrupt: 'corrupt',
  /** Accord does not read this type of file (by extension, or an old binary Word document). */
  unsupported: 'unsupported',
  /** A .docx whose declared or actual unzipped size is beyond reason; refused before inflating. */
  zipBomb: 'zipBomb',
  /** The text is not valid UTF-8 (nor UTF-16 with a byte-order mark). */
  encoding: 'encoding',
} as const;
export type ImportErrorReason = (typeof ImportErrorReason)[keyof typeof ImportErrorReason];

/**
 * The one error type of transcript import. The message starts with the file name and tells the
 * researcher what to do, so the import dialog can show it as is, one line per file.
 *
 * @example
 * throw new ImportError('empty', 'P07.txt', 'the file is empty. Check that you picked the right file.');
 * // message: "P07.txt: the file is empty. Check that you picked the right file."
 */
export class ImportError extends Error {
  readonly reason: ImportErrorReason;
  readonly fileName: string;

  constructor(reason: ImportErrorReason, fileName: string, detail: string, options?: { cause?: unknown }) {
    super(`${fileName}: ${detail}`, options);
    this.name = 'ImportError';
    this.reason = reason;
    this.fileName = fileName;
  }
}

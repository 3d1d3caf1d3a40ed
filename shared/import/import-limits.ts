/** Size limits for one imported file; every field is optional and falls back to `defaultImportLimits`. */
export interface ImportLimits {
  /** Largest file accepted, in bytes (the .docx itself, not its contents). */
  readonly maxBytes?: number;
  /** Largest decoded text accepted, in UTF-16 code units (JavaScript string length). */
  readonly maxChars?: number;
  /** Largest `word/document.xml` a .docx may unzip to, in bytes: declared and actual. */
  readonly maxUnzippedBytes?: number;
}

const mebibyte = 1024 * 1024;

/**
 * Generous for interview transcripts (a two-hour interview is ~150,000 characters) while keeping
 * one import within a browser tab's memory.
 */
export const defaultImportLimits: Readonly<Required<ImportLimits>> = Object.freeze({
  maxBytes: 20 * mebibyte,
  maxChars: 5_000_000,
  maxUnzippedBytes: 64 * mebibyte,
});

/**
 * Fills in the defaults for the fields the caller left out.
 *
 * @example
 * resolveImportLimits({ maxBytes: 1024 }); // { maxBytes: 1024, maxChars: 5_000_000, maxUnzippedBytes: 67108864 }
 */
export function resolveImportLimits(limits: ImportLimits = {}): Required<ImportLimits> {
  return {
    maxBytes: limits.maxBytes ?? defaultImportLimits.maxBytes,
    maxChars: limits.maxChars ?? defaultImportLimits.maxChars,
    maxUnzippedBytes: limits.maxUnzippedBytes ?? defaultImportLimits.maxUnzippedBytes,
  };
}

/**
 * Sizes for messages to researchers, in binary units as most file managers show them.
 *
 * @example
 * formatByteSize(2048);             // '2 KB'
 * formatByteSize(1.5 * 1024 * 1024); // '1.5 MB'
 */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < mebibyte) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / mebibyte).toFixed(bytes < 10 * mebibyte ? 1 : 0)} MB`;
}

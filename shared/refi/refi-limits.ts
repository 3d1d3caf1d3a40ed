import { formatByteSize } from '../import/import-limits.ts';

/** Size limits for reading one REFI-QDA file; every field is optional and falls back to `defaultRefiLimits`. */
export interface RefiLimits {
  /** Largest file accepted, in bytes (the `.qdpx` or `.qdc` itself). */
  readonly maxBytes?: number;
  /** Most entries a `.qdpx` zip directory may list. */
  readonly maxEntries?: number;
  /** Most bytes inflated from one `.qdpx` in all (`project.qde` and the text files it names), declared and actual. */
  readonly maxUnzippedBytes?: number;
  /** Largest XML document parsed (`project.qde` or a `.qdc`), in bytes. */
  readonly maxXmlBytes?: number;
  /** Most elements in one XML document. */
  readonly maxElements?: number;
  /** Deepest element nesting (a code tree is the deepest part of a real project). */
  readonly maxDepth?: number;
  /** Longest text source, in UTF-16 code units; longer ones are skipped (Accord's own import limit). */
  readonly maxSourceChars?: number;
}

const mebibyte = 1024 * 1024;

/**
 * Generous for real projects (a 17-document project with 6,000 codings has a `project.qde` of a few
 * MB), while keeping one import within a browser tab's memory.
 */
export const defaultRefiLimits: Readonly<Required<RefiLimits>> = Object.freeze({
  maxBytes: 200 * mebibyte,
  maxEntries: 20_000,
  maxUnzippedBytes: 512 * mebibyte,
  maxXmlBytes: 128 * mebibyte,
  maxElements: 2_000_000,
  maxDepth: 256,
  maxSourceChars: 5_000_000,
});

/**
 * Fills in the defaults for the fields the caller left out.
 *
 * @example
 * resolveRefiLimits({ maxBytes: 1024 }).maxEntries // 20000
 */
export function resolveRefiLimits(limits: RefiLimits = {}): Required<RefiLimits> {
  const resolved = { ...defaultRefiLimits };
  for (const key of Object.keys(defaultRefiLimits) as (keyof RefiLimits)[]) {
    const value = limits[key];
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}

/**
 * A size and the limit it passes, as a refusal shows them: rounded (`formatByteSize`), unless
 * rounding makes the two read the same ("64 MB, more than the 64 MB"); then in exact bytes.
 *
 * @example
 * formatOverLimit(65 * 2 ** 20, 64 * 2 ** 20)     // { size: '65 MB', limit: '64 MB' }
 * formatOverLimit(64 * 2 ** 20 + 1, 64 * 2 ** 20) // { size: '67,108,865 bytes', limit: '67,108,864 bytes (64 MB)' }
 */
export function formatOverLimit(size: number, limit: number): { readonly size: string; readonly limit: string } {
  const rounded = { size: formatByteSize(size), limit: formatByteSize(limit) };
  if (rounded.size !== rounded.limit) return rounded;
  const exact = (bytes: number) => `${bytes.toLocaleString('en-US')} bytes`;
  return { size: exact(size), limit: limit < 1024 ? exact(limit) : `${exact(limit)} (${rounded.limit})` };
}

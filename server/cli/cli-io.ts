/**
 * What the CLI touches of the outside world; `main.ts` wires the real process (`nodeIo()`), tests
 * pass fakes for files and real ones (`nodeIo()`'s) for the network. The parts after `stderr` are
 * optional so a caller that runs only `history` or `pathways` passes just the three it needs; a
 * command that needs a missing part says so (`requireIo`).
 */
export type CliIo = {
  /** A file's text (UTF-8). */
  readonly readFile: (path: string) => Promise<string>;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** A file's bytes (a `.qdpx` is a zip). */
  readonly readBytes?: (path: string) => Promise<Uint8Array>;
  /** Creates or replaces a file. */
  readonly writeFile?: (path: string, bytes: Uint8Array) => Promise<void>;
  /** Moves a file over another (atomic on one file system). */
  readonly rename?: (from: string, to: string) => Promise<void>;
  /** Deletes a file if it exists. */
  readonly removeFile?: (path: string) => Promise<void>;
  /** The environment (`ACCORD_URL`, `ACCORD_TOKEN`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
};

/**
 * One optional part of the io, or a programming error naming it (a caller wired the CLI without it).
 *
 * @example
 * const fetchFn = requireIo(io, 'fetch');
 */
export function requireIo<K extends Exclude<keyof CliIo, 'readFile' | 'stdout' | 'stderr'>>(io: CliIo, part: K): NonNullable<CliIo[K]> {
  const value = io[part];
  if (value === undefined) throw new Error(`the CLI was started without io.${part}`);
  return value as NonNullable<CliIo[K]>;
}

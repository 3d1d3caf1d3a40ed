import { RefiError } from './refi-error.ts';

/** Where a source's `plainTextPath` leads. */
export type SourcePath =
  | { readonly kind: 'entry'; readonly entry: string }
  /** A file outside the archive, or one the archive lacks: the source is skipped with `reason`. */
  | { readonly kind: 'unavailable'; readonly reason: string };

/**
 * Finds the archive entry a source path names, as the REFI-QDA standard and real exports spell it:
 * - `internal://<file>`: a file in the archive's `sources/` folder. NVivo writes the folder as
 *   `Sources/`, MAXQDA as `sources/`; the match is tried exactly, then ignoring case.
 * - `relative://<file>`: relative to the project's `basePath`, outside the archive. ATLAS.ti writes
 *   such paths without a `basePath` while putting the files in the archive, so the archive is
 *   looked in first, as for `internal://`.
 * - a path without a scheme: relative to the archive, then to its `sources/` folder.
 * - `absolute://`, `file://` and absolute paths: files on the exporting computer, never read.
 * Percent-encoded names (`my%20file.txt`) are tried decoded too. A `..` segment is refused
 * (`RefiError('unsafePath')`): a path escaping the archive is never followed, even to look.
 *
 * @example
 * const lookup = new EntryLookup(['project.qde', 'Sources/ABC.txt'], '');
 * resolveSourcePath('internal://ABC.txt', lookup, null, 'study.qdpx') // { kind: 'entry', entry: 'Sources/ABC.txt' }
 */
export function resolveSourcePath(path: string, lookup: EntryLookup, basePath: string | null, fileName: string): SourcePath {
  const raw = path.trim().replace(/\\/g, '/');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(raw)?.[1]?.toLowerCase() ?? null;
  const rest = scheme === null ? raw : raw.slice(scheme.length + 3);
  if (escapesArchive(rest)) {
    throw new RefiError('unsafePath', `${fileName}: a source path ("${path}") points outside the archive, so the project was not opened.`);
  }
  if (scheme === 'absolute' || scheme === 'file' || (scheme === null && (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)))) {
    return { kind: 'unavailable', reason: `Its text is a file on the computer that exported it (${path}), not inside the .qdpx; export the project with its sources embedded.` };
  }
  if (scheme !== null && scheme !== 'internal' && scheme !== 'relative') {
    return { kind: 'unavailable', reason: `Its text is at "${path}", a kind of path Accord does not read.` };
  }
  const file = rest.replace(/^\/+/, '');
  const names = unique([file, safeDecode(file)]);
  const candidates = names.flatMap((name) => (scheme === null ? [name, `sources/${name}`] : [`sources/${name}`, name]));
  const entry = lookup.find(candidates);
  if (entry !== null) return { kind: 'entry', entry };
  if (scheme === 'relative') {
    return {
      kind: 'unavailable',
      reason: `Its text is a file next to the project${basePath ? ` (in ${basePath})` : ''}, not inside the .qdpx (${path}); export the project with its sources embedded.`,
    };
  }
  return { kind: 'unavailable', reason: `Its text file (${path}) is missing from the archive.` };
}

/** Archive entry names, looked up exactly, then ignoring case (when that is unambiguous), under a root folder. */
export class EntryLookup {
  private readonly exact: ReadonlySet<string>;
  private readonly folded = new Map<string, string | null>();

  constructor(
    names: Iterable<string>,
    /** The folder holding `project.qde` ('' at the top, or `MyProject/` when the export was zipped with its folder). */
    private readonly root: string,
  ) {
    this.exact = new Set(names);
    for (const name of this.exact) {
      const key = name.toLowerCase();
      // Two names differing only in case: ambiguous, so neither is found by folding.
      this.folded.set(key, this.folded.has(key) ? null : name);
    }
  }

  find(candidates: readonly string[]): string | null {
    for (const candidate of candidates) if (this.exact.has(this.root + candidate)) return this.root + candidate;
    for (const candidate of candidates) {
      const found = this.folded.get((this.root + candidate).toLowerCase());
      if (found) return found;
    }
    return null;
  }
}

/**
 * Whether a path has a `..` segment, as written or once percent-decoded: `../x`, `%2E%2E/x`, and
 * `..%2Fx` or `..%5Cx` (the separator itself encoded). Dots and separators are ASCII, so only ASCII
 * escapes are decoded, each on its own: a malformed escape elsewhere in the path cannot hide one.
 */
function escapesArchive(path: string): boolean {
  const decoded = path.replace(/%([0-7][0-9A-Fa-f])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\/g, '/');
  return [path, decoded].some((p) => p.split('/').some((segment) => segment === '..'));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded after all: the raw name is the one to look for
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

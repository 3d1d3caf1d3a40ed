import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { formatByteSize } from '../import/import-limits.ts';
import { RefiError } from './refi-error.ts';
import { formatOverLimit } from './refi-limits.ts';

/**
 * The zip side of reading a `.qdpx`, with the defences of `.docx` import (`shared/import/docx-archive.ts`)
 * extended to many entries:
 * 1. the central directory is read without inflating anything; the archive is refused when it lists
 *    more than `maxEntries` entries, an entry name that could escape a folder (`..`, `/x`, `C:`),
 *    or the same name twice;
 * 2. before inflating the entries a reader asks for, their declared sizes are checked against the
 *    total budget, and any entry over 10 MB compressed more than 200:1 is refused as a zip bomb;
 * 3. entries are then inflated in small steps while counting, and refused as soon as one grows past
 *    its declared size (a lying header) or the total passes the budget. Entries not asked for (media
 *    files, rich text) are never inflated.
 */

/** Above this size, a compression ratio beyond `maxCompressionRatio` is treated as a zip bomb. */
const ratioCheckFromBytes = 10 * 1024 * 1024;
/** XML and plain text compress 3–20:1; 200:1 only happens with crafted or padded content. */
const maxCompressionRatio = 200;
/** Compressed bytes handed to the inflater at a time: DEFLATE's 1032:1 maximum bounds one step to ~4 MB. */
const pushBytes = 4 * 1024;

/** One entry as its central-directory record declares it. */
export interface ArchiveEntry {
  readonly name: string;
  readonly compressedSize: number;
  readonly declaredSize: number;
  readonly compression: number;
}

export interface ArchiveBudget {
  readonly maxEntries: number;
  /** Bytes that may be inflated from this archive in all, over every `inflate` call. */
  readonly maxUnzippedBytes: number;
}

/**
 * A `.qdpx` opened for reading: its entry names, and bounded inflation of the entries asked for.
 *
 * @example
 * const archive = QdpxArchive.open(bytes, 'study.qdpx', { maxEntries: 20_000, maxUnzippedBytes: 512 << 20 });
 * archive.inflate(['project.qde']).get('project.qde') // Uint8Array
 */
export class QdpxArchive {
  private inflatedBytes = 0;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
    private readonly budget: ArchiveBudget,
    readonly entries: ReadonlyMap<string, ArchiveEntry>,
  ) {}

  static open(bytes: Uint8Array, fileName: string, budget: ArchiveBudget): QdpxArchive {
    const entries = new Map<string, ArchiveEntry>();
    try {
      // The filter sees each central-directory record and declines it, so nothing is inflated here.
      unzipSync(bytes, {
        filter: (info) => {
          if (entries.size >= budget.maxEntries) {
            throw new RefiError('zipBomb', `${fileName}: its zip directory lists more than ${budget.maxEntries} files, so it was not opened.`);
          }
          const name = checkEntryName(info.name, fileName);
          if (entries.has(name)) throw new RefiError('unsafePath', `${fileName}: the archive holds two files named "${name}", so it is ambiguous which to read.`);
          entries.set(name, { name, compressedSize: info.size, declaredSize: info.originalSize, compression: info.compression });
          return false;
        },
      });
    } catch (error) {
      if (error instanceof RefiError) throw error;
      throw notZip(bytes, fileName, error);
    }
    return new QdpxArchive(bytes, fileName, budget, entries);
  }

  /**
   * Inflates the named entries (names as listed in `entries`), within the archive's budget.
   * Throws `RefiError('zipBomb')` or `RefiError('notZip')`; never returns a partial entry.
   */
  inflate(names: readonly string[]): Map<string, Uint8Array> {
    const wanted = new Map<string, ArchiveEntry>();
    let declared = 0;
    for (const name of names) {
      const entry = this.entries.get(name);
      if (!entry || wanted.has(name)) continue;
      if (entry.compression !== 0 && entry.compression !== 8) {
        throw new RefiError('notZip', `${this.fileName}: "${name}" is compressed with a method REFI-QDA tools do not use (zip method ${entry.compression}).`);
      }
      if (entry.declaredSize > ratioCheckFromBytes && entry.declaredSize > maxCompressionRatio * entry.compressedSize) {
        throw new RefiError(
          'zipBomb',
          `${this.fileName}: "${name}" is compressed more than ${maxCompressionRatio}:1 (${formatByteSize(entry.compressedSize)} unzipping to ` +
            `${formatByteSize(entry.declaredSize)}), the signature of a "zip bomb", so the project was not opened.`,
        );
      }
      declared += entry.declaredSize;
      wanted.set(name, entry);
    }
    if (this.inflatedBytes + declared > this.budget.maxUnzippedBytes) {
      const sizes = formatOverLimit(this.inflatedBytes + declared, this.budget.maxUnzippedBytes);
      throw new RefiError('zipBomb', `${this.fileName}: its files would unzip to ${sizes.size}, more than the ${sizes.limit} Accord accepts, so the project was not opened.`);
    }
    if (wanted.size === 0) return new Map();
    return this.stream(wanted);
  }

  private stream(wanted: ReadonlyMap<string, ArchiveEntry>): Map<string, Uint8Array> {
    const results = new Map<string, Uint8Array>();
    const chunks = new Map<string, Uint8Array[]>();
    const counts = new Map<string, number>();
    let failure: RefiError | undefined;
    let pending = wanted.size;

    // fflate reports problems through ondata; they are kept here and thrown after push returns,
    // because an exception inside its callbacks would be re-reported through the same callback.
    const unzipper = new Unzip((file) => {
      const name = normalizeEntryName(file.name);
      const entry = wanted.get(name);
      if (!entry || chunks.has(name)) return;
      chunks.set(name, []);
      counts.set(name, 0);
      file.ondata = (error, chunk, final) => {
        if (failure) return;
        if (error) {
          failure = new RefiError('notZip', `${this.fileName}: "${name}" cannot be unzipped (${error.message}); the archive is damaged.`, { cause: error });
          return;
        }
        const count = counts.get(name)! + chunk.length;
        counts.set(name, count);
        this.inflatedBytes += chunk.length;
        if (count > entry.declaredSize || this.inflatedBytes > this.budget.maxUnzippedBytes) {
          failure = new RefiError(
            'zipBomb',
            `${this.fileName}: "${name}" unzips to more than its zip directory declares (or Accord accepts), ` +
              'the signature of a "zip bomb", so the project was not opened.',
          );
          chunks.clear();
          return;
        }
        chunks.get(name)!.push(chunk);
        if (final) {
          if (count !== entry.declaredSize) {
            failure = new RefiError('notZip', `${this.fileName}: "${name}" is incomplete: the archive is damaged or was cut short.`);
            return;
          }
          results.set(name, concatenate(chunks.get(name)!, count));
          chunks.set(name, []);
          pending -= 1;
        }
      };
      file.start();
    });
    unzipper.register(UnzipInflate);
    try {
      for (let offset = 0; offset < this.bytes.length && !failure && pending > 0; offset += pushBytes) {
        const end = Math.min(offset + pushBytes, this.bytes.length);
        unzipper.push(this.bytes.subarray(offset, end), end === this.bytes.length);
      }
    } catch (error) {
      throw new RefiError('notZip', `${this.fileName}: its zip data is damaged or cut short.`, { cause: error });
    }
    if (failure) throw failure;
    if (pending > 0) {
      const missing = [...wanted.keys()].find((name) => !results.has(name));
      throw new RefiError('notZip', `${this.fileName}: "${missing}" is listed in the zip directory but missing from the archive; it is damaged.`);
    }
    return results;
  }
}

/** Zip tools on Windows sometimes write `\` separators. */
function normalizeEntryName(name: string): string {
  return name.replace(/\\/g, '/');
}

/**
 * Refuses entry names that could be written outside a folder by a tool that extracts the archive
 * (zip slip): `..` segments, absolute paths, drive letters, NUL.
 */
function checkEntryName(raw: string, fileName: string): string {
  const name = normalizeEntryName(raw);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\0') || name.split('/').some((segment) => segment === '..')) {
    throw new RefiError('unsafePath', `${fileName}: the archive holds a file named "${raw}", which points outside the archive, so it was not opened.`);
  }
  return name;
}

function notZip(bytes: Uint8Array, fileName: string, cause: unknown): RefiError {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 200)).replace(/^\ufeff/, '').trimStart();
  const hint = head.startsWith('<')
    ? ' It looks like XML: a .qdpx is a zip of project.qde and its sources; export the project again as .qdpx (or import a .qdc as a codebook).'
    : ' Export the project again from the other program as a REFI-QDA project (.qdpx).';
  return new RefiError('notZip', `${fileName}: this is not a readable zip archive, so it is not a .qdpx project.${hint}`, { cause });
}

function concatenate(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const result = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

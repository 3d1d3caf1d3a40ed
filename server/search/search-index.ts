import type { TranscriptUnit } from '../../shared/model/transcript.ts';
import type { SearchQuery } from './search-query.ts';
import type { TranscriptChunk } from './transcript-chunks.ts';

/** A hit as the index finds it: [start, end) in the document's transcript, and the row it is in. */
export interface IndexHit {
  readonly documentId: string;
  readonly start: number;
  readonly end: number;
  /** The row the hit was found in (for its context, `rows`). */
  readonly rowId: number;
}

/** A stored row: a stretch of a transcript at its offset (see `TranscriptChunk`). */
export interface IndexRow extends TranscriptChunk {
  readonly documentId: string;
}

/** Lets long index work give the event loop back, and stop early when its document was deleted. */
export interface IndexWork {
  /** Resolves at once, or after letting other work run when this work has held the loop long enough. */
  yieldIfDue(): Promise<void>;
  /** True once the work is no longer wanted (its document or project was deleted, or the server is closing). */
  cancelled(): boolean;
  /**
   * True when it was cancelled only because the server is closing: rows already written then stay
   * (a newer generation replaces them at the next start), where a deletion must remove them now —
   * removing a long transcript's rows securely can take longer than a shutdown may.
   */
  closing?(): boolean;
}

export class SearchIndexError extends Error {
  constructor(
    readonly reason: 'query' | 'unavailable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SearchIndexError';
  }
}

/**
 * Full-text index of the projects' transcripts: case- and accent-insensitive words, phrases and
 * word prefixes (`search-query.ts`), with exact character offsets into the transcript text.
 * Derived data only: it can always be rebuilt from the `text:` rooms. The SQLite implementation
 * (FTS5) lives in the server's own database; a PostgreSQL one would implement the same methods.
 */
export interface SearchIndex {
  /** Every indexed document of every project, with the fingerprint of the text it was built from. */
  indexedDocuments(): Promise<{ projectId: string; documentId: string; fingerprint: string }[]>;
  /** The fingerprint a document was indexed with, or null when it is not in the index. */
  fingerprintOf(projectId: string, documentId: string): Promise<string | null>;
  /**
   * Replaces a document's rows by `chunks`. Readers see the old rows or the new ones, never a mix.
   * Returns false when `work` was cancelled (whatever was written of the new rows is removed).
   */
  replaceDocument(projectId: string, documentId: string, fingerprint: string, chunks: readonly TranscriptChunk[], work: IndexWork): Promise<boolean>;
  /**
   * Indexes a transcript as its rows (`transcript-chunks.ts`) unless the index already holds this
   * very text: 'unchanged', 'indexed', or 'cancelled' when `work` was (see `replaceDocument`).
   */
  indexTranscript(projectId: string, documentId: string, text: string, units: readonly TranscriptUnit[], work: IndexWork): Promise<'unchanged' | 'indexed' | 'cancelled'>;
  /** Removes every row of a document, its text included, for good. */
  removeDocument(projectId: string, documentId: string): Promise<void>;
  /** Removes every row of a project. */
  removeProject(projectId: string): Promise<void>;
  /**
   * Housekeeping between writes (SQLite: merging FTS5 segments), in small steps; stops early when
   * `work` is cancelled. Resolves true once there is nothing left to do.
   */
  tidy(work: IndexWork): Promise<boolean>;
  /** Every hit of `query` in the project's documents, in no particular order. Throws `SearchIndexError` ('query') for a query the index cannot run. */
  search(projectId: string, query: SearchQuery, work: IndexWork): Promise<IndexHit[]>;
  /** The rows with these ids (for the context of hits); missing ids are left out. */
  rows(projectId: string, rowIds: readonly number[]): Promise<Map<number, IndexRow>>;
  close(): Promise<void>;
}

import fs from 'node:fs';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import type { TranscriptUnit } from '../../shared/model/transcript.ts';
import { SearchIndexError, type IndexHit, type IndexRow, type IndexWork, type SearchIndex } from './search-index.ts';
import type { SearchQuery, SearchTerm } from './search-query.ts';
import { transcriptChunks, type TranscriptChunk } from './transcript-chunks.ts';

/**
 * The search index in a SQLite database of its own (`DATA_DIR/search.sqlite`, derived data,
 * rebuilt from the transcripts where missing): an FTS5 table, tokenizer `unicode61 remove_diacritics 2`, over the rows of
 * `search_rows` (external content), one row per transcript unit (`transcript-chunks.ts`).
 *
 * - Each row keeps its offset into the transcript, so a hit found by `highlight()` in a row is an
 *   exact [start, end) of the transcript text.
 * - A project is a token of its own in the `scope` column: a query runs only over the project's
 *   rows (`scope : "…" AND body : (…)`), whatever else the index holds.
 * - A document's rows carry a generation; `search_documents` names the current one. Re-indexing
 *   writes the new generation, switches to it in one statement, then deletes the old one, each in
 *   short transactions with the event loop served between them: readers never see a mix.
 * - FTS5's `secure-delete` is on and so is SQLite's `secure_delete` on this connection: deleting a
 *   document's rows removes its words from the index and overwrites its text, and the removal ends
 *   with a checkpoint that empties the write-ahead log, so a deleted transcript leaves nothing in
 *   the index's files.
 * - Its own file, not `accord.sqlite`: the index's bulk writes (a 1.4-million-character transcript
 *   is thousands of FTS rows) held the database's one write lock and grew its write-ahead log, so
 *   the document store's commits, and every room's broadcast behind them, waited (bench/compare
 *   20x10 per-delivery p99 42 ms in the same file, 16–18 ms apart).
 * - FTS5 merges its segments in small steps when the indexer has nothing else to do (`tidy`: a
 *   few pages at a time, the loop served in between), not inside an insert (`automerge` off,
 *   `crisismerge` out of reach): a merge of large segments would otherwise hold the event loop
 *   for as long as it takes.
 */
const schema = `
CREATE TABLE IF NOT EXISTS search_documents (
  project_id TEXT NOT NULL, document_id TEXT NOT NULL, generation INTEGER NOT NULL, fingerprint TEXT NOT NULL,
  PRIMARY KEY (project_id, document_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_rows (
  id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, project_id TEXT NOT NULL, document_id TEXT NOT NULL,
  generation INTEGER NOT NULL, start INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS search_rows_document ON search_rows (project_id, document_id, generation);
CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(
  body, scope, content = 'search_rows', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS search_rows_inserted AFTER INSERT ON search_rows BEGIN
  INSERT INTO search_text (rowid, body, scope) VALUES (new.id, new.body, new.scope);
END;
CREATE TRIGGER IF NOT EXISTS search_rows_deleted AFTER DELETE ON search_rows BEGIN
  INSERT INTO search_text (search_text, rowid, body, scope) VALUES ('delete', old.id, old.body, old.scope);
END;
`;

/**
 * A re-index whose changed rows (deleted plus inserted) hold at most this many characters edits
 * the current generation in one transaction instead of writing a new one: corrections re-write
 * the turns they touched, not the transcript (a 1.4 MB transcript edited live was re-written in
 * full every few seconds). Larger changes (an import, a rewrite) take the sliced path.
 */
const maxCharactersEditedInPlace = 64 * 1024;

/** How long one write transaction may run before the event loop gets a turn. */
const sliceMs = 4;
/** Pages one merge step writes. */
const mergePages = 32;
/** Rows highlighted per statement while reading hits (then the loop may get a turn). */
const highlightBatch = 1000;

/** A project's token in the `scope` column: one unicode61 token, whatever the project id holds. */
export function scopeToken(projectId: string): string {
  return `p${crypto.createHash('sha256').update(projectId).digest('hex').slice(0, 32)}`;
}

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
const term = (t: SearchTerm) => `${quoted(t.text)}${t.prefix ? ' *' : ''}`;

/** The FTS5 expression for a query in a project; every term is quoted text, never syntax. */
export function matchExpression(projectId: string, query: SearchQuery): string {
  const body = query.anyOf.map((all) => `(${all.map(term).join(' AND ')})`).join(' OR ');
  return `scope : ${quoted(scopeToken(projectId))} AND body : (${body})`;
}

/** The hits `highlight()` marked in a row: U+0001 opens one, U+0002 closes it (the row text holds neither). */
export function markedSpans(marked: string): [number, number][] {
  const spans: [number, number][] = [];
  // Offsets in the row's own text: every marker before a position shifts it by one.
  let markers = 0;
  for (let open = marked.indexOf('\u0001'); open >= 0; open = marked.indexOf('\u0001', open + 1)) {
    const close = marked.indexOf('\u0002', open + 1);
    if (close < 0) break;
    const start = open - markers;
    const end = close - markers - 1;
    if (end > start) spans.push([start, end]);
    markers += 2;
    open = close;
  }
  return spans;
}

/** Which text a document was indexed from: its transcript and units (a stored room that changed neither needs no work). */
export function transcriptFingerprint(text: string, units: readonly TranscriptUnit[]): string {
  return crypto.createHash('sha256').update(text).update('\u0000').update(JSON.stringify(units)).digest('base64url');
}

/** The index's file in the data directory. */
export const searchIndexFileName = 'search.sqlite';

/**
 * Before the index had a file of its own its tables were in `accord.sqlite` (`legacyFile`); they
 * are dropped there, text and all (secure_delete, then a checkpoint that empties the log), the
 * first time a server starts with this code. Returns whether there was anything to drop.
 */
export function dropLegacySearchTables(legacyFile: string): boolean {
  if (!fs.existsSync(legacyFile)) return false;
  const db = new Database(legacyFile, { fileMustExist: true });
  try {
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN ('search_rows', 'search_text', 'search_documents')").get() === undefined) return false;
    db.pragma('busy_timeout = 5000');
    db.pragma('secure_delete = ON');
    db.transaction(() => db.exec('DROP TABLE IF EXISTS search_text; DROP TABLE IF EXISTS search_rows; DROP TABLE IF EXISTS search_documents;')).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  } finally {
    db.close();
  }
}

export function createSqliteSearchIndex(file: string): SearchIndex {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten, not just unlinked: a deleted transcript's text must go.
  db.pragma('secure_delete = ON');
  // Derived data: a commit need not wait for its own fsync (the next fsync of the log, or the
  // checkpoint of a deletion, writes it); whatever a crash loses is re-indexed at start-up.
  db.pragma('synchronous = NORMAL');
  db.exec(schema);
  db.exec("INSERT INTO search_text (search_text, rank) VALUES ('secure-delete', 1)");
  db.exec("INSERT INTO search_text (search_text, rank) VALUES ('automerge', 0)");
  db.exec("INSERT INTO search_text (search_text, rank) VALUES ('crisismerge', 1000)");

  const selectDocuments = db.prepare<[], { project_id: string; document_id: string; fingerprint: string }>('SELECT project_id, document_id, fingerprint FROM search_documents');
  const selectDocument = db.prepare<[string, string], { generation: number; fingerprint: string }>('SELECT generation, fingerprint FROM search_documents WHERE project_id = ? AND document_id = ?');
  const selectMaxGeneration = db.prepare<[string, string], { generation: number | null }>('SELECT MAX(generation) AS generation FROM search_rows WHERE project_id = ? AND document_id = ?');
  const insertRow = db.prepare<[string, string, string, number, number, string]>('INSERT INTO search_rows (scope, project_id, document_id, generation, start, body) VALUES (?, ?, ?, ?, ?, ?)');
  const upsertDocument = db.prepare<[string, string, number, string]>(
    'INSERT INTO search_documents (project_id, document_id, generation, fingerprint) VALUES (?, ?, ?, ?) ON CONFLICT (project_id, document_id) DO UPDATE SET generation = excluded.generation, fingerprint = excluded.fingerprint',
  );
  const deleteDocument = db.prepare<[string, string]>('DELETE FROM search_documents WHERE project_id = ? AND document_id = ?');
  const deleteProjectDocuments = db.prepare<[string]>('DELETE FROM search_documents WHERE project_id = ?');
  const selectRowIdsExcept = db.prepare<[string, string, number], { id: number }>('SELECT id FROM search_rows WHERE project_id = ? AND document_id = ? AND generation <> ?');
  const selectRowIdsOf = db.prepare<[string, string, number], { id: number }>('SELECT id FROM search_rows WHERE project_id = ? AND document_id = ? AND generation = ?');
  const selectDocumentRowIds = db.prepare<[string, string], { id: number }>('SELECT id FROM search_rows WHERE project_id = ? AND document_id = ?');
  const selectProjectRowIds = db.prepare<[string], { id: number }>('SELECT id FROM search_rows WHERE project_id = ?');
  const deleteRow = db.prepare<[number]>('DELETE FROM search_rows WHERE id = ?');
  const selectCurrentRows = db.prepare<[string, string, number], StoredRow>('SELECT id, start, body FROM search_rows WHERE project_id = ? AND document_id = ? AND generation = ? ORDER BY start');
  const updateStart = db.prepare<[number, number]>('UPDATE search_rows SET start = ? WHERE id = ?');
  const updateFingerprint = db.prepare<[string, string, string]>('UPDATE search_documents SET fingerprint = ? WHERE project_id = ? AND document_id = ?');
  const selectMatches = db.prepare<[string], { rowid: number }>('SELECT rowid FROM search_text WHERE search_text MATCH ? ORDER BY rowid');
  // Only rows of the document's current generation, of this project (the scope token already says so; this makes it exact).
  const selectMarked = db.prepare<{ match: string; projectId: string; low: number; high: number }, { id: number; document_id: string; start: number; marked: string }>(`
    SELECT r.id, r.document_id, r.start, highlight(search_text, 0, char(1), char(2)) AS marked
    FROM search_text
    JOIN search_rows r ON r.id = search_text.rowid
    JOIN search_documents d ON d.project_id = r.project_id AND d.document_id = r.document_id AND d.generation = r.generation
    WHERE search_text MATCH @match AND search_text.rowid BETWEEN @low AND @high AND r.project_id = @projectId`);
  const mergeStep = db.prepare(`INSERT INTO search_text (search_text, rank) VALUES ('merge', ${mergePages})`);
  const totalChanges = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
  const selectRows = db.prepare<[string, string], { id: number; document_id: string; start: number; body: string }>(
    'SELECT id, document_id, start, body FROM search_rows WHERE project_id = ? AND id IN (SELECT value FROM json_each(?))',
  );

  /**
   * Copies every page into the file and empties the write-ahead log, where the deleted rows' old
   * page images would otherwise remain. This connection is the file's only one, so nothing holds
   * the log back.
   */
  const purge = () => db.pragma('wal_checkpoint(TRUNCATE)');

  const guard = async <T>(work: () => Promise<T> | T): Promise<T> => {
    if (!db.open) throw new SearchIndexError('unavailable', 'the search index is closed');
    try {
      return await work();
    } catch (error) {
      if (error instanceof SearchIndexError) throw error;
      if (error instanceof Database.SqliteError) throw new SearchIndexError('unavailable', `SQLite: ${error.message}`, { cause: error });
      throw error;
    }
  };

  /**
   * Runs `each` over `items` in transactions of at least `minBatch` items and otherwise about
   * `sliceMs`, with the loop served between them (`yieldIfDue`, else a turn after each one); stops
   * early only when `cancelled` says so. The minimum keeps a transaction worth its commit when the
   * machine is so busy that the clock runs out after one item (each commit rewrites the index
   * pages its rows touched).
   */
  async function sliced<T>(items: readonly T[], each: (item: T) => void, minBatch: number, work: Partial<IndexWork> = {}): Promise<boolean> {
    let i = 0;
    while (i < items.length) {
      if (work.cancelled?.()) return false;
      const deadline = performance.now() + sliceMs;
      const first = i;
      db.transaction(() => {
        do each(items[i++]!);
        while (i < items.length && (i - first < minBatch || performance.now() < deadline));
      })();
      if (work.yieldIfDue) await work.yieldIfDue();
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return true;
  }

  /**
   * Merges the index's segments a step at a time until no level has several left (FTS5 tells so
   * by a step that changes less than two rows), with the loop served between steps.
   */
  async function merge(work: IndexWork): Promise<boolean> {
    for (;;) {
      if (work.cancelled()) return false;
      const before = totalChanges.get()!.n;
      mergeStep.run();
      if (totalChanges.get()!.n - before < 2) return true;
      await work.yieldIfDue();
    }
  }

  /** `work`'s pace without its cancelling: for steps that must finish once begun. */
  const uncancelled = (work?: IndexWork): IndexWork => ({ yieldIfDue: () => (work ? work.yieldIfDue() : new Promise<void>((resolve) => setImmediate(resolve))), cancelled: () => false });

  /** Deletes rows for good: never cancelled, only sliced. */
  const deleteRows = (ids: readonly number[], work?: IndexWork) => sliced(ids, (id) => deleteRow.run(id), 8, work && { yieldIfDue: () => work.yieldIfDue() });
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

  return {
    indexedDocuments: () => guard(() => selectDocuments.all().map((r) => ({ projectId: r.project_id, documentId: r.document_id, fingerprint: r.fingerprint }))),
    fingerprintOf: (projectId, documentId) => guard(() => selectDocument.get(projectId, documentId)?.fingerprint ?? null),

    replaceDocument: (projectId, documentId, fingerprint, chunks: readonly TranscriptChunk[], work) =>
      guard(async () => {
        if (work.cancelled()) return false;
        const current = selectDocument.get(projectId, documentId);
        if (current) {
          const edit = rowEdit(selectCurrentRows.all(projectId, documentId, current.generation), chunks);
          if (edit.characters <= maxCharactersEditedInPlace) {
            // One transaction: readers see the old rows or the new ones, never a mix.
            const scope = scopeToken(projectId);
            db.transaction(() => {
              for (const id of edit.deleted) deleteRow.run(id);
              for (const chunk of edit.inserted) insertRow.run(scope, projectId, documentId, current.generation, chunk.start, chunk.text);
              for (const { id, start } of edit.moved) updateStart.run(start, id);
              updateFingerprint.run(fingerprint, projectId, documentId);
            })();
            return true;
          }
        }
        // Above any generation left behind by an interrupted run, so old rows can never become current.
        const generation = Math.max(selectDocument.get(projectId, documentId)?.generation ?? 0, selectMaxGeneration.get(projectId, documentId)?.generation ?? 0) + 1;
        const scope = scopeToken(projectId);
        const written = await sliced(chunks, (chunk) => insertRow.run(scope, projectId, documentId, generation, chunk.start, chunk.text), 32, work);
        // Checked again in the same turn as the switch: a deletion that began meanwhile wins.
        if (!written || work.cancelled()) {
          if (!work.closing?.()) await deleteRows(ids(selectRowIdsOf.all(projectId, documentId, generation)), work);
          return false;
        }
        upsertDocument.run(projectId, documentId, generation, fingerprint);
        // The new rows' small segments merged first: deleting securely across many segments costs
        // some twenty times as much (measured: 400 ms of CPU for a 60,000-character transcript, else 20).
        await merge(uncancelled(work));
        await deleteRows(ids(selectRowIdsExcept.all(projectId, documentId, generation)), work);
        return true;
      }),

    async indexTranscript(projectId, documentId, text, units, work) {
      const fingerprint = transcriptFingerprint(text, units);
      if ((await this.fingerprintOf(projectId, documentId)) === fingerprint) return 'unchanged';
      return (await this.replaceDocument(projectId, documentId, fingerprint, transcriptChunks(text, units), work)) ? 'indexed' : 'cancelled';
    },

    removeDocument: (projectId, documentId) =>
      guard(async () => {
        // Unlisted first, so no reader finds the document while its rows go.
        deleteDocument.run(projectId, documentId);
        await merge(uncancelled());
        await deleteRows(ids(selectDocumentRowIds.all(projectId, documentId)));
        purge();
      }),

    removeProject: (projectId) =>
      guard(async () => {
        deleteProjectDocuments.run(projectId);
        await merge(uncancelled());
        await deleteRows(ids(selectProjectRowIds.all(projectId)));
        purge();
      }),

    search: (projectId, query, work) =>
      guard(async () => {
        const match = matchExpression(projectId, query);
        let rowIds: number[];
        try {
          rowIds = selectMatches.all(match).map((r) => r.rowid);
        } catch (error) {
          if (error instanceof Database.SqliteError) throw new SearchIndexError('query', error.message, { cause: error });
          throw error;
        }
        const hits: IndexHit[] = [];
        for (let i = 0; i < rowIds.length; i += highlightBatch) {
          const batch = rowIds.slice(i, i + highlightBatch);
          for (const row of selectMarked.all({ match, projectId, low: batch[0]!, high: batch.at(-1)! })) {
            for (const [s, e] of markedSpans(row.marked)) hits.push({ documentId: row.document_id, start: row.start + s, end: row.start + e, rowId: row.id });
          }
          await work.yieldIfDue();
        }
        return hits;
      }),

    tidy: (work) => guard(() => merge(work)),

    rows: (projectId, rowIds) =>
      guard(() => {
        const rows = new Map<number, IndexRow>();
        for (const r of selectRows.all(projectId, JSON.stringify(rowIds))) rows.set(r.id, { documentId: r.document_id, start: r.start, text: r.body });
        return rows;
      }),

    close: async () => {
      if (db.open) db.close();
    },
  };
}

interface StoredRow {
  readonly id: number;
  readonly start: number;
  readonly body: string;
}

/** How a document's stored rows become `chunks`: rows to delete, chunks to insert, rows whose text only moved. */
export interface RowEdit {
  readonly deleted: number[];
  /** The characters of the rows deleted and inserted: what the edit costs the index. */
  readonly characters: number;
  readonly inserted: TranscriptChunk[];
  readonly moved: { id: number; start: number }[];
}

/**
 * The rows an edit touches: a chunk whose text some stored row already holds keeps that row's
 * index entry (only its offset changes, if it moved); the other chunks are inserted and the rows
 * nobody kept are deleted. Corrections in a few turns of a long transcript touch a few rows,
 * wherever they are. Rows holding the same text (a repeated "Yes.") are kept in order.
 */
export function rowEdit(stored: readonly StoredRow[], chunks: readonly TranscriptChunk[]): RowEdit {
  const byBody = new Map<string, StoredRow[]>();
  for (const row of stored) {
    const same = byBody.get(row.body);
    if (same) same.push(row);
    else byBody.set(row.body, [row]);
  }
  const inserted: TranscriptChunk[] = [];
  const moved: { id: number; start: number }[] = [];
  const kept = new Set<number>();
  let characters = 0;
  for (const chunk of chunks) {
    const row = byBody.get(chunk.text)?.shift();
    if (!row) {
      inserted.push(chunk);
      characters += chunk.text.length;
      continue;
    }
    kept.add(row.id);
    if (row.start !== chunk.start) moved.push({ id: row.id, start: chunk.start });
  }
  const deleted: number[] = [];
  for (const row of stored) {
    if (kept.has(row.id)) continue;
    deleted.push(row.id);
    characters += row.body.length;
  }
  return { deleted, characters, inserted, moved };
}

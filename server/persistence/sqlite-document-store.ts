import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentStore, LogSize, RoomSelector, StoredLog } from './document-store.ts';
import { toHistoryEvent } from './history.ts';
import { createHistoryTable } from './sqlite-history.ts';
import { sqliteUpdatesTable } from './migrations-updates-by-rowid.ts';
import { configureConnection, healthProbeWrite, roomRangeCondition, roomRangeParams, closedStoreError, toStoreError, type RoomRangeParams, type WriteRequest, type WriteResult } from './sqlite-writer.ts';
import { createInThreadWriter } from './sqlite-writer-in-thread.ts';
import { createSqliteWriterThread, type WriterThreadHooks } from './sqlite-writer-thread.ts';

/**
 * SQLite store: one `updates` table holding every room's append-only log (its layout:
 * `migrations-updates-by-rowid.ts`).
 *
 * WAL mode with `synchronous = FULL`: a commit is fsynced before `appendUpdates` resolves, so an
 * accepted update survives `kill -9` and power loss alike. Every write runs on a writer thread with
 * a connection of its own (`sqlite-writer-thread.ts`), so no commit blocks the event loop; the
 * appends that arrive while it commits are committed together, one transaction and one fsync
 * (`sqlite-writer.ts`). Reads stay on this thread's connection: WAL shows them every committed row.
 * A `:memory:` database cannot be shared with another thread: its writes run here, a turn's at once.
 * `hooks` are for tests (to stop the writer thread).
 */
export function createSqliteDocumentStore(file: string, hooks: WriterThreadHooks = {}): DocumentStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  configureConnection(db);
  db.exec(sqliteUpdatesTable);

  createHistoryTable(db);
  db.exec('CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL)');
  // Once at open: SQLite opens a file it cannot write read-only without complaint, and an existing
  // database needs no write to start, so without this a read-only disk would go unnoticed until
  // the first edit failed.
  db.prepare<[string]>(healthProbeWrite).run(new Date().toISOString());
  const writes = file === ':memory:' ? createInThreadWriter(db) : createSqliteWriterThread(file, hooks);
  let closing: Promise<void> | null = null;
  const write = <R extends WriteRequest>(request: R): Promise<WriteResult<R>> => (closing ? Promise.reject(closedStoreError()) : writes.write(request));

  const selectLog = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq',
  );
  const selectSize = db.prepare<[string], { rows: number; bytes: number | null }>(
    'SELECT COUNT(*) AS rows, SUM(LENGTH(data)) AS bytes FROM updates WHERE room = ?',
  );
  const selectLastEvent = db.prepare<[string], { seq: number }>('SELECT seq FROM history WHERE project_id = ? ORDER BY seq DESC LIMIT 1');
  const selectRoom = db.prepare<[string], { room: string }>('SELECT room FROM updates WHERE room = ? LIMIT 1');
  const selectRoomRange = db.prepare<[RoomRangeParams], { room: string }>(`SELECT DISTINCT room FROM updates WHERE ${roomRangeCondition}`);

  const read = <T>(work: () => T): Promise<T> => {
    if (closing) return Promise.reject(closedStoreError());
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(toStoreError(error));
    }
  };

  return {
    loadUpdates: (room) =>
      read((): StoredLog => {
        const rows = selectLog.all(room);
        return { updates: rows.map((row) => new Uint8Array(row.data)), seqs: rows.map((row) => row.seq), lastSeq: rows.at(-1)?.seq ?? 0 };
      }),
    appendUpdates: (room, updates, history) => write({ kind: 'append', room, updates, history }),
    readHistory: (projectId, query) =>
      read(() => {
        const where = ['project_id = @projectId', 'seq > @afterSeq'];
        if (query.documentId !== undefined) where.push('document_id = @documentId');
        if (query.codeId !== undefined) where.push('code_id = @codeId');
        if (query.userId !== undefined) where.push('user_id = @userId');
        if (query.type !== undefined) where.push('type = @type');
        if (query.since !== undefined) where.push('at >= @since');
        if (query.until !== undefined) where.push('at <= @until');
        const hidden = query.hiddenDocuments && query.hiddenDocuments.documentIds.length > 0 ? query.hiddenDocuments : null;
        if (hidden) where.push('(document_id IS NULL OR document_id NOT IN (SELECT value FROM json_each(@hiddenDocumentIds)) OR user_id = @exceptUserId OR layer = @exceptUserId)');
        const { hiddenDocuments, ...filters } = query;
        void hiddenDocuments;
        const params = { ...filters, projectId, afterSeq: query.afterSeq ?? 0, ...(hidden && { hiddenDocumentIds: JSON.stringify(hidden.documentIds), exceptUserId: hidden.exceptUserId ?? '' }) };
        const rows = db.prepare(`SELECT * FROM history WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`).all(params) as Record<string, unknown>[];
        return rows.map(toHistoryEvent);
      }),
    historyHead: (projectId) => read(() => selectLastEvent.get(projectId)?.seq ?? 0),
    deleteHistory: (projectId) => write({ kind: 'deleteHistory', projectId }),
    compact: (room, merged, rows) => (rows.length === 0 ? read(() => undefined) : write({ kind: 'compact', room, merged, rows })),
    logSize: (room) =>
      read((): LogSize => {
        const row = selectSize.get(room);
        return { rows: row?.rows ?? 0, bytes: row?.bytes ?? 0 };
      }),
    deleteRooms: (selectors) => {
      const invalid = invalidSelector(selectors);
      return invalid ? Promise.reject(invalid) : write({ kind: 'deleteRooms', selectors });
    },
    listRooms: (selectors) => {
      const invalid = invalidSelector(selectors);
      if (invalid) return Promise.reject(invalid);
      return read(() => {
        const names = new Set<string>();
        for (const selector of selectors) {
          const rows = 'room' in selector ? selectRoom.all(selector.room) : selectRoomRange.all(roomRangeParams(selector));
          for (const row of rows) names.add(row.room);
        }
        return [...names].sort();
      });
    },
    ping: () => write({ kind: 'ping' }),
    close: () =>
      (closing ??= (async () => {
        try {
          // Writes already asked for are committed, not dropped.
          await writes.close();
        } finally {
          db.close();
        }
      })()),
  };
}

/** An empty prefix or suffix would select every room: refused, never guessed at. */
function invalidSelector(selectors: readonly RoomSelector[]): RangeError | null {
  for (const selector of selectors) {
    if ('room' in selector) continue;
    if (selector.prefix === '') return new RangeError('A room selector needs a non-empty prefix');
    if (selector.suffix === '') return new RangeError('A room selector’s suffix, when given, must not be empty');
  }
  return null;
}

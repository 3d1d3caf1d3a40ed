import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, type DeletedRooms, type DocumentStore, type LogSize, type RoomHistoryBatch, type RoomSelector, type StoredLog } from './document-store.ts';
import { toHistoryEvent, type HistoryEvent } from './history.ts';
import { createHistoryTable, historyAppender } from './sqlite-history.ts';
import { writeTransaction } from './sqlite-transaction.ts';
import { lastSeqOf, type SeqRange } from './seq-ranges.ts';
import { sqliteUpdatesTable } from './migrations-updates-by-rowid.ts';

/**
 * SQLite store: one `updates` table holding every room's append-only log (its layout:
 * `migrations-updates-by-rowid.ts`).
 *
 * WAL mode with `synchronous = FULL`: a commit is fsynced before `appendUpdates` resolves, so an
 * accepted update survives `kill -9` and power loss alike. The appends of one event-loop turn, of
 * every room, are committed together: one transaction and one fsync.
 */
export function createSqliteDocumentStore(file: string): DocumentStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, not just unlinked: deleting a transcript must delete its text.
  db.pragma('secure_delete = ON');
  db.exec(sqliteUpdatesTable);

  createHistoryTable(db);
  db.exec('CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL)');
  const writeProbe = db.prepare<[string]>('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at');
  // Once at open: SQLite opens a file it cannot write read-only without complaint, and an existing
  // database needs no write to start, so without this a read-only disk would go unnoticed until
  // the first edit failed.
  writeProbe.run(new Date().toISOString());
  const selectLog = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq',
  );
  const selectLastSeq = db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM updates WHERE room = ?');
  const insert = db.prepare<[string, number, Uint8Array]>('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
  const deleteRange = db.prepare<[string, number, number]>('DELETE FROM updates WHERE room = ? AND seq BETWEEN ? AND ?');
  const selectSize = db.prepare<[string], { rows: number; bytes: number | null }>(
    'SELECT COUNT(*) AS rows, SUM(LENGTH(data)) AS bytes FROM updates WHERE room = ?',
  );

  const selectLastEvent = db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM history WHERE project_id = ? ORDER BY seq DESC LIMIT 1');
  const appendHistory = historyAppender(db);

  // Sequence numbers come from the table itself, not from process memory, so a second process
  // (or a restart) can never reuse one. History is numbered and chained in the same transaction.
  const appendAll = writeTransaction(db, (room: string, updates: readonly Uint8Array[], history: RoomHistoryBatch | undefined) => {
    let seq = selectLastSeq.get(room)?.seq ?? 0;
    for (const update of updates) insert.run(room, ++seq, update);
    if (history) appendHistory(history.projectId, room, history.events);
    return seq;
  });
  // Group commit: the appends of one event-loop turn — every room's — share one transaction and
  // so one fsync, which on the event loop was most of the server's busy time with many rooms
  // (issue 14). Each append is a savepoint within it, so one that fails (a history event that
  // cannot be stored) takes back only its own rows; each promise still resolves only once the
  // commit is durable, so "stored before seen" holds as before.
  let group: GroupedAppend[] = [];
  const commitGroup = writeTransaction(db, (appends: readonly GroupedAppend[]) =>
    appends.map((append): { seq: number } | { error: unknown } => {
      try {
        return { seq: appendAll(append.room, append.updates, append.history) };
      } catch (error) {
        return { error };
      }
    }),
  );
  const storeError = (error: unknown) => new StoreError('unavailable', `SQLite: ${(error as Error).message}`, { cause: error });
  const flushGroup = () => {
    const appends = group;
    group = [];
    if (!db.open) {
      for (const append of appends) append.reject(new StoreError('closed', 'the SQLite store is closed'));
      return;
    }
    let results;
    try {
      results = commitGroup(appends);
    } catch (error) {
      // The commit itself failed (a full disk): nothing of the group is stored.
      for (const append of appends) append.reject(storeError(error));
      return;
    }
    results.forEach((result, i) => ('seq' in result ? appends[i]!.resolve(result.seq) : appends[i]!.reject(storeError(result.error))));
  };
  const appendInGroup = (room: string, updates: readonly Uint8Array[], history: RoomHistoryBatch | undefined) =>
    new Promise<number>((resolve, reject) => {
      if (group.length === 0) setImmediate(flushGroup);
      group.push({ room, updates, history, resolve, reject });
    });

  const replaceRows = writeTransaction(db, (room: string, merged: Uint8Array, rows: readonly SeqRange[]) => {
    for (const [first, last] of rows) deleteRange.run(room, first, last);
    insert.run(room, lastSeqOf(rows), merged);
  });

  // Deleting rooms. A prefix is matched as a key range (index-friendly, and `_`/`%` stay literal,
  // unlike LIKE); the substr test keeps the match exact whatever the range's upper bound.
  const deleteRoom = db.prepare<[string]>('DELETE FROM updates WHERE room = ?');
  const selectRoom = db.prepare<[string], { room: string }>('SELECT room FROM updates WHERE room = ? LIMIT 1');
  const inRange = 'room >= @low AND room < @high AND substr(room, 1, length(@prefix)) = @prefix AND length(room) >= @minLength AND (@suffix IS NULL OR substr(room, -length(@suffix)) = @suffix)';
  const deleteRoomRange = db.prepare<[RangeParams]>(`DELETE FROM updates WHERE ${inRange}`);
  const selectRoomRange = db.prepare<[RangeParams], { room: string }>(`SELECT DISTINCT room FROM updates WHERE ${inRange}`);
  // History of deleted rooms is redacted, not deleted: the chain of the project still links.
  // Coding ids are chosen by clients and could hold anything: they go with the contents.
  const redactRoom = db.prepare<[string]>('UPDATE history SET body = NULL, coding_id = NULL, redacted = 1 WHERE room = ?');
  const redactRoomRange = db.prepare<[RangeParams]>(`UPDATE history SET body = NULL, coding_id = NULL, redacted = 1 WHERE ${inRange}`);
  const deleteProjectHistory = db.prepare<[string]>('DELETE FROM history WHERE project_id = ?');
  const deleteSelected = writeTransaction(db, (selectors: readonly RoomSelector[]) => {
    let rows = 0;
    for (const selector of selectors) {
      rows += ('room' in selector ? deleteRoom.run(selector.room) : deleteRoomRange.run(rangeParams(selector))).changes;
      if ('room' in selector) redactRoom.run(selector.room);
      else redactRoomRange.run(rangeParams(selector));
    }
    return rows;
  });
  /** Copies every page into the database file and empties the write-ahead log, where the old page images would otherwise remain. */
  const purge = (): boolean => {
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return result?.busy === 0;
    } catch (error) {
      // The deletion is committed either way; a checkpoint that could not run is reported as "not purged".
      if ((error as { code?: unknown }).code === undefined) throw error;
      return false;
    }
  };

  const guard = <T>(work: () => T): Promise<T> => {
    if (!db.open) return Promise.reject(new StoreError('closed', 'the SQLite store is closed'));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(new StoreError('unavailable', `SQLite: ${(error as Error).message}`, { cause: error }));
    }
  };

  return {
    loadUpdates: (room) =>
      guard((): StoredLog => {
        const rows = selectLog.all(room);
        return { updates: rows.map((row) => new Uint8Array(row.data)), seqs: rows.map((row) => row.seq), lastSeq: rows.at(-1)?.seq ?? 0 };
      }),
    appendUpdates: (room, updates, history) => (db.open ? appendInGroup(room, updates, history) : Promise.reject(new StoreError('closed', 'the SQLite store is closed'))),
    readHistory: (projectId, query) =>
      guard(() => {
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
    historyHead: (projectId) => guard(() => selectLastEvent.get(projectId)?.seq ?? 0),
    deleteHistory: (projectId) =>
      guard(() => {
        deleteProjectHistory.run(projectId);
        purge();
      }),
    compact: (room, merged, rows) => guard(() => (rows.length === 0 ? undefined : replaceRows(room, merged, rows))),
    logSize: (room) =>
      guard((): LogSize => {
        const row = selectSize.get(room);
        return { rows: row?.rows ?? 0, bytes: row?.bytes ?? 0 };
      }),
    deleteRooms: (selectors) => {
      const invalid = invalidSelector(selectors);
      if (invalid) return Promise.reject(invalid);
      return guard((): DeletedRooms => {
        const rows = deleteSelected(selectors);
        return purge() ? { rows, purged: true } : { rows, purged: false, residue: 'the write-ahead log, until the next checkpoint: another process holds the database open' };
      });
    },
    listRooms: (selectors) => {
      const invalid = invalidSelector(selectors);
      if (invalid) return Promise.reject(invalid);
      return guard(() => {
        const names = new Set<string>();
        for (const selector of selectors) {
          const rows = 'room' in selector ? selectRoom.all(selector.room) : selectRoomRange.all(rangeParams(selector));
          for (const row of rows) names.add(row.room);
        }
        return [...names].sort();
      });
    },
    // A write, fsynced like any append: a disk that cannot take one more page fails here.
    ping: () => guard(() => void writeProbe.run(new Date().toISOString())),
    close: async () => {
      // Appends already asked for are written, not dropped.
      if (group.length > 0) flushGroup();
      if (db.open) db.close();
    },
  };
}

interface GroupedAppend {
  readonly room: string;
  readonly updates: readonly Uint8Array[];
  readonly history: RoomHistoryBatch | undefined;
  resolve(seq: number): void;
  reject(error: StoreError): void;
}

interface RangeParams {
  readonly low: string;
  readonly high: string;
  readonly prefix: string;
  readonly suffix: string | null;
  readonly minLength: number;
}

/** The key range of names starting with `prefix`: [prefix, prefix with its last character incremented). */
function rangeParams(selector: { readonly prefix: string; readonly suffix?: string }): RangeParams {
  const { prefix, suffix } = selector;
  const high = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return { low: prefix, high, prefix, suffix: suffix ?? null, minLength: prefix.length + (suffix?.length ?? 0) };
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

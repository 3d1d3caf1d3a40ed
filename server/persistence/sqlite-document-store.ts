import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, type DocumentStore, type LogSize, type StoredLog } from './document-store.ts';
import { lastSeqOf, type SeqRange } from './seq-ranges.ts';

/**
 * SQLite store: one `updates` table holding every room's append-only log.
 *
 * WAL mode with `synchronous = FULL`: a commit is fsynced before `appendUpdates` returns, so an
 * accepted update survives `kill -9` and power loss alike. Appends from one event-loop turn arrive
 * as one call and therefore cost one transaction and one fsync.
 */
export function createSqliteDocumentStore(file: string): DocumentStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS updates (
      room TEXT NOT NULL,
      seq INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (room, seq)
    ) WITHOUT ROWID;
  `);

  const selectLog = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq',
  );
  const selectLastSeq = db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM updates WHERE room = ?');
  const insert = db.prepare<[string, number, Uint8Array]>('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
  const deleteRange = db.prepare<[string, number, number]>('DELETE FROM updates WHERE room = ? AND seq BETWEEN ? AND ?');
  const selectSize = db.prepare<[string], { rows: number; bytes: number | null }>(
    'SELECT COUNT(*) AS rows, SUM(LENGTH(data)) AS bytes FROM updates WHERE room = ?',
  );

  // Sequence numbers come from the table itself, not from process memory, so a second process
  // (or a restart) can never reuse one.
  const appendAll = db.transaction((room: string, updates: readonly Uint8Array[]) => {
    let seq = selectLastSeq.get(room)?.seq ?? 0;
    for (const update of updates) insert.run(room, ++seq, update);
    return seq;
  });
  const replaceRows = db.transaction((room: string, merged: Uint8Array, rows: readonly SeqRange[]) => {
    for (const [first, last] of rows) deleteRange.run(room, first, last);
    insert.run(room, lastSeqOf(rows), merged);
  });

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
    appendUpdates: (room, updates) => guard(() => (updates.length === 0 ? (selectLastSeq.get(room)?.seq ?? 0) : appendAll(room, updates))),
    compact: (room, merged, rows) => guard(() => (rows.length === 0 ? undefined : replaceRows(room, merged, rows))),
    logSize: (room) =>
      guard((): LogSize => {
        const row = selectSize.get(room);
        return { rows: row?.rows ?? 0, bytes: row?.bytes ?? 0 };
      }),
    ping: () => guard(() => void db.prepare('SELECT 1').get()),
    close: async () => {
      if (db.open) db.close();
    },
  };
}

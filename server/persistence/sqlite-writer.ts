import type Database from 'better-sqlite3';
import { StoreError, type DeletedRooms, type RoomHistoryBatch, type RoomSelector } from './document-store.ts';
import { historyAppender } from './sqlite-history.ts';
import { writeTransaction } from './sqlite-transaction.ts';
import { lastSeqOf, type SeqRange } from './seq-ranges.ts';
import { isLockedError } from './sqlite-lock-wait.ts';

/**
 * Every write of the SQLite document store, as plain data: the same requests are run on the
 * store's own connection (a `:memory:` database) or sent to the writer thread
 * (`sqlite-writer-thread.ts`), which runs them on a connection of its own.
 */
export type WriteRequest =
  | { readonly kind: 'append'; readonly room: string; readonly updates: readonly Uint8Array[]; readonly history: RoomHistoryBatch | undefined }
  | { readonly kind: 'compact'; readonly room: string; readonly merged: Uint8Array; readonly rows: readonly SeqRange[] }
  | { readonly kind: 'deleteRooms'; readonly selectors: readonly RoomSelector[] }
  | { readonly kind: 'deleteHistory'; readonly projectId: string }
  | { readonly kind: 'ping' };

interface WriteResults {
  readonly append: number;
  readonly compact: undefined;
  readonly deleteRooms: DeletedRooms;
  readonly deleteHistory: undefined;
  readonly ping: undefined;
}
export type WriteResult<R extends WriteRequest> = WriteResults[R['kind']];
export type WriteOutcome = { readonly value: unknown } | { readonly error: unknown };

/** Where the document store's writes are done: on its own thread or on a writer thread. */
export interface SqliteWrites {
  /** Resolves once the request is committed (durably: `synchronous = FULL`). */
  write<R extends WriteRequest>(request: R): Promise<WriteResult<R>>;
  /** Commits what was asked for, then stops; later writes reject `closed`. */
  close(): Promise<void>;
}

/** The settings of every connection of the document store, the writer thread's included. */
export function configureConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // A commit is fsynced before it is acknowledged, so an accepted update survives kill -9 and power loss alike.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, not just unlinked: deleting a transcript must delete its text.
  db.pragma('secure_delete = ON');
}

/** Any failure of a write, as callers of a DocumentStore see it. */
export function toStoreError(error: unknown): StoreError {
  return new StoreError('unavailable', `SQLite: ${(error as Error).message}`, { cause: error });
}

export function closedStoreError(): StoreError {
  return new StoreError('closed', 'the SQLite store is closed');
}

/** Hands a write's outcome to the caller waiting for it. */
export function settle<T>(outcome: WriteOutcome, resolve: (value: T) => void, reject: (error: StoreError) => void): void {
  if ('error' in outcome) reject(toStoreError(outcome.error));
  else resolve(outcome.value as T);
}

/**
 * Rooms under a prefix are matched as a key range (index-friendly, and `_`/`%` stay literal,
 * unlike LIKE); the substr test keeps the match exact whatever the range's upper bound. Bound with
 * `roomRangeParams`.
 */
export const roomRangeCondition =
  'room >= @low AND room < @high AND substr(room, 1, length(@prefix)) = @prefix AND length(room) >= @minLength AND (@suffix IS NULL OR substr(room, -length(@suffix)) = @suffix)';

export interface RoomRangeParams {
  readonly low: string;
  readonly high: string;
  readonly prefix: string;
  readonly suffix: string | null;
  readonly minLength: number;
}

/** The key range of names starting with `prefix`: [prefix, prefix with its last character incremented). */
export function roomRangeParams(selector: { readonly prefix: string; readonly suffix?: string }): RoomRangeParams {
  const { prefix, suffix } = selector;
  const high = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return { low: prefix, high, prefix, suffix: suffix ?? null, minLength: prefix.length + (suffix?.length ?? 0) };
}

/** The row `ping` writes (and the store once at open), bound to the current time. */
export const healthProbeWrite = 'INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at';

const residue = 'the write-ahead log, until the next checkpoint: another process holds the database open';

/** How long a write may wait for another connection's lock (the busy timeout it replaces). */
const defaultLockWaitMs = 5_000;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `work`, and while another connection holds the write lock (the directory store's writes on
 * the main thread, a CLI command), tries again every millisecond. SQLite's own busy handler sleeps
 * 1, 2, 5, 10 … up to 100 ms between tries, so a commit behind a 5 ms transaction could wait
 * 100 ms and every room's broadcast with it (bench/compare 20x10: commit p99 111 ms while the
 * search index still wrote into this file). Only the writer thread sleeps here: a `:memory:`
 * database, the one written on the event loop, has no other connection to lock it.
 */
function whileLocked<T>(lockWaitMs: number, work: () => T): T {
  const started = performance.now();
  for (;;) {
    try {
      return work();
    } catch (error) {
      if (!isLockedError(error) || performance.now() - started >= lockWaitMs) throw error;
      Atomics.wait(sleepCell, 0, 0, 1);
    }
  }
}

/**
 * Runs write requests on `db`, in the order given: an append queued before a compaction or
 * deletion of its room is done before it. Consecutive appends — of every room — share one
 * transaction and so one fsync (group commit: on a thread that commits one append at a time most
 * of the time is fsync, issue 14); each is a savepoint within it, so one that fails (a history
 * event that cannot be stored) takes back only its own rows.
 */
export function createSqliteWriter(db: Database.Database, { lockWaitMs = defaultLockWaitMs }: { lockWaitMs?: number } = {}): (requests: readonly WriteRequest[]) => WriteOutcome[] {
  const locked = <T>(work: () => T): T => whileLocked(lockWaitMs, work);
  // Locks are waited for by `whileLocked`, a millisecond at a time.
  db.pragma('busy_timeout = 0');
  const selectLastSeq = db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM updates WHERE room = ?');
  const insert = db.prepare<[string, number, Uint8Array]>('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
  const deleteRange = db.prepare<[string, number, number]>('DELETE FROM updates WHERE room = ? AND seq BETWEEN ? AND ?');
  const appendHistory = historyAppender(db);
  const writeProbe = db.prepare<[string]>(healthProbeWrite);

  // Sequence numbers come from the table itself, not from process memory, so a second process
  // (or a restart) can never reuse one. History is numbered and chained in the same transaction.
  const append = writeTransaction(db, (room: string, updates: readonly Uint8Array[], history: RoomHistoryBatch | undefined) => {
    let seq = selectLastSeq.get(room)?.seq ?? 0;
    for (const update of updates) insert.run(room, ++seq, update);
    if (history) appendHistory(history.projectId, room, history.events);
    return seq;
  });
  const commitAppends = writeTransaction(db, (appends: readonly Extract<WriteRequest, { kind: 'append' }>[]) =>
    appends.map((request): WriteOutcome => {
      try {
        return { value: append(request.room, request.updates, request.history) };
      } catch (error) {
        return { error };
      }
    }),
  );

  const replaceRows = writeTransaction(db, (room: string, merged: Uint8Array, rows: readonly SeqRange[]) => {
    for (const [first, last] of rows) deleteRange.run(room, first, last);
    insert.run(room, lastSeqOf(rows), merged);
  });

  const deleteRoom = db.prepare<[string]>('DELETE FROM updates WHERE room = ?');
  const deleteRoomRange = db.prepare<[RoomRangeParams]>(`DELETE FROM updates WHERE ${roomRangeCondition}`);
  // History of deleted rooms is redacted, not deleted: the chain of the project still links.
  // Coding ids are chosen by clients and could hold anything: they go with the contents.
  const redactRoom = db.prepare<[string]>('UPDATE history SET body = NULL, coding_id = NULL, redacted = 1 WHERE room = ?');
  const redactRoomRange = db.prepare<[RoomRangeParams]>(`UPDATE history SET body = NULL, coding_id = NULL, redacted = 1 WHERE ${roomRangeCondition}`);
  const deleteProjectHistory = db.prepare<[string]>('DELETE FROM history WHERE project_id = ?');
  const deleteSelected = writeTransaction(db, (selectors: readonly RoomSelector[]) => {
    let rows = 0;
    for (const selector of selectors) {
      rows += ('room' in selector ? deleteRoom.run(selector.room) : deleteRoomRange.run(roomRangeParams(selector))).changes;
      if ('room' in selector) redactRoom.run(selector.room);
      else redactRoomRange.run(roomRangeParams(selector));
    }
    return rows;
  });
  /** Copies every page into the database file and empties the write-ahead log, where the old page images would otherwise remain. */
  const purge = (): boolean => {
    try {
      // A checkpoint waits for readers to finish with the pages it copies: SQLite's busy handler does that.
      db.pragma(`busy_timeout = ${lockWaitMs}`);
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return result?.busy === 0;
    } catch (error) {
      // The deletion is committed either way; a checkpoint that could not run is reported as "not purged".
      if ((error as { code?: unknown }).code === undefined) throw error;
      return false;
    } finally {
      db.pragma('busy_timeout = 0');
    }
  };

  const runAlone = (request: Exclude<WriteRequest, { kind: 'append' }>): unknown => {
    switch (request.kind) {
      case 'compact':
        return locked(() => replaceRows(request.room, request.merged, request.rows));
      case 'deleteRooms': {
        const rows = locked(() => deleteSelected(request.selectors));
        return purge() ? { rows, purged: true } : { rows, purged: false, residue };
      }
      case 'deleteHistory':
        locked(() => deleteProjectHistory.run(request.projectId));
        purge();
        return undefined;
      case 'ping':
        // A write, fsynced like any append: a disk that cannot take one more page fails here.
        locked(() => writeProbe.run(new Date().toISOString()));
        return undefined;
    }
  };

  return (requests) => {
    const outcomes: WriteOutcome[] = [];
    let appends: Extract<WriteRequest, { kind: 'append' }>[] = [];
    const commitPending = () => {
      if (appends.length === 0) return;
      try {
        outcomes.push(...locked(() => commitAppends(appends)));
      } catch (error) {
        // The commit itself failed (a full disk): nothing of the group is stored.
        for (let i = 0; i < appends.length; i++) outcomes.push({ error });
      }
      appends = [];
    };
    for (const request of requests) {
      if (request.kind === 'append') {
        appends.push(request);
        continue;
      }
      commitPending();
      try {
        outcomes.push({ value: runAlone(request) });
      } catch (error) {
        outcomes.push({ error });
      }
    }
    commitPending();
    return outcomes;
  };
}

import { type DeletedRooms, type DocumentStore, type RoomSelector, type StoredLog } from './document-store.ts';
import { migratePostgres } from './migrations-postgres.ts';
import { LockClass, lockKey, openPostgresDatabase, type PostgresConnection, type PostgresDatabase, type Sql } from './postgres-database.ts';
import { appendHistory, placeholders, readHistory } from './postgres-history.ts';
import { lastSeqOf } from './seq-ranges.ts';

/**
 * The DocumentStore on PostgreSQL, with the SQLite store's guarantees for several servers on one
 * database (schema: `migrations-baseline.ts`).
 *
 * - Durable when it resolves: every append is one committed transaction, and every connection
 *   runs with `synchronous_commit = on`, so COMMIT returns only once the WAL is flushed.
 * - Sequence numbers: `rooms.last_seq` is each room's counter. An append raises it with one
 *   `INSERT … ON CONFLICT DO UPDATE … RETURNING`, which holds that row's lock until commit: a
 *   second appender — in this process or another server — waits, then reads the raised value, so
 *   a number is never given twice and never lost (a rolled-back append gives its numbers back with
 *   it). A counter row rather than `MAX(seq) + 1` under an advisory lock: the row is the lock and
 *   the value in one statement, one round trip, with no hash collisions between rooms, and it is
 *   right after compaction (which keeps the highest number) and after deletion (the row goes with
 *   the room, so a deleted room starts again at 1).
 * - History: in the same transaction, chained per project under a per-project advisory lock
 *   (`postgres-history.ts`).
 * - Compaction deletes exactly the given ranges and holds the room row `FOR KEY SHARE` meanwhile:
 *   appends go on, but the room cannot be deleted under it (a merged row written into a deleted
 *   room would come back); a room already deleted is left alone. Two instances compacting one
 *   room take turns on an advisory lock: the second's DELETE then sees the first's merged row (it
 *   lies within the same ranges) and replaces it, where overlapping they would both insert the
 *   same `(room, seq)` and one would fail. The merged rows are interchangeable: each compactor
 *   held every row up to its last (`compactableRows`).
 */
/** Rows per INSERT: three parameters each, under PostgreSQL's 65,535 per statement. */
const maxRowsPerStatement = 1000;

export function createPostgresDocumentStore(db: PostgresDatabase): DocumentStore {
  const lastSeq = async (sql: Sql, room: string) => ((await sql.one('SELECT last_seq FROM rooms WHERE room = $1', [room]))?.last_seq as number | undefined) ?? 0;

  return {
    loadUpdates: async (room): Promise<StoredLog> => {
      const rows = await db.all('SELECT seq, data FROM updates WHERE room = $1 ORDER BY seq', [room]);
      return { updates: rows.map((r) => new Uint8Array(r.data as Buffer)), seqs: rows.map((r) => r.seq as number), lastSeq: (rows.at(-1)?.seq as number | undefined) ?? 0 };
    },
    appendUpdates: async (room, updates, history) => {
      if (updates.length === 0 && !history?.events.length) return lastSeq(db, room);
      if (!history?.events.length && updates.length <= maxRowsPerStatement) {
        // The common case — edits without history — in one statement, so one round trip and one
        // commit: the counter and the rows are written together or not at all, like the transaction below.
        const counted = await db.one(
          `WITH counted AS (INSERT INTO rooms (room, last_seq) VALUES ($1, $2) ON CONFLICT (room) DO UPDATE SET last_seq = rooms.last_seq + excluded.last_seq RETURNING last_seq),
           stored AS (INSERT INTO updates (room, seq, data) SELECT $1, counted.last_seq - $2::bigint + v.i, v.data FROM counted, (VALUES ${updates.map((_, i) => `(${i + 1}, $${i + 3}::bytea)`).join(', ')}) AS v(i, data))
           SELECT last_seq FROM counted`,
          [room, updates.length, ...updates],
        );
        return counted!.last_seq as number;
      }
      return db.transaction(async (tx) => {
        let last: number;
        if (updates.length === 0) last = await lastSeq(tx, room);
        else {
          const counted = await tx.one('INSERT INTO rooms (room, last_seq) VALUES ($1, $2) ON CONFLICT (room) DO UPDATE SET last_seq = rooms.last_seq + excluded.last_seq RETURNING last_seq', [room, updates.length]);
          last = counted!.last_seq as number;
          const first = last - updates.length + 1;
          // Chunks keep a statement under PostgreSQL's 65,535 parameters.
          for (let i = 0; i < updates.length; i += maxRowsPerStatement) {
            const chunk = updates.slice(i, i + maxRowsPerStatement);
            await tx.run(`INSERT INTO updates (room, seq, data) VALUES ${placeholders(chunk.length, 3)}`, chunk.flatMap((update, j) => [room, first + i + j, update]));
          }
        }
        if (history) await appendHistory(tx, history.projectId, room, history.events);
        return last;
      });
    },
    readHistory: (projectId, query) => readHistory(db, projectId, query),
    historyHead: async (projectId) => ((await db.one('SELECT seq FROM history WHERE project_id = $1 ORDER BY seq DESC LIMIT 1', [projectId]))?.seq as number | undefined) ?? 0,
    deleteHistory: async (projectId) => void (await db.run('DELETE FROM history WHERE project_id = $1', [projectId])),
    compact: async (room, merged, rows) => {
      if (rows.length === 0) return;
      await db.transaction(async (tx) => {
        if (!(await tx.one('SELECT 1 AS found FROM rooms WHERE room = $1 FOR KEY SHARE', [room]))) return;
        await lockKey(tx, LockClass.compaction, room);
        for (const [first, last] of rows) await tx.run('DELETE FROM updates WHERE room = $1 AND seq BETWEEN $2 AND $3', [room, first, last]);
        await tx.run('INSERT INTO updates (room, seq, data) VALUES ($1, $2, $3)', [room, lastSeqOf(rows), merged]);
      });
    },
    logSize: async (room) => {
      const row = await db.one('SELECT COUNT(*) AS rows, COALESCE(SUM(octet_length(data)), 0)::bigint AS bytes FROM updates WHERE room = $1', [room]);
      return { rows: (row?.rows as number | undefined) ?? 0, bytes: (row?.bytes as number | undefined) ?? 0 };
    },
    deleteRooms: async (selectors) => {
      const invalid = invalidSelector(selectors);
      if (invalid) throw invalid;
      const rows = await db.transaction(async (tx) => {
        let deleted = 0;
        for (const selector of selectors) {
          const { where, params } = selects(selector);
          deleted += await tx.run(`DELETE FROM updates WHERE ${where}`, params);
          await tx.run(`DELETE FROM rooms WHERE ${where}`, params);
          // History of deleted rooms is redacted, not deleted: the chain of the project still links.
          // Coding ids are chosen by clients and could hold anything: they go with the contents.
          await tx.run(`UPDATE history SET body = NULL, coding_id = NULL, redacted = true WHERE ${where}`, params);
        }
        return deleted;
      });
      // PostgreSQL keeps a deleted row's bytes in the table file until VACUUM reuses the space, and
      // in the write-ahead log until it is recycled: never claim they are gone (docs/storage.md).
      return { rows, purged: false, residue: 'PostgreSQL’s data files until VACUUM reclaims the dead rows, and its write-ahead log and backups until they expire' } satisfies DeletedRooms;
    },
    listRooms: async (selectors) => {
      const invalid = invalidSelector(selectors);
      if (invalid) throw invalid;
      const names = new Set<string>();
      for (const selector of selectors) {
        const { where, params } = selects(selector);
        for (const row of await db.all(`SELECT room FROM rooms WHERE ${where}`, params)) names.add(row.room as string);
      }
      return [...names].sort();
    },
    // A write, committed like any append: a database that cannot take one fails here.
    ping: async () => void (await db.run('INSERT INTO health_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at', [new Date().toISOString()])),
    close: () => db.close(),
  };
}

/** Opens a pool on `connection`, brings its schema to this code's version, and serves the store on it. */
export async function openPostgresDocumentStore(connection: PostgresConnection): Promise<DocumentStore> {
  const db = openPostgresDatabase(connection);
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return createPostgresDocumentStore(db);
}

/**
 * The rows a selector selects, by the rule of `selectsRoom`. A prefix is also matched as a key
 * range (`room` is `COLLATE "C"`, so the index serves it) when its last character is plain ASCII;
 * `starts_with` keeps the match exact either way, and `_`/`%` stay literal.
 */
function selects(selector: RoomSelector): { where: string; params: unknown[] } {
  if ('room' in selector) return { where: 'room = $1', params: [selector.room] };
  const { prefix, suffix } = selector;
  const params: unknown[] = [prefix, prefix.length + (suffix?.length ?? 0)];
  const conditions = ['starts_with(room, $1)', 'length(room) >= $2'];
  if (suffix !== undefined) {
    params.push(suffix);
    conditions.push(`right(room, length($${params.length}::text)) = $${params.length}`);
  }
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last < 0x7e) {
    params.push(prefix.slice(0, -1) + String.fromCharCode(last + 1));
    conditions.push(`room >= $1 AND room < $${params.length}`);
  }
  return { where: conditions.join(' AND '), params };
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

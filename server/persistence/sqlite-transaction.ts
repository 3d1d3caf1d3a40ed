import type Database from 'better-sqlite3';

/**
 * A write transaction that takes the database's write lock when it begins (`BEGIN IMMEDIATE`),
 * not at its first write. Every transaction of ours that reads and then writes (a sequence number,
 * a count of owners, an invite's uses) must be one: in WAL mode a deferred transaction that read
 * before another connection committed fails at its first write with `SQLITE_BUSY_SNAPSHOT`, which
 * no busy timeout retries; an immediate one waits (busy_timeout) for the lock and then reads the
 * latest rows, so its check and its write are atomic across connections and processes. Nested in
 * another transaction it is a savepoint of that one.
 */
export function writeTransaction<A extends unknown[], R>(db: Database.Database, work: (...args: A) => R): (...args: A) => R {
  const transaction = db.transaction(work);
  return (...args: A) => transaction.immediate(...args);
}

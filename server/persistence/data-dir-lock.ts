import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export class DataDirLockedError extends Error {
  readonly reason = 'dataDirInUse';
  constructor(readonly dataDir: string) {
    super(
      `Another Accord process is already using the data directory ${dataDir}. ` +
        'Two processes on one data directory would overwrite each other’s work, so this one stops. ' +
        'Stop the other process first (or give this one its own DATA_DIR).',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

/**
 * Holds an exclusive lock on `dataDir` for as long as this process runs (or until `release`).
 *
 * The lock is an exclusive SQLite transaction on `accord.lock`, i.e. an fcntl lock that the kernel
 * drops when the process dies, however it dies: after a `kill -9` the next start is not blocked by
 * a stale file, unlike a pid file. SQLite also refuses a second lock from the same process, so
 * tests can show the refusal without spawning. Throws `DataDirLockedError` when it is held.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'accord.lock'));
  try {
    db.pragma('busy_timeout = 0');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirLockedError(dataDir);
    throw error;
  }
  return {
    release() {
      if (!db.open) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

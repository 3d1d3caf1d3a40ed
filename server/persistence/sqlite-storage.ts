import path from 'node:path';
import { lockDataDir } from './data-dir-lock.ts';
import { migrateSqliteFile } from './migrations-sqlite.ts';
import type { DirectoryStore } from './directory-store.ts';
import type { DocumentStore } from './document-store.ts';
import { createSqliteDirectoryStore } from './sqlite-directory-store.ts';
import { createSqliteDocumentStore } from './sqlite-document-store.ts';
import { checkIntegrity, DamagedDatabaseError, recordCleanShutdown, type IntegrityCheck } from './sqlite-integrity.ts';

export interface SqliteStorage {
  readonly documents: DocumentStore;
  readonly directory: DirectoryStore;
  /** What the start did about the file's integrity, for the start-up log. */
  readonly integrity: IntegrityCheck;
  /** Closes both stores, records a clean shutdown, then gives up the data directory's lock. */
  close(): Promise<void>;
}

export const StorageOpenFailure = { corrupt: 'corrupt', readOnly: 'readOnly', unusable: 'unusable' } as const;
export type StorageOpenFailure = (typeof StorageOpenFailure)[keyof typeof StorageOpenFailure];

/** The database cannot be used as it is; the message says what to do, for the operator. */
export class StorageOpenError extends Error {
  constructor(
    readonly reason: StorageOpenFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageOpenError';
  }
}

const restoreAdvice = 'Restore it from a backup (see README, Operations), or move it aside to start with an empty one.';

/** Turns what SQLite says about an unusable file into a sentence an operator can act on. */
function explain(error: unknown, file: string): StorageOpenError {
  const code = String((error as { code?: unknown }).code ?? '');
  const detail = (error as Error).message;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StorageOpenError(StorageOpenFailure.corrupt, `The database ${file} is damaged (${detail}). ${restoreAdvice}`, { cause: error });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code === 'EACCES' || code === 'EROFS') {
    return new StorageOpenError(StorageOpenFailure.readOnly, `The database ${file} cannot be opened for writing (${detail}). Check that the user running Accord may write to ${path.dirname(file)} and to the files in it, and that the disk is not mounted read-only.`, { cause: error });
  }
  return new StorageOpenError(StorageOpenFailure.unusable, `The database ${file} could not be opened (${detail}).`, { cause: error });
}

/**
 * The embedded storage: both stores in `DATA_DIR/accord.sqlite`, opened only once this process
 * holds the data directory's lock (a second process on the same directory is refused, never let
 * in to overwrite the first one's rows), and only if the file passes an integrity check
 * (`checkIntegrity`: skipped when the file is unchanged since a clean shutdown).
 * Throws `DataDirLockedError` when the lock is held and `StorageOpenError` for an unusable file.
 */
export function openSqliteStorage(dataDir: string): SqliteStorage {
  const file = path.join(dataDir, 'accord.sqlite');
  let lock;
  try {
    lock = lockDataDir(dataDir);
  } catch (error) {
    if ((error as Error).name === 'DataDirLockedError') throw error;
    throw explain(error, path.join(dataDir, 'accord.lock'));
  }
  try {
    const integrity = checkIntegrity(file);
    // Versioned schema (migrations.ts): applied before the stores prepare their statements; a database a newer Accord migrated is refused.
    migrateSqliteFile(file);
    const documents = createSqliteDocumentStore(file);
    const directory = createSqliteDirectoryStore(file);
    return {
      documents,
      directory,
      integrity,
      async close() {
        try {
          await Promise.all([documents.close(), directory.close()]);
          recordCleanShutdown(file);
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    if (error instanceof DamagedDatabaseError) throw new StorageOpenError(StorageOpenFailure.corrupt, `The database ${file} is damaged: ${error.message}. ${restoreAdvice}`);
    throw error instanceof StorageOpenError ? error : explain(error, file);
  }
}

import type { DirectoryStore } from './directory-store.ts';
import type { DocumentStore } from './document-store.ts';
import { migratePostgres } from './migrations-postgres.ts';
import { openPostgresDatabase, type PostgresConnection } from './postgres-database.ts';
import { createPostgresDirectoryStore } from './postgres-directory-store.ts';
import { createPostgresDocumentStore } from './postgres-document-store.ts';

export interface PostgresStorage {
  readonly documents: DocumentStore;
  readonly directory: DirectoryStore;
  /** Closes both stores' connections. */
  close(): Promise<void>;
}

/**
 * Both stores on one PostgreSQL database (DATABASE_URL), after bringing its schema to this code's
 * version (`migrations-postgres.ts`; refuses a schema a newer Accord migrated). Each store has a
 * pool of its own, so a burst of directory lookups (many sockets opening at once) never waits
 * behind appends, nor the reverse. No lock like SQLite's `accord.lock`: several servers share one
 * database by design; the stores' transactions and locks keep them from losing each other's rows.
 */
export async function openPostgresStorage(connection: PostgresConnection): Promise<PostgresStorage> {
  const documentsDb = openPostgresDatabase(connection);
  const directoryDb = openPostgresDatabase(connection);
  try {
    await migratePostgres(documentsDb);
  } catch (error) {
    await Promise.all([documentsDb.close(), directoryDb.close()]);
    throw error;
  }
  const documents = createPostgresDocumentStore(documentsDb);
  const directory = createPostgresDirectoryStore(directoryDb);
  return {
    documents,
    directory,
    close: async () => {
      await Promise.all([documents.close(), directory.close()]);
    },
  };
}

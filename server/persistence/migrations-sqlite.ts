import Database from 'better-sqlite3';
import { MigrationError, MigrationFailure, migrations, refuseNewerDatabase, schemaMigrationsTable, schemaStatus, type Migration, type SchemaStatus } from './migrations.ts';

/**
 * Brings a SQLite database to the code's schema version: each missing migration in its own
 * `BEGIN IMMEDIATE` transaction with its `schema_migrations` row, so a crash leaves the database at
 * the version before or after, never between. Refuses (MigrationError `databaseNewer`) a database a
 * newer Accord migrated, before writing anything. Run before the stores open: they prepare
 * statements against the schema this leaves.
 */
export function migrateSqlite(db: Database.Database, list: readonly Migration[] = migrations): { readonly applied: readonly Migration[]; readonly status: SchemaStatus } {
  const before = readSqliteStatus(db, list);
  refuseNewerDatabase(before, `The database ${db.name}`);
  const applied: Migration[] = [];
  if (before.pending.length > 0) db.exec(schemaMigrationsTable.sqlite);
  for (const migration of before.pending) {
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    try {
      db.transaction(() => {
        migration.sqlite(db);
        record.run(migration.version, migration.name, new Date().toISOString());
      }).immediate();
    } catch (error) {
      throw new MigrationError(MigrationFailure.failed, `migration ${migration.version} (${migration.name}) failed on ${db.name} and was rolled back: ${(error as Error).message}`, { cause: error });
    }
    applied.push(migration);
  }
  return { applied, status: readSqliteStatus(db, list) };
}

/** Opens the file (creating it, WAL as the stores use it), migrates it and closes it again. */
export function migrateSqliteFile(file: string, list: readonly Migration[] = migrations): { readonly applied: readonly Migration[]; readonly status: SchemaStatus } {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    return migrateSqlite(db, list);
  } finally {
    db.close();
  }
}

/** The applied versions (read-only: a database without `schema_migrations` has none recorded). */
export function readSqliteStatus(db: Database.Database, list: readonly Migration[] = migrations): SchemaStatus {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const applied = hasTable ? (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version) : [];
  return schemaStatus(applied, list);
}

/**
 * True when the database holds tables from before versioned migrations (no `schema_migrations`,
 * but an `updates` or `users` table): version 1, detected, recorded at the next start.
 */
export function isUnversionedSqlite(db: Database.Database): boolean {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  return !tables.has('schema_migrations') && (tables.has('updates') || tables.has('users'));
}

import type Database from 'better-sqlite3';
import { postgresBaseline, sqliteBaseline } from './migrations-baseline.ts';
import { sqliteUpdatesByRowid } from './migrations-updates-by-rowid.ts';
import { addHistoryEventIds } from './sqlite-history.ts';

/**
 * The database schema's versions, one list for SQLite and PostgreSQL. Each migration carries the
 * same change in both dialects; a runner per dialect (`migrations-sqlite.ts`,
 * `migrations-postgres.ts`) applies the ones a database lacks, in order, each in its own
 * transaction together with its row in `schema_migrations`, and refuses a database whose version
 * is newer than this list (an older Accord must not write into a schema it does not know).
 *
 * A migration, once released, never changes: add a new one instead. Version 1 is the schema as it
 * stood when versioning began; on SQLite it is written idempotently (CREATE … IF NOT EXISTS, columns
 * added only when missing), so a database created before versioning is brought to version 1 and
 * recorded without losing a row.
 */
export interface Migration {
  readonly version: number;
  /** What it changes, in a few words (shown by `accord migrate --status`). */
  readonly name: string;
  /** Runs inside the runner's transaction on the open database. */
  readonly sqlite: (db: Database.Database) => void;
  /** One or more statements, run inside the runner's transaction. */
  readonly postgres: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'baseline: documents, history, directory', sqlite: sqliteBaseline, postgres: postgresBaseline },
  { version: 2, name: 'update logs: a rowid table with a (room, seq) index', sqlite: sqliteUpdatesByRowid, postgres: '-- PostgreSQL already keeps large rows out of its index (TOAST): nothing changes' },
  {
    version: 3,
    name: 'history: event ids, so a write tried again stores each event once',
    sqlite: addHistoryEventIds,
    postgres: 'ALTER TABLE history ADD COLUMN IF NOT EXISTS event_id TEXT; CREATE UNIQUE INDEX IF NOT EXISTS history_event_id ON history (event_id);',
  },
];

/** The newest version this code knows. */
export const latestVersion = (list: readonly Migration[] = migrations): number => list.at(-1)?.version ?? 0;

export const MigrationFailure = {
  /** The database was migrated by a newer Accord: this one does not know its schema. */
  databaseNewer: 'databaseNewer',
  /** A migration's statements failed; it was rolled back and nothing after it ran. */
  failed: 'failed',
} as const;
export type MigrationFailure = (typeof MigrationFailure)[keyof typeof MigrationFailure];

export class MigrationError extends Error {
  /** The driver's error code of the cause (e.g. `SQLITE_READONLY`), so a caller that explains driver errors to operators still can. */
  readonly code: string | undefined;

  constructor(
    readonly reason: MigrationFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
    const code = (options?.cause as { code?: unknown } | undefined)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** Where a database stands against the code's list. */
export interface SchemaStatus {
  /** Highest applied version (0: none recorded). */
  readonly current: number;
  readonly latest: number;
  /** Migrations the database lacks, in the order they would run. */
  readonly pending: readonly Migration[];
  /** Applied versions this code does not know (non-empty: the database is newer). */
  readonly unknown: readonly number[];
}

/**
 * Compares the applied versions with the list. Pure: both runners and the CLI decide with it.
 *
 * @example
 * schemaStatus([1], migrations) // { current: 1, latest: 1, pending: [], unknown: [] }
 */
export function schemaStatus(applied: readonly number[], list: readonly Migration[] = migrations): SchemaStatus {
  const known = new Set(list.map((m) => m.version));
  const done = new Set(applied);
  return {
    current: Math.max(0, ...applied),
    latest: latestVersion(list),
    pending: list.filter((m) => !done.has(m.version)),
    unknown: [...done].filter((v) => !known.has(v)).sort((a, b) => a - b),
  };
}

/** Throws when the database has versions this code does not know. */
export function refuseNewerDatabase(status: SchemaStatus, where: string): void {
  if (status.unknown.length === 0) return;
  throw new MigrationError(
    MigrationFailure.databaseNewer,
    `${where} is at schema version ${status.current}, but this Accord knows versions up to ${status.latest}. It was migrated by a newer Accord: run that version (or restore a backup taken before the upgrade).`,
  );
}

/** The table both runners record applied versions in. */
export const schemaMigrationsTable = {
  sqlite: 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  postgres: 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
} as const;

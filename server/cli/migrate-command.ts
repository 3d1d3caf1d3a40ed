import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { lockDataDir } from '../persistence/data-dir-lock.ts';
import { MigrationError, type Migration, type SchemaStatus } from '../persistence/migrations.ts';
import { migratePostgres, readPostgresStatus } from '../persistence/migrations-postgres.ts';
import { isUnversionedSqlite, migrateSqliteFile, readSqliteStatus } from '../persistence/migrations-sqlite.ts';
import { openPostgresDatabase } from '../persistence/postgres-database.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';

export const migrateHelp = `accord migrate [--status] (--data-dir DIR | --database-url URL [--schema NAME])
  Brings the database's schema to this Accord's version — the server does the same when it starts
  — or, with --status, only shows the version, the newest this Accord knows and what would run.
  SQLite: --data-dir DIR (migrating is refused while a server holds DIR; --status is read-only).
  PostgreSQL: --database-url, or DATABASE_URL; --schema when the tables are not in "public".
  Exit 1 when the database is newer than this Accord, or cannot be read or migrated.`;

/** `accord migrate` and `accord migrate --status`, on SQLite or PostgreSQL. */
export async function runMigrateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { status: { type: 'boolean' }, 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, schema: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    throw new CliError('usage', (error as Error).message);
  }
  if (values.help) {
    io.stdout(migrateHelp);
    return 0;
  }
  const dataDir = values['data-dir'];
  const url = values['database-url'] ?? (dataDir === undefined ? io.env?.DATABASE_URL : undefined);
  if ((dataDir === undefined) === (url === undefined)) throw new CliError('usage', `accord migrate needs --data-dir DIR or --database-url URL (or DATABASE_URL), not both\n${migrateHelp}`);
  try {
    if (dataDir !== undefined) return sqlite(dataDir, values.status === true, io);
    return await postgres(url!, values.schema, values.status === true, io);
  } catch (error) {
    if (error instanceof MigrationError || (error as Error).name === 'DataDirLockedError' || (error as Error).name === 'StoreError') throw new CliError('input', (error as Error).message);
    throw error;
  }
}

function sqlite(dataDir: string, statusOnly: boolean, io: CliIo): number {
  const file = path.join(dataDir, 'accord.sqlite');
  if (statusOnly) {
    if (!fs.existsSync(file)) {
      io.stdout(`database: ${file} (none yet: the server creates it at the current version)`);
      return 0;
    }
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      printStatus(io, file, readSqliteStatus(db), isUnversionedSqlite(db));
    } finally {
      db.close();
    }
    return 0;
  }
  // The same lock the server holds: a running server is never migrated under its feet.
  const lock = lockDataDir(dataDir);
  try {
    const { applied, status } = migrateSqliteFile(file);
    printApplied(io, file, applied, status);
  } finally {
    lock.release();
  }
  return 0;
}

async function postgres(url: string, schema: string | undefined, statusOnly: boolean, io: CliIo): Promise<number> {
  const db = openPostgresDatabase({ url, schema, maxConnections: 1 });
  try {
    if (statusOnly) printStatus(io, db.name, await readPostgresStatus(db), false);
    else {
      const { applied, status } = await migratePostgres(db);
      printApplied(io, db.name, applied, status);
    }
  } finally {
    await db.close();
  }
  return 0;
}

function printStatus(io: CliIo, where: string, status: SchemaStatus, unversioned: boolean): void {
  io.stdout(`database: ${where}`);
  if (unversioned) io.stdout(`schema version: 1, detected (created before versioned migrations; recorded at the next start or \`accord migrate\`); this Accord knows up to ${status.latest}`);
  else io.stdout(`schema version: ${status.current}; this Accord knows up to ${status.latest}`);
  if (status.unknown.length > 0) {
    io.stdout(`newer than this Accord: version(s) ${status.unknown.join(', ')} — the server will refuse to start`);
    return;
  }
  const pending = unversioned ? status.pending.filter((m) => m.version > 1) : status.pending;
  io.stdout(pending.length === 0 ? 'pending: none' : `pending:\n${pending.map(describe).join('\n')}`);
}

function printApplied(io: CliIo, where: string, applied: readonly Migration[], status: SchemaStatus): void {
  io.stdout(`database: ${where}`);
  io.stdout(applied.length === 0 ? `up to date at schema version ${status.current}` : `applied:\n${applied.map(describe).join('\n')}\nnow at schema version ${status.current}`);
}

const describe = (m: Migration) => `  ${m.version}  ${m.name}`;

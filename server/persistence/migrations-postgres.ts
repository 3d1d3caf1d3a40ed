import { MigrationError, MigrationFailure, migrations, refuseNewerDatabase, schemaMigrationsTable, schemaStatus, type Migration, type SchemaStatus } from './migrations.ts';
import { LockClass, lockKey, type PostgresDatabase, type Sql } from './postgres-database.ts';

/**
 * Brings a PostgreSQL schema to the code's version: each missing migration in its own transaction
 * with its `schema_migrations` row (PostgreSQL's DDL is transactional, so a failure leaves the
 * version before). Every instance runs this on start; an advisory lock per schema makes
 * instances starting together take turns, and each re-reads the versions once it holds the lock,
 * so a migration runs once. Refuses (MigrationError `databaseNewer`) a schema a newer Accord
 * migrated, before changing anything.
 */
export async function migratePostgres(db: PostgresDatabase, list: readonly Migration[] = migrations): Promise<{ readonly applied: readonly Migration[]; readonly status: SchemaStatus }> {
  const applied: Migration[] = [];
  for (;;) {
    const next = await db.transaction(async (tx) => {
      await lockKey(tx, LockClass.migrations, await currentSchema(tx));
      await tx.run(schemaMigrationsTable.postgres);
      const status = schemaStatus(await appliedVersions(tx), list);
      refuseNewerDatabase(status, db.name);
      const migration = status.pending[0];
      if (!migration) return null;
      try {
        await tx.run(migration.postgres);
      } catch (error) {
        throw new MigrationError(MigrationFailure.failed, `migration ${migration.version} (${migration.name}) failed on ${db.name} and was rolled back: ${(error as Error).message}`, { cause: error });
      }
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
      return migration;
    }).catch((error: unknown) => {
      // The database's own refusal, in our words, is more useful than "unavailable".
      const cause = (error as { cause?: unknown }).cause;
      throw cause instanceof MigrationError ? cause : error;
    });
    if (!next) break;
    applied.push(next);
  }
  return { applied, status: await readPostgresStatus(db, list) };
}

/** The applied versions (read-only: a schema without `schema_migrations` has none recorded). */
export async function readPostgresStatus(db: PostgresDatabase, list: readonly Migration[] = migrations): Promise<SchemaStatus> {
  const table = await db.one("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  return schemaStatus(table?.present === true ? await appliedVersions(db) : [], list);
}

async function appliedVersions(sql: Sql): Promise<number[]> {
  return (await sql.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version as number);
}

async function currentSchema(sql: Sql): Promise<string> {
  return ((await sql.one('SELECT current_schema() AS name'))?.name as string | null) ?? 'public';
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../../tests/support/requirements.ts';
import { latestVersion, MigrationError, migrations, schemaStatus, type Migration } from './migrations.ts';
import { migratePostgres, readPostgresStatus } from './migrations-postgres.ts';
import { isUnversionedSqlite, migrateSqlite, migrateSqliteFile, readSqliteStatus } from './migrations-sqlite.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import { createTestSchemas, isPostgresAvailable, postgresTestUrl } from './postgres-test-schemas.ts';
import { createSqliteDirectoryStore } from './sqlite-directory-store.ts';
import { createSqliteDocumentStore } from './sqlite-document-store.ts';
import { firstBrokenLink, genesisHash, hashEvent } from './history.ts';
import { openSqliteStorage, StorageOpenError } from './sqlite-storage.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-migrations-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshFile = () => path.join(root, `db-${++counter}`, 'accord.sqlite');
/** The newest version, and versions only these tests know. */
const latest = latestVersion();
const [next, afterNext] = [latest + 1, latest + 2];

/** Every table's and index's definition, and every table's columns: the schema as SQLite holds it. */
function sqliteSchema(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  try {
    const objects = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name").all() as { type: string; name: string; sql: string }[];
    return Object.fromEntries(objects.map((o) => [o.name, o.type === 'table' ? (db.prepare(`PRAGMA table_info(${o.name})`).all() as { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }[]) : o.sql]));
  } finally {
    db.close();
  }
}

/** A new database file brought to the first `count` versions only, then given `fill`'s rows. */
function fileAtVersion(count: number, fill: (db: Database.Database) => void): string {
  const file = freshFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    migrateSqlite(db, migrations.slice(0, count));
    fill(db);
  } finally {
    db.close();
  }
  return file;
}

/** A migrated database ends with the schema of one migrated from nothing. */
function expectSchemaOfFreshDatabase(file: string): void {
  const built = freshFile();
  fs.mkdirSync(path.dirname(built), { recursive: true });
  migrateSqliteFile(built);
  expect(sqliteSchema(file)).toEqual(sqliteSchema(built));
}

/** A database as the stores leave it when they open a file themselves (no migration runner). */
async function storesCreate(file: string, write?: (stores: { documents: ReturnType<typeof createSqliteDocumentStore>; directory: ReturnType<typeof createSqliteDirectoryStore> }) => Promise<void>) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const documents = createSqliteDocumentStore(file);
  const directory = createSqliteDirectoryStore(file);
  await write?.({ documents, directory });
  await Promise.all([documents.close(), directory.close()]);
}

describe('schema migrations: the plan', () => {
  it('lists what a database lacks, in order, and the versions it has that the code does not know', () => {
    const list = [1, 2, 3].map((version) => ({ version, name: `v${version}`, sqlite: () => {}, postgres: '' }));
    expect(schemaStatus([], list)).toMatchObject({ current: 0, latest: 3, unknown: [] });
    expect(schemaStatus([1], list).pending.map((m) => m.version)).toEqual([2, 3]);
    expect(schemaStatus([1, 2, 3, 5, 4], list)).toMatchObject({ current: 5, pending: [], unknown: [4, 5] });
  });
});

describe('schema migrations on SQLite', () => {
  it('creates on an empty file exactly the schema the stores create themselves', async () => {
    const byStores = freshFile();
    await storesCreate(byStores);
    const byMigrations = freshFile();
    fs.mkdirSync(path.dirname(byMigrations), { recursive: true });
    const { applied, status } = migrateSqliteFile(byMigrations);
    expect(applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
    expect(status).toMatchObject({ current: latest, latest, pending: [], unknown: [] });
    // If this fails, a store created a table or column of its own: make it a new migration too.
    expect(sqliteSchema(byMigrations)).toEqual(sqliteSchema(byStores));
  });

  it('detects a database from before versioning as version 1, records it, and keeps every row', async () => {
    const file = freshFile();
    await storesCreate(file, async ({ documents, directory }) => {
      await directory.createUser({ id: 'u1', email: 'u1@example.org', name: 'U1', passwordHash: 'h', isAdmin: true });
      await documents.appendUpdates('text:p1:d1', [new Uint8Array([1, 2, 3])], { projectId: 'p1', events: [{ userId: 'u1', layer: null, type: 'transcript.edited', documentId: 'd1', codingId: null, codeId: null, before: null, after: null }] });
    });
    const before = sqliteSchema(file);
    const db = new Database(file);
    try {
      expect(isUnversionedSqlite(db)).toBe(true);
      expect(readSqliteStatus(db).current).toBe(0);
      expect(migrateSqlite(db).applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
      expect(isUnversionedSqlite(db)).toBe(false);
      // Run again (every start does): nothing to do.
      expect(migrateSqlite(db).applied).toEqual([]);
    } finally {
      db.close();
    }
    expect(sqliteSchema(file)).toEqual(before);
    await storesCreate(file, async ({ documents, directory }) => {
      expect((await directory.findUserById('u1'))?.email).toBe('u1@example.org');
      expect(Array.from((await documents.loadUpdates('text:p1:d1')).updates[0]!)).toEqual([1, 2, 3]);
      expect(await documents.historyHead('p1')).toBe(1);
    });
  });

  it('brings an early development database (columns missing) up to version 1 without losing a row', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.exec("CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0, coding_mode TEXT NOT NULL DEFAULT 'open', coders_edit_codebook INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)");
      db.exec("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p1', 'Old', 't', 't')");
      migrateSqlite(db);
      expect(db.prepare('SELECT id, name, attribute_fields, agreement_visible_in_blind FROM projects').all()).toEqual([{ id: 'p1', name: 'Old', attribute_fields: '[]', agreement_visible_in_blind: 0 }]);
    } finally {
      db.close();
    }
  });

  it('version 2 rebuilds a WITHOUT ROWID update log as a rowid table, every row in place, numbering going on', async () => {
    const file = fileAtVersion(1, (db) => {
      expect((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'updates'").get() as { sql: string }).sql).toMatch(/WITHOUT ROWID/);
      const insert = db.prepare('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
      for (const [room, seq, byte] of [['text:p:d', 1, 1], ['text:p:d', 2, 2], ['layer:p:d:u', 5, 3], ['text:p:d', 7, 4]] as const) insert.run(room, seq, Buffer.from([byte]));
    });
    expect(migrateSqliteFile(file).applied.map((m) => m.version)).toEqual(migrations.slice(1).map((m) => m.version));
    const db = new Database(file, { readonly: true });
    try {
      expect((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'updates'").get() as { sql: string }).sql).not.toMatch(/WITHOUT ROWID/);
    } finally {
      db.close();
    }
    expectSchemaOfFreshDatabase(file);
    const store = createSqliteDocumentStore(file);
    try {
      const log = await store.loadUpdates('text:p:d');
      expect([log.seqs, log.updates.map((u) => Array.from(u))]).toEqual([[1, 2, 7], [[1], [2], [4]]]);
      expect((await store.loadUpdates('layer:p:d:u')).seqs).toEqual([5]);
      expect(await store.appendUpdates('text:p:d', [new Uint8Array([5])])).toBe(8);
    } finally {
      await store.close();
    }
  });

  it('version 3 gives history events ids: a chain stored before keeps every event and still verifies', async () => {
    const at = '2026-01-01T00:00:00.000Z';
    const first = { seq: 1, at, userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId: 'c1', codeId: 'pull', before: null, after: null };
    const file = fileAtVersion(2, (db) => {
      expect((db.prepare('PRAGMA table_info(history)').all() as { name: string }[]).map((c) => c.name)).not.toContain('event_id');
      // An event as version 2 stored it: no id.
      db.prepare('INSERT INTO history (project_id, seq, at, room, user_id, layer, type, document_id, coding_id, code_id, body, prev_hash, hash) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run('p1', at, 'layer:p1:d1:u1', 'u1', 'u1', 'coding.added', 'd1', 'c1', 'pull', '{"after":null,"before":null}', genesisHash, hashEvent(genesisHash, first));
    });
    expect(migrateSqliteFile(file).applied.map((m) => m.version)).toEqual([3]);
    expectSchemaOfFreshDatabase(file);
    const store = createSqliteDocumentStore(file);
    try {
      const second = { id: 'e2', userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId: 'c2', codeId: 'pull', before: null, after: null };
      // Tried twice, as after a lost answer: stored once, chained onto the event from before.
      await store.appendUpdates('layer:p1:d1:u1', [new Uint8Array([1])], { projectId: 'p1', events: [second] });
      await store.appendUpdates('layer:p1:d1:u1', [new Uint8Array([1])], { projectId: 'p1', events: [second] });
      const history = await store.readHistory('p1', { limit: 10 });
      expect(history.map((e) => [e.seq, e.codingId])).toEqual([[1, 'c1'], [2, 'c2']]);
      expect(firstBrokenLink(history)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('applies later versions in order, and rolls back a failing one entirely, keeping the version before', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    const v2: Migration = { version: next, name: 'notes', sqlite: (d) => d.exec('CREATE TABLE notes (id TEXT PRIMARY KEY)'), postgres: 'CREATE TABLE notes (id text PRIMARY KEY)' };
    const v3: Migration = {
      version: afterNext,
      name: 'half-way failure',
      sqlite: (d) => {
        d.exec('CREATE TABLE half (id TEXT)');
        d.exec('ALTER TABLE nowhere ADD COLUMN x TEXT');
      },
      postgres: '',
    };
    try {
      let failure: unknown;
      try {
        migrateSqlite(db, [...migrations, v2, v3]);
      } catch (error) {
        failure = error;
      }
      expect(failure).toMatchObject({ name: 'MigrationError', reason: 'failed', message: expect.stringContaining(`migration ${afterNext} (half-way failure) failed`) });
      expect(readSqliteStatus(db, [...migrations, v2, v3])).toMatchObject({ current: next, pending: [v3] });
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toContain('notes');
      expect(tables).not.toContain('half');
    } finally {
      db.close();
    }
  });

  it('refuses a database a newer Accord migrated, writing nothing', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    migrateSqliteFile(file);
    const db = new Database(file);
    try {
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', 't')").run(next);
      const tables = () => db.prepare("SELECT COUNT(*) AS n FROM sqlite_master").get();
      const before = tables();
      expect(() => migrateSqlite(db)).toThrow(MigrationError);
      expect(() => migrateSqlite(db)).toThrow(`schema version ${next}, but this Accord knows versions up to ${latest}`);
      expect(tables()).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('runs when the server opens its data directory: a new directory starts versioned, a newer database stops the start', async () => {
    const dir = path.dirname(freshFile());
    fs.mkdirSync(dir, { recursive: true });
    const storage = openSqliteStorage(dir);
    await storage.close();
    const db = new Database(path.join(dir, 'accord.sqlite'));
    try {
      expect(readSqliteStatus(db)).toMatchObject({ current: latest, pending: [] });
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', 't')").run(next);
    } finally {
      db.close();
    }
    expect(() => openSqliteStorage(dir)).toThrow(StorageOpenError);
    expect(() => openSqliteStorage(dir)).toThrow(/newer Accord/);
  });
});

const postgres = requireOrSkip(await isPostgresAvailable(), `PostgreSQL (${postgresTestUrl})`);
const schemas = createTestSchemas();
afterAll(() => schemas.dropAll());

describe.runIf(postgres)('schema migrations on PostgreSQL', () => {
  it('migrates an empty schema once, even when several servers start at the same moment', async () => {
    const schema = await schemas.fresh();
    const servers = [1, 2, 3].map(() => openPostgresDatabase({ url: postgresTestUrl, schema, maxConnections: 2 }));
    try {
      const results = await Promise.all(servers.map((db) => migratePostgres(db)));
      // Each version once, by whichever server held the lock when it came up.
      expect(results.flatMap((r) => r.applied.map((m) => m.version)).sort((x, y) => x - y)).toEqual(migrations.map((m) => m.version));
      for (const { status } of results) expect(status).toMatchObject({ current: latest, latest, pending: [], unknown: [] });
      expect(await servers[0]!.all('SELECT version, name FROM schema_migrations ORDER BY version')).toEqual(migrations.map(({ version, name }) => ({ version, name })));
    } finally {
      await Promise.all(servers.map((db) => db.close()));
    }
  });

  it('rolls a failing migration back entirely and refuses a schema a newer Accord migrated', async () => {
    const schema = await schemas.fresh();
    const db = openPostgresDatabase({ url: postgresTestUrl, schema });
    try {
      const broken: Migration = { version: next, name: 'half-way failure', sqlite: () => {}, postgres: 'CREATE TABLE half (id text); ALTER TABLE nowhere ADD COLUMN x text;' };
      await expect(migratePostgres(db, [...migrations, broken])).rejects.toMatchObject({ name: 'MigrationError', reason: 'failed' });
      expect(await readPostgresStatus(db, [...migrations, broken])).toMatchObject({ current: latest, pending: [broken] });
      expect((await db.one("SELECT to_regclass('half') IS NULL AS gone"))?.gone).toBe(true);

      await db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from the future', 't')", [afterNext + 4]);
      await expect(migratePostgres(db)).rejects.toMatchObject({ name: 'MigrationError', reason: 'databaseNewer' });
    } finally {
      await db.close();
    }
  });
});

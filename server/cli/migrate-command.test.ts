import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../../tests/support/requirements.ts';
import { lockDataDir } from '../persistence/data-dir-lock.ts';
import { createTestSchemas, isPostgresAvailable, postgresTestUrl } from '../persistence/postgres-test-schemas.ts';
import { latestVersion } from '../persistence/migrations.ts';
import { createSqliteDocumentStore } from '../persistence/sqlite-document-store.ts';
import { runCli } from './run-cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-migrate-cli-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let counter = 0;
const latest = latestVersion();
const freshDir = () => fs.mkdtempSync(path.join(root, `dir-${++counter}-`));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['migrate', ...argv], { readFile: async () => '', stdout: (line) => out.push(line), stderr: (line) => err.push(line), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('accord migrate on SQLite', () => {
  it('shows an empty data directory, migrates it, and then finds nothing pending', async () => {
    const dir = freshDir();
    expect(await cli('--status', '--data-dir', dir)).toMatchObject({ code: 0, out: expect.stringContaining('none yet') });
    const migrated = await cli('--data-dir', dir);
    expect(migrated.code).toBe(0);
    expect(migrated.out).toMatch(/applied:\n {2}1 {2}baseline/);
    expect(migrated.out).toContain(`now at schema version ${latest}`);
    expect(await cli('--data-dir', dir)).toMatchObject({ code: 0, out: expect.stringContaining(`up to date at schema version ${latest}`) });
    const status = await cli('--status', '--data-dir', dir);
    expect(status.out).toContain(`schema version: ${latest}; this Accord knows up to ${latest}`);
    expect(status.out).toContain('pending: none');
  });

  it('reports a database from before versioning as version 1, detected, with the versions after it pending', async () => {
    const dir = freshDir();
    await createSqliteDocumentStore(path.join(dir, 'accord.sqlite')).close();
    const status = await cli('--status', '--data-dir', dir);
    expect(status.out).toContain('schema version: 1, detected');
    expect(status.out).toMatch(/pending:\n {2}2 {2}update logs/);
    expect(status.out).not.toMatch(/ {2}1 {2}baseline/);
  });

  it('refuses to migrate a data directory a running server holds, and a command line naming no database', async () => {
    const dir = freshDir();
    const lock = lockDataDir(dir);
    try {
      const refused = await cli('--data-dir', dir);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/^accord: /);
    } finally {
      lock.release();
    }
    expect((await cli('--status')).code).toBe(2);
  });
});

const postgres = requireOrSkip(await isPostgresAvailable(), `PostgreSQL (${postgresTestUrl})`);
const schemas = createTestSchemas();
afterAll(() => schemas.dropAll());

describe.runIf(postgres)('accord migrate on PostgreSQL', () => {
  it('shows an empty schema at version 0, migrates it to the newest version, and refuses an unknown host with exit 1', async () => {
    const schema = await schemas.fresh();
    const before = await cli('--status', '--database-url', postgresTestUrl, '--schema', schema);
    expect(before.code).toBe(0);
    expect(before.out).toContain('schema version: 0');
    expect(before.out).toMatch(/pending:\n {2}1 {2}baseline/);
    expect(await cli('--database-url', postgresTestUrl, '--schema', schema)).toMatchObject({ code: 0, out: expect.stringContaining(`now at schema version ${latest}`) });
    expect(await cli('--status', '--database-url', postgresTestUrl, '--schema', schema)).toMatchObject({ code: 0, out: expect.stringContaining('pending: none') });
    expect((await cli('--status', '--database-url', 'postgres://postgres@127.0.0.1:1/test')).code).toBe(1);
  });
});

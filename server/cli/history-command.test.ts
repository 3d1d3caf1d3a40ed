import { afterAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../../tests/support/requirements.ts';
import { openPostgresDatabase } from '../persistence/postgres-database.ts';
import { openPostgresDocumentStore } from '../persistence/postgres-document-store.ts';
import { createTestSchemas, isPostgresAvailable, postgresTestUrl } from '../persistence/postgres-test-schemas.ts';
import { runCli } from './run-cli.ts';

// SQLite's `accord history verify` is tested against a real server in tests/integration/history.test.ts.
const available = requireOrSkip(await isPostgresAvailable(), `PostgreSQL (${postgresTestUrl})`);
const schemas = createTestSchemas();
afterAll(() => schemas.dropAll());

async function verify(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['history', 'verify', ...argv], { readFile: async () => '', stdout: (line) => out.push(line), stderr: (line) => err.push(line), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.runIf(available)('accord history verify on PostgreSQL', () => {
  it('verifies every project’s chain, and names the seq of an event whose stored bytes were changed', async () => {
    const schema = await schemas.fresh();
    const store = await openPostgresDocumentStore({ url: postgresTestUrl, schema });
    const event = (n: number) => ({ userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId: `c${n}`, codeId: 'pull', before: null, after: { n } });
    try {
      for (let n = 1; n <= 6; n++) await store.appendUpdates(`layer:p${n % 2}:d1:u1`, [new Uint8Array([n])], { projectId: `p${n % 2}`, events: [event(n)] });
    } finally {
      await store.close();
    }
    expect(await verify('--database-url', postgresTestUrl, '--schema', schema)).toMatchObject({ code: 0, out: 'ok: 6 events in 2 project(s)' });

    const db = openPostgresDatabase({ url: postgresTestUrl, schema });
    try {
      await db.run("UPDATE history SET user_id = 'someone-else' WHERE project_id = 'p1' AND seq = 2");
    } finally {
      await db.close();
    }
    const broken = await verify('--database-url', postgresTestUrl, '--schema', schema, '--project', 'p1');
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/project p1: history broken at seq 2/);
    expect((await verify('--data-dir', '/nowhere', '--database-url', postgresTestUrl)).code).toBe(2);
  });
});

import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSchemas, isPostgresAvailable, postgresTestUrl } from '../../server/persistence/postgres-test-schemas.ts';
import { ApiClient, seedProject } from '../support/api-client.ts';
import { requireOrSkip } from '../support/requirements.ts';
import { createRandom } from '../support/seeded-random.ts';
import { spawnServerProcess, type ServerProcess } from '../support/server-process.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { makeTempDir } from '../support/test-server.ts';

const available = requireOrSkip(await isPostgresAvailable(), `PostgreSQL (${postgresTestUrl})`);
const schemas = createTestSchemas();
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  await schemas.dropAll();
});

/** DATABASE_URL for a schema of its own: `options` sets the connection's search_path. */
const databaseUrl = (schema: string) => `${postgresTestUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;

/** A server process on PostgreSQL, with a data directory of its own (which then holds only the search index). */
async function startOnPostgres(schema: string): Promise<ServerProcess> {
  const dataDir = makeTempDir('accord-pg-server-');
  dirs.push(dataDir);
  return spawnServerProcess(dataDir, { DATABASE_URL: databaseUrl(schema) });
}

describe.runIf(available)('the server on PostgreSQL (DATABASE_URL)', () => {
  it('keeps every update another client had received when the server process is SIGKILLed mid-stream, and a server on another data directory serves them', async () => {
    const schema = await schemas.fresh();
    const random = createRandom(13);
    const first = await startOnPostgres(schema);
    expect((await fetch(`${first.httpUrl}/readyz`)).status).toBe(200);
    const { projectId, textRoom: room } = await seedProject(first.httpUrl);
    const writers: SyncClient[] = [];
    const observer = createSyncClient(first.syncUrl, room);
    const witnessed = new Set<string>();
    try {
      for (let i = 0; i < 3; i++) writers.push(createSyncClient(first.syncUrl, room));
      await Promise.all([observer, ...writers].map((c) => waitForSynced(c)));
      observer.doc.getMap('edits').observe((event) => {
        for (const key of event.keysChanged) witnessed.add(key);
      });
      let killed = false;
      const writing = (async () => {
        for (let n = 0; !killed; n++) {
          const writer = random.pick(writers);
          writer.doc.transact(() => {
            writer.doc.getMap('edits').set(`${writer.doc.clientID}-${n}`, n);
            writer.doc.getText('text').insert(0, 'x');
          });
          await sleep(random.int(3));
        }
      })();
      // Killed once another client has seen enough edits for the check to mean something.
      await waitFor(() => witnessed.size >= 100, 15_000, '100 witnessed edits');
      first.child.kill('SIGKILL');
      killed = true;
      await first.exited;
      await writing;
    } finally {
      for (const c of [observer, ...writers]) c.destroy();
    }

    // Another process, another data directory, the same database: everything is there.
    const second = await startOnPostgres(schema);
    const fresh = createSyncClient(second.syncUrl, room);
    try {
      await waitForSynced(fresh, 10_000);
      const edits = fresh.doc.getMap('edits') as Y.Map<number>;
      const lost = [...witnessed].filter((key) => !edits.has(key));
      expect(lost).toEqual([]);
      // The directory came along too: the project and its document, read through the REST API.
      const documents = await ApiClient.admin(second.httpUrl).get(`/api/projects/${projectId}/documents`);
      expect(documents.status).toBe(200);
      expect(JSON.stringify(documents.body)).toContain('Interview 1');
    } finally {
      fresh.destroy();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 90_000);
});

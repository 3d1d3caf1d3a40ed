import fs from 'node:fs';
import net from 'node:net';
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
async function startOnPostgres(schema: string, url = databaseUrl(schema)): Promise<ServerProcess> {
  const dataDir = makeTempDir('accord-pg-server-');
  dirs.push(dataDir);
  return spawnServerProcess(dataDir, { DATABASE_URL: url });
}

/**
 * A TCP relay to the test database that the test can cut: `refuse()` drops every connection and
 * stops listening, so PostgreSQL looks down (connections refused); `accept()` listens again on the
 * same port. The shared database itself is never touched.
 */
async function createDatabaseRelay(): Promise<{ url: (schema: string) => string; refuse(): Promise<void>; accept(): Promise<void>; close(): Promise<void> }> {
  const target = new URL(postgresTestUrl);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const accept = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          // A reset on one side ends the other: the relay never keeps half a connection.
          socket.on('error', () => (socket === client ? upstream : client).destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const refuse = async () => {
    const closing = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const socket of sockets) socket.destroy();
    await closing;
    server = null;
  };
  await accept();
  return {
    url: (schema) => {
      const url = new URL(databaseUrl(schema));
      url.host = `127.0.0.1:${port}`;
      return url.toString();
    },
    refuse,
    accept,
    close: refuse,
  };
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

  it('closes writers with 4503 while PostgreSQL refuses connections, keeps what it accepted, and takes offline edits after recovery', async () => {
    const schema = await schemas.fresh();
    const relay = await createDatabaseRelay();
    const server = await startOnPostgres(schema, relay.url(schema));
    const { textRoom: room } = await seedProject(server.httpUrl);
    const writer = createSyncClient(server.syncUrl, room);
    const observer = createSyncClient(server.syncUrl, room);
    const closeCodes: number[] = [];
    writer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closeCodes.push(event.code);
    });
    try {
      await Promise.all([writer, observer].map((c) => waitForSynced(c)));
      const seen = observer.doc.getMap('edits');
      writer.doc.getMap('edits').set('before', 1);
      await waitFor(() => seen.has('before'), 5000, 'the first edit at the observer');

      await relay.refuse();
      // Accepted by the socket, but it cannot be stored: the writer is told 4503, nobody sees it yet.
      writer.doc.getMap('edits').set('during', 2);
      await waitFor(() => closeCodes.includes(4503), 10_000, 'close code 4503');
      expect(seen.has('during')).toBe(false);
      // Made while the server refuses writes: kept by the client until it can sync again.
      writer.doc.getMap('edits').set('offline', 3);
      expect((await fetch(`${server.httpUrl}/readyz`)).status).not.toBe(200);

      await relay.accept();
      await waitFor(() => seen.has('during') && seen.has('offline'), 20_000, 'both edits at the observer after recovery');
    } finally {
      writer.destroy();
      observer.destroy();
      server.child.kill('SIGTERM');
      await server.exited;
      await relay.close();
    }
    // Stored, not just relayed: a server started afresh on the database has all three.
    const again = await startOnPostgres(schema);
    const fresh = createSyncClient(again.syncUrl, room);
    try {
      await waitForSynced(fresh, 10_000);
      expect(fresh.doc.getMap('edits').toJSON()).toEqual({ before: 1, during: 2, offline: 3 });
    } finally {
      fresh.destroy();
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 90_000);
});

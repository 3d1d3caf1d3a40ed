import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchemas, isPostgresAvailable, postgresTestUrl } from '../../server/persistence/postgres-test-schemas.ts';
import { ApiClient, seedProject } from '../support/api-client.ts';
import { createDatabaseRelay, type DatabaseRelay } from '../support/database-relay.ts';
import { PrivateRedis } from '../support/private-redis.ts';
import { requireOrSkip } from '../support/requirements.ts';
import { createRandom, type Random } from '../support/seeded-random.ts';
import { spawnServerProcess, type ServerProcess } from '../support/server-process.ts';
import { createSyncClient, replicaFingerprint, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { makeTempDir } from '../support/test-server.ts';
import { searchIndexFileName } from '../../server/search/sqlite-search-index.ts';

/**
 * Several real server processes on one PostgreSQL schema and one Redis (issue 13, "Must show" 2
 * and 3): stock clients on different instances converge, presence and access changes cross
 * instances, and neither an instance killed mid-stream nor Redis killed and restarted loses an
 * edit. Redis is a private `redis-server` of this file's own, so killing it touches nothing else.
 */
const available =
  requireOrSkip(await isPostgresAvailable(), `PostgreSQL (${postgresTestUrl})`) && requireOrSkip(PrivateRedis.available(), 'redis-server (Debian package redis-server)');

const schemas = createTestSchemas();
const dirs: string[] = [];
const clients: SyncClient[] = [];
const processes: ServerProcess[] = [];
let redis: PrivateRedis | null = null;
/** Every instance reaches PostgreSQL through it, so a test can make the database refuse them all. */
let database: DatabaseRelay | null = null;
let schema = '';
const prefix = `test-${crypto.randomBytes(4).toString('hex')}:`;

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const server of processes) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await Promise.all(processes.map((server) => server.exited));
  await redis?.kill();
  await database?.close();
  await schemas.dropAll();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** An instance of the deployment: the shared schema and Redis, a data directory of its own (its search index). */
/** Each instance's data directory (which holds only its search index). */
const dataDirOf = new Map<ServerProcess, string>();

async function startInstance(): Promise<ServerProcess> {
  const dataDir = makeTempDir('accord-scale-out-');
  dirs.push(dataDir);
  const server = await spawnServerProcess(dataDir, {
    DATABASE_URL: database!.through(`${postgresTestUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`),
    REDIS_URL: redis!.url,
    REDIS_PREFIX: prefix,
  });
  processes.push(server);
  dataDirOf.set(server, dataDir);
  return server;
}

async function stopInstance(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

function open(server: ServerProcess, room: string, token?: string): SyncClient {
  const client = createSyncClient(server.syncUrl, room, token === undefined ? {} : { token });
  clients.push(client);
  return client;
}

/**
 * Every client writes a marker and waits until every other client has it: the instances' fan-out
 * paths for this room are live (an instance subscribes to Redis a moment after it starts).
 */
async function linked(group: readonly SyncClient[], label: string): Promise<void> {
  await Promise.all(group.map((c) => waitForSynced(c, 10_000)));
  group.forEach((c, i) => c.doc.getMap('markers').set(`${label}-${i}`, true));
  await waitFor(() => group.every((c) => group.every((_, i) => c.doc.getMap('markers').has(`${label}-${i}`))), 10_000, `every ${label} marker at every client`);
}

/** One random edit of the shared text, and a key recording it (so a lost edit is visible by name). */
function randomEdit(random: Random, client: SyncClient, n: number): void {
  const text = client.doc.getText('text');
  client.doc.transact(() => {
    if (text.length > 0 && random.bool(0.3)) {
      const at = random.int(text.length);
      text.delete(at, Math.min(1 + random.int(3), text.length - at));
    } else {
      text.insert(random.int(text.length + 1), random.pick(['a', 'b', 'c', 'de', 'fgh', 'ij ']));
    }
    client.doc.getMap('edits').set(`${client.doc.clientID}-${n}`, n);
  });
}

/** Edits by random writers with short random pauses, until `stop()`; resolves with the edit keys written. */
function editContinuously(random: Random, writers: readonly SyncClient[]): { stop(): Promise<string[]> } {
  let stopped = false;
  const written: string[] = [];
  const running = (async () => {
    for (let n = 0; !stopped; n++) {
      const writer = random.pick(writers);
      randomEdit(random, writer, n);
      written.push(`${writer.doc.clientID}-${n}`);
      await sleep(random.int(4));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      return written;
    },
  };
}

const converged = (group: readonly SyncClient[]) => new Set(group.map((c) => replicaFingerprint(c.doc))).size === 1;

describe.runIf(available)('three instances on one PostgreSQL and one Redis', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let c: ServerProcess;
  let projectId = '';
  let rooms: string[] = [];
  let documentIds: string[] = [];
  /** Room → the fingerprint every client agreed on, checked again after every instance restarted. */
  const agreed = new Map<string, string>();

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    database = await createDatabaseRelay(postgresTestUrl);
    schema = await schemas.fresh();
    // The first migrates the schema; the others then start together.
    a = await startInstance();
    [b, c] = await Promise.all([startInstance(), startInstance()]);
    const seeded = await seedProject(a.httpUrl, { documents: 6 });
    projectId = seeded.projectId;
    rooms = seeded.documents.map((d) => d.textRoom);
    documentIds = seeded.documents.map((d) => d.id);
  }, 60_000);

  it('converges byte-identically when clients on different instances make seeded random concurrent edits', async () => {
    const random = createRandom(1301);
    const room = rooms[0]!;
    const group = [a, a, b, b, c, c].map((server) => open(server, room));
    await linked(group, 'converge');
    for (let n = 0; n < 400; n++) {
      randomEdit(random, random.pick(group), n);
      if (random.bool(0.5)) await sleep(random.int(3));
    }
    await waitFor(() => converged(group), 20_000, 'every client to hold the same document');
    expect(group[0]!.doc.getMap('edits').size).toBe(400);
    agreed.set(room, replicaFingerprint(group[0]!.doc));
  }, 40_000);

  it('shows the presence of a client on one instance at a client on another, as the account of its socket there, and removes it when that client leaves', async () => {
    const owner = ApiClient.admin(a.httpUrl);
    const coder = new ApiClient(a.httpUrl);
    const coderId = await coder.signIn('presence@example.org', 'Priya Coder');
    const code = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code as string;
    expect((await coder.post(`/api/invites/${code}/accept`)).status).toBeLessThan(300);
    const token = (await coder.post('/api/tokens', { name: 'ws' })).body.token as string;

    const room = rooms[1]!;
    // Coders may not write a transcript: the instances' links were shown by the first test.
    const watcher = open(b, room);
    const present = open(a, room, token);
    await Promise.all([waitForSynced(watcher, 10_000), waitForSynced(present, 10_000)]);
    present.provider.awareness.setLocalState({ user: { id: 'someone-else', name: 'Not Me', colour: '#56b4e9' }, selection: null });
    const seen = () => watcher.provider.awareness.getStates().get(present.doc.clientID) as { user?: unknown } | undefined;
    await waitFor(() => seen() !== undefined, 5000, 'the presence at the other instance');
    expect(seen()!.user).toEqual({ id: coderId, name: 'Priya Coder', colour: '#56b4e9' });

    clients.splice(clients.indexOf(present), 1);
    present.destroy();
    await waitFor(() => seen() === undefined, 5000, 'the presence to be removed at the other instance');
  });

  it('applies a REST change made on one instance to the sockets of another within a second: blind mode, then a removed member', async () => {
    const owner = ApiClient.admin(a.httpUrl);
    const join = async (email: string) => {
      const session = new ApiClient(a.httpUrl);
      const id = await session.signIn(email);
      const code = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code as string;
      await session.post(`/api/invites/${code}/accept`);
      return { id, token: (await session.post('/api/tokens', { name: 'ws' })).body.token as string };
    };
    const first = await join('first@example.org');
    const second = await join('second@example.org');
    const documentRoom = rooms[1]!;
    const firstLayer = documentRoom.replace(/^text:/, 'layer:') + `:${first.id}`;

    // On instance B: the second coder reads the first one's layer (open mode), and the first coder
    // is in the transcript; on instance C the owner watches the transcript's presence.
    const closes = new Map<SyncClient, { code: number; at: number }>();
    const watchClose = (client: SyncClient) =>
      client.provider.on('connection-close', (event: CloseEvent | null) => {
        if (event && !closes.has(client)) closes.set(client, { code: event.code, at: performance.now() });
      });
    const peeking = open(b, firstLayer, second.token);
    const firstInText = open(b, documentRoom, first.token);
    const secondInText = open(b, documentRoom, second.token);
    const ownerInText = open(c, documentRoom);
    const ownerOnB = open(b, documentRoom);
    const firstOnA = open(a, documentRoom, first.token);
    for (const client of [peeking, firstInText, secondInText]) watchClose(client);
    await Promise.all([peeking, firstInText, secondInText, ownerInText, ownerOnB, firstOnA].map((client) => waitForSynced(client, 10_000)));

    const blindAt = performance.now();
    expect((await owner.patch(`/api/projects/${projectId}`, { codingMode: 'blind' })).status).toBe(200);
    await waitFor(() => closes.has(peeking), 5000, 'the layer socket on the other instance to be closed');
    expect(closes.get(peeking)!.code).toBe(4403);
    expect(closes.get(peeking)!.at - blindAt).toBeLessThan(1000);
    peeking.provider.disconnect();

    // Blind: presence announced on instance A reaches the owner on C, and not the other coder on B
    // (who may still hold the empty presence it was shown before the switch).
    const selectionAt = (client: SyncClient) => (client.provider.awareness.getStates().get(firstOnA.doc.clientID) as { selection?: unknown } | undefined)?.selection;
    firstOnA.provider.awareness.setLocalState({ user: { colour: '#e69f00' }, selection: { start: 'x', end: 'y' } });
    await waitFor(() => selectionAt(ownerInText) !== undefined && selectionAt(ownerOnB) !== undefined, 5000, 'the coder’s selection at the owners on C and B');
    // B relays a presence to all who may see it at once, and frames to one socket keep their order:
    // once an edit made after that has reached the second coder, anything relayed to it is in.
    ownerOnB.doc.getMap('markers').set('after-blind', true);
    await waitFor(() => secondInText.doc.getMap('markers').has('after-blind'), 5000, 'the later edit at the second coder');
    expect(selectionAt(secondInText)).toBeUndefined();

    const removedAt = performance.now();
    expect((await owner.delete(`/api/projects/${projectId}/members/${first.id}`)).status).toBe(204);
    await waitFor(() => closes.has(firstInText), 5000, 'the removed member’s socket on the other instance to be closed');
    expect(closes.get(firstInText)!.code).toBe(4403);
    expect(closes.get(firstInText)!.at - removedAt).toBeLessThan(1000);
    firstInText.provider.disconnect();
    expect(closes.has(secondInText)).toBe(false);
    expect((await owner.patch(`/api/projects/${projectId}`, { codingMode: 'open' })).status).toBe(200);
  });

  it('discards a document deleted on one instance from the others: its sockets, its loaded room, its search entry', async () => {
    const room = rooms[4]!;
    const documentId = documentIds[4]!;
    const onB = open(b, room);
    const closes: number[] = [];
    onB.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closes.push(event.code);
    });
    await waitForSynced(onB, 10_000);
    onB.doc.getText('text').insert(0, 'Quokka ');
    // B indexes the transcript it holds, in its own file beside its data.
    const index = new Database(path.join(dataDirOf.get(b)!, searchIndexFileName), { readonly: true });
    const indexed = () => (index.prepare('SELECT COUNT(*) AS n FROM search_documents WHERE document_id = ?').get(documentId) as { n: number }).n;
    try {
      await waitFor(() => indexed() === 1, 10_000, 'the transcript in B’s search index');
      expect((await ApiClient.admin(a.httpUrl).delete(`/api/projects/${projectId}/documents/${documentId}`)).status).toBe(204);
      await waitFor(() => closes.includes(4404), 5000, 'B’s socket closed with 4404');
      await waitFor(() => b.logs.some((entry) => entry.msg === 'rooms erased elsewhere discarded here' && entry.documentId === documentId && Number(entry.discarded) >= 1), 5000, 'B to discard the room it held');
      await waitFor(() => indexed() === 0, 5000, 'the transcript gone from B’s search index');
    } finally {
      index.close();
      onB.provider.disconnect();
    }
  });

  it('tells writers on every instance 4503 while PostgreSQL refuses connections, shows nobody what it could not store, and takes offline edits after recovery', async () => {
    const room = rooms[5]!;
    const [onB, onC] = [open(b, room), open(c, room)];
    await linked([onB, onC], 'database');
    const closes = new Map<SyncClient, number[]>([
      [onB, []],
      [onC, []],
    ]);
    for (const [client, codes] of closes)
      client.provider.on('connection-close', (event: CloseEvent | null) => {
        if (event) codes.push(event.code);
      });
    const edits = (client: SyncClient) => client.doc.getMap('edits');

    await database!.refuse();
    // Accepted by each socket but not storable: each writer is told, and neither sees the other's.
    edits(onB).set('during-b', 1);
    edits(onC).set('during-c', 1);
    await waitFor(() => [...closes.values()].every((codes) => codes.includes(4503)), 10_000, 'close code 4503 on both instances');
    expect(edits(onB).has('during-c')).toBe(false);
    expect(edits(onC).has('during-b')).toBe(false);
    // Made while the database is away: kept by each client until it can sync again.
    edits(onB).set('offline-b', 2);
    edits(onC).set('offline-c', 2);
    for (const server of [b, c]) expect((await fetch(`${server.httpUrl}/readyz`)).status).not.toBe(200);

    await database!.accept();
    const all = ['during-b', 'during-c', 'offline-b', 'offline-c'];
    await waitFor(() => [onB, onC].every((client) => all.every((key) => edits(client).has(key))) && converged([onB, onC]), 20_000, 'every edit at both clients after recovery');
    // Stored, not just relayed: the last test reads it back from instances started afresh.
    agreed.set(room, replicaFingerprint(onB.doc));
  }, 60_000);

  it('loses no acknowledged edit when an instance is killed mid-stream: its clients move to another instance', async () => {
    const random = createRandom(1302);
    const room = rooms[2]!;
    const writers = [open(a, room), open(a, room)];
    const observer = open(c, room);
    const onB = open(b, room);
    await linked([...writers, observer, onB], 'kill');
    const witnessed = new Set<string>();
    observer.doc.getMap('edits').observe((event) => {
      for (const key of event.keysChanged) witnessed.add(key);
    });
    const editing = editContinuously(random, writers);
    // Killed once another instance's client has seen enough edits for the check to mean something.
    await waitFor(() => witnessed.size >= 100, 15_000, '100 edits witnessed on another instance');
    a.child.kill('SIGKILL');
    await a.exited;
    // The load balancer sends them elsewhere: they reconnect to B, with what B lacks.
    for (const writer of writers) writer.provider.serverUrl = b.syncUrl;
    await waitFor(() => writers.every((w) => w.provider.wsconnected), 10_000, 'the writers to reconnect to B');
    await sleep(200);
    const written = await editing.stop();
    const everyone = [...writers, observer, onB];
    await waitFor(() => converged(everyone), 20_000, 'every client to hold the same document');
    const edits = observer.doc.getMap('edits');
    expect([...witnessed].filter((key) => !edits.has(key))).toEqual([]);
    expect(written.filter((key) => !edits.has(key))).toEqual([]);
    agreed.set(room, replicaFingerprint(observer.doc));
  }, 60_000);

  it('keeps edits flowing within each instance while Redis is down, and converges once it is back', async () => {
    const random = createRandom(1303);
    const room = rooms[3]!;
    const group = [open(b, room), open(b, room), open(c, room), open(c, room)];
    await linked(group, 'redis');
    const editing = editContinuously(random, group);
    await waitFor(() => group[3]!.doc.getMap('edits').size >= 50, 10_000, 'edits before the outage');
    await redis!.kill();

    // Within one instance, edits still reach the other sockets (nothing waits for Redis).
    group[0]!.doc.getMap('outage').set('b', 1);
    group[2]!.doc.getMap('outage').set('c', 1);
    await waitFor(() => group[1]!.doc.getMap('outage').has('b') && group[3]!.doc.getMap('outage').has('c'), 5000, 'edits made during the outage within each instance');
    await sleep(300);

    await redis!.resume();
    await sleep(300);
    const written = await editing.stop();
    await waitFor(() => converged(group), 20_000, 'every client to hold the same document after Redis returned');
    const edits = group[0]!.doc.getMap('edits');
    expect(written.filter((key) => !edits.has(key))).toEqual([]);
    expect(group[0]!.doc.getMap('outage').toJSON()).toEqual({ b: 1, c: 1 });
    agreed.set(room, replicaFingerprint(group[0]!.doc));
  }, 60_000);

  it('serves exactly what the clients agreed on after every instance has restarted', async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all([stopInstance(b), stopInstance(c)]);
    const restarted = await startInstance();
    for (const [room, fingerprint] of agreed) {
      const fresh = open(restarted, room);
      await waitForSynced(fresh, 10_000);
      expect(replicaFingerprint(fresh.doc)).toBe(fingerprint);
    }
    expect(agreed.size).toBe(4);
    await stopInstance(restarted);
  }, 60_000);
});

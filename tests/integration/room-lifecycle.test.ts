import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentStore } from '../../server/persistence/document-store.ts';
import { StoreError } from '../../server/persistence/document-store.ts';
import { firstBrokenLink } from '../../server/persistence/history.ts';
import { spawnServerProcess } from '../support/server-process.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { seedProject } from '../support/api-client.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

const servers: TestServer[] = [];
const clients: SyncClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}
function connect(server: TestServer, room: string) {
  const client = createSyncClient(server.syncUrl, room);
  clients.push(client);
  return client;
}

describe('room lifecycle', () => {
  it('unloads an idle room after the grace period, compacted, and reloads it on demand', async () => {
    const server = await start({ env: { ROOM_IDLE_UNLOAD_MS: '100' } });
    const room = (await seedProject(server.httpUrl)).textRoom;
    const writer = connect(server, room);
    await waitForSynced(writer);
    for (let i = 0; i < 30; i++) writer.doc.getText('t').insert(0, `${i},`);
    const expected = writer.doc.getText('t').toString();
    await waitFor(async () => (await server.store.logSize(room)).rows >= 31, 2000, 'edits to be stored');
    writer.destroy();

    await waitFor(() => !server.server.registry.has(room), 3000, 'the idle room to unload');
    expect((await server.store.logSize(room)).rows).toBe(1);

    const reader = connect(server, room);
    await waitForSynced(reader);
    expect(reader.doc.getText('t').toString()).toBe(expected);
  });

  it('compacts the log once it passes COMPACT_AFTER_UPDATES, without losing content', async () => {
    const server = await start({ env: { COMPACT_AFTER_UPDATES: '10' } });
    const room = (await seedProject(server.httpUrl)).textRoom;
    const writer = connect(server, room);
    await waitForSynced(writer);
    for (let i = 0; i < 60; i++) {
      writer.doc.getText('t').insert(0, 'y');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const peer = connect(server, room);
    await waitFor(() => peer.doc.getText('t').length === 60, 5000, 'the peer to have every edit');
    await waitFor(async () => (await server.store.logSize(room)).rows < 15, 3000, 'the log to be compacted');
    const log = await server.store.loadUpdates(room);
    expect(log.lastSeq).toBeGreaterThanOrEqual(60);
  });

  it('never answers a sync before the stored document has loaded, even when storage is slow', async () => {
    const dataDir = makeTempDir();
    const seeding = await startTestServer({ dataDir });
    const room = (await seedProject(seeding.httpUrl)).textRoom;
    const seed = createSyncClient(seeding.syncUrl, room);
    await waitForSynced(seed);
    seed.doc.getText('t').insert(0, 'stored before restart');
    const witness = createSyncClient(seeding.syncUrl, room);
    await waitFor(() => witness.doc.getText('t').toString() === 'stored before restart', 3000, 'a witness to see the seed edit');
    witness.destroy();
    seed.destroy();
    await seeding.close();

    const slowLoads = (store: DocumentStore): DocumentStore => ({
      ...store,
      loadUpdates: async (room) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return store.loadUpdates(room);
      },
    });
    const server = await start({ dataDir, wrapStore: slowLoads });
    const joiners = Array.from({ length: 20 }, () => connect(server, room));
    const firstSyncedText: string[] = [];
    for (const j of joiners) j.provider.once('sync', () => firstSyncedText.push(j.doc.getText('t').toString()));
    await waitFor(() => firstSyncedText.length === joiners.length, 10_000, 'all joiners to sync');
    expect(new Set(firstSyncedText)).toEqual(new Set(['stored before restart']));
  });

  it('keeps a room in memory when its store write fails, refuses writes, and recovers', async () => {
    let failing = false;
    const flaky = (store: DocumentStore): DocumentStore => ({
      ...store,
      appendUpdates: (room, updates) => (failing ? Promise.reject(new StoreError('unavailable', 'disk full (simulated)')) : store.appendUpdates(room, updates)),
    });
    const server = await start({ wrapStore: flaky });
    const room = (await seedProject(server.httpUrl)).textRoom;
    const writer = connect(server, room);
    const reader = connect(server, room);
    await Promise.all([waitForSynced(writer), waitForSynced(reader)]);
    writer.doc.getText('t').insert(0, 'safe ');
    await waitFor(() => reader.doc.getText('t').toString() === 'safe ');

    failing = true;
    const closeCodes: number[] = [];
    reader.provider.on('connection-close', (event) => closeCodes.push(event?.code ?? 0));
    writer.doc.getText('t').insert(5, 'unsaved');
    await waitFor(() => closeCodes.includes(4503), 3000, 'the room to close its sockets with 4503');
    // The reader never saw the update the store refused.
    expect(reader.doc.getText('t').toString()).toBe('safe ');
    expect(server.server.registry.has(room)).toBe(true);

    failing = false;
    await waitFor(() => reader.doc.getText('t').toString() === 'safe unsaved', 10_000, 'recovery and resync');
    const log = await server.store.loadUpdates(room);
    expect(log.updates.length).toBeGreaterThanOrEqual(3);
  });
  it('stores a correction’s history event once when the store committed it but the room never heard (the writer lost after the commit)', async () => {
    let loseNextAnswer = false;
    let lostAnswers = 0;
    const answerLost = (store: DocumentStore): DocumentStore => ({
      ...store,
      appendUpdates: async (room, updates, history) => {
        const last = await store.appendUpdates(room, updates, history);
        if (loseNextAnswer && history && history.events.length > 0) {
          loseNextAnswer = false;
          lostAnswers++;
          throw new StoreError('unavailable', 'SQLite: the writer thread stopped (simulated, after its commit)');
        }
        return last;
      },
    });
    const server = await start({ wrapStore: answerLost });
    const seeded = await seedProject(server.httpUrl, { text: 'Participant: we pushed.' });
    const writer = connect(server, seeded.textRoom);
    const reader = connect(server, seeded.textRoom);
    await Promise.all([waitForSynced(writer), waitForSynced(reader)]);
    const transcript = (client: SyncClient) => client.doc.getText('transcript').toString();

    loseNextAnswer = true;
    writer.doc.getText('transcript').insert('Participant: we '.length, 'first ');
    // The room takes the write as failed, closes its sockets, reloads what was stored and takes edits again.
    await waitFor(() => transcript(reader) === 'Participant: we first pushed.', 10_000, 'the correction to reach the reader after the recovery');
    expect(lostAnswers).toBe(1);
    writer.doc.getText('transcript').insert(0, '[00:01] ');
    await waitFor(() => transcript(reader).startsWith('[00:01] '), 10_000, 'a second correction');

    // Stored before anyone saw them: the history is complete by now.
    const events = await server.store.readHistory(seeded.projectId, { type: 'transcript.changed', limit: 10 });
    expect(events.map((e) => e.after)).toEqual([{ at: 16, text: 'first ' }, { at: 0, text: '[00:01] ' }]);
    expect(firstBrokenLink(await server.store.readHistory(seeded.projectId, { limit: 100 }))).toBeNull();
  });
});

describe('process lifecycle', () => {
  it('flushes and exits 0 on SIGTERM, and the next start has everything', async () => {
    const dataDir = makeTempDir();
    const first = await spawnServerProcess(dataDir);
    const room = (await seedProject(first.httpUrl)).textRoom;
    const writer = createSyncClient(first.syncUrl, room);
    await waitForSynced(writer);
    writer.doc.getText('t').insert(0, 'before shutdown');
    const peer = createSyncClient(first.syncUrl, room);
    await waitFor(() => peer.doc.getText('t').toString() === 'before shutdown');
    writer.destroy();
    peer.destroy();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await spawnServerProcess(dataDir);
    const reader = createSyncClient(second.syncUrl, room);
    try {
      await waitForSynced(reader);
      expect(reader.doc.getText('t').toString()).toBe('before shutdown');
    } finally {
      reader.destroy();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/index.ts';
import { seedProject } from '../support/api-client.ts';
import { writeAwarenessFrame, writeSyncFrame } from '../support/frame-mutations.ts';
import { openRawSyncSocket, readServerFrame, type RawSyncSocket } from '../support/raw-sync-socket.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, testAdminToken, type TestServer } from '../support/test-server.ts';

const servers: TestServer[] = [];
const sockets: RawSyncSocket[] = [];
const clients: SyncClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const socket of sockets.splice(0)) {
    socket.resume();
    if (!socket.closeInfo) await socket.close();
  }
  for (const server of servers.splice(0)) await server.close();
});

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer({ env });
  servers.push(server);
  return server;
}

async function rawSocket(server: TestServer, room: string, token = testAdminToken): Promise<RawSyncSocket> {
  const socket = await openRawSyncSocket(server.syncUrl, room, { token });
  sockets.push(socket);
  return socket;
}

/** A transcript of about `chars` characters, in turns, as an import would make it. */
function longTranscript(chars: number): string {
  const turn = 'Participant: we brought the team together and co-created the plan with the clinics. ';
  return Array.from({ length: Math.ceil(chars / turn.length) }, (_, i) => `${turn}(${i})`).join('\n\n');
}

/** The server's connection for the last socket that opened on `room`. */
function newestConnection(server: TestServer, room: string) {
  const connections = [...server.server.registry.openConnections()].filter((c) => c.room === room);
  return connections.sort((a, b) => b.id - a.id)[0]!;
}

const syncStep1Empty = writeSyncFrame(0, Uint8Array.of(0));

describe('a client that stops reading', () => {
  it('cannot make the server queue an answer per sync request it sends (issue 8.2)', async () => {
    const server = await start();
    const { textRoom } = await seedProject(server.httpUrl, { text: longTranscript(1_000_000) });
    const socket = await rawSocket(server, textRoom);
    const connection = newestConnection(server, textRoom);
    const probe = await rawSocket(server, textRoom);
    let replies = 0;
    let biggest = 0;
    socket.onFrame((f) => {
      if (f[0] !== 0 || f[1] !== 1) return;
      replies++;
      biggest = Math.max(biggest, f.byteLength);
    });
    socket.pause();
    const before = process.memoryUsage().arrayBuffers;
    // Each request names a different (unknown) client: answered one by one, each would be
    // encoded afresh.
    for (let i = 0; i < 200; i++) socket.send(writeSyncFrame(0, Uint8Array.of(1, 100 + (i % 27), 0)));
    // Frames of one socket are handled in order: once its presence reaches the probe, the server
    // has read every request before it.
    socket.send(writeAwarenessFrame([{ clientId: 0x51_0c0, clock: 1, state: { user: { name: 'stalled' } } }]));
    const seen = await probe.waitFor((f) => f[0] === 1 && readServerFrame(f).kind === 'awareness', 10_000);
    expect(seen.kind).toBe('frame');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);

    socket.resume();
    await waitFor(() => replies >= 1 && connection.queued === 0 && !connection.awaitingSyncReply, 10_000, 'the pending replies to drain');
    expect(biggest).toBeGreaterThan(900_000);
    // The first request is answered with the document; the other 199 collapse into one answer
    // each time the previous one has left (a handful), not 199.
    expect(replies).toBeLessThan(10);
    expect(socket.closeInfo).toBeNull();
  });

  /**
   * A room on a server bounding each socket at 256 KB: a raw socket that synced and then stopped
   * reading, and two clients editing beside it. `edit` inserts text and waits for the reader to have it.
   */
  async function stalledReaderBesideEditors() {
    const server = await start({ MAX_QUEUED_BYTES: String(256 * 1024) });
    const { textRoom } = await seedProject(server.httpUrl);
    const stalled = await rawSocket(server, textRoom);
    stalled.send(syncStep1Empty);
    await stalled.waitFor((f) => f[0] === 0 && f[1] === 1, 5000);
    const connection = newestConnection(server, textRoom);
    stalled.pause();

    const writer = createSyncClient(server.syncUrl, textRoom);
    const reader = createSyncClient(server.syncUrl, textRoom);
    clients.push(writer, reader);
    await Promise.all([waitForSynced(writer), waitForSynced(reader)]);
    let inserted = 0;
    const edit = async (text: string) => {
      writer.doc.getText('bulk').insert(0, text);
      inserted += text.length;
      await waitFor(() => reader.doc.getText('bulk').length === inserted, 5000, 'the edit to reach the other reader');
    };
    return { stalled, connection, writer, reader, edit, inserted: () => inserted };
  }

  const chunk = 'x'.repeat(64 * 1024);

  it('is closed with 4408 once what waits for it exceeds MAX_QUEUED_BYTES, while the others keep editing', async () => {
    const { stalled, connection, writer, reader, edit, inserted } = await stalledReaderBesideEditors();
    // Kernel socket buffers take a few MB before anything waits in the server: write until it gives up.
    while (connection.isOpen && inserted() < 2000 * chunk.length) await edit(chunk);
    expect(connection.isOpen).toBe(false);
    expect(reader.provider.wsconnected).toBe(true);

    stalled.resume();
    expect((await stalled.closed).code).toBe(CloseCode.slowConsumer.code);
    writer.doc.getText('bulk').insert(0, 'after');
    await waitFor(() => reader.doc.getText('bulk').toString().startsWith('after'), 5000, 'editing to go on');
  });

  it('does not count a sync reply waiting for a slow reader against MAX_QUEUED_BYTES, and counts everything again once it has left', async () => {
    const { stalled: slow, connection, edit, inserted } = await stalledReaderBesideEditors();
    // Until the kernel's buffers are full and the server holds a little (less than the bound).
    while (connection.queued === 0 && inserted() < 2000 * chunk.length) await edit(chunk);
    expect(connection.isOpen).toBe(true);

    // The slow reader asks again: its answer is the megabytes it has not read, held for it.
    slow.send(syncStep1Empty);
    await waitFor(() => connection.queued > 1024 * 1024, 5000, 'the sync reply to be queued');
    await edit('z');
    expect(connection.isOpen).toBe(true);

    slow.resume();
    await waitFor(() => connection.queued === 0, 10_000, 'the slow reader to catch up');
    expect(slow.closeInfo).toBeNull();

    // Once the reply has left, the bound is whole again: stalling now closes it at 256 KB held.
    slow.pause();
    let held = 0;
    while (connection.isOpen && inserted() < 4000 * chunk.length) {
      held = connection.queued;
      await edit(chunk);
    }
    expect(connection.isOpen).toBe(false);
    expect(held).toBeLessThanOrEqual(256 * 1024);
    slow.resume();
    expect((await slow.closed).code).toBe(CloseCode.slowConsumer.code);
  });

  it('closes a socket that sends more bytes than BYTE_BURST allows with 4429', async () => {
    const server = await start({ MAX_FRAME_BYTES: String(64 * 1024), BYTE_BURST: String(256 * 1024), BYTES_PER_SECOND: '1024' });
    const { textRoom } = await seedProject(server.httpUrl);
    const socket = await rawSocket(server, textRoom);
    for (let i = 0; i < 6; i++) {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, 'y'.repeat(60 * 1024));
      socket.send(writeSyncFrame(2, Y.encodeStateAsUpdate(doc)));
    }
    expect((await socket.closed).code).toBe(CloseCode.rateLimited.code);
  });

  it('answers a socket that asks again for the whole document with only what changed since its last reply', async () => {
    const server = await start();
    const { textRoom } = await seedProject(server.httpUrl, { text: longTranscript(120_000) });
    const socket = await rawSocket(server, textRoom);
    const replies: number[] = [];
    socket.onFrame((f) => {
      if (f[0] === 0 && f[1] === 1) replies.push(f.byteLength);
    });
    for (let i = 0; i < 20; i++) {
      socket.send(syncStep1Empty);
      await socket.waitFor((f) => f[0] === 0 && f[1] === 1, 5000);
    }
    expect(replies).toHaveLength(20);
    expect(replies[0]).toBeGreaterThan(100_000);
    // Later answers carry the delete set and nothing else: no second copy of the transcript.
    expect(Math.max(...replies.slice(1))).toBeLessThan(1000);
    // A newcomer still gets everything.
    const fresh = createSyncClient(server.syncUrl, textRoom);
    clients.push(fresh);
    await waitForSynced(fresh);
    expect(fresh.doc.getText('transcript').length).toBeGreaterThan(100_000);
  });
});

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
  it('cannot make the server hold a copy of the document per sync request it sends (issue 8.2)', async () => {
    const server = await start();
    const { textRoom } = await seedProject(server.httpUrl, { text: longTranscript(1_000_000) });
    const socket = await rawSocket(server, textRoom);
    socket.send(syncStep1Empty);
    const firstReply = await socket.waitFor((f) => f[0] === 0 && f[1] === 1, 5000);
    expect(firstReply.kind).toBe('frame');
    const replyBytes = firstReply.kind === 'frame' ? firstReply.frame.byteLength : 0;
    expect(replyBytes).toBeGreaterThan(900_000);

    const connection = newestConnection(server, textRoom);
    const probe = await rawSocket(server, textRoom);
    probe.send(syncStep1Empty);
    await probe.waitFor((f) => f[0] === 0 && f[1] === 1, 5000);
    socket.pause();
    const before = process.memoryUsage().arrayBuffers;
    // Each request names a different (unknown) client, so each answer is encoded afresh: the
    // whole document every time.
    for (let i = 0; i < 200; i++) socket.send(writeSyncFrame(0, Uint8Array.of(1, 100 + (i % 27), 0)));
    // Frames of one socket are handled in order: once its presence reaches the probe, the server
    // has read every request before it.
    const marker = { clientId: 0x51_0c0, clock: 1, state: { user: { name: 'stalled' } } };
    socket.send(writeAwarenessFrame([marker]));
    const seen = await probe.waitFor((f) => f[0] === 1 && readServerFrame(f).kind === 'awareness', 10_000);
    expect(seen.kind).toBe('frame');
    const grown = process.memoryUsage().arrayBuffers - before;
    // One more copy of the document may wait in the server, and the kernel's socket buffers hold
    // some (up to ~36 MB here); 200 copies (340 MB) may not.
    expect(connection.queued).toBeLessThan(3 * replyBytes);
    expect(grown).toBeLessThan(64 * 1024 * 1024);

    // Once it reads again it gets the answers the kernel held and one to its newest request.
    let replies = 0;
    socket.onFrame((f) => {
      if (f[0] === 0 && f[1] === 1) replies++;
    });
    socket.resume();
    await waitFor(() => replies >= 1 && connection.queued === 0 && !connection.awaitingSyncReply, 10_000, 'the pending replies to drain');
    expect(replies).toBeLessThan(40);
    expect(socket.closeInfo).toBeNull();
  });

  it('is closed with 4408 once what waits for it exceeds MAX_QUEUED_BYTES, while the others keep editing', async () => {
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
    const chunk = 'x'.repeat(64 * 1024);
    let n = 0;
    // Kernel socket buffers take a few MB before anything waits in the server: write until it gives up.
    while (connection.isOpen && n < 2000) {
      writer.doc.getText('bulk').insert(0, chunk);
      n++;
      await waitFor(() => reader.doc.getText('bulk').length === n * chunk.length, 5000, 'the edit to reach the other reader');
    }
    expect(connection.isOpen).toBe(false);
    expect(reader.provider.wsconnected).toBe(true);

    stalled.resume();
    expect((await stalled.closed).code).toBe(CloseCode.slowConsumer.code);
    writer.doc.getText('bulk').insert(0, 'after');
    await waitFor(() => reader.doc.getText('bulk').toString().startsWith('after'), 5000, 'editing to go on');
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
});

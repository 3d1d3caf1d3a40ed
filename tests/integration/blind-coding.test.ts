import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { writeAwarenessFrame } from '../support/frame-mutations.ts';
import { openRawSyncSocket, readServerFrame, type RawSyncSocket } from '../support/raw-sync-socket.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, testAdminToken, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: SyncClient[] = [];
const sockets: RawSyncSocket[] = [];
const team = {} as { owner: ApiClient; a: { id: string; token: string }; b: { id: string; token: string }; projectId: string; documentId: string };

beforeAll(async () => {
  server = await startTestServer();
  const owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  const projectId = (await owner.post('/api/projects', { name: 'Blind round' })).body.id;
  await owner.patch(`/api/projects/${projectId}`, { codingMode: 'blind' });
  const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P01', text: 'We moved from push to pull support.' })).body.id;
  const join = async (email: string) => {
    const session = new ApiClient(server.httpUrl);
    const id = await session.signIn(email);
    const code = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await session.post(`/api/invites/${code}/accept`);
    return { id, token: (await session.post('/api/tokens', { name: 'ws' })).body.token as string };
  };
  Object.assign(team, { owner, a: await join('a@example.org'), b: await join('b@example.org'), projectId, documentId });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of sockets) if (!s.closeInfo) await s.close();
  await server?.close();
});

const open = (room: string, token: string) => {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  return client;
};

/** A raw socket that counts every byte the server sends before closing it. */
function rawBytesUntilClose(room: string, token: string): Promise<{ code: number; bytes: number }> {
  return new Promise((resolve) => {
    let bytes = 0;
    const socket = new WebSocket(`${server.syncUrl}/${room}?token=${token}`);
    socket.on('message', (data: Buffer) => (bytes += data.byteLength));
    socket.on('close', (code) => resolve({ code, bytes }));
  });
}

/** The awareness entries of every frame a raw socket receives, in order. */
function recordAwareness(socket: RawSyncSocket): { clientId: number; clock: number; state: unknown }[] {
  const seen: { clientId: number; clock: number; state: unknown }[] = [];
  socket.onFrame((frame) => {
    const message = readServerFrame(frame);
    if (message.kind === 'awareness') seen.push(...message.entries);
  });
  return seen;
}

/**
 * Sends a presence of this socket's own and waits for the server's echo. Frames to one socket keep
 * their order, so once the echo is in, anything the server relayed to it before is in too.
 */
async function roundTrip(socket: RawSyncSocket, seen: readonly { clientId: number; clock: number }[], clientId: number, clock: number): Promise<void> {
  socket.send(writeAwarenessFrame([{ clientId, clock, state: { marker: clock } }]));
  await waitFor(() => seen.some((e) => e.clientId === clientId && e.clock === clock), 3000, 'the echo of our own presence');
}

describe('blind coding at the websocket level', () => {
  it('gives B zero bytes of A’s layer and none of A’s or the owner’s presence until the owner reveals, then everything', async () => {
    const textRoom = `text:${team.projectId}:${team.documentId}`;
    const layerA = `layer:${team.projectId}:${team.documentId}:${team.a.id}`;

    // A codes in their own layer and is present in the transcript with a selection.
    const aLayer = open(layerA, team.a.token);
    const aText = open(textRoom, team.a.token);
    await Promise.all([waitForSynced(aLayer), waitForSynced(aText)]);
    aLayer.doc.getMap('codings').set('c1', 'push');
    aText.provider.awareness.setLocalState({ user: { name: 'A' }, selection: { from: 9, to: 13 } });

    // B is in the same transcript room (a raw socket: it records every presence it is sent).
    const bText = await openRawSyncSocket(server.syncUrl, textRoom, { token: team.b.token });
    sockets.push(bText);
    const bSees = recordAwareness(bText);
    const bId = 0x0b_0001;
    // The owner is there too, with a selection of their own (issue 8.6b: it reached coders).
    const ownerToken = (await team.owner.post('/api/tokens', { name: 'owner ws' })).body.token;
    const ownerText = open(textRoom, ownerToken);
    await waitForSynced(ownerText);
    ownerText.provider.awareness.setLocalState({ user: { name: 'Owner' }, selection: { from: 0, to: 8 } });
    // The owner sees both coders (so the filter is not simply dropping everything)…
    await roundTrip(bText, bSees, bId, 1);
    await waitFor(() => ownerText.provider.awareness.getStates().has(aText.doc.clientID) && ownerText.provider.awareness.getStates().has(bId), 3000, 'the owner to see both coders');
    // The administrator token sees everyone: once it has the owner's selection, the server has it.
    const admin = open(textRoom, testAdminToken);
    await waitFor(() => admin.provider.awareness.getStates().has(ownerText.doc.clientID), 3000, 'the server to have the owner’s presence');
    // Once B's next presence has come back to B, everything relayed to B before it has too.
    await roundTrip(bText, bSees, bId, 2);
    expect(bSees.map((e) => e.clientId)).not.toContain(aText.doc.clientID);
    expect(bSees.map((e) => e.clientId)).not.toContain(ownerText.doc.clientID);
    expect(aText.provider.awareness.getStates().has(bId)).toBe(false);
    expect(aText.provider.awareness.getStates().has(ownerText.doc.clientID)).toBe(false);

    const refused = await rawBytesUntilClose(layerA, team.b.token);
    expect(refused).toEqual({ code: 4403, bytes: 0 });

    // The reveal.
    expect((await team.owner.patch(`/api/projects/${team.projectId}`, { codingMode: 'open' })).status).toBe(200);
    await waitFor(() => bSees.some((e) => e.clientId === aText.doc.clientID), 2000, 'B to see A’s presence after the reveal');
    expect(bSees.find((e) => e.clientId === aText.doc.clientID)?.state).toEqual({ user: { id: team.a.id, name: 'a' }, selection: { from: 9, to: 13 } });
    await waitFor(() => bSees.some((e) => e.clientId === ownerText.doc.clientID), 2000, 'B to see the owner’s presence after the reveal');
    const bReadsA = open(layerA, team.b.token);
    await waitForSynced(bReadsA);
    expect(bReadsA.doc.getMap('codings').get('c1')).toBe('push');
  });
});

describe('coding progress', () => {
  it('shows owners every coder’s counts, and coders only their own during a blind round', async () => {
    await team.owner.patch(`/api/projects/${team.projectId}`, { codingMode: 'blind' });
    try {
      const ownerView = (await team.owner.get(`/api/projects/${team.projectId}/progress`)).body;
      const counts = ownerView.documents[0].counts;
      expect(counts[team.a.id]).toBe(1);
      expect(counts[team.b.id]).toBe(0);
      const coderB = new ApiClient(server.httpUrl, team.b.token);
      const blindView = (await coderB.get(`/api/projects/${team.projectId}/progress`)).body;
      expect(blindView.coders.map((c: any) => c.id)).toEqual([team.b.id]);
      expect(Object.keys(blindView.documents[0].counts)).toEqual([team.b.id]);
    } finally {
      await team.owner.patch(`/api/projects/${team.projectId}`, { codingMode: 'open' });
    }
    const openView = (await new ApiClient(server.httpUrl, team.b.token).get(`/api/projects/${team.projectId}/progress`)).body;
    expect(openView.documents[0].counts[team.a.id]).toBe(1);
  });
});

describe('the reveal, for a client that is looking', () => {
  it('tells a socket that asked for notices that its access changed, and tells a stock client nothing', async () => {
    await team.owner.patch(`/api/projects/${team.projectId}`, { codingMode: 'blind' });
    const textRoom = `text:${team.projectId}:${team.documentId}`;
    const browserLike = await openRawSyncSocket(server.syncUrl, textRoom, { token: team.b.token, query: { notices: '1' } });
    const stock = await openRawSyncSocket(server.syncUrl, textRoom, { token: team.b.token });
    sockets.push(browserLike, stock);
    const frames = { browserLike: [] as string[], stock: [] as string[] };
    browserLike.onFrame((f) => frames.browserLike.push(JSON.stringify(readServerFrame(f))));
    stock.onFrame((f) => frames.stock.push(JSON.stringify(readServerFrame(f))));
    // A's presence, hidden from B until the reveal.
    const aText = open(textRoom, team.a.token);
    await waitForSynced(aText);
    aText.provider.awareness.setLocalState({ user: { name: 'A' }, selection: null });

    const noticed = browserLike.waitFor((f) => readServerFrame(f).kind === 'notice', 3000);
    expect((await team.owner.patch(`/api/projects/${team.projectId}`, { codingMode: 'open' })).status).toBe(200);
    const notice = await noticed;
    expect(notice.kind === 'frame' && readServerFrame(notice.frame)).toEqual({ kind: 'notice', notice: { type: 'accessChanged' } });
    // The stock client gets what the reveal shows (A's presence), and no frame it cannot read.
    await waitFor(() => frames.stock.some((f) => f.includes(`"clientId":${aText.doc.clientID}`)), 3000, 'A’s presence after the reveal');
    expect(frames.stock.filter((f) => f.includes('"kind":"notice"'))).toEqual([]);
  });
});

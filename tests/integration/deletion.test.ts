import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * "Deleting must delete": documents, projects and accounts, end to end through the REST API, with
 * stock y-websocket clients holding the rooms open, and the SQLite files read byte by byte after.
 */
const password = 'a long enough password';
const servers: TestServer[] = [];
const clients: SyncClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer({ env });
  servers.push(server);
  return server;
}

/** A person with a browser-style session and an API token for sockets. */
async function person(server: TestServer, email: string, name: string): Promise<{ api: ApiClient; id: string; token: string }> {
  const api = new ApiClient(server.httpUrl);
  const id = await api.signIn(email, name, password);
  const token = (await api.post('/api/tokens', { name: 'sockets' })).body.token as string;
  return { api, id, token };
}

async function invite(owner: ApiClient, projectId: string, member: ApiClient, role: 'owner' | 'coder' | 'viewer'): Promise<void> {
  const code = (await owner.post(`/api/projects/${projectId}/invites`, { role })).body.code;
  expect((await member.post(`/api/invites/${code}/accept`)).status).toBe(200);
}

/** A synced stock client, and a promise of the code its socket is closed with (it then stops reconnecting). */
async function openRoom(server: TestServer, room: string, token: string): Promise<{ client: SyncClient; closed: Promise<number> }> {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  const closed = new Promise<number>((resolve) => {
    client.provider.on('connection-close', (event) => {
      client.provider.shouldConnect = false;
      resolve(event?.code ?? -1);
    });
  });
  await waitForSynced(client);
  return { client, closed };
}

/** Opens a socket that the server is expected to refuse, and returns the close code. */
async function refusedWith(server: TestServer, room: string, token: string): Promise<number> {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  return new Promise<number>((resolve) => {
    client.provider.on('connection-close', (event) => {
      client.provider.shouldConnect = false;
      resolve(event?.code ?? -1);
    });
  });
}

/** Which files of the data directory (the database, the search index, their logs) hold `marker`, byte for byte. */
function filesHolding(server: TestServer, marker: string): string[] {
  const needle = Buffer.from(marker, 'utf8');
  return fs.readdirSync(server.dataDir).filter((name) => {
    const file = path.join(server.dataDir, name);
    return fs.statSync(file).isFile() && fs.readFileSync(file).includes(needle);
  });
}

/** A room's stored updates as one string, to look for a marker in. */
async function storedText(server: TestServer, room: string): Promise<string> {
  return (await server.store.loadUpdates(room)).updates.map((update) => Buffer.from(update).toString('latin1')).join('');
}

/** A coding with `memo` in `layerRoom`, over the coder's own sockets; resolves once it is stored. */
async function codeWithMemo(server: TestServer, projectId: string, documentId: string, coder: { id: string; token: string }, memo: string) {
  const text = await openRoom(server, `text:${projectId}:${documentId}`, coder.token);
  const layerRoom = `layer:${projectId}:${documentId}:${coder.id}`;
  const layer = await openRoom(server, layerRoom, coder.token);
  addCoding(layer.client.doc, { id: `c-${memo}`, codeId: 'code-1', anchor: createSpanAnchor(transcriptText(text.client.doc), 0, 12), memo, at: Date.now() });
  await waitFor(async () => (await storedText(server, layerRoom)).includes(memo), 3000, 'the memo to be stored');
  return { text, layer, layerRoom };
}

describe('deleting a document', () => {
  it('removes its row, transcript, every coder’s layer and the consensus, closes their sockets with 4404, and leaves its text and memos nowhere in the database files', async () => {
    const server = await start({ COMPACT_AFTER_UPDATES: '10' });
    const owner = await person(server, 'owner@example.org', 'Owner');
    const coder = await person(server, 'coder@example.org', 'Coder');
    const projectId = (await owner.api.post('/api/projects', { name: 'Study' })).body.id as string;
    await invite(owner.api, projectId, coder.api, 'coder');
    const transcriptMarker = 'AARDVARK-TRANSCRIPT-3141';
    const memoMarker = 'PANGOLIN-MEMO-2718';
    const doomed = (await owner.api.post(`/api/projects/${projectId}/documents`, { name: 'P01', text: `Interviewer: What changed?\nParticipant: ${transcriptMarker} changed everything.` })).body.id as string;
    const kept = (await owner.api.post(`/api/projects/${projectId}/documents`, { name: 'P02', text: 'Participant: KEPT-TRANSCRIPT-1618 stays.' })).body.id as string;

    const coding = await codeWithMemo(server, projectId, doomed, coder, memoMarker);
    const ownerLayer = await codeWithMemo(server, projectId, doomed, owner, `${memoMarker}-owner`);
    // A document memo (a record, and its history events) about the doomed document, and one about the kept one.
    const documentMemoMarker = 'NUMBAT-DOCUMENT-MEMO-5772';
    const documentMemo = (await coder.api.post(`/api/projects/${projectId}/memos`, { documentId: doomed, title: 'About P01', text: `${documentMemoMarker} first` })).body.id as string;
    expect((await coder.api.patch(`/api/projects/${projectId}/memos/${documentMemo}`, { text: `${documentMemoMarker} second` })).status).toBe(200);
    const keptMemo = (await owner.api.post(`/api/projects/${projectId}/memos`, { documentId: kept, title: 'About P02', text: 'KEPT-DOCUMENT-MEMO-1234' })).body.id as string;

    const consensusRoom = `consensus:${projectId}:${doomed}`;
    const consensus = new Y.Doc();
    consensus.getMap('codings').set('agreed', { memo: `${memoMarker}-consensus` });
    await server.store.appendUpdates(consensusRoom, [Y.encodeStateAsUpdate(consensus)]);
    // Enough edits for the transcript's log to be compacted while open: the old rows are rewritten before the deletion.
    const textRoom = `text:${projectId}:${doomed}`;
    for (let i = 0; i < 25; i++) ownerLayer.text.client.doc.getMap('probe').set(`k${i}`, i);
    await waitFor(async () => (await server.store.loadUpdates(textRoom)).seqs[0]! > 1, 5000, 'the transcript log to be compacted');
    expect(filesHolding(server, transcriptMarker)).not.toEqual([]);
    expect(filesHolding(server, memoMarker)).not.toEqual([]);
    expect(filesHolding(server, documentMemoMarker)).not.toEqual([]);
    // The search index holds the transcript too: its rows, and its words lower-cased in the FTS5 tables.
    await waitFor(async () => (await owner.api.get(`/api/projects/${projectId}/search?q=aardvark`)).body.total === 1, 5000, 'the transcript to be indexed for search');
    expect(filesHolding(server, 'aardvark')).not.toEqual([]);

    // The dashboard has read the project with the document in it (and caches that).
    const agreementDocuments = async () => (await owner.api.get(`/api/projects/${projectId}/agreement`)).body.documents.map((d: { id: string }) => d.id).sort();
    await waitFor(async () => (await agreementDocuments()).includes(doomed), 5000, 'the agreement to include the document');

    expect((await owner.api.delete(`/api/projects/${projectId}/documents/${doomed}`)).status).toBe(204);

    expect(await Promise.all([coding.text.closed, coding.layer.closed, ownerLayer.text.closed, ownerLayer.layer.closed])).toEqual([4404, 4404, 4404, 4404]);
    expect((await owner.api.get(`/api/projects/${projectId}/documents`)).body.map((d: { id: string }) => d.id)).toEqual([kept]);
    expect((await owner.api.get(`/api/projects/${projectId}`)).body.documentCount).toBe(1);
    expect(await server.directory.findDocument(projectId, doomed)).toBeNull();
    // Agreement no longer counts it, although no room of the project was stored since.
    expect(await agreementDocuments()).toEqual([kept]);
    expect(await server.store.listRooms([{ prefix: `text:${projectId}:${doomed}` }, { prefix: `layer:${projectId}:${doomed}:` }, { room: consensusRoom }])).toEqual([]);
    for (const room of [textRoom, coding.layerRoom, ownerLayer.layerRoom, consensusRoom]) expect(server.server.registry.has(room), room).toBe(false);
    expect(await refusedWith(server, textRoom, owner.token)).toBe(4404);
    expect(await refusedWith(server, coding.layerRoom, coder.token)).toBe(4404);

    expect(filesHolding(server, transcriptMarker)).toEqual([]);
    expect(filesHolding(server, memoMarker)).toEqual([]);
    expect(filesHolding(server, documentMemoMarker)).toEqual([]);
    expect((await owner.api.get(`/api/projects/${projectId}/memos?kind=document`)).body.memos.map((m: { id: string }) => m.id)).toEqual([keptMemo]);
    expect(filesHolding(server, 'aardvark')).toEqual([]);
    expect((await owner.api.get(`/api/projects/${projectId}/search?q=aardvark`)).body.total).toBe(0);
    // The other document is untouched.
    expect(await storedText(server, `text:${projectId}:${kept}`)).toContain('KEPT-TRANSCRIPT-1618');
    const keptText = await openRoom(server, `text:${projectId}:${kept}`, coder.token);
    expect(transcriptText(keptText.client.doc).toString()).toContain('KEPT-TRANSCRIPT-1618');
  });

  it('answers 404 for a document that does not exist or belongs to another project', async () => {
    const server = await start();
    const owner = await person(server, 'owner@example.org', 'Owner');
    const first = (await owner.api.post('/api/projects', { name: 'First' })).body.id as string;
    const second = (await owner.api.post('/api/projects', { name: 'Second' })).body.id as string;
    const document = (await owner.api.post(`/api/projects/${first}/documents`, { name: 'P01', text: 'Participant: hello.' })).body.id as string;
    expect((await owner.api.delete(`/api/projects/${first}/documents/missing`)).status).toBe(404);
    expect((await owner.api.delete(`/api/projects/${second}/documents/${document}`)).status).toBe(404);
    expect(await server.directory.findDocument(first, document)).not.toBeNull();
  });
});

describe('deleting a project', () => {
  it('removes its rows and every room — codebook, transcripts, layers, consensus — closes their sockets and leaves no text behind', async () => {
    const server = await start();
    const owner = await person(server, 'owner@example.org', 'Owner');
    const coder = await person(server, 'coder@example.org', 'Coder');
    const projectId = (await owner.api.post('/api/projects', { name: 'Doomed study' })).body.id as string;
    const keptProject = (await owner.api.post('/api/projects', { name: 'Kept study' })).body.id as string;
    await invite(owner.api, projectId, coder.api, 'coder');
    const transcriptMarker = 'CAPYBARA-TRANSCRIPT-1414';
    const memoMarker = 'OKAPI-MEMO-1732';
    const documentId = (await owner.api.post(`/api/projects/${projectId}/documents`, { name: 'P01', text: `Participant: ${transcriptMarker} was hard.` })).body.id as string;
    const keptDocument = (await owner.api.post(`/api/projects/${keptProject}/documents`, { name: 'P01', text: 'Participant: KEPT-PROJECT-TEXT-2236.' })).body.id as string;
    await owner.api.post(`/api/projects/${projectId}/invites`, { role: 'viewer' });
    await waitFor(async () => (await owner.api.get(`/api/projects/${projectId}/search?q=capybara`)).body.total === 1, 5000, 'the transcript to be indexed for search');
    expect(filesHolding(server, 'capybara')).not.toEqual([]);

    const codebook = await openRoom(server, `project:${projectId}`, coder.token);
    addCode(codebook.client.doc, { id: 'code-1', name: 'Turning point', shortName: 'TP', colour: '#0072B2', parentId: null, order: 0, definition: 'SERVAL-CODEBOOK-1123', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: new Date().toISOString(), createdBy: coder.id });
    await waitFor(async () => (await storedText(server, `project:${projectId}`)).includes('SERVAL-CODEBOOK-1123'), 3000, 'the code to be stored');
    const coding = await codeWithMemo(server, projectId, documentId, coder, memoMarker);
    expect((await coder.api.post(`/api/projects/${projectId}/memos`, { title: 'Project memo', text: 'QUOKKA-PROJECT-MEMO-6021' })).status).toBe(201);
    expect((await coder.api.post(`/api/projects/${projectId}/memos`, { documentId, title: 'Document memo', text: 'QUOKKA-DOCUMENT-MEMO-6022' })).status).toBe(201);
    expect(filesHolding(server, 'QUOKKA-PROJECT-MEMO-6021')).not.toEqual([]);
    const keptSocket = await openRoom(server, `text:${keptProject}:${keptDocument}`, owner.token);
    let keptClosed = false;
    void keptSocket.closed.then(() => (keptClosed = true));

    expect((await owner.api.delete(`/api/projects/${projectId}`)).status).toBe(204);

    expect(await Promise.all([codebook.closed, coding.text.closed, coding.layer.closed])).toEqual([4404, 4404, 4404]);
    expect((await owner.api.get(`/api/projects/${projectId}`)).status).toBe(404);
    expect((await coder.api.get('/api/projects')).body.map((p: { id: string }) => p.id)).toEqual([]);
    expect(await server.directory.findProject(projectId)).toBeNull();
    expect(await server.directory.listDocuments(projectId)).toEqual([]);
    expect(await server.directory.listMembers(projectId)).toEqual([]);
    expect(await server.store.listRooms([{ room: `project:${projectId}` }, { prefix: `text:${projectId}:` }, { prefix: `layer:${projectId}:` }, { prefix: `consensus:${projectId}:` }])).toEqual([]);
    expect(await refusedWith(server, `project:${projectId}`, owner.token)).toBe(4404);

    for (const marker of [transcriptMarker, 'capybara', memoMarker, 'SERVAL-CODEBOOK-1123', 'Doomed study', 'QUOKKA-PROJECT-MEMO-6021', 'QUOKKA-DOCUMENT-MEMO-6022']) expect(filesHolding(server, marker), marker).toEqual([]);
    expect(await storedText(server, `text:${keptProject}:${keptDocument}`)).toContain('KEPT-PROJECT-TEXT-2236');
    expect(keptClosed).toBe(false);
  });
});

describe('deleting one’s own account', () => {
  it('previews, then deletes the account, its only-member projects and its layers elsewhere, signs it out everywhere and leaves no text behind', async () => {
    const server = await start();
    const leader = await person(server, 'leader@example.org', 'Leader');
    const leaving = await person(server, 'leaving@example.org', 'Leaving Coder');
    const shared = (await leader.api.post('/api/projects', { name: 'Shared study' })).body.id as string;
    await invite(leader.api, shared, leaving.api, 'coder');
    const sharedDocument = (await leader.api.post(`/api/projects/${shared}/documents`, { name: 'P01', text: 'Participant: SHARED-TRANSCRIPT-9090 stays.' })).body.id as string;
    const solo = (await leaving.api.post('/api/projects', { name: 'My pilot' })).body.id as string;
    const soloDocument = (await leaving.api.post(`/api/projects/${solo}/documents`, { name: 'Pilot 1', text: 'Participant: MEERKAT-PILOT-TRANSCRIPT-4242 said so.' })).body.id as string;
    const memoMarker = 'TAPIR-MEMO-8080';
    const coding = await codeWithMemo(server, shared, sharedDocument, leaving, memoMarker);
    // The leaving coder's memos in the shared project go with the account, their history redacted; the leader's stays.
    expect((await leaving.api.post(`/api/projects/${shared}/memos`, { title: 'Mine', text: 'WOMBAT-PROJECT-MEMO-3030' })).status).toBe(201);
    expect((await leaving.api.post(`/api/projects/${shared}/memos`, { documentId: sharedDocument, title: 'Mine too', text: 'WOMBAT-DOCUMENT-MEMO-3031' })).status).toBe(201);
    expect((await leader.api.post(`/api/projects/${shared}/memos`, { title: 'Leader', text: 'LEADER-MEMO-3032' })).status).toBe(201);
    expect(filesHolding(server, 'WOMBAT-DOCUMENT-MEMO-3031')).not.toEqual([]);
    const soloText = await openRoom(server, `text:${solo}:${soloDocument}`, leaving.token);
    await waitFor(async () => (await leaving.api.get(`/api/projects/${solo}/search?q=meerkat`)).body.total === 1, 5000, 'the transcript to be indexed for search');
    expect(filesHolding(server, 'meerkat')).not.toEqual([]);
    // The project's owner reads the leaving coder's layer: that socket must close too.
    const watcher = await openRoom(server, coding.layerRoom, leader.token);
    const leaderText = await openRoom(server, `text:${shared}:${sharedDocument}`, leader.token);
    let leaderTextClosed = false;
    void leaderText.closed.then(() => (leaderTextClosed = true));

    const preview = await leaving.api.get('/api/me/deletion');
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      projects: [{ id: solo, name: 'My pilot', documentCount: 1 }],
      codings: { documentCount: 1, projectCount: 1 },
      blockers: [],
    });

    const wrong = await leaving.api.request('DELETE', '/api/me', { password: 'not the password' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.field).toBe('password');
    expect(await server.directory.findUserById(leaving.id)).not.toBeNull();
    expect((await leaving.api.request('DELETE', '/api/me', {})).status).toBe(422);

    const staleCookie = leaving.api.sessionCookie!;
    const deleted = await leaving.api.request('DELETE', '/api/me', { password });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('set-cookie')).toMatch(/accord_session=;/);

    const codes = await Promise.all([coding.text.closed, coding.layer.closed, soloText.closed, watcher.closed]);
    expect(codes.slice(0, 3).every((code) => code === 4401 || code === 4404), String(codes)).toBe(true);
    expect(codes[3]).toBe(4404);
    expect(await server.directory.findUserById(leaving.id)).toBeNull();
    expect(await server.directory.findProject(solo)).toBeNull();
    expect((await leader.api.get(`/api/projects/${shared}/members`)).body.map((m: { userId: string }) => m.userId)).toEqual([leader.id]);
    expect((await new ApiClient(server.httpUrl, leaving.token).get('/api/projects')).status).toBe(401);
    expect((await fetch(`${server.httpUrl}/api/me`, { headers: { cookie: staleCookie } })).status).toBe(401);
    expect(await server.store.listRooms([{ prefix: 'layer:', suffix: `:${leaving.id}` }, { prefix: `text:${solo}:` }])).toEqual([]);

    for (const marker of [memoMarker, 'MEERKAT-PILOT-TRANSCRIPT-4242', 'meerkat', 'leaving@example.org', 'Leaving Coder', 'My pilot', 'WOMBAT-PROJECT-MEMO-3030', 'WOMBAT-DOCUMENT-MEMO-3031']) expect(filesHolding(server, marker), marker).toEqual([]);
    expect((await leader.api.get(`/api/projects/${shared}/memos?kind=project`)).body.memos.map((m: { text: string }) => m.text)).toEqual(['LEADER-MEMO-3032']);
    expect(await storedText(server, `text:${shared}:${sharedDocument}`)).toContain('SHARED-TRANSCRIPT-9090');
    expect(leaderTextClosed).toBe(false);

    // The email can sign up again, as a new account that administers nothing (others remain).
    const again = await new ApiClient(server.httpUrl).post('/api/auth/signup', { email: 'leaving@example.org', password, name: 'Back again' });
    expect(again.status).toBe(201);
    expect(again.body.user.isAdmin).toBe(false);
  });

  it('throttles wrong passwords, so a stolen session cannot be used to guess the password', async () => {
    const server = await start({ LOGIN_MAX_FAILURES: '3' });
    const victim = await person(server, 'victim@example.org', 'Victim');
    for (let i = 0; i < 3; i++) expect((await victim.api.request('DELETE', '/api/me', { password: `guess number ${i}` })).status).toBe(422);
    // Even the right password is refused now, and the account is still there.
    expect((await victim.api.request('DELETE', '/api/me', { password })).status).toBe(429);
    expect((await victim.api.post('/api/auth/password', { currentPassword: password, newPassword: 'another long password' })).status).toBe(429);
    expect((await victim.api.get('/api/me')).status).toBe(200);
  });

  it('is refused with 409 while the account is the last owner of a project with other members, and allowed once someone else owns it', async () => {
    const server = await start();
    const owner = await person(server, 'owner@example.org', 'Owner');
    const coder = await person(server, 'coder@example.org', 'Coder');
    const projectId = (await owner.api.post('/api/projects', { name: 'Team study' })).body.id as string;
    await invite(owner.api, projectId, coder.api, 'coder');

    const preview = await owner.api.get('/api/me/deletion');
    expect(preview.body.blockers).toEqual([{ id: projectId, name: 'Team study', memberCount: 2 }]);
    const refused = await owner.api.request('DELETE', '/api/me', { password });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/Team study/);
    expect(refused.body.error.message).toMatch(/make someone else owner first/i);
    expect(await server.directory.findUserById(owner.id)).not.toBeNull();

    expect((await owner.api.patch(`/api/projects/${projectId}/members/${coder.id}`, { role: 'owner' })).status).toBe(200);
    expect((await owner.api.get('/api/me/deletion')).body).toEqual({ projects: [], codings: { documentCount: 0, projectCount: 0 }, blockers: [] });
    expect((await owner.api.request('DELETE', '/api/me', { password })).status).toBe(204);
    expect((await coder.api.get(`/api/projects/${projectId}`)).body).toMatchObject({ memberCount: 1, role: 'owner' });
  });

  it('lets the last administrator go; the next sign-up administers the server only when no account is left', async () => {
    const server = await start();
    const admin = await person(server, 'first@example.org', 'First');
    expect((await admin.api.get('/api/me')).body.user.isAdmin).toBe(true);
    const other = await person(server, 'second@example.org', 'Second');
    expect((await admin.api.request('DELETE', '/api/me', { password })).status).toBe(204);
    const third = await new ApiClient(server.httpUrl).post('/api/auth/signup', { email: 'third@example.org', password, name: 'Third' });
    expect(third.body.user.isAdmin).toBe(false);

    const thirdApi = new ApiClient(server.httpUrl);
    await thirdApi.signIn('third@example.org', 'Third', password);
    expect((await thirdApi.request('DELETE', '/api/me', { password })).status).toBe(204);
    expect((await other.api.request('DELETE', '/api/me', { password })).status).toBe(204);
    expect(await server.directory.countUsers()).toBe(0);
    const fresh = await new ApiClient(server.httpUrl).post('/api/auth/signup', { email: 'fresh@example.org', password, name: 'Fresh' });
    expect(fresh.body.user.isAdmin).toBe(true);
  });
});

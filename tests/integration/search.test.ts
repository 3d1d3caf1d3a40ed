import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importTranscript } from '../../shared/import/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { readCodings } from '../../shared/ydoc/layer-doc.ts';
import { transcriptText, writeTranscript } from '../../shared/ydoc/transcript-doc.ts';
import { openSqliteStorage } from '../../server/persistence/sqlite-storage.ts';
import { createSqliteSearchIndex, searchIndexFileName } from '../../server/search/sqlite-search-index.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Full-text search end to end: a real server and SQLite file, transcripts imported through the
 * API, the index kept current from the stored rooms, and "code all hits" written into the
 * caller's own layer as stock y-websocket clients see it.
 */
const password = 'a long enough password';
let server: TestServer;
const clients: SyncClient[] = [];
interface Person {
  readonly api: ApiClient;
  readonly id: string;
  readonly token: string;
}
let owner: Person;
let coder: Person;
let viewer: Person;
let outsider: Person;
let projectId: string;
const documents: Record<string, { id: string; text: string }> = {};

const p01 = [
  'Interviewer: How did the support team start?',
  'Participant: The support team came in March. The café downstairs was where we met; Cafe Nero, later.',
  'Participant: Leadership changed twice. Our leaders were naïve about the data, I think.',
].join('\n');
const p02 = ['Interviewer: And the leads?', 'Participant: Our lead coach led the training. Support-team meetings were weekly.'].join('\n');

async function person(email: string, name: string): Promise<Person> {
  const api = new ApiClient(server.httpUrl);
  const id = await api.signIn(email, name, password);
  const token = (await api.post('/api/tokens', { name: 'sockets' })).body.token as string;
  return { api, id, token };
}

async function invite(role: 'coder' | 'viewer', member: Person): Promise<void> {
  const code = (await owner.api.post(`/api/projects/${projectId}/invites`, { role })).body.code;
  expect((await member.api.post(`/api/invites/${code}/accept`)).status).toBe(200);
}

async function synced(room: string, token: string): Promise<SyncClient> {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  await waitForSynced(client);
  return client;
}

const search = (who: Person, q: string, extra = '') => who.api.get(`/api/projects/${projectId}/search?q=${encodeURIComponent(q)}${extra}`);
/** Waits until the index has caught up with what the test stored (the signal: the search itself). */
const searchUntil = async (who: Person, q: string, done: (body: any) => boolean) => {
  let last: any;
  await waitFor(async () => done((last = (await search(who, q)).body)), 10_000, `the search for ${q}`);
  return last;
};

beforeAll(async () => {
  server = await startTestServer();
  owner = await person('owner@example.org', 'Owner');
  coder = await person('coder@example.org', 'Coder');
  viewer = await person('viewer@example.org', 'Viewer');
  outsider = await person('outsider@example.org', 'Outsider');
  projectId = (await owner.api.post('/api/projects', { name: 'Search study' })).body.id;
  await invite('coder', coder);
  await invite('viewer', viewer);
  for (const [name, text] of Object.entries({ P01: p01, P02: p02 })) {
    const created = await owner.api.post(`/api/projects/${projectId}/documents`, { name, text });
    expect(created.status).toBe(201);
    documents[name] = { id: created.body.id, text };
  }
  const codebook = await synced(`project:${projectId}`, owner.token);
  for (const [id, name] of [
    ['support', 'Support'],
    ['leadership', 'Leadership'],
  ]) {
    addCode(codebook.doc, { id: id!, name: name!, shortName: name!.slice(0, 3).toUpperCase(), colour: '#0072B2', parentId: null, order: 0, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: new Date().toISOString(), createdBy: owner.id });
  }
  await searchUntil(owner, 'support', (body) => body.total === 3);
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => {
  await server?.close();
});

describe('GET /api/projects/:id/search', () => {
  it('finds words whatever their case and accents, phrases and word starts, with exact offsets and the sentence around each hit', async () => {
    const text = (name: string) => documents[name]!.text;
    const { status, body } = await search(viewer, 'support');
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(body.pending).toBe(0);
    expect(body.documents).toEqual([
      { documentId: documents.P01!.id, documentName: 'P01', hits: 2 },
      { documentId: documents.P02!.id, documentName: 'P02', hits: 1 },
    ]);
    // In the project's document order, then by position; each hit is the transcript's text at its offsets.
    for (const hit of body.hits) {
      const name = hit.documentName as string;
      expect(text(name).slice(hit.start, hit.end).toLowerCase()).toBe('support');
      expect(text(name).slice(hit.contextStart, hit.contextStart + hit.context.length)).toBe(hit.context);
      expect(hit.context.slice(hit.start - hit.contextStart, hit.end - hit.contextStart).toLowerCase()).toBe('support');
    }
    expect(body.hits.map((h: any) => [h.documentName, h.context])).toEqual([
      ['P01', 'Interviewer: How did the support team start?'],
      ['P01', 'Participant: The support team came in March.'],
      ['P02', 'Support-team meetings were weekly.'],
    ]);

    const words = async (q: string) => (await search(owner, q)).body.hits.map((h: any) => text(h.documentName).slice(h.start, h.end));
    expect(await words('CAFE')).toEqual(['café', 'Cafe']);
    expect(await words('naive')).toEqual(['naïve']);
    expect(await words('"support team"')).toEqual(['support team', 'support team', 'Support-team']);
    expect(await words('lead*')).toEqual(['Leadership', 'leaders', 'leads', 'lead']);
    expect(await words('"the support"')).toEqual(['the support', 'The support']);
    expect(await words('zebra')).toEqual([]);
  });

  it('pages through the hits with limit and offset', async () => {
    const first = (await search(owner, 'support', '&limit=2')).body;
    const rest = (await search(owner, 'support', '&limit=2&offset=2')).body;
    expect(first.total).toBe(3);
    expect(first.hits).toHaveLength(2);
    expect(rest.hits).toHaveLength(1);
    expect(rest.total).toBe(3);
    expect([...first.hits, ...rest.hits]).toEqual((await search(owner, 'support')).body.hits);
  });

  it('answers a malformed query or bad paging with 422 and a sentence, never a 500', async () => {
    for (const q of ['"support team', '*', 'le*ad', 'OR support', 'support OR', '""', '?!', ' ']) {
      const { status, body } = await search(owner, q);
      expect(status, q).toBe(422);
      expect(body.error.field, q).toBe('q');
      expect(body.error.message, q).toMatch(/^[A-Z“"].{10,}[.]$/u);
    }
    expect((await owner.api.get(`/api/projects/${projectId}/search`)).status).toBe(422);
    expect((await search(owner, 'a'.repeat(201))).body.error.message).toMatch(/at most 200 characters/);
    expect((await search(owner, 'support', '&limit=501')).body.error).toMatchObject({ code: 'validation', field: 'limit' });
    expect((await search(owner, 'support', '&limit=0')).body.error).toMatchObject({ code: 'validation', field: 'limit' });
    expect((await search(owner, 'support', '&offset=-1')).body.error).toMatchObject({ code: 'validation', field: 'offset' });
    // Operators of the index's own syntax are words to find here.
    expect((await search(owner, 'NEAR(support team) AND NOT {body}: ^x')).status).toBe(200);
  });

  it('is for members only: others get 404, as if the project did not exist', async () => {
    expect((await search(outsider, 'support')).status).toBe(404);
    expect((await new ApiClient(server.httpUrl).get(`/api/projects/${projectId}/search?q=support`)).status).toBe(401);
  });

  it('follows the transcripts: a changed text is found as it now reads, a deleted document no more', async () => {
    const created = await owner.api.post(`/api/projects/${projectId}/documents`, { name: 'P03', text: 'Participant: The quokka project began.' });
    await searchUntil(owner, 'quokka', (body) => body.total === 1);
    const room = await synced(created.body.rooms.text, owner.token);
    const ytext = transcriptText(room.doc);
    ytext.insert(ytext.length, ' Then a numbat joined.');
    const found = await searchUntil(owner, 'numbat', (body) => body.total === 1);
    expect(ytext.toString().slice(found.hits[0].start, found.hits[0].end)).toBe('numbat');
    ytext.delete(ytext.toString().indexOf('quokka'), 'quokka'.length);
    await searchUntil(owner, 'quokka', (body) => body.total === 0);

    expect((await owner.api.delete(`/api/projects/${projectId}/documents/${created.body.id}`)).status).toBe(204);
    const after = (await search(owner, 'numbat')).body;
    expect(after).toMatchObject({ total: 0, hits: [], documents: [] });
  });
});

describe('POST /api/projects/:id/search/code', () => {
  const code = (who: Person, body: unknown) => who.api.post(`/api/projects/${projectId}/search/code`, body);

  it('codes the chosen hits in the caller’s own layer, as the caller, and skips what that layer already has', async () => {
    const hits = (await search(coder, 'support')).body.hits.map((h: any) => ({ documentId: h.documentId, start: h.start, end: h.end }));
    const chosen = hits.filter((_: unknown, i: number) => i !== 1);
    // Another person's open layer and the coder's own, over stock providers: the codings arrive live.
    const text = await synced(`text:${projectId}:${documents.P01!.id}`, coder.token);
    const layer = await synced(`layer:${projectId}:${documents.P01!.id}:${coder.id}`, owner.token);
    const { status, body } = await code(coder, { q: 'support', codeId: 'support', hits: chosen });
    expect(status).toBe(200);
    expect(body).toEqual({ coded: 2, skipped: 0 });

    await waitFor(() => readCodings(layer.doc, text.doc, coder.id).length === 1, 5000, 'the coding to reach the owner’s replica');
    const spans = readCodings(layer.doc, text.doc, coder.id).map((c) => [c.codeId, c.start, c.end]);
    expect(spans).toEqual([['support', chosen[0].start, chosen[0].end]]);
    expect(transcriptText(text.doc).toString().slice(chosen[0].start, chosen[0].end)).toBe('support');

    // In the history under the coder's own id, in the coder's layer.
    const events = (await owner.api.get(`/api/projects/${projectId}/history?type=coding.added`)).body.events;
    expect(events).toHaveLength(2);
    for (const event of events) expect(event).toMatchObject({ userId: coder.id, layer: coder.id, codeId: 'support' });
    // Nobody else's layer was touched.
    const ownerLayer = await synced(`layer:${projectId}:${documents.P01!.id}:${owner.id}`, owner.token);
    expect(ownerLayer.doc.getMap('codings').size).toBe(0);

    // Again, all of them: the two already coded are skipped, the one left out is coded now.
    expect((await code(coder, { q: 'support', codeId: 'support', hits })).body).toEqual({ coded: 1, skipped: 2 });
    // The same hits with another code are new codings.
    expect((await code(coder, { q: 'support', codeId: 'leadership', hits: hits.slice(0, 1) })).body).toEqual({ coded: 1, skipped: 0 });
  });

  it('refuses viewers and the administrator token, which have no layer to code in', async () => {
    const hits = (await search(viewer, 'leaders')).body.hits.map((h: any) => ({ documentId: h.documentId, start: h.start, end: h.end }));
    const refused = await code(viewer, { q: 'leaders', codeId: 'leadership', hits });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Viewers can search but not code/);
    expect((await ApiClient.admin(server.httpUrl).post(`/api/projects/${projectId}/search/code`, { q: 'leaders', codeId: 'leadership', hits })).status).toBe(403);
    expect((await code(outsider, { q: 'leaders', codeId: 'leadership', hits })).status).toBe(404);
    const viewerLayer = await synced(`layer:${projectId}:${documents.P01!.id}:${viewer.id}`, owner.token);
    expect(viewerLayer.doc.getMap('codings').size).toBe(0);
  });

  it('accepts only current hits of the query, a code of the codebook and at most 2,000 hits', async () => {
    const [hit] = (await search(coder, 'leaders')).body.hits.map((h: any) => ({ documentId: h.documentId, start: h.start, end: h.end }));
    const bad = async (body: unknown) => (await code(coder, body)).body.error;
    expect(await bad({ q: 'leaders', codeId: 'leadership', hits: [{ ...hit, start: hit.start + 1 }] })).toMatchObject({ code: 'validation', field: 'hits' });
    expect(await bad({ q: 'naive', codeId: 'leadership', hits: [hit] })).toMatchObject({ code: 'validation', field: 'hits' });
    expect(await bad({ q: 'leaders', codeId: 'no-such-code', hits: [hit] })).toMatchObject({ code: 'validation', field: 'codeId' });
    expect(await bad({ q: 'leaders', hits: [hit] })).toMatchObject({ code: 'validation', field: 'codeId' });
    expect(await bad({ q: 'leaders', codeId: 'leadership', hits: [] })).toMatchObject({ code: 'validation', field: 'hits' });
    expect(await bad({ q: 'leaders', codeId: 'leadership', hits: [{ documentId: hit.documentId, start: 5, end: 5 }] })).toMatchObject({ code: 'validation', field: 'hits' });
    expect(await bad({ q: '"leaders', codeId: 'leadership', hits: [hit] })).toMatchObject({ code: 'validation', field: 'q' });
    const tooMany = Array.from({ length: 2001 }, (_, i) => ({ documentId: hit.documentId, start: i, end: i + 1 }));
    expect((await bad({ q: 'leaders', codeId: 'leadership', hits: tooMany })).message).toMatch(/At most 2,000 hits/);
    // Nothing of it was written.
    const layer = await synced(`layer:${projectId}:${documents.P01!.id}:${coder.id}`, coder.token);
    const text = await synced(`text:${projectId}:${documents.P01!.id}`, coder.token);
    expect(readCodings(layer.doc, text.doc, coder.id).filter((c) => c.start === hit.start)).toEqual([]);
  });

  it('refuses, naming the document, while a submitted round freezes the caller’s layer', async () => {
    const round = await owner.api.post(`/api/projects/${projectId}/rounds`, { name: 'Round 1', documentIds: [documents.P02!.id] });
    expect(round.status).toBe(201);
    const rounds = `/api/projects/${projectId}/rounds/${round.body.id}`;
    expect((await owner.api.post(`${rounds}/phase`, { phase: 'blind' })).status).toBe(200);
    expect((await coder.api.post(`${rounds}/documents/${documents.P02!.id}/submit`, {})).status).toBe(201);
    const hits = (await search(coder, 'training')).body.hits.map((h: any) => ({ documentId: h.documentId, start: h.start, end: h.end }));
    expect(hits).toHaveLength(1);
    const refused = await code(coder, { q: 'training', codeId: 'support', hits });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/“P02”.*submitted for this round/);
    const layer = await synced(`layer:${projectId}:${documents.P02!.id}:${coder.id}`, coder.token);
    const text = await synced(`text:${projectId}:${documents.P02!.id}`, coder.token);
    expect(readCodings(layer.doc, text.doc, coder.id).filter((c) => c.start === hits[0].start)).toEqual([]);
    // Re-opened, the same request codes.
    expect((await coder.api.post(`${rounds}/documents/${documents.P02!.id}/reopen`, {})).status).toBe(200);
    expect((await code(coder, { q: 'training', codeId: 'support', hits })).body).toEqual({ coded: 1, skipped: 0 });
  });
});

describe('the index at start-up', () => {
  it('indexes the documents it is missing, such as those stored while it did not exist, and drops entries of documents that are gone', async () => {
    const dataDir = makeTempDir();
    const storage = openSqliteStorage(dataDir);
    await storage.directory.createUser({ id: 'owner', email: 'startup@example.org', name: 'Owner', passwordHash: 'not-a-hash', isAdmin: false });
    await storage.directory.createProject({ id: 'project', name: 'Stored directly', ownerId: 'owner' });
    const imported = importTranscript({ name: 'P01.txt', bytes: new TextEncoder().encode('Interviewer: Hello.\nParticipant: The axolotl study started early.') });
    const doc = new Y.Doc();
    writeTranscript(doc, imported.text, imported.units);
    await storage.documents.appendUpdates(formatRoomName({ kind: 'text', projectId: 'project', documentId: 'doc1' }), [Y.encodeStateAsUpdate(doc)]);
    await storage.directory.createDocument({ id: 'doc1', projectId: 'project', name: 'P01', length: imported.text.length });
    await storage.close();
    // And an index entry of a document that no longer exists (deleted while the index could not be written).
    const file = path.join(dataDir, searchIndexFileName);
    const stale = createSqliteSearchIndex(file);
    await stale.replaceDocument('project', 'gone', 'v1', [{ start: 0, text: 'Participant: the okapi stayed behind.' }], { yieldIfDue: async () => {}, cancelled: () => false });
    await stale.close();

    const restarted = await startTestServer({ dataDir });
    try {
      const admin = ApiClient.admin(restarted.httpUrl);
      let body: any;
      await waitFor(async () => (body = (await admin.get('/api/projects/project/search?q=axolotl')).body).total === 1, 10_000, 'the start-up index');
      expect(imported.text.slice(body.hits[0].start, body.hits[0].end)).toBe('axolotl');
      expect(body.pending).toBe(0);
      expect((await admin.get('/api/projects/project/search?q=okapi')).body.total).toBe(0);
      const reader = new Database(file, { readonly: true });
      try {
        await waitFor(() => (reader.prepare("SELECT COUNT(*) AS n FROM search_rows WHERE document_id = 'gone'").get() as { n: number }).n === 0, 10_000, 'the stale entry to be removed');
        expect(reader.prepare("SELECT COUNT(*) AS n FROM search_documents WHERE document_id = 'gone'").get()).toEqual({ n: 0 });
      } finally {
        reader.close();
      }
    } finally {
      await restarted.close();
    }
  });
});

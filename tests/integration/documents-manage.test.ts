import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTranscriptCorrection } from '../../client/src/lib/coding/transcript-correction.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { readTranscriptText, readTranscriptUnits, transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, testAdminToken, type TestServer } from '../support/test-server.ts';

const interview = [
  'Interviewer: How did the pilot start?',
  'P07: The cost of traning was hihg, and the staff had no time for it.',
  'Interviewer: What happened then?',
  'P07: We stopped the pilot after a year.',
].join('\n');

const code: Code = {
  id: 'cost', name: 'Cost', shortName: 'Cos', colour: '#E69F00', parentId: null, order: 0, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: '',
};

type Member = { id: string; api: ApiClient; token: string };
let server: TestServer;
const clients: SyncClient[] = [];
let owner: Member;
let coder: Member;
let viewer: Member;
let outsider: ApiClient;
let projectId: string;
const docs: Record<'p1' | 'p2' | 'p3', string> = { p1: '', p2: '', p3: '' };
const base = () => `/api/projects/${projectId}`;
const rename = (who: ApiClient, documentId: string, body: unknown) => who.patch(`${base()}/documents/${documentId}`, body);
const names = async () => ((await owner.api.get(`${base()}/documents`)).body as { id: string; name: string }[]).map((d) => d.name).sort((a, b) => a.localeCompare(b));

async function open(room: string, token: string): Promise<SyncClient> {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  await waitForSynced(client);
  return client;
}

/** Resolves with the first "permission denied" frame (message type 2) the server sends this client: its write was refused as read-only. */
function permissionDenied(client: SyncClient): Promise<void> {
  return new Promise((resolve) => {
    client.provider.ws!.addEventListener('message', (event: MessageEvent) => {
      if (new Uint8Array(event.data as ArrayBuffer)[0] === 2) resolve();
    });
  });
}

beforeAll(async () => {
  server = await startTestServer();
  const join = async (email: string, name: string, role: 'owner' | 'coder' | 'viewer'): Promise<Member> => {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(email, name);
    if (role !== 'owner') {
      const invite = (await owner.api.post(`${base()}/invites`, { role })).body.code;
      await api.post(`/api/invites/${invite}/accept`);
    }
    return { id, api, token: (await api.post('/api/tokens', { name: 'ws' })).body.token as string };
  };
  const ownerApi = new ApiClient(server.httpUrl);
  const ownerId = await ownerApi.signIn('pi@example.org', 'Pat Lee');
  projectId = (await ownerApi.post('/api/projects', { name: 'Pilot study' })).body.id;
  owner = { id: ownerId, api: ownerApi, token: (await ownerApi.post('/api/tokens', { name: 'ws' })).body.token };
  coder = await join('ana@example.org', 'Ana Ortiz', 'coder');
  viewer = await join('vic@example.org', 'Vic Viewer', 'viewer');
  outsider = new ApiClient(server.httpUrl);
  await outsider.signIn('eve@example.org', 'Eve');
  docs.p1 = (await owner.api.post(`${base()}/documents`, { name: 'P07 nurse', text: interview })).body.id;
  docs.p2 = (await owner.api.post(`${base()}/documents`, { name: 'P08 teacher', text: 'Interviewer: Hello.\nP08: Hello.' })).body.id;
  docs.p3 = (await owner.api.post(`${base()}/documents`, { name: 'P09 manager', text: 'Interviewer: Hello.\nP09: Hi.' })).body.id;
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('renaming a document', () => {
  it('lets an owner rename a document, trimmed, and names it so everywhere', async () => {
    const pathways = `${base()}/pathways`;
    const before = (await owner.api.get(pathways)).headers.get('etag');
    const response = await rename(owner.api, docs.p2, { name: '  P08 teacher, school A  ' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: docs.p2, name: 'P08 teacher, school A' });
    expect(await names()).toEqual(['P07 nurse', 'P08 teacher, school A', 'P09 manager']);
    // Pathways, agreement and the explore reads are cached per project version: a rename moves it.
    expect((await owner.api.get(pathways)).headers.get('etag')).not.toBe(before);
    // Changing only the case of its own name is a rename too.
    expect((await rename(owner.api, docs.p2, { name: 'p08 Teacher, school A' })).status).toBe(200);
  });

  it('refuses an empty, too long or non-text name (422) and another document’s name in any case (409), changing nothing', async () => {
    const empty = await rename(owner.api, docs.p3, { name: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.body.error).toMatchObject({ code: 'validation', field: 'name' });
    expect((await rename(owner.api, docs.p3, { name: 'x'.repeat(201) })).status).toBe(422);
    expect((await rename(owner.api, docs.p3, { name: 42 })).status).toBe(422);
    expect((await rename(owner.api, docs.p3, { name: 'x'.repeat(200) })).status).toBe(200);
    const taken = await rename(owner.api, docs.p3, { name: ' P07 NURSE ' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'conflict', field: 'name' });
    expect(taken.body.error.message).toContain('P07 nurse');
    expect((await rename(owner.api, 'no-such-document', { name: 'Anything' })).status).toBe(404);
    expect((await rename(owner.api, docs.p3, { name: 'P09 manager' })).status).toBe(200);
    expect(await names()).toEqual(['P07 nurse', 'p08 Teacher, school A', 'P09 manager']);
  });

  it('lets renames race for one free name: exactly one gets it', async () => {
    const racers: string[] = [];
    for (let i = 0; i < 6; i++) racers.push((await owner.api.post(`${base()}/documents`, { name: `Racer ${i}`, text: 'Interviewer: Hi.\nP: Hello.' })).body.id);
    const statuses = (await Promise.all(racers.map((id, i) => rename(owner.api, id, { name: i % 2 ? 'Contested' : 'CONTESTED' })))).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409, 409, 409, 409, 409]);
    for (const id of racers) expect((await owner.api.delete(`${base()}/documents/${id}`)).status).toBe(204);
    expect((await rename(owner.api, docs.p2, { name: 'P08 teacher' })).status).toBe(200);
  });

  it('never refuses a document its own name, even where an import left two documents with one name', async () => {
    const twins = [];
    for (let i = 0; i < 2; i++) twins.push((await owner.api.post(`${base()}/documents`, { name: 'Twin', text: 'Interviewer: Hi.\nP: Hello.' })).body.id);
    expect((await rename(owner.api, twins[0], { name: 'Twin', attributes: {} })).status).toBe(200);
    expect((await rename(owner.api, twins[1], { name: 'Twin B' })).status).toBe(200);
    for (const id of twins) await owner.api.delete(`${base()}/documents/${id}`);
  });

  it('is for owners: coders and viewers get 403, people outside the project 404', async () => {
    expect((await rename(coder.api, docs.p2, { name: 'Mine now' })).status).toBe(403);
    expect((await rename(viewer.api, docs.p2, { name: 'Mine now' })).status).toBe(403);
    expect((await rename(outsider, docs.p2, { name: 'Mine now' })).status).toBe(404);
    expect(await names()).toEqual(['P07 nurse', 'P08 teacher', 'P09 manager']);
  });
});

describe('sets of documents', () => {
  let pilot: string;

  it('lets an owner make a set with its first documents, which every member can read', async () => {
    const created = await owner.api.post(`${base()}/sets`, { name: ' Pilot ', documentIds: [docs.p1, docs.p2, docs.p1] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Pilot', documentIds: [docs.p1, docs.p2].sort() });
    pilot = created.body.id;
    const empty = await owner.api.post(`${base()}/sets`, { name: 'Wave 2' });
    expect(empty.body.documentIds).toEqual([]);
    for (const who of [coder.api, viewer.api]) {
      const list = await who.get(`${base()}/sets`);
      expect(list.status).toBe(200);
      expect(list.body.sets.map((s: { name: string }) => s.name)).toEqual(['Pilot', 'Wave 2']);
    }
    expect((await outsider.get(`${base()}/sets`)).status).toBe(404);
  });

  it('refuses a taken name (409), a bad name or unknown documents (422)', async () => {
    expect((await owner.api.post(`${base()}/sets`, { name: 'PILOT' })).status).toBe(409);
    expect((await owner.api.patch(`${base()}/sets/${pilot}`, { name: 'wave 2' })).status).toBe(409);
    expect((await owner.api.post(`${base()}/sets`, { name: '' })).body.error).toMatchObject({ code: 'validation', field: 'name' });
    expect((await owner.api.post(`${base()}/sets`, { name: 'x'.repeat(101) })).status).toBe(422);
    const unknown = await owner.api.post(`${base()}/sets`, { name: 'Nope', documentIds: [docs.p1, 'no-such-document'] });
    expect(unknown.body.error).toMatchObject({ field: 'documentIds', message: expect.stringContaining('no-such-document') });
    const members = (body: unknown) => owner.api.post(`${base()}/sets/${pilot}/documents`, body);
    expect((await members({ documentIds: [docs.p3], mode: 'swap' })).body.error).toMatchObject({ field: 'mode' });
    expect((await members({ documentIds: [], mode: 'add' })).body.error).toMatchObject({ field: 'documentIds' });
    expect((await members({ documentIds: Array.from({ length: 5001 }, (_, i) => `d${i}`), mode: 'add' })).body.error.message).toContain('5,000');
    expect((await members({ documentIds: [docs.p3, 'gone'], mode: 'add' })).status).toBe(422);
    expect((await owner.api.get(`${base()}/sets`)).body.sets.map((s: { name: string }) => s.name)).toEqual(['Pilot', 'Wave 2']);
  });

  it('adds and removes documents, renames and deletes a set, answering 404 for a set that is not there', async () => {
    const members = (body: unknown) => owner.api.post(`${base()}/sets/${pilot}/documents`, body);
    expect((await members({ documentIds: [docs.p2, docs.p3], mode: 'add' })).body).toMatchObject({ added: 1, removed: 0, set: { documentIds: [docs.p1, docs.p2, docs.p3].sort() } });
    expect((await members({ documentIds: [docs.p1], mode: 'remove' })).body).toMatchObject({ added: 0, removed: 1 });
    const renamed = await owner.api.patch(`${base()}/sets/${pilot}`, { name: 'Pilot sites' });
    expect(renamed.body).toMatchObject({ id: pilot, name: 'Pilot sites', documentIds: [docs.p2, docs.p3].sort() });
    const wave = (await owner.api.get(`${base()}/sets`)).body.sets.find((s: { name: string }) => s.name === 'Wave 2').id;
    expect((await owner.api.delete(`${base()}/sets/${wave}`)).status).toBe(204);
    expect((await owner.api.delete(`${base()}/sets/${wave}`)).status).toBe(404);
    expect((await owner.api.patch(`${base()}/sets/${wave}`, { name: 'Again' })).status).toBe(404);
    expect((await owner.api.post(`${base()}/sets/${wave}/documents`, { documentIds: [docs.p1], mode: 'add' })).status).toBe(404);
    // The documents of a deleted set stay.
    expect(await names()).toEqual(['P07 nurse', 'P08 teacher', 'P09 manager']);
  });

  it('is written by owners only: coders and viewers get 403 and nothing changes', async () => {
    const before = (await owner.api.get(`${base()}/sets`)).body;
    for (const who of [coder.api, viewer.api]) {
      expect((await who.post(`${base()}/sets`, { name: 'Mine' })).status).toBe(403);
      expect((await who.patch(`${base()}/sets/${pilot}`, { name: 'Mine' })).status).toBe(403);
      expect((await who.post(`${base()}/sets/${pilot}/documents`, { documentIds: [docs.p1], mode: 'add' })).status).toBe(403);
      expect((await who.delete(`${base()}/sets/${pilot}`)).status).toBe(403);
    }
    expect((await outsider.post(`${base()}/sets`, { name: 'Mine' })).status).toBe(404);
    expect((await owner.api.get(`${base()}/sets`)).body).toEqual(before);
  });

  it('drops a deleted document from its sets', async () => {
    const extra = (await owner.api.post(`${base()}/documents`, { name: 'P10 extra', text: 'Interviewer: Hi.\nP10: Hello.' })).body.id;
    await owner.api.post(`${base()}/sets/${pilot}/documents`, { documentIds: [extra], mode: 'add' });
    expect((await owner.api.delete(`${base()}/documents/${extra}`)).status).toBe(204);
    expect((await owner.api.get(`${base()}/sets`)).body.sets[0].documentIds).toEqual([docs.p2, docs.p3].sort());
  });

  it('holds at most 200 sets per project', async () => {
    const have = (await owner.api.get(`${base()}/sets`)).body.sets.length;
    for (let i = have; i < 200; i++) expect((await owner.api.post(`${base()}/sets`, { name: `Set ${i}` })).status).toBe(201);
    const refused = await owner.api.post(`${base()}/sets`, { name: 'One too many' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('at most 200 sets');
  });
});

describe('correcting a transcript', () => {
  const segments = async () => (await owner.api.get(`${base()}/segments?documentId=${docs.p1}`)).body.segments as { start: number; end: number; text: string; documentName: string }[];

  it('keeps a coding on its words, at its new offsets, as the server reads it after an owner’s correction', async () => {
    const codebook = await open(`project:${projectId}`, owner.token);
    codebook.doc.transact(() => addCode(codebook.doc, code));
    // The coder codes "The cost of traning was hihg" and "We stopped the pilot".
    const coderText = await open(`text:${projectId}:${docs.p1}`, coder.token);
    const layer = await open(`layer:${projectId}:${docs.p1}:${coder.id}`, coder.token);
    for (const [id, phrase] of [['k1', 'The cost of traning was hihg'], ['k2', 'We stopped the pilot']] as const) {
      const at = interview.indexOf(phrase);
      addCoding(layer.doc, { id, codeId: 'cost', anchor: createSpanAnchor(transcriptText(coderText.doc), at, at + phrase.length), at: Date.now() });
    }
    await waitFor(async () => (await segments()).length === 2, 5000, 'both codings to be stored');

    // The owner corrects two words of the turn over a stock y-websocket client.
    const ownerText = await open(`text:${projectId}:${docs.p1}`, owner.token);
    const unit = readTranscriptUnits(ownerText.doc)[1]!;
    const baseText = readTranscriptText(ownerText.doc).slice(unit.start, unit.end);
    applyTranscriptCorrection(ownerText.doc, { start: unit.start, end: unit.end, base: baseText, text: baseText.replace('traning was hihg', 'training was high') });

    const corrected = interview.replace('traning was hihg', 'training was high');
    await waitFor(async () => (await segments()).some((s) => s.text.includes('training')), 5000, 'the correction to reach the segments');
    const listed = await segments();
    expect(listed.map((s) => s.text)).toEqual(['The cost of training was high', 'We stopped the pilot']);
    expect(listed.map((s) => [s.start, s.end])).toEqual([
      [corrected.indexOf('The cost'), corrected.indexOf('The cost') + 'The cost of training was high'.length],
      [corrected.indexOf('We stopped'), corrected.indexOf('We stopped') + 'We stopped the pilot'.length],
    ]);
    // The stored units moved with the text: a fresh replica reads them fitting the corrected turns.
    const reader = await open(`text:${projectId}:${docs.p1}`, testAdminToken);
    expect(readTranscriptText(reader.doc)).toBe(corrected);
    expect(readTranscriptUnits(reader.doc).map((u) => corrected.slice(u.start, u.end))).toEqual(corrected.split('\n'));
    // The search index follows the stored text.
    await waitFor(async () => (await owner.api.get(`${base()}/search?q=training`)).body.total === 1, 5000, 'the search index to follow');
    expect((await owner.api.get(`${base()}/search?q=traning`)).body.total).toBe(0);
  });

  it('refuses a coder’s write to the transcript: the server answers "permission denied" and keeps the text', async () => {
    const coderText = await open(`text:${projectId}:${docs.p1}`, coder.token);
    const before = readTranscriptText(coderText.doc);
    const denied = permissionDenied(coderText);
    const unit = readTranscriptUnits(coderText.doc)[3]!;
    const baseText = before.slice(unit.start, unit.end);
    applyTranscriptCorrection(coderText.doc, { start: unit.start, end: unit.end, base: baseText, text: baseText.replace('a year', 'two years') });
    await denied;
    const reader = await open(`text:${projectId}:${docs.p1}`, testAdminToken);
    expect(readTranscriptText(reader.doc)).toBe(before);
    expect((await owner.api.get(`${base()}/segments?documentId=${docs.p1}`)).body.segments[1].text).toBe('We stopped the pilot');
  });
});

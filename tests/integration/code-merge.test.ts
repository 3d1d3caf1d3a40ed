import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding, codingsMap } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { codeFixture } from '../support/code-fixture.ts';

const text = 'Interviewer: How did support start?\nP01: They pushed a toolkit on us. Later we asked them for help, and then we built the plan together.';

interface Coder {
  readonly id: string;
  readonly token: string;
  readonly api: ApiClient;
}

let server: TestServer;
const clients: SyncClient[] = [];
const ctx = {} as { owner: ApiClient; projectId: string; documentId: string; coders: [Coder, Coder]; codebook: SyncClient };

const code = (id: string, overrides: Partial<Code> = {}): Code =>
  codeFixture(id, { colour: '#E69F00', order: 1, definition: `definition of ${id}`, domain: 'Support', createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'pi', ...overrides });

function open(room: string, token: string) {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  const owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  const projectId = (await owner.post('/api/projects', { name: 'Merging' })).body.id;
  const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P01', text })).body.id;
  const coders: Coder[] = [];
  for (const email of ['ana@example.org', 'ben@example.org']) {
    const session = new ApiClient(server.httpUrl);
    const id = await session.signIn(email);
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await session.post(`/api/invites/${invite}/accept`);
    const token = (await session.post('/api/tokens', { name: 'ws' })).body.token;
    coders.push({ id, token, api: new ApiClient(server.httpUrl, token) });
  }
  const ownerToken = (await owner.post('/api/tokens', { name: 'ws' })).body.token;
  const codebook = open(`project:${projectId}`, ownerToken);
  await waitForSynced(codebook);
  codebook.doc.transact(() => {
    addCode(codebook.doc, code('support'));
    addCode(codebook.doc, code('push', { parentId: 'support', order: 1 }));
    addCode(codebook.doc, code('pull', { parentId: 'support', order: 2 }));
    addCode(codebook.doc, code('toolkit', { parentId: 'push', order: 1 }));
  });
  await waitFor(async () => (await server.store.logSize(`project:${projectId}`)).rows > 0);
  Object.assign(ctx, { owner, projectId, documentId, coders, codebook });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

/** A coder's layer, open over a socket with the stock provider, as the coding view keeps it. */
async function openLayer(coder: Coder) {
  const transcript = open(`text:${ctx.projectId}:${ctx.documentId}`, coder.token);
  const layer = open(`layer:${ctx.projectId}:${ctx.documentId}:${coder.id}`, coder.token);
  await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
  return {
    layer,
    code(id: string, phrase: string, codeId: string) {
      const start = text.indexOf(phrase);
      addCoding(layer.doc, { id, codeId, anchor: createSpanAnchor(transcriptText(transcript.doc), start, start + phrase.length), at: Date.now() });
    },
  };
}
const codeIds = (client: SyncClient) => Object.fromEntries([...codingsMap(client.doc).entries()].map(([id, v]) => [id, v.codeId]));
const storedRows = (room: string) => server.store.logSize(room).then((s) => s.rows);

describe('merging codes', () => {
  it('recodes every coding in every layer live, removes the code, and undo puts codes and codings back', async () => {
    const [ana, ben] = ctx.coders;
    const anaLayer = await openLayer(ana);
    const benLayer = await openLayer(ben);
    anaLayer.code('a1', 'They pushed a toolkit on us.', 'push');
    anaLayer.code('a2', 'we asked them for help', 'pull');
    benLayer.code('b1', 'pushed a toolkit', 'push');
    benLayer.code('b2', 'we built the plan together', 'push');
    const anaRoom = `layer:${ctx.projectId}:${ctx.documentId}:${ana.id}`;
    const benRoom = `layer:${ctx.projectId}:${ctx.documentId}:${ben.id}`;
    await waitFor(async () => (await storedRows(anaRoom)) > 0 && (await storedRows(benRoom)) > 0, 5000, 'codings to be stored');
    await waitFor(async () => (await ctx.owner.get(`/api/projects/${ctx.projectId}/codes/push/usage`)).body.codings === 3, 5000, 'usage to count every coding');

    const usage = (await ana.api.get(`/api/projects/${ctx.projectId}/codes/push/usage`)).body;
    expect(usage).toEqual({ codings: 3, byCoder: { [ana.id]: 1, [ben.id]: 2 }, byDocument: { [ctx.documentId]: 3 }, consensus: 0 });

    const merged = await ctx.owner.post(`/api/projects/${ctx.projectId}/codes/push/merge`, { into: 'pull' });
    expect(merged.status).toBe(200);
    expect(merged.body.recoded).toBe(3);

    // The coders' own providers see the recoding live, and the owner's codebook loses the code.
    await waitFor(() => codeIds(anaLayer.layer).a1 === 'pull' && codeIds(benLayer.layer).b1 === 'pull' && codeIds(benLayer.layer).b2 === 'pull', 3000, 'live recoding');
    expect(codeIds(anaLayer.layer)).toEqual({ a1: 'pull', a2: 'pull' });
    await waitFor(() => !readCodes(ctx.codebook.doc).some((c) => c.id === 'push'), 3000, 'the code to leave the codebook');
    expect(readCodes(ctx.codebook.doc).find((c) => c.id === 'toolkit')!.parentId).toBe('pull');
    expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/codes/push/usage`)).body.codings).toBe(0);

    // Ben deletes one of the recoded codings before the undo: it cannot come back.
    benLayer.layer.doc.transact(() => codingsMap(benLayer.layer.doc).delete('b2'));
    await waitFor(async () => (await ctx.owner.get(`/api/projects/${ctx.projectId}/codes/pull/usage`)).body.codings === 3, 5000, 'the deletion to be stored');

    const undone = await ctx.owner.post(`/api/projects/${ctx.projectId}/codes/merges/${merged.body.mergeId}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ restored: 2, notRestored: 1 });
    await waitFor(() => codeIds(anaLayer.layer).a1 === 'push' && codeIds(benLayer.layer).b1 === 'push', 3000, 'live restoring');
    expect(codeIds(anaLayer.layer)).toEqual({ a1: 'push', a2: 'pull' });
    expect(codeIds(benLayer.layer)).toEqual({ b1: 'push' });
    await waitFor(() => readCodes(ctx.codebook.doc).some((c) => c.id === 'push'), 3000, 'the code to come back');
    const codes = readCodes(ctx.codebook.doc);
    expect(codes.find((c) => c.id === 'push')).toEqual(code('push', { parentId: 'support', order: 1 }));
    expect(codes.find((c) => c.id === 'toolkit')!.parentId).toBe('push');

    // A second undo is refused.
    expect((await ctx.owner.post(`/api/projects/${ctx.projectId}/codes/merges/${merged.body.mergeId}/undo`)).status).toBe(409);

    // The history states the merge and its undo, on the merged code, as the owner did them.
    const events = (await ctx.owner.get(`/api/projects/${ctx.projectId}/history?codeId=push&limit=1000`)).body.events.filter((e: any) => e.type.startsWith('code.') && e.type !== 'code.changed');
    expect(events.map((e: any) => [e.type, e.before, e.after])).toEqual([
      ['code.merged', null, { into: 'pull', mergeId: merged.body.mergeId, recoded: 3 }],
      ['code.unmerged', { into: 'pull', mergeId: merged.body.mergeId }, null],
    ]);
  });

  it('refuses a merge into a descendant or into itself (422), of unknown codes (404), and by a coder (403)', async () => {
    const base = `/api/projects/${ctx.projectId}/codes`;
    expect((await ctx.owner.post(`${base}/support/merge`, { into: 'toolkit' })).status).toBe(422);
    expect((await ctx.owner.post(`${base}/pull/merge`, { into: 'pull' })).status).toBe(422);
    expect((await ctx.owner.post(`${base}/nope/merge`, { into: 'pull' })).status).toBe(404);
    expect((await ctx.owner.post(`${base}/pull/merge`, { into: 'nope' })).status).toBe(404);
    expect((await ctx.owner.post(`${base}/merges/nope/undo`)).status).toBe(404);
    expect((await ctx.coders[0].api.post(`${base}/toolkit/merge`, { into: 'pull' })).status).toBe(403);
    expect(readCodes(ctx.codebook.doc).some((c) => c.id === 'toolkit')).toBe(true);
  });

  it('counts usage only in the layers the caller may read: a coder in a blind round sees their own', async () => {
    const [ana, ben] = ctx.coders;
    const url = `/api/projects/${ctx.projectId}/codes/push/usage`;
    expect((await ctx.owner.get(url)).body.byCoder).toEqual({ [ana.id]: 1, [ben.id]: 1 });
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'blind' });
    expect((await ana.api.get(url)).body).toEqual({ codings: 1, byCoder: { [ana.id]: 1 }, byDocument: { [ctx.documentId]: 1 }, consensus: 0 });
    expect((await ctx.owner.get(url)).body.codings).toBe(2);
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'open' });
  });

  /**
   * Issue 8.7: merge records lived in the project room, which coders may write while they edit
   * the codebook. A coder could forge a record, or add the owner's unrelated coding to a real one,
   * and the owner's undo would recode it. Records are now kept by the server.
   */
  it('undo acts only on what the server recorded, whatever a coder writes into the project room', async () => {
    const [ana] = ctx.coders;
    const ownerToken = (await ctx.owner.post('/api/tokens', { name: 'owner layer' })).body.token;
    const ownerId = (await ctx.owner.get('/api/me')).body.user.id;
    const ownerLayer = await openLayer({ id: ownerId, token: ownerToken, api: ctx.owner });
    ownerLayer.code('o1', 'we built the plan together', 'pull');
    const ownerRoom = `layer:${ctx.projectId}:${ctx.documentId}:${ownerId}`;
    await waitFor(async () => (await storedRows(ownerRoom)) > 0, 5000, 'the owner’s coding to be stored');
    const anaCodebook = open(`project:${ctx.projectId}`, ana.token);
    await waitForSynced(anaCodebook);
    const record = (mergeId: string, from: Code, into: string) => ({ mergeId, from, into, children: [], recoded: [{ room: ownerRoom, codingId: 'o1' }], by: ana.id, at: new Date().toISOString(), undoneAt: null, undoneBy: null });

    // A forged record: "undo" it and the owner's coding would go to Ana's code.
    anaCodebook.doc.getMap('codebookMerges').set('forged', record('forged', code('ana-code'), 'pull'));
    await waitFor(() => ctx.codebook.doc.getMap('codebookMerges').has('forged'), 3000, 'the forged record to reach the server');
    expect((await ctx.owner.post(`/api/projects/${ctx.projectId}/codes/merges/forged/undo`)).status).toBe(404);

    // A real merge, then Ana rewrites its record to include the owner's unrelated coding.
    const merged = await ctx.owner.post(`/api/projects/${ctx.projectId}/codes/toolkit/merge`, { into: 'pull' });
    expect(merged.status).toBe(200);
    anaCodebook.doc.getMap('codebookMerges').set(merged.body.mergeId, record(merged.body.mergeId, code('toolkit', { parentId: 'push' }), 'pull'));
    await waitFor(() => ctx.codebook.doc.getMap('codebookMerges').has(merged.body.mergeId), 3000, 'the rewritten record to reach the server');
    const undone = await ctx.owner.post(`/api/projects/${ctx.projectId}/codes/merges/${merged.body.mergeId}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body).toEqual({ mergeId: merged.body.mergeId, restored: 0, notRestored: 0 });
    // The owner's coding is as it was: nothing recoded it to the merged code.
    const ownerCodings = await server.server.registry.read(ownerRoom, (doc) => Object.fromEntries([...codingsMap(doc).entries()].map(([id, v]) => [id, v.codeId])));
    expect(ownerCodings).toEqual({ o1: 'pull' });
  });

  it('leaves no trace in the project room of whose codings a merge touched (issue 8.6a)', async () => {
    const [ana, ben] = ctx.coders;
    const benLayer = await openLayer(ben);
    benLayer.code('b9', 'They pushed a toolkit on us.', 'pull');
    const benRoom = `layer:${ctx.projectId}:${ctx.documentId}:${ben.id}`;
    await waitFor(async () => (await ctx.owner.get(`/api/projects/${ctx.projectId}/codes/pull/usage`)).body.byCoder[ben.id] > 0, 5000, 'Ben’s coding to be stored');
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'blind' });
    try {
      const anaCodebook = open(`project:${ctx.projectId}`, ana.token);
      await waitForSynced(anaCodebook);
      const merged = await ctx.owner.post(`/api/projects/${ctx.projectId}/codes/pull/merge`, { into: 'support' });
      expect(merged.status).toBe(200);
      expect(merged.body.recoded).toBeGreaterThan(0);
      await waitFor(() => !readCodes(anaCodebook.doc).some((c) => c.id === 'pull'), 3000, 'Ana to see the merge');
      // Every byte of the room Ana holds, whatever root it sits in.
      const everythingAnaHas = Buffer.from(Y.encodeStateAsUpdate(anaCodebook.doc)).toString('utf8');
      expect(everythingAnaHas).not.toContain(benRoom);
      expect(everythingAnaHas).not.toContain('b9');
      expect(anaCodebook.doc.getMap('codebookMerges').size).toBe(0);
    } finally {
      await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'open' });
    }
  });
});

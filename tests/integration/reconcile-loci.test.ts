import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/model/codebook.ts';
import { exampleCodes, example1 } from '../../shared/reconcile/worked-examples.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** 700 characters, as worked example 1's transcript P1 (its words do not matter). */
const text = 'Participant: we worked through it together. '.repeat(16).slice(0, 699) + '.';

let server: TestServer;
const clients: SyncClient[] = [];
const ctx = {} as { owner: ApiClient; projectId: string; documentId: string; coders: Record<'A' | 'B', { id: string; token: string; api: ApiClient }>; viewer: ApiClient };

function open(room: string, token: string): SyncClient {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  const owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  const projectId = (await owner.post('/api/projects', { name: 'Reconcile' })).body.id as string;
  const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P1', text })).body.id as string;
  const join = async (email: string, role: 'coder' | 'viewer') => {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(email);
    const code = (await owner.post(`/api/projects/${projectId}/invites`, { role })).body.code;
    await api.post(`/api/invites/${code}/accept`);
    return { id, token: (await api.post('/api/tokens', { name: 'ws' })).body.token as string, api };
  };
  const coders = { A: await join('a@example.org', 'coder'), B: await join('b@example.org', 'coder') };
  const viewer = (await join('v@example.org', 'viewer')).api;
  const codebook = open(`project:${projectId}`, coders.A.token);
  await waitForSynced(codebook);
  codebook.doc.transact(() => {
    exampleCodes.forEach((c, i) => {
      const code: Code = { id: c.id, name: c.id, shortName: c.id.slice(0, 3), colour: '#E69F00', parentId: c.parentId, order: i, definition: '', inclusion: '', exclusion: '', examples: [], isStage: c.isStage, stageOrder: c.isStage ? i : null, domain: c.domain, createdAt: '', createdBy: coders.A.id };
      addCode(codebook.doc, code);
    });
  });
  // Each coder codes over their own sockets, as the coding view does.
  for (const [name, coder] of Object.entries(coders)) {
    const transcript = open(`text:${projectId}:${documentId}`, coder.token);
    const layer = open(`layer:${projectId}:${documentId}:${coder.id}`, coder.token);
    await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
    for (const c of example1.filter((c) => c.coderId === name)) {
      addCoding(layer.doc, { id: c.id, codeId: c.codeId, anchor: createSpanAnchor(transcriptText(transcript.doc), c.start, c.end), at: Date.now() });
    }
  }
  await waitFor(async () => (await server.store.logSize(`layer:${projectId}:${documentId}:${coders.B.id}`)).rows > 0 && (await server.store.logSize(`project:${projectId}`)).rows > 0, 5000, 'the codings to be stored');
  Object.assign(ctx, { owner, projectId, documentId, coders, viewer });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('disagreement loci over HTTP', () => {
  it('lists worked example 1’s loci from the coders’ live layers', async () => {
    const url = `/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`;
    let body: any;
    await waitFor(async () => (body = (await ctx.owner.get(url)).body).loci?.filter((l: any) => l.domainId === 'stages').length === 4, 5000, 'every coding to count');
    expect(body.coderIds.sort()).toEqual([ctx.coders.A.id, ctx.coders.B.id].sort());
    const stages = body.loci.filter((l: any) => l.domainId === 'stages');
    expect(stages.map((l: any) => [l.type, l.start, l.end])).toEqual([
      ['granularity', 0, 260],
      ['boundary', 290, 430],
      ['omission', 440, 480],
      ['agreed', 500, 650],
    ]);
    expect(stages[2].missingUserIds).toEqual([ctx.coders.A.id]);
    expect(stages[0].versions.map((v: any) => [v.userId === ctx.coders.A.id ? 'A' : 'B', v.codingId, v.codeId])).toEqual([
      ['A', 'a1', 'push'],
      ['B', 'b1', 'push'],
      ['A', 'a2', 'push'],
    ]);
    expect(stages.every((l: any) => l.status === 'open' && l.decisionId === null)).toBe(true);
    // Members may look in an open project.
    expect((await ctx.viewer.get(url)).status).toBe(200);
  });

  it('shows the loci to owners only during a blind round, and 404s an unknown document', async () => {
    const url = `/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`;
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'blind' });
    try {
      expect((await ctx.coders.A.api.get(url)).status).toBe(403);
      expect((await ctx.viewer.get(url)).status).toBe(403);
      expect((await ctx.owner.get(url)).status).toBe(200);
    } finally {
      await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'open' });
    }
    expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/nope/loci`)).status).toBe(404);
    const stranger = new ApiClient(server.httpUrl);
    await stranger.signIn('stranger@example.org');
    expect((await stranger.get(url)).status).toBe(404);
  });
});

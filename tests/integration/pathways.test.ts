import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { seedReconcileProject, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: SyncClient[] = [];
let ctx: ReconcileProject & { coders: Record<'A' | 'B', ReconcileCoder> };
const url = (query = '') => `/api/projects/${ctx.projectId}/pathways${query}`;
const edgesOf = (graph: any) => Object.fromEntries(graph.edges.map((e: any) => [e.id, e.support ?? e.participants]));

beforeAll(async () => {
  server = await startTestServer();
  ctx = (await seedReconcileProject(server, clients, ['A', 'B'], example1)) as typeof ctx;
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('GET /api/projects/:id/pathways', () => {
  it('builds worked example 1 from the coders’ live layers, with quotes', async () => {
    const { status, body, headers } = await ctx.owner.get(url());
    expect(status).toBe(200);
    expect(edgesOf(body)).toEqual({ '__start__->push': 2, 'push->pull': 2, 'push->cocreation': 1, 'pull->push': 1, 'pull->cocreation': 1, 'cocreation->__end__': 2 });
    expect(body.edges.filter((e: any) => e.disputed).map((e: any) => e.id)).toEqual(['push->cocreation', 'pull->push', 'pull->cocreation']);
    const byCoder = Object.fromEntries(body.perParticipant.map((p: any) => [p.layer, p.sequence.join(' > ')]));
    expect(byCoder).toEqual({ [ctx.coders.A.id]: 'push > pull > cocreation', [ctx.coders.B.id]: 'push > pull > push > cocreation' });
    // Quotes come from the transcript, so a researcher reads what justifies each transition.
    const back = body.edges.find((e: any) => e.id === 'pull->push');
    expect(back.evidence.map((e: any) => [e.role, e.segmentId])).toEqual([['exit', 'b2'], ['entry', 'b3']]);
    expect(back.evidence[1].quote.length).toBeGreaterThan(0);
    expect(back.disagreementIds).toHaveLength(1);
    expect(body.scope).toMatchObject({ projectId: ctx.projectId, layer: 'coders', coderMerge: { kind: 'union', quorum: 1 } });
    expect(body.scope.source.eventSeq).toBeGreaterThan(0);
    expect(headers.get('etag')).toBeTruthy();
    // Unchanged data and query: 304.
    const again = await fetch(`${server.httpUrl}${url()}`, { headers: { cookie: ctx.owner.sessionCookie!, 'if-none-match': headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('merges by the rule asked for, reads one coder or the consensus, and exports', async () => {
    expect(Object.keys(edgesOf((await ctx.owner.get(url('?merge=majority'))).body))).toEqual(['__start__->push', 'push->pull', 'cocreation->__end__']);
    const onlyB = (await ctx.owner.get(url(`?layer=${ctx.coders.B.id}`))).body;
    expect(onlyB.variants.map((v: any) => v.sequence.join(' > '))).toEqual(['push > pull > push > cocreation']);
    // Nothing reconciled yet: the consensus has no stages. Pre-merging settles the agreed co-creation passage (spec §4, seq 105).
    expect((await ctx.owner.get(url('?layer=consensus'))).body.edges).toEqual([]);
    expect((await ctx.owner.post(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/premerge`, {})).status).toBe(200);
    await waitFor(async () => (await ctx.owner.get(url('?layer=consensus'))).body.edges.length > 0, 5000, 'the consensus pathway');
    expect(Object.keys(edgesOf((await ctx.owner.get(url('?layer=consensus'))).body))).toEqual(['__start__->cocreation', 'cocreation->__end__']);

    const dot = await fetch(`${server.httpUrl}${url('?format=dot')}`, { headers: { cookie: ctx.owner.sessionCookie! } });
    expect(dot.headers.get('content-type')).toBe('text/vnd.graphviz; charset=utf-8');
    const text = await dot.text();
    expect(text).toContain('digraph pathway {');
    expect(text).toContain('pull -> push [label="1/2", penwidth=3.5, style=dashed, color="#c0392b", constraint=false];');
    expect(text).toMatch(/^\/\/ .*layer coders/m);
  });

  it('names what is wrong with a query', async () => {
    const bad = async (query: string) => (await ctx.owner.get(url(query))).body.error;
    expect(await bad('?merge=most')).toMatchObject({ code: 'validation', field: 'merge' });
    expect(await bad('?merge=kofn')).toMatchObject({ code: 'validation', field: 'k' });
    expect(await bad('?format=svg')).toMatchObject({ code: 'validation', field: 'format' });
    expect(await bad('?layer=someone-else')).toMatchObject({ code: 'validation', field: 'layer' });
    expect(await bad('?minParticipants=0')).toMatchObject({ code: 'validation', field: 'minParticipants' });
  });

  it('follows coding: a new stage coding changes the graph', async () => {
    const before = (await ctx.owner.get(url())).body;
    expect(before.edges.some((e: any) => e.id === 'cocreation->pull')).toBe(false);
    const transcript = createSyncClient(server.syncUrl, `text:${ctx.projectId}:${ctx.documentId}`, { token: ctx.coders.A.token });
    const layer = createSyncClient(server.syncUrl, `layer:${ctx.projectId}:${ctx.documentId}:${ctx.coders.A.id}`, { token: ctx.coders.A.token });
    clients.push(transcript, layer);
    await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
    addCoding(layer.doc, { id: 'a6', codeId: 'pull', anchor: createSpanAnchor(transcriptText(transcript.doc), 660, 690), at: Date.now() });
    await waitFor(async () => (await ctx.owner.get(url())).body.edges.some((e: any) => e.id === 'cocreation->pull'), 5000, 'the new transition');
  });

  it('shows a coder only their own layer while the round is blind, and a viewer nothing', async () => {
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'blind' });
    try {
      const mine = await ctx.coders.A.api.get(url());
      expect(mine.status).toBe(200);
      expect(mine.body.perParticipant.map((p: any) => p.layer)).toEqual([ctx.coders.A.id]);
      const raw = JSON.stringify(mine.body);
      for (const id of ['b1', 'b2', 'b3', 'b4']) expect(raw).not.toContain(`"${id}"`);
      expect((await ctx.coders.A.api.get(url('?layer=consensus'))).body.edges).toEqual([]);
      const viewer = (await ctx.viewer.get(url())).body;
      expect(viewer.edges).toEqual([]);
      // The owner still sees both coders.
      expect((await ctx.owner.get(url())).body.perParticipant).toHaveLength(2);
    } finally {
      await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'open' });
    }
    expect((await ctx.coders.A.api.get(url())).body.perParticipant).toHaveLength(2);
  });

  it('stops naming a disagreement once it is decided', async () => {
    const loci = (await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`)).body.loci;
    const l3 = loci.find((l: any) => l.domainId === 'stages' && l.start === 440);
    const linked = (graph: any) => graph.edges.filter((e: any) => e.disagreementIds.includes(l3.id) || e.evidenceLocusIds.includes(l3.id)).map((e: any) => e.id);
    expect(linked((await ctx.owner.get(url())).body)).toEqual(['push->cocreation', 'pull->push', 'pull->cocreation']);
    // Rejecting every reading writes nothing into the consensus, yet the graph must follow.
    expect((await ctx.owner.post(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/decisions`, { locusId: l3.id, action: 'rejectAll', rationale: 'reference back for contrast, not a stage' })).status).toBe(201);
    await waitFor(async () => linked((await ctx.owner.get(url())).body).length === 0, 5000, 'the decided locus to leave the graph');
  });
});

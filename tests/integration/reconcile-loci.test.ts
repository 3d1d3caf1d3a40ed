import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildAgreementReport } from '../../shared/agreement/index.ts';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { addCoding, readCodings, readConsensusDecisions } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { seedReconcileProject, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: SyncClient[] = [];
let ctx: ReconcileProject & { coders: Record<'A' | 'B', ReconcileCoder> };

function open(room: string, token: string): SyncClient {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  ctx = (await seedReconcileProject(server, clients, ['A', 'B'], example1)) as typeof ctx;
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

  it('answers an unchanged queue with 304, and a changed one in full', async () => {
    const url = `/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`;
    const first = await fetch(`${server.httpUrl}${url}`, { headers: { authorization: `Bearer ${ctx.coders.A.token}` } });
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    // The time spent building the loci, for benchmarks and the browser's network panel.
    expect(first.headers.get('server-timing')).toMatch(/^loci;dur=\d+\.\d$/);
    const again = await fetch(`${server.httpUrl}${url}`, { headers: { authorization: `Bearer ${ctx.coders.A.token}`, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // A coder codes something: the queue is different, so is its tag.
    const layer = open(`layer:${ctx.projectId}:${ctx.documentId}:${ctx.coders.A.id}`, ctx.coders.A.token);
    const text = open(`text:${ctx.projectId}:${ctx.documentId}`, ctx.coders.A.token);
    await Promise.all([waitForSynced(layer), waitForSynced(text)]);
    addCoding(layer.doc, { id: 'a-late', codeId: 'trust', anchor: createSpanAnchor(transcriptText(text.doc), 660, 690), at: Date.now() });
    await waitFor(async () => (await fetch(`${server.httpUrl}${url}`, { headers: { authorization: `Bearer ${ctx.coders.A.token}`, 'if-none-match': etag } })).status === 200, 5000, 'the queue to change');
    // A decision that writes nothing into any room (a rejection) changes the queue too.
    const tagged = await fetch(`${server.httpUrl}${url}`, { headers: { authorization: `Bearer ${ctx.coders.A.token}` } });
    const locus = ((await tagged.json()) as { loci: { id: string; domainId: string; decisionId: string | null }[] }).loci.find((l) => l.domainId === 'domain:Mechanisms' && l.decisionId === null)!;
    expect((await ctx.owner.post(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/decisions`, { locusId: locus.id, action: 'rejectAll', rationale: 'a test coding' })).status).toBe(201);
    const after = await fetch(`${server.httpUrl}${url}`, { headers: { authorization: `Bearer ${ctx.coders.A.token}`, 'if-none-match': tagged.headers.get('etag')! } });
    expect(after.status).toBe(200);
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

  it('keeps a discussion per passage: coders and owners write, everyone reads, the queue counts it', async () => {
    const base = `/api/projects/${ctx.projectId}/documents/${ctx.documentId}`;
    const loci = (await ctx.owner.get(`${base}/loci`)).body.loci;
    const locus = loci.find((l: any) => l.domainId === 'stages' && l.type === 'boundary');
    const tag = (await fetch(`${server.httpUrl}${base}/loci`, { headers: { authorization: `Bearer ${ctx.coders.A.token}` } })).headers.get('etag')!;
    const said = await ctx.coders.A.api.post(`${base}/comments`, { locusId: locus.id, body: '  I ended at the pause on purpose.  ' });
    expect(said.status).toBe(201);
    expect(said.body).toMatchObject({ locusId: locus.id, userId: ctx.coders.A.id, body: 'I ended at the pause on purpose.' });
    expect((await ctx.owner.post(`${base}/comments`, { locusId: locus.id, body: 'Agreed, the pause is the boundary.' })).status).toBe(201);
    // Viewers read, never write; a comment needs words and a passage that exists.
    expect((await ctx.viewer.post(`${base}/comments`, { locusId: locus.id, body: 'me too' })).status).toBe(403);
    expect((await ctx.coders.B.api.post(`${base}/comments`, { locusId: locus.id, body: '   ' })).body.error).toMatchObject({ code: 'validation', field: 'body' });
    expect((await ctx.coders.B.api.post(`${base}/comments`, { locusId: 'locus-nope', body: 'hello' })).status).toBe(404);
    const thread = (await ctx.viewer.get(`${base}/comments`)).body.comments;
    expect(thread.map((c: any) => [c.userId === ctx.coders.A.id ? 'A' : 'owner', c.body])).toEqual([
      ['A', 'I ended at the pause on purpose.'],
      ['owner', 'Agreed, the pause is the boundary.'],
    ]);
    // The queue shows the count, and its tag moved with the discussion.
    const again = await fetch(`${server.httpUrl}${base}/loci`, { headers: { authorization: `Bearer ${ctx.coders.A.token}`, 'if-none-match': tag } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as any).loci.find((l: any) => l.id === locus.id).commentCount).toBe(2);
    // In a blind round the discussion, which quotes codings, is the owners' too.
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'blind' });
    try {
      expect((await ctx.coders.B.api.get(`${base}/comments`)).status).toBe(403);
      expect((await ctx.coders.B.api.post(`${base}/comments`, { locusId: locus.id, body: 'hello' })).status).toBe(403);
    } finally {
      await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'open' });
    }
  });
});

describe('reconciliation decisions (worked example 1’s scenario)', () => {
  const base = () => `/api/projects/${ctx.projectId}/documents/${ctx.documentId}`;
  const stageLoci = async () => (await ctx.owner.get(`${base()}/loci`)).body.loci.filter((l: any) => l.domainId === 'stages');
  /** Every byte of every coder's layer as the server holds it. */
  const layerStates = () =>
    Promise.all(
      Object.values(ctx.coders).map((coder) =>
        server.server.registry.read(`layer:${ctx.projectId}:${ctx.documentId}:${coder.id}`, (doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64')),
      ),
    );
  /** The consensus as a stock client reads it: code, range and decision of every coding. */
  const consensus = async () => {
    const reader = open(`consensus:${ctx.projectId}:${ctx.documentId}`, ctx.coders.A.token);
    const text = open(`text:${ctx.projectId}:${ctx.documentId}`, ctx.coders.A.token);
    await Promise.all([waitForSynced(reader), waitForSynced(text)]);
    const decisions = readConsensusDecisions(reader.doc);
    const codings = readCodings(reader.doc, text.doc, 'consensus').map((c) => ({ codeId: c.codeId, start: c.start, end: c.end, decisionId: decisions.get(c.id) })).sort((a, b) => a.start! - b.start!);
    reader.destroy();
    text.destroy();
    return codings;
  };

  it('writes each decision into the consensus layer only, with its decision, and never changes a coder’s layer', async () => {
    const before = await layerStates();
    const [l1, l2, l3, l4] = await stageLoci();
    const decide = (body: object) => ctx.owner.post(`${base()}/decisions`, body);
    const d1 = await decide({ locusId: l1.id, action: 'accept', userIds: [ctx.coders.B.id], rationale: 'one continuous account of the training era' });
    expect(d1.status).toBe(201);
    expect((await decide({ locusId: l2.id, action: 'edit', codeId: 'pull', start: 295, end: 425 })).body.error).toMatchObject({ code: 'validation', field: 'rationale' });
    const d2 = await decide({ locusId: l2.id, action: 'edit', codeId: 'pull', start: 295, end: 425, rationale: 'start at “Then they asked…”, end before the pause' });
    const d3 = await decide({ locusId: l3.id, action: 'rejectAll', rationale: 'reference back for contrast, not a stage', participants: [ctx.coders.A.id, ctx.coders.B.id] });
    expect([d2.status, d3.status]).toEqual([201, 201]);
    expect(d3.body.decision).toMatchObject({ action: 'rejectAll', result: [], consensusCodingIds: [], participants: [ctx.coders.A.id, ctx.coders.B.id] });

    expect(await consensus()).toEqual([
      { codeId: 'push', start: 0, end: 250, decisionId: d1.body.decision.id },
      { codeId: 'pull', start: 295, end: 425, decisionId: d2.body.decision.id },
    ]);
    expect((await stageLoci()).map((l: any) => [l.status, l.decisionId])).toEqual([
      ['resolved', d1.body.decision.id],
      ['resolved', d2.body.decision.id],
      ['resolved', d3.body.decision.id],
      ['open', null],
    ]);
    expect(l4.type).toBe('agreed');
    expect(await layerStates()).toEqual(before);
    // Each decision is in the history once, by whoever decided, with its rationale — also a reject-all, which wrote no coding.
    const ownerId = (await ctx.owner.get('/api/me')).body.user.id;
    const events = (await ctx.owner.get(`/api/projects/${ctx.projectId}/history?type=decision.made&documentId=${ctx.documentId}`)).body.events;
    const made = new Set([d1, d2, d3].map((d) => d.body.decision.id));
    expect(events.filter((e: any) => made.has(e.after.decisionId)).map((e: any) => [e.userId, e.layer, e.after.decisionId, e.after.action, e.after.rationale])).toEqual([
      [ownerId, 'consensus', d1.body.decision.id, 'accept', 'one continuous account of the training era'],
      [ownerId, 'consensus', d2.body.decision.id, 'edit', 'start at “Then they asked…”, end before the pause'],
      [ownerId, 'consensus', d3.body.decision.id, 'rejectAll', 'reference back for contrast, not a stage'],
    ]);
  });

  it('gives two people deciding the same passage at once one decision and one 409', async () => {
    const l4 = (await stageLoci())[3];
    const [first, second] = await Promise.all([
      ctx.owner.post(`${base()}/decisions`, { locusId: l4.id, action: 'accept', userIds: [ctx.coders.A.id] }),
      ApiClient.admin(server.httpUrl).post(`${base()}/decisions`, { locusId: l4.id, action: 'accept', userIds: [ctx.coders.B.id] }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.error.code).toBe('alreadyDecided');
    const winner = first.status === 201 ? first : second;
    const current = (await ctx.owner.get(`${base()}/decisions`)).body.decisions.filter((d: any) => d.locusId === l4.id);
    expect(current.map((d: any) => d.id)).toEqual([winner.body.decision.id]);
    expect((await consensus()).filter((c) => c.start! >= 500)).toEqual([{ ...winner.body.decision.result.map((r: any) => ({ codeId: r.codeId, start: r.start, end: r.end }))[0], decisionId: winner.body.decision.id }]);
  });

  it('re-decides only when the request names the current decision, replacing what it wrote', async () => {
    const l3 = (await stageLoci())[2];
    expect((await ctx.owner.post(`${base()}/decisions`, { locusId: l3.id, action: 'accept', userIds: [ctx.coders.B.id] })).status).toBe(409);
    const again = await ctx.owner.post(`${base()}/decisions`, { locusId: l3.id, action: 'accept', userIds: [ctx.coders.B.id], supersedes: l3.decisionId, rationale: 'on reflection, a return to push' });
    expect(again.status).toBe(201);
    expect(again.body.decision.supersedes).toBe(l3.decisionId);
    expect((await consensus()).filter((c) => c.start === 440)).toEqual([{ codeId: 'push', start: 440, end: 480, decisionId: again.body.decision.id }]);
    const all = (await ctx.owner.get(`${base()}/decisions`)).body.decisions;
    expect(all.find((d: any) => d.id === l3.decisionId).supersededBy).toBe(again.body.decision.id);
    // Every consensus coding belongs to a current decision, and every current decision's codings are there.
    const current = all.filter((d: any) => d.supersededBy === null);
    const held = await consensus();
    expect(new Set(held.map((c) => c.decisionId))).toEqual(new Set(current.filter((d: any) => d.consensusCodingIds.length > 0).map((d: any) => d.id)));
    expect(held).toHaveLength(current.reduce((n: number, d: any) => n + d.consensusCodingIds.length, 0));
  });

  it('compares each coder with the consensus: GET …/agreement?against=consensus', async () => {
    const report = (await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement?against=consensus&measures=cohen_kappa,percent_agreement`)).body;
    expect(report.coders.map((c: any) => c.id)).toContain('consensus');
    const pairs = report.report.perCoderPair.map((p: any) => p.coderIds.join('|'));
    expect(pairs).toContain(`${ctx.coders.A.id}|consensus`);
    expect(pairs).toContain(`${ctx.coders.B.id}|consensus`);
    // The same numbers as the report builder gives on the plain codings, read independently.
    const now = (await ctx.owner.get(`${base()}/codings`)).body;
    const codings = [
      ...Object.entries(now.layers).flatMap(([coderId, list]: [string, any]) => list.map((c: any) => ({ documentId: ctx.documentId, coderId, codeId: c.codeId, start: c.start, end: c.end }))),
      ...now.consensus.map((c: any) => ({ documentId: ctx.documentId, coderId: 'consensus', codeId: c.codeId, start: c.start, end: c.end })),
    ];
    const codes = report.codes.map((c: any) => ({ id: c.id, name: c.name, domain: c.domain }));
    const expected = buildAgreementReport(
      { documents: report.documents, coders: report.coders, codes, codings: codings.filter((c) => codes.some((k: any) => k.id === c.codeId)) },
      { unit: { kind: 'character' }, measures: ['cohen_kappa', 'percent_agreement'] },
    );
    const pair = (r: any, a: string) => r.perCoderPair.find((p: any) => p.coderIds.join('|') === `${a}|consensus`).results;
    expect(pair(report.report, ctx.coders.B.id)).toEqual(JSON.parse(JSON.stringify(pair(expected, ctx.coders.B.id))));
    expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement`)).body.coders.map((c: any) => c.id)).not.toContain('consensus');
    // The dashboard's exports and details take the same query: the CSV names the consensus as a coder.
    const csv = await fetch(`${server.httpUrl}/api/projects/${ctx.projectId}/agreement/export.csv?against=consensus&measures=cohen_kappa`, { headers: { cookie: ctx.owner.sessionCookie! } }).then((r) => r.text());
    expect(csv).toContain('Consensus');
    const plainCsv = await fetch(`${server.httpUrl}/api/projects/${ctx.projectId}/agreement/export.csv?measures=cohen_kappa`, { headers: { cookie: ctx.owner.sessionCookie! } }).then((r) => r.text());
    expect(plainCsv).not.toContain('Consensus');
  });

  it('lets only owners decide, and names what is wrong with a request', async () => {
    const [l1] = await stageLoci();
    expect((await ctx.coders.A.api.post(`${base()}/decisions`, { locusId: l1.id, action: 'rejectAll', rationale: 'mine' })).status).toBe(403);
    expect((await ctx.owner.post(`${base()}/decisions`, { locusId: 'locus-nope', action: 'rejectAll', rationale: 'r' })).status).toBe(404);
    expect((await ctx.owner.post(`${base()}/decisions`, { locusId: l1.id, action: 'shrug' })).body.error).toMatchObject({ code: 'validation', field: 'action' });
  });
});

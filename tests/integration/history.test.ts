import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { addCoding, codingsMap, readCodings, updateCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { runCli } from '../../server/cli/run-cli.ts';
import { seedReconcileProject, type ReconcileProject } from '../support/reconcile-project.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: SyncClient[] = [];
let ctx: ReconcileProject;

beforeAll(async () => {
  server = await startTestServer();
  ctx = await seedReconcileProject(server, clients, ['A', 'B'], example1);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

const history = async (query = '') => {
  const events: any[] = [];
  for (let after = 0; ; ) {
    const page = (await ctx.owner.get(`/api/projects/${ctx.projectId}/history?limit=50&afterSeq=${after}${query}`)).body;
    events.push(...page.events);
    if (page.nextAfterSeq === null) return events;
    after = page.nextAfterSeq;
  }
};

async function verify(): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['history', 'verify', '--data-dir', server.dataDir], { readFile: async () => '', stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

describe('the coding history, derived on the server', () => {
  it('has every coding action exactly once, with the account that made it and its type', async () => {
    const name = (id: string) => Object.entries(ctx.coders).find(([, c]) => c.id === id)?.[0] ?? (id === 'admin' ? 'admin' : 'owner');
    const layerOf = (coder: 'A' | 'B') => {
      const client = createSyncClient(server.syncUrl, `layer:${ctx.projectId}:${ctx.documentId}:${ctx.coders[coder]!.id}`, { token: ctx.coders[coder]!.token });
      clients.push(client);
      return client;
    };
    const a = layerOf('A');
    const b = layerOf('B');
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    updateCoding(a.doc, 'a3', { memo: 'the ask came from the clinic' }, Date.now());
    b.doc.transact(() => codingsMap(b.doc).delete('b3'));
    await waitFor(async () => (await history('&type=coding.removed')).length === 1 && (await history('&type=coding.changed')).length === 1, 5000, 'the edits to be in the history');

    const codings = (await history()).filter((e) => e.type.startsWith('coding.'));
    const summary = codings.map((e) => `${name(e.userId)} ${e.type} ${e.codingId}`);
    const expected = [...example1.map((c) => `${c.coderId} coding.added ${c.id}`), 'A coding.changed a3', 'B coding.removed b3'];
    expect(summary.sort()).toEqual(expected.sort());
    const changed = codings.find((e) => e.type === 'coding.changed');
    expect(changed.before.memo).toBe('');
    expect(changed.after.memo).toBe('the ask came from the clinic');
    expect(codings.find((e) => e.type === 'coding.removed').before.codeId).toBe('push');
    // The codebook's codes came over A's socket: one event per field of each.
    const codes = await history('&type=code.changed');
    expect(new Set(codes.map((e) => e.codeId))).toEqual(new Set(['push', 'push.training', 'pull', 'cocreation', 'barriers', 'trust', 'capacity']));
    expect(new Set(codes.map((e) => name(e.userId)))).toEqual(new Set(['A']));
    // Filters.
    expect((await history(`&userId=${ctx.coders.B!.id}&type=coding.added`)).map((e) => e.codingId).sort()).toEqual(['b1', 'b2', 'b3', 'b4']);
  });

  it('names whoever the server acted for: a reconciliation decision is the owner’s', async () => {
    const loci = (await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`)).body.loci.filter((l: any) => l.domainId === 'stages');
    const decision = await ctx.owner.post(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/decisions`, { locusId: loci[0].id, action: 'accept', userIds: [ctx.coders.B!.id] });
    expect(decision.status).toBe(201);
    const ownerId = (await ctx.owner.get('/api/me')).body.user.id;
    const added = (await history(`&type=coding.added&userId=${ownerId}`)).filter((e) => e.codingId === decision.body.decision.consensusCodingIds[0]);
    expect(added).toHaveLength(1);
  });

  it('shows a document as of any moment exactly as a coder’s client held it then', async () => {
    const transcript = createSyncClient(server.syncUrl, `text:${ctx.projectId}:${ctx.documentId}`, { token: ctx.coders.A!.token });
    const layer = createSyncClient(server.syncUrl, `layer:${ctx.projectId}:${ctx.documentId}:${ctx.coders.A!.id}`, { token: ctx.coders.A!.token });
    clients.push(transcript, layer);
    await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
    /** What A's client holds now, as the as-of view reports it. */
    const held = () =>
      readCodings(layer.doc, transcript.doc, ctx.coders.A!.id)
        .map((c) => ({ codingId: c.id, codeId: c.codeId, start: c.start, end: c.end, memo: c.memo }))
        .sort((x, y) => x.start! - y.start! || x.codingId.localeCompare(y.codingId));
    const asOf = async (at: string) =>
      ((await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/codings?asOf=${encodeURIComponent(at)}`)).body.layers[ctx.coders.A!.id] ?? []).map(
        ({ codingId, codeId, start, end, memo }: any) => ({ codingId, codeId, start, end, memo }),
      );
    const stored = async (count: number) => waitFor(async () => (await history(`&userId=${ctx.coders.A!.id}&documentId=${ctx.documentId}`)).filter((e) => e.type.startsWith('coding.')).length === count, 5000, 'A’s changes to be stored');
    const moments: { at: string; state: ReturnType<typeof held> }[] = [];
    const record = async () => {
      moments.push({ at: new Date().toISOString(), state: held() });
      // The next change gets a later server time than this moment.
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    let count = (await history(`&userId=${ctx.coders.A!.id}&documentId=${ctx.documentId}`)).filter((e) => e.type.startsWith('coding.')).length;
    await record();
    updateCoding(layer.doc, 'a1', { codeId: 'pull' }, Date.now());
    await stored(++count);
    await record();
    layer.doc.transact(() => codingsMap(layer.doc).delete('a2'));
    addCoding(layer.doc, { id: 'a6', codeId: 'cocreation', anchor: createSpanAnchor(transcriptText(transcript.doc), 650, 690), memo: 'late addition', at: Date.now() });
    count += 2;
    await stored(count);
    await record();
    for (const moment of moments) expect(await asOf(moment.at)).toEqual(moment.state);
    expect(moments[0]!.state).not.toEqual(moments[2]!.state);
    // A seq works as a point too: before the first event, nothing.
    expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/codings?asOf=0`)).body).toMatchObject({ asOf: { seq: 0, at: null }, layers: {}, consensus: [] });
  });

  it('reverts one event, or all one coder did after a moment, as new events with the reason', async () => {
    const open = (coder: 'A' | 'B', kind: 'layer' | 'text') => {
      const room = kind === 'text' ? `text:${ctx.projectId}:${ctx.documentId}` : `layer:${ctx.projectId}:${ctx.documentId}:${ctx.coders[coder]!.id}`;
      const client = createSyncClient(server.syncUrl, room, { token: ctx.coders[coder]!.token });
      clients.push(client);
      return client;
    };
    const a = open('A', 'layer');
    const b = open('B', 'layer');
    const bText = open('B', 'text');
    await Promise.all([waitForSynced(a), waitForSynced(b), waitForSynced(bText)]);
    const revert = (body: object) => ctx.owner.post(`/api/projects/${ctx.projectId}/history/revert`, body);

    // One event: A's recoding of a1 (push → pull, in the as-of test) is undone; A sees it live.
    const recoded = (await history('&type=coding.changed')).find((e) => e.codingId === 'a1' && e.after.codeId === 'pull');
    expect((await revert({ seq: recoded.seq })).body.error).toMatchObject({ field: 'reason' });
    const undone = await revert({ seq: recoded.seq, reason: 'a1 was right as push' });
    expect(undone.status).toBe(201);
    await waitFor(() => codingsMap(a.doc).get('a1')?.codeId === 'push', 3000, 'A to see a1 recoded back');
    expect(undone.body.events.map((e: any) => e.type)).toEqual(['coding.changed', 'history.reverted']);
    expect(undone.body.events[1].after).toEqual({ seqs: [recoded.seq], reason: 'a1 was right as push' });
    // Reverting it again: a1 is no longer as that event left it.
    const lastSeq = (await history('')).at(-1).seq;
    expect((await revert({ seq: recoded.seq, reason: 'again' })).status).toBe(409);
    // A refused revert writes nothing, not even a `history.reverted` note.
    expect((await history('')).at(-1).seq).toBe(lastSeq);

    // Everything B did after a moment: a new coding and a memo change go; B sees it live.
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    addCoding(b.doc, { id: 'b7', codeId: 'pull', anchor: createSpanAnchor(transcriptText(bText.doc), 10, 40), at: Date.now() });
    updateCoding(b.doc, 'b1', { memo: 'second thoughts' }, Date.now());
    await waitFor(async () => (await history(`&userId=${ctx.coders.B!.id}&since=${encodeURIComponent(since)}`)).length === 2, 5000, 'B’s changes to be stored');
    const before = await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/codings?asOf=${encodeURIComponent(since)}`);
    const reverted = await revert({ userId: ctx.coders.B!.id, since, reason: 'B coded the wrong document' });
    expect(reverted.status).toBe(201);
    await waitFor(() => !codingsMap(b.doc).has('b7') && codingsMap(b.doc).get('b1')?.memo === '', 3000, 'B to see the revert');
    const now = await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/codings`);
    expect(now.body.layers[ctx.coders.B!.id]).toEqual(before.body.layers[ctx.coders.B!.id]);
    expect(reverted.body.events.at(-1)).toMatchObject({ type: 'history.reverted', after: { userId: ctx.coders.B!.id, since, reason: 'B coded the wrong document' } });
    // Only owners revert, and the consensus is not reverted this way.
    expect((await ctx.coders.A!.api.post(`/api/projects/${ctx.projectId}/history/revert`, { seq: recoded.seq, reason: 'x' })).status).toBe(403);
    const consensusEvent = (await history('&type=coding.added')).find((e) => e.layer === 'consensus');
    expect((await revert({ seq: consensusEvent.seq, reason: 'x' })).status).toBe(422);
  });

  it('verifies with `accord history verify`, and fails at the event whose stored bytes were changed', async () => {
    const ok = await verify();
    expect(ok.code).toBe(0);
    expect(ok.out.join('\n')).toMatch(/^ok: \d+ events in 1 project/);
    const events = await history();
    const target = events[Math.floor(events.length / 2)];
    const db = new Database(path.join(server.dataDir, 'accord.sqlite'));
    try {
      db.prepare('UPDATE history SET user_id = ? WHERE project_id = ? AND seq = ?').run('someone-else', ctx.projectId, target.seq);
    } finally {
      db.close();
    }
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.err.join('\n')).toContain(`broken at seq ${target.seq}`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { writeSyncFrame } from '../support/frame-mutations.ts';
import { openRawSyncSocket, readServerFrame, type RawSyncSocket } from '../support/raw-sync-socket.ts';
import { seedReconcileProject, workedExampleText, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, testAdminToken, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: SyncClient[] = [];
const sockets: RawSyncSocket[] = [];
let ctx: ReconcileProject & { coders: Record<'A' | 'B', ReconcileCoder> };
/** A second document, outside every round: it keeps the project's own (open) mode. */
let outsideId: string;

beforeAll(async () => {
  server = await startTestServer();
  ctx = (await seedReconcileProject(server, clients, ['A', 'B'], example1)) as typeof ctx;
  outsideId = (await ctx.owner.post(`/api/projects/${ctx.projectId}/documents`, { name: 'P2', text: workedExampleText })).body.id;
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const socket of sockets) if (!socket.closeInfo) await socket.close();
  await server?.close();
});

const rounds = () => `/api/projects/${ctx.projectId}/rounds`;
const layerRoom = (userId: string, documentId = ctx.documentId) => `layer:${ctx.projectId}:${documentId}:${userId}`;
const history = async (type: string) => (await ctx.owner.get(`/api/projects/${ctx.projectId}/history?type=${type}&limit=1000`)).body.events as any[];

async function raw(room: string, token: string): Promise<RawSyncSocket> {
  const socket = await openRawSyncSocket(server.syncUrl, room, { token, query: { notices: '1' } });
  sockets.push(socket);
  return socket;
}

/** Asks for the room's state and waits for the answer: the socket was let in and reads. */
async function reads(socket: RawSyncSocket): Promise<boolean> {
  socket.send(writeSyncFrame(0, Y.encodeStateVector(new Y.Doc())));
  return (await socket.waitFor((frame) => frame[0] === 0 && frame[1] === 1, 3000)).kind === 'frame';
}

/** Does `action` and waits for the server's `accessChanged` notice on a socket: its access has been re-checked. */
async function changingAccess<T>(socket: RawSyncSocket, action: () => Promise<T>): Promise<T> {
  const notice = socket.waitFor((frame) => frame[0] === 4, 3000);
  const result = await action();
  expect((await notice).kind).toBe('frame');
  return result;
}

/** Sends a coding as a new client would, and resolves with whether the server refused it as read-only. */
async function tryToCode(socket: RawSyncSocket, codingId: string): Promise<'refused' | 'accepted'> {
  const doc = new Y.Doc();
  doc.getMap('codings').set(codingId, { codeId: 'push' });
  socket.send(writeSyncFrame(2, Y.encodeStateAsUpdate(doc)));
  // A read-only socket's first write is answered with "permission denied"; an accepted one is
  // followed by the answer to a sync step 1, sent only once what came before it was stored.
  socket.send(writeSyncFrame(0, Y.encodeStateVector(new Y.Doc())));
  const outcome = await socket.waitFor((frame) => frame[0] === 2 || (frame[0] === 0 && frame[1] === 1), 3000);
  if (outcome.kind !== 'frame') throw new Error(`no answer: ${outcome.kind}`);
  return readServerFrame(outcome.frame).kind === 'permissionDenied' ? 'refused' : 'accepted';
}

/** The ids in a layer as the server holds it, read by a fresh client with the administrator token. */
async function storedCodingIds(userId: string): Promise<string[]> {
  const reader = createSyncClient(server.syncUrl, layerRoom(userId), { token: testAdminToken });
  try {
    await waitForSynced(reader);
    return [...reader.doc.getMap('codings').keys()].sort();
  } finally {
    reader.destroy();
  }
}

describe('coding rounds', () => {
  let roundId: string;

  it('are created by owners over documents that are in no other open round', async () => {
    expect((await ctx.coders.A.api.post(rounds(), { name: 'Main', documentIds: [ctx.documentId] })).status).toBe(403);
    expect((await ctx.owner.post(rounds(), { name: 'Main', documentIds: ['nope'] })).body.error).toMatchObject({ code: 'validation', field: 'documentIds' });
    const created = await ctx.owner.post(rounds(), { name: 'Main', documentIds: [ctx.documentId] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Main', phase: 'setup', documentIds: [ctx.documentId], allowPostHocEdits: false, submissions: [] });
    roundId = created.body.id;
    expect((await ctx.owner.post(rounds(), { name: 'Again', documentIds: [ctx.documentId] })).status).toBe(409);
    // Rounds only move forward, one phase at a time.
    expect((await ctx.owner.post(`${rounds()}/${roundId}/phase`, { phase: 'compare' })).status).toBe(409);
    expect((await ctx.coders.A.api.post(`${rounds()}/${roundId}/phase`, { phase: 'blind' })).status).toBe(403);
    expect((await ctx.viewer.get(rounds())).body.rounds.map((r: any) => r.name)).toEqual(['Main']);
  });

  it('hide every other layer of the round’s documents from the moment it turns blind, and only those', async () => {
    // In setup the project's open mode holds: B reads A's layer.
    const bReadsA = await raw(layerRoom(ctx.coders.A.id), ctx.coders.B.token);
    expect(await reads(bReadsA)).toBe(true);
    expect((await ctx.owner.post(`${rounds()}/${roundId}/phase`, { phase: 'blind' })).body.phase).toBe('blind');
    expect((await bReadsA.closed).code).toBe(4403);
    const again = await openRawSyncSocket(server.syncUrl, layerRoom(ctx.coders.A.id), { token: ctx.coders.B.token });
    sockets.push(again);
    expect((await again.closed).code).toBe(4403);
    const consensus = await openRawSyncSocket(server.syncUrl, `consensus:${ctx.projectId}:${ctx.documentId}`, { token: ctx.coders.B.token });
    sockets.push(consensus);
    expect((await consensus.closed).code).toBe(4403);
    // The document outside the round is as open as before.
    const outside = await raw(layerRoom(ctx.coders.A.id, outsideId), ctx.coders.B.token);
    expect(await reads(outside)).toBe(true);
    // Nor do the loci, the passages or the history give A's codings away.
    expect((await ctx.coders.B.api.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`)).status).toBe(403);
    expect((await ctx.coders.B.api.get(`/api/projects/${ctx.projectId}/agreement/passages?documents=${ctx.documentId}`)).status).toBe(403);
    expect((await ctx.coders.B.api.get(`/api/projects/${ctx.projectId}/agreement?documents=${ctx.documentId}`)).status).toBe(403);
    const progress = (await ctx.coders.B.api.get(`/api/projects/${ctx.projectId}/progress`)).body.documents;
    expect(Object.keys(progress.find((d: any) => d.documentId === ctx.documentId).counts)).toEqual([ctx.coders.B.id]);
    expect(Object.keys(progress.find((d: any) => d.documentId === outsideId).counts).sort()).toEqual([ctx.coders.A.id, ctx.coders.B.id].sort());
    const seen = (await ctx.coders.B.api.get(`/api/projects/${ctx.projectId}/history?documentId=${ctx.documentId}&limit=1000`)).body.events;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e: any) => e.userId === ctx.coders.B.id || e.layer === ctx.coders.B.id)).toBe(true);
    expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/history?documentId=${ctx.documentId}&userId=${ctx.coders.A.id}`)).body.events.length).toBeGreaterThan(0);
    // Nor can anything be decided yet.
    const loci = (await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`)).body.loci;
    expect((await ctx.owner.post(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/decisions`, { locusId: loci[0].id, action: 'rejectAll', rationale: 'x' })).status).toBe(409);
  });

  it('freeze a submitted layer: its socket turns read-only at once, until its coder re-opens it', async () => {
    const aWrites = await raw(layerRoom(ctx.coders.A.id), ctx.coders.A.token);
    expect(await tryToCode(aWrites, 'a-before')).toBe('accepted');
    const submit = (coder: ReconcileCoder) => coder.api.post(`${rounds()}/${roundId}/documents/${ctx.documentId}/submit`, {});
    expect((await changingAccess(aWrites, () => submit(ctx.coders.A))).status).toBe(201);
    expect(await tryToCode(aWrites, 'a-after-submit')).toBe('refused');
    expect((await submit(ctx.coders.A)).status).toBe(409);
    // Re-opening (their own, while blind) makes it writable again; submitting again freezes it again.
    expect((await changingAccess(aWrites, () => ctx.coders.A.api.post(`${rounds()}/${roundId}/documents/${ctx.documentId}/reopen`, {}))).status).toBe(200);
    expect(await tryToCode(aWrites, 'a-reopened')).toBe('accepted');
    expect((await changingAccess(aWrites, () => submit(ctx.coders.A))).status).toBe(201);
    // B may not re-open A's document.
    expect((await ctx.coders.B.api.post(`${rounds()}/${roundId}/documents/${ctx.documentId}/reopen`, { userId: ctx.coders.A.id })).status).toBe(403);
    expect(await storedCodingIds(ctx.coders.A.id)).toEqual(['a-before', 'a-reopened', ...example1.filter((c) => c.coderId === 'A').map((c) => c.id)].sort());
    const submissions = (await ctx.owner.get(rounds())).body.rounds[0].submissions;
    expect(submissions.map((s: any) => [s.userId, s.reopenedAt === null])).toEqual([[ctx.coders.A.id, true]]);
  });

  it('refuse to reveal while a coder has not submitted, and on request submit their layer as it stands', async () => {
    const reveal = await ctx.owner.post(`${rounds()}/${roundId}/phase`, { phase: 'compare' });
    expect(reveal.status).toBe(409);
    expect(reveal.body.error.missing).toEqual([{ documentId: ctx.documentId, userId: ctx.coders.B.id }]);
    const forced = await ctx.owner.post(`${rounds()}/${roundId}/phase`, { phase: 'compare', force: true });
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ phase: 'compare', revealedAt: expect.any(String) });
    const submitted = await history('round.submitted');
    expect(submitted.map((e) => [e.layer === ctx.coders.A.id ? 'A' : 'B', e.after.submittedFor === undefined ? 'self' : 'owner'])).toEqual([['A', 'self'], ['A', 'self'], ['B', 'owner']]);
  });

  it('after the reveal: every layer is readable, none writable, and the loci are the submissions’', async () => {
    const bReadsA = createSyncClient(server.syncUrl, layerRoom(ctx.coders.A.id), { token: ctx.coders.B.token });
    clients.push(bReadsA);
    await waitForSynced(bReadsA);
    expect(bReadsA.doc.getMap('codings').has('a-reopened')).toBe(true);
    const aWrites = await raw(layerRoom(ctx.coders.A.id), ctx.coders.A.token);
    expect(await tryToCode(aWrites, 'a-after-reveal')).toBe('refused');
    // Only an owner re-opens after the reveal, and the history says so.
    expect((await ctx.coders.A.api.post(`${rounds()}/${roundId}/documents/${ctx.documentId}/reopen`, {})).status).toBe(403);
    expect((await changingAccess(aWrites, () => ctx.owner.post(`${rounds()}/${roundId}/documents/${ctx.documentId}/reopen`, { userId: ctx.coders.A.id }))).status).toBe(200);
    // A now corrects the live layer; the round still compares what A submitted.
    const lociBefore = (await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`)).body;
    const alphaBefore = (await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement?round=${roundId}`)).body.overall;
    const aLayer = createSyncClient(server.syncUrl, layerRoom(ctx.coders.A.id), { token: ctx.coders.A.token });
    const aText = createSyncClient(server.syncUrl, `text:${ctx.projectId}:${ctx.documentId}`, { token: ctx.coders.A.token });
    clients.push(aLayer, aText);
    await Promise.all([waitForSynced(aLayer), waitForSynced(aText)]);
    addCoding(aLayer.doc, { id: 'a-late', codeId: 'cocreation', anchor: createSpanAnchor(transcriptText(aText.doc), 660, 690), at: Date.now() });
    await waitFor(async () => (await storedCodingIds(ctx.coders.A.id)).includes('a-late'), 5000, 'the late coding to be stored');
    const lociAfter = (await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`)).body;
    expect(lociAfter).toEqual(lociBefore);
    expect(lociAfter.loci.flatMap((l: any) => l.versions.map((v: any) => v.codingId))).not.toContain('a-late');
    expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement?round=${roundId}`)).body.overall).toEqual(alphaBefore);
    // Submitting again replaces A's submission in the round's comparisons, and freezes the layer again.
    expect((await changingAccess(aWrites, () => ctx.coders.A.api.post(`${rounds()}/${roundId}/documents/${ctx.documentId}/submit`, {}))).status).toBe(201);
    const lociResubmitted = (await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`)).body;
    expect(lociResubmitted.loci.flatMap((l: any) => l.versions.map((v: any) => v.codingId))).toContain('a-late');
    expect(await tryToCode(aWrites, 'a-after-resubmit')).toBe('refused');
    expect((await ctx.coders.B.api.post(`${rounds()}/${roundId}/documents/${ctx.documentId}/submit`, {})).status).toBe(409);
    expect((await history('round.reopened')).map((e) => [e.layer === ctx.coders.A.id ? 'A' : 'B', e.after.phase])).toEqual([['A', 'blind'], ['A', 'compare']]);
  });

  it('open decisions with the reconcile phase, pre-merging what everyone agreed, and lock them for good', async () => {
    const advanced = await ctx.owner.post(`${rounds()}/${roundId}/phase`, { phase: 'reconcile', preMerge: { kind: 'completeAgreement' } });
    expect(advanced.status).toBe(200);
    const loci = (await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/loci`)).body.loci;
    expect(loci.filter((l: any) => l.type === 'agreed').every((l: any) => l.status === 'autoResolved')).toBe(true);
    const open = loci.find((l: any) => l.status === 'open');
    expect((await ctx.owner.post(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/decisions`, { locusId: open.id, action: 'rejectAll', rationale: 'not a stage' })).status).toBe(201);
    expect((await ctx.owner.post(`${rounds()}/${roundId}/phase`, { phase: 'locked' })).body.phase).toBe('locked');
    const next = loci.find((l: any) => l.status === 'open' && l.id !== open.id);
    expect((await ctx.owner.post(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/decisions`, { locusId: next.id, action: 'rejectAll', rationale: 'too late' })).body.error.code).toBe('conflict');
    // Locked is final: not even the owner's re-opening makes A's layer writable.
    const aWrites = await raw(layerRoom(ctx.coders.A.id), ctx.coders.A.token);
    expect(await tryToCode(aWrites, 'a-locked')).toBe('refused');
    expect((await ctx.owner.post(`${rounds()}/${roundId}/documents/${ctx.documentId}/reopen`, { userId: ctx.coders.A.id })).status).toBe(409);
    expect((await ctx.owner.post(`${rounds()}/${roundId}/phase`, { phase: 'locked' })).status).toBe(409);
    expect((await history('round.changed')).map((e) => e.after?.phase)).toEqual(['setup', 'blind', 'compare', 'reconcile', 'locked']);
    // A locked round frees its documents for a new round.
    expect((await ctx.owner.post(rounds(), { name: 'Second pass', documentIds: [ctx.documentId] })).status).toBe(201);
  });
});

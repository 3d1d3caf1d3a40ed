import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildAgreementReport, createSeededRandom, type AgreementStudy, type StudyCoding } from '../../shared/agreement/index.ts';
import { sectionUnitCounts } from '../../shared/agreement-export/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { addCode, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding, codingsMap, readCodings } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { readTranscriptUnits, transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { codingsOfCode } from '../../server/codebook/code-merge.ts';
import type { DocumentStore } from '../../server/persistence/document-store.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// Heavy reads (agreement, details, exports, passages, progress, code usage) read every room of a
// project: from per-room extracts, cold rooms one at a time with the event loop served in between,
// without loading them into the registry — and with exactly the numbers a from-scratch read gives.

type Coder = { id: string; token: string };
let server: TestServer;
const clients: SyncClient[] = [];
/** Every room the server read from its store, in order. */
const loads: string[] = [];
let onLoad: ((room: string) => void) | null = null;
const ctx = {} as { owner: ApiClient; projectId: string; documentIds: string[]; coders: [Coder, Coder] };
const documentCount = 8;
const codeIds = ['push', 'pull', 'cocreation'];

/** The real store, with every `loadUpdates` noted (a wrapper, not a mock: each call goes through). */
function noteLoads(store: DocumentStore): DocumentStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'loadUpdates') {
        return (room: string) => {
          loads.push(room);
          onLoad?.(room);
          return target.loadUpdates(room);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const room = {
  text: (documentId: string) => formatRoomName({ kind: 'text', projectId: ctx.projectId, documentId }),
  layer: (documentId: string, userId: string) => formatRoomName({ kind: 'layer', projectId: ctx.projectId, documentId, userId }),
};
const registry = () => server.server.registry;
const roomsOfProject = () => loads.filter((r) => r.includes(ctx.projectId));

function transcript(random: () => number, n: number): string {
  const words = 'support team plan toolkit they asked help built together coach training feedback'.split(' ');
  const turns = Array.from({ length: 6 }, (_, t) => `${t % 2 === 0 ? 'Interviewer' : `P0${n}`}: ${Array.from({ length: 8 + Math.floor(random() * 10) }, () => words[Math.floor(random() * words.length)]).join(' ')}.`);
  return turns.join('\n');
}

beforeAll(async () => {
  // Rooms touched while setting up unload after 200 ms, so the reads below start cold.
  server = await startTestServer({ env: { ROOM_IDLE_UNLOAD_MS: '200' }, wrapStore: noteLoads });
  const owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  const projectId = (await owner.post('/api/projects', { name: 'Reads' })).body.id as string;
  const random = createSeededRandom(8);
  const documentIds: string[] = [];
  for (let d = 0; d < documentCount; d++) documentIds.push((await owner.post(`/api/projects/${projectId}/documents`, { name: `P0${d}`, text: transcript(random, d) })).body.id);
  const coders: Coder[] = [];
  for (const [email, role] of [['ana@example.org', 'coder'], ['ben@example.org', 'coder'], ['vic@example.org', 'viewer']] as const) {
    const session = new ApiClient(server.httpUrl);
    const id = await session.signIn(email);
    const code = (await owner.post(`/api/projects/${projectId}/invites`, { role })).body.code;
    await session.post(`/api/invites/${code}/accept`);
    if (role === 'coder') coders.push({ id, token: (await session.post('/api/tokens', { name: 'ws' })).body.token });
  }
  Object.assign(ctx, { owner, projectId, documentIds, coders });

  await registry().change(`project:${projectId}`, (doc) => {
    codeIds.forEach((id, order) => addCode(doc, { id, name: id, shortName: id.slice(0, 3), colour: '#E69F00', parentId: null, order, definition: '', inclusion: '', exclusion: '', examples: [], isStage: true, stageOrder: order, domain: 'Support', createdAt: '', createdBy: 'pi' }));
  });
  // Seeded codings per document and coder, one of a code no longer in the codebook among them.
  for (const documentId of documentIds) {
    const length = await registry().read(room.text(documentId), (doc) => transcriptText(doc).length);
    for (const coder of coders) {
      const spans = Array.from({ length: 4 }, (_, i) => {
        const start = Math.floor(random() * (length - 30));
        return { id: `${coder.id}-${i}`, codeId: i === 3 && documentId === documentIds[1] ? 'gone' : codeIds[Math.floor(random() * codeIds.length)]!, start, end: start + 5 + Math.floor(random() * 25) };
      });
      const anchors = await registry().read(room.text(documentId), (doc) => spans.map((s) => createSpanAnchor(transcriptText(doc), s.start, s.end)));
      await registry().change(room.layer(documentId, coder.id), (doc) => spans.forEach((s, i) => addCoding(doc, { id: s.id, codeId: s.codeId, anchor: anchors[i]!, at: 1 })));
    }
  }
  // Deleting the text under some codings leaves them orphaned: counted, not compared.
  await registry().change(room.text(documentIds[0]!), (doc) => transcriptText(doc).delete(0, 60));
  await waitFor(() => registry().size === 0, 5000, 'the set-up rooms to unload');
  await searchIndexCaughtUp();
});

/**
 * The search index reads each stored transcript once, after a quiet moment: waiting for it to finish
 * keeps the reads counted below the agreement's own.
 */
async function searchIndexCaughtUp() {
  await waitFor(async () => (await ctx.owner.get(`/api/projects/${ctx.projectId}/search?q=support`)).body.pending === 0, 5000, 'the search index to catch up');
}

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

/** The study exactly as the server read it before extracts existed: every room, in one pass. */
async function studyFromScratch() {
  const [documents, members] = await Promise.all([server.directory.listDocuments(ctx.projectId), server.directory.listMembers(ctx.projectId)]);
  const coders = members.filter((m) => m.role !== 'viewer');
  const codes = await registry().read(`project:${ctx.projectId}`, readCodes);
  const codings: StudyCoding[] = [];
  const unitRanges: Record<string, [number, number][]> = {};
  const active = new Set<string>();
  let orphanedCodings = 0;
  const studyDocuments: { id: string; length: number }[] = [];
  for (const document of documents) {
    const text = new Y.Doc({ gc: false });
    Y.applyUpdate(text, await registry().read(room.text(document.id), (doc) => Y.encodeStateAsUpdate(doc)));
    studyDocuments.push({ id: document.id, length: transcriptText(text).length });
    unitRanges[document.id] = readTranscriptUnits(text).map((u) => [u.start, u.end]);
    for (const coder of coders) {
      for (const coding of await registry().read(room.layer(document.id, coder.userId), (layer) => readCodings(layer, text, coder.userId))) {
        active.add(coder.userId);
        if (coding.orphaned || coding.start === null || coding.end === null) orphanedCodings++;
        else codings.push({ documentId: document.id, coderId: coder.userId, codeId: coding.codeId, start: coding.start, end: coding.end });
      }
    }
    text.destroy();
  }
  const known = new Set(codes.map((c) => c.id));
  const study: AgreementStudy = {
    documents: studyDocuments,
    coders: coders.filter((c) => active.has(c.userId)).map((c) => ({ id: c.userId, name: c.name })),
    codes: codes.map((c) => ({ id: c.id, name: c.name, domain: c.domain })),
    codings: codings.filter((c) => known.has(c.codeId)),
  };
  return { study, unitRanges, orphanedCodings };
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The live report for `unit`, and the rooms the server read from its store to answer it. */
async function liveAgreement(unit: 'character' | 'unit') {
  loads.length = 0;
  const live = await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement?unit=${unit}`);
  expect(live.status).toBe(200);
  return { body: live.body, read: roomsOfProject() };
}

/** The same report computed from scratch: they must be equal, field for field. */
async function expectFromScratch(live: any, unit: 'character' | 'unit') {
  const { study, unitRanges, orphanedCodings } = await studyFromScratch();
  const report = buildAgreementReport(study, { unit: unit === 'unit' ? { kind: 'unit', ranges: unitRanges } : { kind: 'character' }, excludeUncoded: false });
  expect(live.report).toEqual(plain(report));
  expect(live).toMatchObject(plain({ coders: study.coders, codes: study.codes, documents: study.documents, orphanedCodings }));
}

describe('heavy reads of a many-document project', () => {
  it('serve the event loop between the rooms of a cold read', async () => {
    let loadsWhenServed: number | null = null;
    onLoad = () => {
      // Scheduled as the first room is read: it runs at the first moment the read lets the loop turn.
      if (roomsOfProject().length === 1) setImmediate(() => (loadsWhenServed = roomsOfProject().length));
    };
    loads.length = 0;
    const response = await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement?unit=character`);
    onLoad = null;
    expect(response.status).toBe(200);
    const read = roomsOfProject().length;
    // Cold: the codebook, and per document its text and the layers of the owner and both coders.
    expect(read).toBe(1 + documentCount * 4);
    expect(loadsWhenServed).not.toBeNull();
    expect(loadsWhenServed!).toBeLessThan(read);
  });

  it('read rooms without loading them into the registry', async () => {
    expect(registry().size).toBe(0);
    for (const path of ['agreement?unit=unit', 'agreement/details?unit=segment&threshold=60', 'agreement/passages', 'agreement/export.csv', 'progress', 'codes/push/usage']) {
      expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/${path}`)).status).toBe(200);
      expect(registry().size).toBe(0);
    }
  });

  it('give the numbers a from-scratch read gives, cold and from the extracts', async () => {
    const first = (await liveAgreement('character')).body;
    await expectFromScratch(first, 'character');
    expect(first.orphanedCodings).toBeGreaterThan(0);
    expect(first.coders.map((c: { id: string }) => c.id)).toEqual(ctx.coders.map((c) => c.id));
    await expectFromScratch((await liveAgreement('unit')).body, 'unit');

    const url = `/api/projects/${ctx.projectId}/agreement/details?unit=segment&threshold=60`;
    const details = (await ctx.owner.get(url)).body;
    const { study } = await studyFromScratch();
    // What `unit=segment&threshold=60` means (agreement-views.ts `queryReportOptions`).
    const options = { unit: { kind: 'segment', overlapThreshold: 60 }, maxqdaThreshold: 60, excludeUncoded: false } as const;
    const cells = buildAgreementReport(study, { ...options, measures: ['krippendorff_alpha'], sections: { perCode: false, perDocument: false, perCoderPair: false, perDomain: false, perCodeDocument: true } });
    expect(details.perCodeDocument).toEqual(plain(cells.perCodeDocument));
    expect(details.unitCounts).toEqual(plain(sectionUnitCounts(study, { ...options, excludeUncoded: false })));

    const progress = (await ctx.owner.get(`/api/projects/${ctx.projectId}/progress`)).body;
    for (const row of progress.documents) {
      for (const coder of ctx.coders) expect(row.counts[coder.id]).toBe(await registry().read(room.layer(row.documentId, coder.id), (doc) => codingsMap(doc).size));
    }
    const usage = (await ctx.owner.get(`/api/projects/${ctx.projectId}/codes/pull/usage`)).body;
    let total = 0;
    for (const documentId of ctx.documentIds) for (const coder of ctx.coders) total += await registry().read(room.layer(documentId, coder.id), (doc) => codingsOfCode(doc, 'pull').length);
    expect(usage.codings).toBe(total);
  });

  it('re-read only the layer a coder changed, and only the document whose text changed', async () => {
    const [ana] = ctx.coders;
    const [, , , changed, , textChanged] = ctx.documentIds as [string, string, string, string, string, string];
    await liveAgreement('character');

    // Ana codes one more passage in her layer of one document, from her browser.
    const text = createSyncClient(server.syncUrl, room.text(changed), { token: ana.token });
    const layer = createSyncClient(server.syncUrl, room.layer(changed, ana.id), { token: ana.token });
    clients.push(text, layer);
    await Promise.all([waitForSynced(text), waitForSynced(layer)]);
    addCoding(layer.doc, { id: 'ana-new', codeId: 'pull', anchor: createSpanAnchor(transcriptText(text.doc), 10, 40), at: 2 });
    await waitFor(async () => (await server.store.loadUpdates(room.layer(changed, ana.id))).updates.length > 1, 3000, 'the coding to be stored');
    text.destroy();
    layer.destroy();
    await waitFor(() => registry().size === 0, 5000, 'the rooms to unload');
    const afterLayerEdit = await liveAgreement('character');
    await expectFromScratch(afterLayerEdit.body, 'character');
    // That document's text (to resolve the new layer against) and the changed layer, nothing else.
    expect(afterLayerEdit.read.sort()).toEqual([room.layer(changed, ana.id), room.text(changed)].sort());

    // The owner corrects a transcript: every layer of that document is resolved again, no other document.
    const owner = createSyncClient(server.syncUrl, room.text(textChanged));
    clients.push(owner);
    await waitForSynced(owner);
    transcriptText(owner.doc).insert(0, 'Corrected. ');
    await waitFor(async () => (await server.store.loadUpdates(room.text(textChanged))).updates.length > 1, 3000, 'the correction to be stored');
    owner.destroy();
    await waitFor(() => registry().size === 0, 5000, 'the rooms to unload');
    // The correction is re-indexed for search too, with a read of its own.
    await searchIndexCaughtUp();
    const afterTextEdit = await liveAgreement('character');
    await expectFromScratch(afterTextEdit.body, 'character');
    const members = await server.directory.listMembers(ctx.projectId);
    const layerRooms = members.filter((m) => m.role !== 'viewer').map((m) => room.layer(textChanged, m.userId));
    expect(afterTextEdit.read.sort()).toEqual([room.text(textChanged), ...layerRooms].sort());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentView, MemberView, ProjectView } from '../../shared/api/index.ts';
import type { Coding } from '../../shared/model/coding.ts';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { readCodings } from '../../shared/ydoc/layer-doc.ts';
import { readTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import { createDemoProject, demoProjectName } from '../../server/demo/create-demo-project.ts';
import { demoCodingPlan } from '../../server/demo/demo-coding-plan.ts';
import { demoTranscripts } from '../../server/demo/demo-transcripts.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let owner: ApiClient;
let projectId: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  const ownerId = await owner.signIn('pi@example.org', 'PI');
  ({ projectId } = await createDemoProject({ directory: server.directory, registry: server.server.registry }, { ownerId }));
});
afterAll(async () => {
  await server?.close();
});

/** Reads a room through a stock y-websocket client with the admin token, closed again after `read`. */
async function readRoom<T>(room: string, read: (client: SyncClient) => T | Promise<T>): Promise<T> {
  const client = createSyncClient(server.syncUrl, room);
  try {
    await waitForSynced(client);
    return await read(client);
  } finally {
    client.destroy();
  }
}

const isWordChar = (c: string) => /[\p{L}\p{N}]/u.test(c);
const onWordBoundaries = (text: string, start: number, end: number) =>
  isWordChar(text.charAt(start)) &&
  (start === 0 || !isWordChar(text.charAt(start - 1))) &&
  !/\s/.test(text.charAt(end - 1)) &&
  (end === text.length || !isWordChar(text.charAt(end)));
const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

async function documents(): Promise<DocumentView[]> {
  const response = await owner.get<DocumentView[]>(`/api/projects/${projectId}/documents`);
  expect(response.status).toBe(200);
  return response.body;
}

async function coders(): Promise<MemberView[]> {
  const response = await owner.get<MemberView[]>(`/api/projects/${projectId}/members`);
  expect(response.status).toBe(200);
  return response.body.filter((m) => m.role === 'coder').sort((a, b) => a.name.localeCompare(b.name));
}

/** Each coder's codings of each document, resolved against the text room's doc. */
async function layers(): Promise<{ participant: string; text: string; byCoder: Coding[][] }[]> {
  const [docs, members] = await Promise.all([documents(), coders()]);
  const result = [];
  for (const [index, document] of docs.entries()) {
    result.push(
      await readRoom(document.rooms.text, async (transcript) => {
        const byCoder: Coding[][] = [];
        for (const member of members) {
          const codings = await readRoom(`layer:${projectId}:${document.id}:${member.userId}`, (layer) => readCodings(layer.doc, transcript.doc, member.userId));
          byCoder.push(codings.sort((a, b) => (a.start ?? 0) - (b.start ?? 0)));
        }
        return { participant: demoTranscripts[index]!.participant, text: readTranscriptText(transcript.doc), byCoder };
      }),
    );
  }
  return result;
}

describe('the demo project', () => {
  it('is listed to its owner with seventeen documents and two demo coders', async () => {
    const projects = await owner.get<ProjectView[]>('/api/projects');
    expect(projects.body).toEqual([expect.objectContaining({ id: projectId, name: demoProjectName, role: 'owner', memberCount: 3, documentCount: 17 })]);

    const docs = await documents();
    expect(docs.map((d) => d.name.slice(0, 3))).toEqual(Array.from({ length: 17 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`));
    expect(docs.map((d) => d.length)).toEqual(demoTranscripts.map((t) => t.text.length));

    const members = await coders();
    expect(members.map((m) => m.name)).toEqual(['Demo coder Ana', 'Demo coder Ben']);
    for (const member of members) expect(member.email).toBe(`${member.name.split(' ')[2]!.toLowerCase()}.demo+${projectId}@accord.invalid`);
  });

  it('serves every transcript from its text room', async () => {
    const docs = await documents();
    const texts = [];
    for (const d of docs) texts.push(await readRoom(d.rooms.text, (client) => readTranscriptText(client.doc)));
    expect(texts).toEqual(demoTranscripts.map((t) => t.text));
  });

  it('serves the codebook with its three stage codes in order', async () => {
    const codes = await readRoom(`project:${projectId}`, (client) => readCodes(client.doc));
    expect(codes.length).toBeGreaterThanOrEqual(12);
    const stages = codes.filter((c) => c.isStage).sort((a, b) => (a.stageOrder ?? 0) - (b.stageOrder ?? 0));
    expect(stages.map((c) => [c.name, c.stageOrder])).toEqual([
      ['Push', 1],
      ['Pull', 2],
      ['Co-creation', 3],
    ]);
    const parent = codes.find((c) => c.id === stages[0]!.parentId);
    expect(parent?.name).toBe('Implementation support');
  });

  it('gives both coders layers whose anchors resolve to word-aligned spans over the planned quotes', async () => {
    const codeIds = new Set((await readRoom(`project:${projectId}`, (client) => readCodes(client.doc))).map((c) => c.id));
    for (const { participant, text, byCoder } of await layers()) {
      const quotes = demoCodingPlan[participant]!.map((p) => ({ start: text.indexOf(p.quote), end: text.indexOf(p.quote) + p.quote.length }));
      for (const codings of byCoder) {
        expect(codings.length).toBeGreaterThanOrEqual(8);
        for (const coding of codings) {
          expect(coding.orphaned).toBe(false);
          expect(codeIds.has(coding.codeId)).toBe(true);
          const span = { start: coding.start!, end: coding.end! };
          expect(onWordBoundaries(text, span.start, span.end), JSON.stringify(text.slice(span.start, span.end))).toBe(true);
          // Boundaries move by a few words, or to whole sentences; the quote stays mostly inside.
          const best = Math.max(...quotes.map((q) => overlap(q, span) / Math.min(q.end - q.start, span.end - span.start)));
          expect(best, JSON.stringify(text.slice(span.start, span.end))).toBeGreaterThanOrEqual(0.5);
        }
      }
    }
  });

  it('shows the two coders disagreeing in places but agreeing on most passages', async () => {
    const tally = { same: 0, differentCode: 0, onlyOne: 0 };
    let memos = 0;
    for (const { participant, text, byCoder } of await layers()) {
      const [ana, ben] = byCoder as [Coding[], Coding[]];
      memos += [...ana, ...ben].filter((c) => c.memo !== '').length;
      for (const passage of demoCodingPlan[participant]!) {
        const quote = { start: text.indexOf(passage.quote), end: text.indexOf(passage.quote) + passage.quote.length };
        const covers = (c: Coding) => overlap(quote, { start: c.start!, end: c.end! }) * 2 >= quote.end - quote.start;
        const [byAna, byBen] = [ana.filter(covers), ben.filter(covers)];
        if (byAna.length > 0 && byBen.length > 0) {
          if (byAna.some((a) => byBen.some((b) => b.codeId === a.codeId))) tally.same++;
          else tally.differentCode++;
        } else if (byAna.length + byBen.length > 0) tally.onlyOne++;
      }
    }
    expect(tally.differentCode).toBeGreaterThan(0);
    expect(tally.onlyOne).toBeGreaterThan(0);
    expect(tally.same).toBeGreaterThan(tally.differentCode + tally.onlyOne);
    expect(memos).toBeGreaterThan(0);
  });
});

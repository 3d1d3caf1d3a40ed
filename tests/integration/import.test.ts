import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { SegmentView } from '../../shared/api/index.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding, codingsMap } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { buildQdpx, interviewText, projectXml, secondText } from '../fixtures/refi/refi-fixtures.ts';
import { ApiClient } from '../support/api-client.ts';
import { codeFixture } from '../support/code-fixture.ts';
import { codingsByName as readCodingsByName } from '../support/project-codings.ts';
import { waitFor } from '../support/sync-client.ts';
import { startTestServer, testAdminToken, type TestServer } from '../support/test-server.ts';

/**
 * REFI-QDA import into a new project (issue 12): a project with three coders' layers (emoji,
 * combining marks, memos, a code hierarchy) and a consensus from the pre-merge is exported as
 * `.qdpx` and imported by another person into the same server; every coding — document, passage,
 * code path, coder (the consensus too), memo — is the same in both projects. Refused files (not a zip, malformed XML, a DTD, an escaping path) are 4xx with a
 * sentence, and leave no project behind.
 */
let server: TestServer;
let owner: ApiClient;
let importer: ApiClient;
let importerToken: string;
let projectId: string;

const codes: Code[] = [
  codeFixture('stages', { name: 'Stages', order: 0, colour: '#999999', definition: 'Groups the pathway stages.' }),
  codeFixture('push', { name: 'Push', parentId: 'stages', order: 0, isStage: true, stageOrder: 1, colour: '#E69F00' }),
  codeFixture('pull', { name: 'Pull', parentId: 'stages', order: 1, isStage: true, stageOrder: 2, colour: '#56B4E9' }),
  codeFixture('emotion', { name: 'Emotion ✨', order: 1, colour: '#CC79A7' }),
  codeFixture('frustration', { name: 'Frustration', parentId: 'emotion', order: 0, colour: '#D55E00' }),
];
/** [coder, document, phrase, code, memo]. */
type Coder = 'ana' | 'ben' | 'cho';
const plan: [Coder, 'p07' | 'p12', string, string, string][] = [
  ['ana', 'p07', 'It was pushed on us, honestly 😤', 'push', 'Clear push; note the emoji.'],
  ['ana', 'p07', 'We pulled what we needed 👩‍👩‍👧', 'pull', ''],
  ['ana', 'p12', 'ठीक है moment', 'pull', 'Hindi & <tags>.'],
  ['ben', 'p07', 'It was pushed on us, honestly 😤', 'push', ''],
  ['ben', 'p07', 'honestly 😤', 'frustration', 'Two lines.\nSecond.'],
  ['ben', 'p07', 'x\u0301 rollout', 'push', 'Combining mark inside.'],
  ['cho', 'p07', 'It was pushed on us, honestly 😤', 'push', 'Agrees with Ana and Ben.'],
  ['cho', 'p12', 'ठीक है moment', 'frustration', ''],
];
/** All three coded this passage with Push: the pre-merge (complete agreement) puts it in the consensus. */
const consensusPassage = 'It was pushed on us, honestly 😤';

async function upload(bytes: Uint8Array, name = 'study.qdpx') {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  const response = await fetch(`${server.httpUrl}/api/projects/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${importerToken}` } });
  return { status: response.status, body: (await response.json()) as any };
}

const codingsByName = (api: ApiClient, id: string) => readCodingsByName(server, api, id);

/** The project's attribute fields (label, type, options) and each document's values by label. */
async function attributesByName(api: ApiClient, id: string) {
  const project = (await api.get(`/api/projects/${id}`)).body as { attributeFields: { key: string; label: string; type: string; options?: string[] }[] };
  const documents = (await api.get(`/api/projects/${id}/documents`)).body as { name: string; attributes: Record<string, unknown> }[];
  const labelOf = new Map(project.attributeFields.map((f) => [f.key, f.label]));
  return {
    fields: project.attributeFields.map((f) => ({ label: f.label, type: f.type, options: f.options ?? null })),
    values: Object.fromEntries(documents.map((d) => [d.name, Object.fromEntries(Object.entries(d.attributes ?? {}).map(([key, value]) => [labelOf.get(key), value]))])),
  };
}

const projectCount = async () => (await importer.get('/api/projects')).body.length as number;

beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'Pat Lee');
  projectId = (await owner.post('/api/projects', { name: 'Kit study' })).body.id;
  const docs = {
    p07: (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P07 – interview', text: interviewText })).body.id as string,
    p12: (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P12', text: secondText })).body.id as string,
  };
  const coders: Record<Coder, string> = { ana: '', ben: '', cho: '' };
  for (const [key, email, name] of [['ana', 'ana@example.org', 'Ana Ortiz'], ['ben', 'ben@example.org', 'Ben Kim'], ['cho', 'cho@example.org', 'Cho Min-jun']] as const) {
    const api = new ApiClient(server.httpUrl);
    coders[key] = await api.signIn(email, name);
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    expect((await api.post(`/api/invites/${invite}/accept`)).status).toBeLessThan(300);
  }
  const { registry } = server.server;
  await registry.change(`project:${projectId}`, (doc: Y.Doc) => doc.transact(() => codes.forEach((c) => addCode(doc, c))));
  for (const key of ['p07', 'p12'] as const) {
    const transcript = await registry.snapshot(`text:${projectId}:${docs[key]}`);
    const text = transcriptText(transcript).toString();
    for (const coder of ['ana', 'ben', 'cho'] as const) {
      await registry.change(`layer:${projectId}:${docs[key]}:${coders[coder]}`, (doc: Y.Doc) =>
        plan.forEach(([who, document, phrase, codeId, memo], i) => {
          if (who !== coder || document !== key) return;
          const start = text.indexOf(phrase);
          if (start < 0) throw new Error(`"${phrase}" is not in ${key}`);
          addCoding(doc, { id: `k${i}`, codeId, anchor: createSpanAnchor(transcriptText(transcript), start, start + phrase.length), memo, at: Date.UTC(2024, 4, 1 + i) });
        }),
      );
    }
    transcript.destroy();
  }
  expect((await owner.post(`/api/projects/${projectId}/memos`, { documentId: docs.p07, title: 'About P07', text: 'Met at the depot.' })).status).toBe(201);
  // Participants' attributes (a category, a number, a text) and a set of documents.
  const fields = [
    { key: 'role', label: 'Role', type: 'category', options: ['Practitioner', 'Researcher'] },
    { key: 'years', label: 'Years in post', type: 'number' },
    { key: 'site', label: 'Site', type: 'text' },
  ];
  expect((await owner.put(`/api/projects/${projectId}/attribute-fields`, { fields })).status).toBe(200);
  expect((await owner.patch(`/api/projects/${projectId}/documents/${docs.p07}`, { attributes: { role: 'Practitioner', years: 12, site: 'Depot 🚉' } })).status).toBe(200);
  expect((await owner.patch(`/api/projects/${projectId}/documents/${docs.p12}`, { attributes: { role: 'Researcher', years: 3.5 } })).status).toBe(200);
  expect((await owner.post(`/api/projects/${projectId}/sets`, { name: 'Wave 1', documentIds: [docs.p07] })).status).toBe(201);
  // Ana, Ben and Cho agree on the first passage: the pre-merge writes it into the consensus.
  expect((await owner.post(`/api/projects/${projectId}/documents/${docs.p07}/premerge`, {})).status).toBe(200);
  const consensusTexts = async () => (await owner.get(`/api/projects/${projectId}/segments?userId=consensus&limit=500`)).body.segments.map((s: SegmentView) => s.text);
  await waitFor(async () => (await consensusTexts()).length === 1, 5000, 'the consensus coding');
  expect(await consensusTexts()).toEqual([consensusPassage]);

  importer = new ApiClient(server.httpUrl);
  await importer.signIn('ida@example.org', 'Ida Berg');
  importerToken = (await importer.post('/api/tokens', { name: 'import' })).body.token;
});

afterAll(async () => {
  await server?.close();
});

describe('importing a .qdpx into a new project', () => {
  it('round-trips every coding: document, passage, code path, coder and memo', async () => {
    const exported = await fetch(`${server.httpUrl}/api/projects/${projectId}/export?format=qdpx`, { headers: { cookie: owner.sessionCookie! } });
    expect(exported.status).toBe(200);
    const before = await projectCount();
    const { status, body } = await upload(new Uint8Array(await exported.arrayBuffer()));
    expect(status).toBe(201);
    expect(await projectCount()).toBe(before + 1);
    expect(body.project.name).toBe('Kit study');
    expect(body.report).toMatchObject({ documents: 2, codes: 5, codings: plan.length + 1, layers: 3 });
    // The consensus's coding is placed, not skipped.
    expect(JSON.stringify(body.report.skipped)).not.toMatch(/consensus/i);

    const imported = body.project.id as string;
    const original = await codingsByName(owner, projectId);
    expect(original).toHaveLength(plan.length + 1);
    expect(original).toContain(`P07 – interview | ${consensusPassage} | Stages/Push | Consensus | `);
    expect(await codingsByName(importer, imported)).toEqual(original);

    // It is a consensus coding like the decision service writes, its provenance naming the file.
    const importedDocs: { id: string; name: string }[] = (await importer.get(`/api/projects/${imported}/documents`)).body;
    const p07 = importedDocs.find((d) => d.name === 'P07 – interview')!.id;
    const stored = await server.server.registry.read(`consensus:${imported}:${p07}`, (doc: Y.Doc) => [...codingsMap(doc).values()] as unknown as { provenance: Record<string, unknown> }[]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.provenance).toMatchObject({ decisionId: expect.stringMatching(/^imported:Accord /), method: 'manual', imported: { kind: 'imported', origin: expect.stringMatching(/^Accord /), fileName: 'study.qdpx' } });
    expect(stored[0]!.provenance.sourceCodingIds).toHaveLength(1);
    // "Compare with the consensus" takes it in: each coder against the consensus.
    const agreement = (await importer.get(`/api/projects/${imported}/agreement?against=consensus&measures=percent_agreement`)).body;
    expect(agreement.coders.map((c: { id: string }) => c.id)).toContain('consensus');
    const againstConsensus = agreement.report.perCoderPair.filter((p: { coderIds: string[] }) => p.coderIds[1] === 'consensus');
    expect(againstConsensus).toHaveLength(3);

    // The importer owns it; the coders are imported accounts, listed as such, that cannot sign in.
    const members: { userId: string; name: string; email?: string; role: string }[] = (await importer.get(`/api/projects/${imported}/members`)).body;
    expect(members.find((m) => m.role === 'owner')?.name).toBe('Ida Berg');
    const coders = members.filter((m) => m.role === 'coder');
    expect(coders.map((m) => m.name).sort()).toEqual(['Ana Ortiz', 'Ben Kim', 'Cho Min-jun']);
    for (const coder of coders) {
      expect(coder.email).toMatch(/^imported\+[^@]+@accord\.invalid$/);
      const login = await new ApiClient(server.httpUrl).post('/api/auth/login', { email: coder.email, password: '!imported-coder' });
      expect(login.status).toBe(401);
    }
    // Stage codes come back from the "Stages" set; the document memo from its note.
    const importedCodes = await server.server.registry.read(`project:${imported}`, (doc: Y.Doc) => readCodes(doc));
    expect(importedCodes.filter((c) => c.isStage).map((c) => [c.name, c.stageOrder, c.colour]).sort()).toEqual([['Pull', 2, '#56B4E9'], ['Push', 1, '#E69F00']]);
    const memos = (await importer.get(`/api/projects/${imported}/memos`)).body;
    expect(JSON.stringify(memos)).toContain('Met at the depot.');
    // Attributes come back with their types (a category keeps its options) and values; sets with their documents.
    const originalAttributes = await attributesByName(owner, projectId);
    expect(originalAttributes.values['P07 – interview']).toEqual({ Role: 'Practitioner', 'Years in post': 12, Site: 'Depot 🚉' });
    expect(await attributesByName(importer, imported)).toEqual(originalAttributes);
    const sets = async (api: ApiClient, id: string) => {
      const names = new Map(((await api.get(`/api/projects/${id}/documents`)).body as { id: string; name: string }[]).map((d) => [d.id, d.name]));
      return ((await api.get(`/api/projects/${id}/sets`)).body.sets as { name: string; documentIds: string[] }[]).map((set) => [set.name, set.documentIds.map((d) => names.get(d))]);
    };
    expect(await sets(importer, imported)).toEqual([['Wave 1', ['P07 – interview']]]);
  });

  it('refuses the administrator token: a project needs a person as its owner', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1])]), 'x.qdpx');
    const response = await fetch(`${server.httpUrl}/api/projects/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${testAdminToken}` } });
    expect(response.status).toBe(403);
  });

  it.each([
    ['not a zip', new TextEncoder().encode('just some text, not an archive'), /zip/i],
    ['malformed XML', buildQdpx(projectXml('<Users><User guid="a" name="x"></Users>')), /line \d+/i],
    ['a DTD', buildQdpx(`<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaa">]>${projectXml('')}`), /DOCTYPE|DTD/i],
    ['an escaping path', buildQdpx(projectXml(''), { '../evil.txt': 'x' }), /\.\./],
  ])('refuses %s with a sentence, and creates no project', async (_, bytes, message) => {
    const before = await projectCount();
    const { status, body } = await upload(bytes);
    expect(status).toBe(422);
    expect(body.message ?? body.error?.message).toMatch(message);
    expect(await projectCount()).toBe(before);
  });
});

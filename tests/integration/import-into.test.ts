import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { ImportItem, ProjectImportPlanResponse } from '../../shared/api/index.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding, codingsMap } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { bracedUpper, guid, interviewText, secondText } from '../fixtures/refi/refi-fixtures.ts';
import { ApiClient } from '../support/api-client.ts';
import { codeFixture } from '../support/code-fixture.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Importing a `.qdpx` into an existing project (issue 12, must-show 2): coder B codes in a copy of
 * the project (made by exporting it and importing the file as a new project), the copy is exported,
 * and that file is brought back into the original. B's work arrives as one new layer; the documents
 * and codes both projects share are matched, not duplicated; the copy's carried-over layer (Ana's,
 * imported there) is recognised as already present. The preview answers exactly what the import then
 * does, and changes nothing.
 */
let server: TestServer;
let owner: ApiClient;
let projectId: string;
let copyId: string;
let fileFromCopy: Uint8Array;
const docs: Record<'p07' | 'p12', string> = { p07: '', p12: '' };

const codes: Code[] = [
  codeFixture('stages', { name: 'Stages', order: 0 }),
  codeFixture('push', { name: 'Push', parentId: 'stages', order: 0, isStage: true, stageOrder: 1 }),
  codeFixture('pull', { name: 'Pull', parentId: 'stages', order: 1, isStage: true, stageOrder: 2 }),
  codeFixture('emotion', { name: 'Emotion ✨', order: 1 }),
];

/** Codes `phrase` (its first occurrence) with `codeId` in `userId`'s layer of a document. */
async function code(project: string, documentId: string, userId: string, items: [phrase: string, codeId: string, memo: string][]): Promise<void> {
  const { registry } = server.server;
  const transcript = await registry.snapshot(`text:${project}:${documentId}`);
  try {
    const text = transcriptText(transcript).toString();
    await registry.change(`layer:${project}:${documentId}:${userId}`, (doc: Y.Doc) =>
      items.forEach(([phrase, codeId, memo], i) => {
        const start = text.indexOf(phrase);
        if (start < 0) throw new Error(`"${phrase}" is not in the document`);
        addCoding(doc, { id: `c${Date.now()}-${i}`, codeId, anchor: createSpanAnchor(transcriptText(transcript), start, start + phrase.length), memo, at: Date.UTC(2024, 5, 1 + i) });
      }),
    );
  } finally {
    transcript.destroy();
  }
}

async function exportQdpx(id: string): Promise<Uint8Array> {
  const response = await fetch(`${server.httpUrl}/api/projects/${id}/export?format=qdpx`, { headers: { cookie: owner.sessionCookie! } });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function send(path: string, bytes: Uint8Array, name = 'from-copy.qdpx', client = owner) {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  const response = await fetch(`${server.httpUrl}${path}`, { method: 'POST', body: form, headers: { cookie: client.sessionCookie!, 'x-csrf-token': client.csrfToken! } });
  return { status: response.status, body: (await response.json()) as any };
}

/** Everything a project holds that an import may add to: documents, code paths, members, every layer's codings as names. */
async function contents(id: string) {
  const { registry } = server.server;
  const documents: { id: string; name: string }[] = (await owner.get(`/api/projects/${id}/documents`)).body;
  const members: { userId: string; name: string; email: string; role: string }[] = (await owner.get(`/api/projects/${id}/members`)).body;
  const projectCodes = await registry.read(`project:${id}`, (doc: Y.Doc) => readCodes(doc));
  const byId = new Map(projectCodes.map((c) => [c.id, c]));
  const path = (codeId: string): string => {
    const c = byId.get(codeId);
    return c ? (c.parentId ? `${path(c.parentId)}/${c.name}` : c.name) : `?${codeId}`;
  };
  const codings: string[] = [];
  for (const document of documents) {
    const text = await registry.read(`text:${id}:${document.id}`, (doc: Y.Doc) => transcriptText(doc).toString());
    for (const member of members) {
      const list = await registry.read(`layer:${id}:${document.id}:${member.userId}`, (doc: Y.Doc) => [...codingsMap(doc).values()] as unknown as { codeId: string; memo: string; start: Uint8Array; end: Uint8Array }[]);
      const resolved = (await owner.get(`/api/projects/${id}/segments?userId=${member.userId}&documentId=${document.id}&limit=500`)).body.segments as { text: string; codeId: string; memo: string }[];
      expect(resolved).toHaveLength(list.length);
      for (const s of resolved) codings.push(`${document.name} | ${s.text} | ${path(s.codeId)} | ${member.name} | ${s.memo}`);
    }
    expect(text.length).toBeGreaterThan(0);
  }
  return { documents: documents.map((d) => d.name).sort(), codes: projectCodes.map((c) => path(c.id)).sort(), members: members.map((m) => `${m.name} (${m.role})`).sort(), codings: codings.sort() };
}

const names = (items: readonly ImportItem[], kind: string) => items.filter((i) => i.kind === kind).map((i) => i.name).sort();

beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'Pat Lee');
  projectId = (await owner.post('/api/projects', { name: 'Kit study' })).body.id;
  docs.p07 = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P07 – interview', text: interviewText })).body.id;
  docs.p12 = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P12', text: secondText })).body.id;
  await server.server.registry.change(`project:${projectId}`, (doc: Y.Doc) => doc.transact(() => codes.forEach((c) => addCode(doc, c))));
  const ana = new ApiClient(server.httpUrl);
  const anaId = await ana.signIn('ana@example.org', 'Ana Ortiz');
  expect((await ana.post(`/api/invites/${(await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code}/accept`)).status).toBeLessThan(300);
  await code(projectId, docs.p07, anaId, [
    ['It was pushed on us, honestly 😤', 'push', 'Clear push.'],
    ['We pulled what we needed 👩‍👩‍👧', 'pull', ''],
  ]);
  await code(projectId, docs.p12, anaId, [['ठीक है moment', 'pull', 'Hindi.']]);

  // The copy: the original's file imported as a new project (Ana comes along as an imported coder).
  copyId = (await send('/api/projects/import', await exportQdpx(projectId), 'kit-study.qdpx')).body.project.id;
  // Ben codes in the copy only, with a code the original lacks, and the copy gains a third interview.
  const ben = new ApiClient(server.httpUrl);
  const benId = await ben.signIn('ben@example.org', 'Ben Kim');
  expect((await ben.post(`/api/invites/${(await owner.post(`/api/projects/${copyId}/invites`, { role: 'coder' })).body.code}/accept`)).status).toBeLessThan(300);
  const copyDocs: { id: string; name: string }[] = (await owner.get(`/api/projects/${copyId}/documents`)).body;
  const copyCodes = await server.server.registry.read(`project:${copyId}`, (doc: Y.Doc) => readCodes(doc));
  const copyCode = (name: string) => copyCodes.find((c) => c.name === name)!.id;
  await server.server.registry.change(`project:${copyId}`, (doc: Y.Doc) => addCode(doc, codeFixture('hope', { name: 'Hope', parentId: copyCode('Emotion ✨'), order: 0 })));
  const p20 = (await owner.post(`/api/projects/${copyId}/documents`, { name: 'P20', text: 'P20: We hoped the kit would stay.\nInterviewer: And?' })).body.id as string;
  await code(copyId, copyDocs.find((d) => d.name === 'P07 – interview')!.id, benId, [
    ['It was pushed on us, honestly 😤', copyCode('Push'), ''],
    ['honestly 😤', 'hope', 'Hope, oddly.'],
  ]);
  await code(copyId, p20, benId, [['We hoped the kit would stay.', 'hope', '']]);
  fileFromCopy = await exportQdpx(copyId);
});

afterAll(async () => {
  await server?.close();
});

describe('importing a .qdpx into an existing project', () => {
  let preview: ProjectImportPlanResponse;

  it('previews what it would add, match and ignore, and changes nothing', async () => {
    const before = await contents(projectId);
    const { status, body } = await send(`/api/projects/${projectId}/import?preview=1`, fileFromCopy);
    expect(status).toBe(200);
    preview = body;
    expect(preview.preview).toBe(true);
    const { added, matched, ignored } = preview.report;
    expect(names(added, 'document')).toEqual(['P20']);
    expect(names(matched, 'document')).toEqual(['P07 – interview', 'P12']);
    expect(names(added, 'code')).toEqual(['Emotion ✨ / Hope']);
    expect(names(matched, 'code')).toEqual(['Emotion ✨', 'Stages', 'Stages / Pull', 'Stages / Push']);
    // Ben's layer is new; Ana's, carried over by the copy, is already here.
    expect(added.filter((i) => i.kind === 'layer')).toEqual([{ kind: 'layer', name: 'Ben Kim', codings: 3 }]);
    expect(matched.filter((i) => i.kind === 'layer')).toEqual([{ kind: 'layer', name: 'Ana Ortiz', codings: 3, reason: 'All 3 codings are already in Ana Ortiz’s layer.' }]);
    // The copy's owner coded nothing: listed, not made a layer.
    expect(names(ignored, 'user')).toEqual(['Pat Lee']);
    expect(preview.report).toMatchObject({ documents: 1, codes: 1, layers: 1, codings: 3 });
    expect(await contents(projectId)).toEqual(before);
  });

  it('then does exactly that: one new layer, no duplicated documents or codes', async () => {
    const before = await contents(projectId);
    const { status, body } = await send(`/api/projects/${projectId}/import`, fileFromCopy);
    expect(status).toBe(201);
    expect(body).toEqual({ ...preview, preview: false });
    const after = await contents(projectId);
    expect(after.documents).toEqual([...before.documents, 'P20'].sort());
    expect(after.codes).toEqual([...before.codes, 'Emotion ✨/Hope'].sort());
    expect(after.members).toEqual([...before.members, 'Ben Kim (coder)'].sort());
    // Every coding of the original is still there; Ben's are the copy's, on the same words, codes and memos.
    const copy = await contents(copyId);
    const ben = (list: string[]) => list.filter((line) => line.includes(' | Ben Kim | '));
    expect(ben(after.codings)).toHaveLength(3);
    expect(ben(after.codings)).toEqual(ben(copy.codings));
    expect(after.codings.filter((line) => !line.includes(' | Ben Kim | '))).toEqual(before.codings);
    // Ben here is an imported coder, not the Ben who signed up (accounts are people).
    const members: { name: string; email: string }[] = (await owner.get(`/api/projects/${projectId}/members`)).body;
    expect(members.find((m) => m.name === 'Ben Kim')!.email).toMatch(/@accord\.invalid$/);
  });

  it('adds nothing when the same file comes again', async () => {
    const before = await contents(projectId);
    const { status, body } = await send(`/api/projects/${projectId}/import?preview=1`, fileFromCopy);
    expect(status).toBe(200);
    expect(body.report).toMatchObject({ added: [], documents: 0, codes: 0, layers: 0, codings: 0 });
    expect(names(body.report.matched, 'layer')).toEqual(['Ana Ortiz', 'Ben Kim']);
    expect((await send(`/api/projects/${projectId}/import`, fileFromCopy)).status).toBe(201);
    expect(await contents(projectId)).toEqual(before);
  });

  it('is for owners only; a refused file changes nothing', async () => {
    const coder = new ApiClient(server.httpUrl);
    await coder.signIn('cho@example.org', 'Cho Min-jun');
    expect((await coder.post(`/api/invites/${(await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code}/accept`)).status).toBeLessThan(300);
    expect((await send(`/api/projects/${projectId}/import?preview=1`, fileFromCopy, 'x.qdpx', coder)).status).toBe(403);
    const before = await contents(projectId);
    const refused = await send(`/api/projects/${projectId}/import`, new TextEncoder().encode('not a zip'));
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/zip/i);
    expect(await contents(projectId)).toEqual(before);
  });
});

describe('importing a codebook', () => {
  it('previews and adds only the codes the project lacks, from a .qdc or a .qdpx', async () => {
    const qdc = await fetch(`${server.httpUrl}/api/projects/${copyId}/export?format=qdc`, { headers: { cookie: owner.sessionCookie! } });
    const bytes = new Uint8Array(await qdc.arrayBuffer());
    const fresh = (await owner.post('/api/projects', { name: 'Empty' })).body.id as string;
    const preview = await send(`/api/projects/${fresh}/codebook/import?preview=1`, bytes, 'kit.qdc');
    expect(preview.status).toBe(200);
    expect(names(preview.body.report.added, 'code')).toEqual(['Emotion ✨', 'Emotion ✨ / Hope', 'Stages', 'Stages / Pull', 'Stages / Push']);
    expect(await server.server.registry.read(`project:${fresh}`, (doc: Y.Doc) => readCodes(doc).length)).toBe(0);
    const done = await send(`/api/projects/${fresh}/codebook/import`, bytes, 'kit.qdc');
    expect(done.status).toBe(201);
    expect(done.body).toEqual({ ...preview.body, preview: false });
    const imported = await server.server.registry.read(`project:${fresh}`, (doc: Y.Doc) => readCodes(doc));
    expect(imported.filter((c) => c.isStage).map((c) => [c.name, c.stageOrder])).toEqual(expect.arrayContaining([['Push', 1], ['Pull', 2]]));
    // The original has all but Hope: from the copy's whole .qdpx, only Hope is new.
    const fromProject = await send(`/api/projects/${projectId}/codebook/import?preview=1`, fileFromCopy);
    expect(fromProject.status).toBe(200);
    expect(fromProject.body.report.added).toEqual([]);
    const fromEmpty = await send(`/api/projects/${fresh}/codebook/import?preview=1`, fileFromCopy);
    expect(fromEmpty.body.report.added).toEqual([]);
    expect(names(fromEmpty.body.report.matched, 'code')).toHaveLength(5);
  });

  it('reads Taguette’s and ATLAS.ti’s codebooks: no namespace and upper-case GUIDs; a 0:4 schemaLocation never followed, braces, colours, nesting', async () => {
    const fresh = (await owner.post('/api/projects', { name: 'Vendors' })).body.id as string;
    const taguette =
      '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook origin="Taguette 1.4.1"><Codes>' +
      `<Code guid="${guid('t1').toUpperCase()}" name="interesting" isCodable="true"></Code>` +
      `<Code guid="${guid('t2').toUpperCase()}" name="interesting.quote" isCodable="true"></Code>` +
      '</Codes><Sets></Sets></CodeBook>';
    const fromTaguette = await send(`/api/projects/${fresh}/codebook/import`, new TextEncoder().encode(taguette), 'taguette.qdc');
    expect(fromTaguette.status).toBe(201);
    expect(names(fromTaguette.body.report.added, 'code')).toEqual(['interesting', 'interesting.quote']);
    expect(fromTaguette.body.report.warnings).toEqual([expect.objectContaining({ reason: expect.stringMatching(/no QDA-XML namespace/) })]);
    const atlas =
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="urn:QDA-XML:codebook:0:4 http://127.0.0.1:9/never-fetched.xsd" origin="ATLAS.ti 23.2.1">\n' +
      `<Codes><Code guid="${bracedUpper(guid('a1'))}" name="Stages" isCodable="false" color="#AABBCC"><Description>Pathway stages\n\nExclude: Complaints.</Description>` +
      `<Code guid="${bracedUpper(guid('a2'))}" name="Push" isCodable="true" color="#f00"/></Code>` +
      `<Code guid="${guid('a3')}" name="INTERESTING" isCodable="true"/></Codes>` +
      `<Sets><Set guid="${guid('s1')}" name="Stage set"><MemberCode guid="${bracedUpper(guid('a2'))}"/></Set></Sets></CodeBook>`;
    const fromAtlas = await send(`/api/projects/${fresh}/codebook/import`, new TextEncoder().encode(atlas), 'atlas.qdc');
    expect(fromAtlas.status).toBe(201);
    expect(names(fromAtlas.body.report.added, 'code')).toEqual(['Stages', 'Stages / Push']);
    // Matched by path, whatever the case; a set of codes Accord has no place for is listed.
    expect(fromAtlas.body.report.matched).toEqual([{ kind: 'code', name: 'INTERESTING', reason: 'A code with the same path is already in the codebook.' }]);
    expect(names(fromAtlas.body.report.ignored, 'set')).toEqual(['Stage set']);
    const codes = await server.server.registry.read(`project:${fresh}`, (doc: Y.Doc) => readCodes(doc));
    expect(codes.map((c) => [c.name, c.colour, c.definition, c.exclusion]).sort()).toEqual([
      ['Push', '#FF0000', '', ''],
      ['Stages', '#AABBCC', 'Pathway stages', 'Complaints.'],
      ['interesting', '#888888', '', ''],
      ['interesting.quote', '#888888', '', ''],
    ]);
  });

  it('refuses a broken codebook with a sentence, changing nothing; coders only when the project lets them edit it', async () => {
    const fresh = (await owner.post('/api/projects', { name: 'Guarded' })).body.id as string;
    const bad = await send(`/api/projects/${fresh}/codebook/import`, new TextEncoder().encode('<CodeBook><Codes><Code name="x"></Codes></CodeBook>'), 'bad.qdc');
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/line \d+/);
    const dtd = await send(`/api/projects/${fresh}/codebook/import`, new TextEncoder().encode('<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file:///etc/passwd">]><CodeBook><Codes/></CodeBook>'), 'xxe.qdc');
    expect(dtd.status).toBe(422);
    expect(JSON.stringify(dtd.body)).not.toMatch(/root:/);
    expect(await server.server.registry.read(`project:${fresh}`, (doc: Y.Doc) => readCodes(doc).length)).toBe(0);

    const coder = new ApiClient(server.httpUrl);
    await coder.signIn('dee@example.org', 'Dee');
    expect((await coder.post(`/api/invites/${(await owner.post(`/api/projects/${fresh}/invites`, { role: 'coder' })).body.code}/accept`)).status).toBeLessThan(300);
    const qdc = new TextEncoder().encode(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="${guid('c')}" name="C" isCodable="true"/></Codes></CodeBook>`);
    expect((await owner.patch(`/api/projects/${fresh}`, { codersEditCodebook: false })).status).toBe(200);
    const refused = await send(`/api/projects/${fresh}/codebook/import?preview=1`, qdc, 'c.qdc', coder);
    expect(refused.status).toBe(403);
    expect((await owner.patch(`/api/projects/${fresh}`, { codersEditCodebook: true })).status).toBe(200);
    expect((await send(`/api/projects/${fresh}/codebook/import`, qdc, 'c.qdc', coder)).status).toBe(201);
    expect(await server.server.registry.read(`project:${fresh}`, (doc: Y.Doc) => readCodes(doc).map((c) => c.name))).toEqual(['C']);
  });
});

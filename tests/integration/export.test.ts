import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentView } from '../../shared/api/index.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { CodePointIndex, readCodebook, readQdpx, walkCodes, type RefiCode, type RefiProject } from '../../shared/refi/index.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { codebookSchema, hasXmllint, interviewText, projectSchema, secondText, validateXml } from '../fixtures/refi/refi-fixtures.ts';
import { ApiClient } from '../support/api-client.ts';
import { codeFixture } from '../support/code-fixture.ts';
import { requireOrSkip } from '../support/requirements.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * REFI-QDA export (issue 12): a project built over stock y-websocket clients — three coders'
 * layers, a consensus from the pre-merge, coding, document and project memos, a code hierarchy
 * with stage codes and a domain, attributes, a document set, and transcripts with emoji and
 * combining marks — exported as `.qdpx` and `.qdc`, validated against the REFI-QDA schemas, read
 * back, and compared with what the server itself lists (`GET …/segments`).
 */
const xmllint = requireOrSkip(hasXmllint(), 'xmllint (Debian package libxml2-utils, for REFI-QDA schema validation)');

const projectName = 'Kit study — “pathways” & <stages>';
const codes: Code[] = [
  codeFixture('stages', { name: 'Stages', order: 0, colour: '#999999', definition: 'Groups the pathway stages.' }),
  codeFixture('push', { name: 'Push', parentId: 'stages', order: 0, isStage: true, stageOrder: 1, colour: '#E69F00', definition: 'Given without being asked for.', inclusion: 'Mandates.' }),
  codeFixture('pull', { name: 'Pull', parentId: 'stages', order: 1, isStage: true, stageOrder: 2, colour: '#56B4E9' }),
  codeFixture('cocreate', { name: 'Co-creation', parentId: 'stages', order: 2, isStage: true, stageOrder: 3, colour: '#009E73', exclusion: 'Consultation only.' }),
  codeFixture('emotion', { name: 'Emotion ✨', order: 1, colour: '#CC79A7' }),
  codeFixture('frustration', { name: 'Frustration', parentId: 'emotion', order: 0, colour: '#D55E00', domain: 'affect', examples: ['“honestly 😤”'] }),
];
const codePath = (id: string): string => {
  const code = codes.find((c) => c.id === id)!;
  return code.parentId === null ? code.name : `${codePath(code.parentId)}/${code.name}`;
};

type Doc = 'p07' | 'p12';
type Who = { id: string; name: string; token: string; api: ApiClient };
let server: TestServer;
const clients: SyncClient[] = [];
let owner: ApiClient;
let ownerId: string;
let ana: Who;
let ben: Who;
let cho: Who;
let outsider: ApiClient;
let projectId: string;
const docs = {} as Record<Doc, string>;
/** The transcripts as the server stored them (normalised on import). */
const stored = {} as Record<Doc, string>;

const sharedPush = 'It was pushed on us, honestly 😤';
/** [coder, document, phrase, code, memo]; a phrase of `null` is the coding that ends inside 📦. */
const plan: [() => Who, Doc, string, string, string][] = [
  [() => ana, 'p07', sharedPush, 'push', 'Clear push; note the emoji.'],
  [() => ana, 'p07', 'We pulled what we needed 👩‍👩‍👧', 'pull', ''],
  [() => ana, 'p07', 'honestly 😤', 'frustration', 'Annoyed, but polite.'],
  [() => ana, 'p12', 'ठीक है moment', 'pull', ''],
  [() => ben, 'p07', sharedPush, 'push', ''],
  [() => ben, 'p07', 'co-created the rest 🇳🇱', 'cocreate', 'Flag included.\nSecond line & <tags>.'],
  [() => ben, 'p12', 'came late. 🙂', 'frustration', ''],
  [() => cho, 'p07', sharedPush, 'push', 'Push — and x\u0301 written with a combining mark.'],
  [() => cho, 'p07', 'x\u0301 rollout', 'push', 'Combining mark inside: x + U+0301.'],
  [() => cho, 'p07', 'naïve, maybe 👍🏽', 'cocreate', ''],
  [() => cho, 'p12', 'Only that', 'pull', 'Deleted from the transcript later.'],
];

const exportUrl = (query = '') => `/api/projects/${projectId}/export${query}`;
async function download(who: ApiClient, query = '?format=qdpx'): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  const response = await fetch(`${server.httpUrl}${exportUrl(query)}`, { headers: { cookie: who.sessionCookie! } });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}
async function segmentsOf(userId: string): Promise<SegmentView[]> {
  const response = await owner.get(`/api/projects/${projectId}/segments?userId=${encodeURIComponent(userId)}&limit=500`);
  if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response.body.segments;
}
async function open(room: string, token?: string): Promise<SyncClient> {
  const client = createSyncClient(server.syncUrl, room, token === undefined ? {} : { token });
  clients.push(client);
  await waitForSynced(client);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  ownerId = await owner.signIn('pi@example.org', 'Pat Lee');
  projectId = (await owner.post('/api/projects', { name: projectName })).body.id;
  docs.p07 = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P07 – interview', text: interviewText })).body.id;
  docs.p12 = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P12', text: secondText })).body.id;
  await owner.put(`/api/projects/${projectId}/attribute-fields`, {
    fields: [
      { key: 'role', label: 'Role', type: 'category', options: ['coach', 'manager'] },
      { key: 'years', label: 'Years of experience', type: 'number' },
    ],
  });
  await owner.patch(`/api/projects/${projectId}/documents/${docs.p07}`, { attributes: { role: 'coach', years: 12.5 } });
  await owner.patch(`/api/projects/${projectId}/documents/${docs.p12}`, { attributes: { role: 'manager' } });
  expect((await owner.post(`/api/projects/${projectId}/sets`, { name: 'Wave 1', documentIds: [docs.p07, docs.p12] })).status).toBe(201);
  const join = async (email: string, name: string): Promise<Who> => {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(email, name);
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await api.post(`/api/invites/${invite}/accept`);
    return { id, name, token: (await api.post('/api/tokens', { name: 'ws' })).body.token as string, api };
  };
  ana = await join('ana@example.org', 'Ana Ortiz');
  ben = await join('ben@example.org', 'Ben Kim');
  cho = await join('cho@example.org', 'Cho Min-jun');
  outsider = new ApiClient(server.httpUrl);
  await outsider.signIn('eve@example.org', 'Eve');

  const codebook = await open(`project:${projectId}`, ana.token);
  codebook.doc.transact(() => codes.forEach((c) => addCode(codebook.doc, c)));
  for (const who of [ana, ben, cho]) {
    for (const key of ['p07', 'p12'] as const) {
      const text = await open(`text:${projectId}:${docs[key]}`, who.token);
      stored[key] = transcriptText(text.doc).toString();
      const layer = await open(`layer:${projectId}:${docs[key]}:${who.id}`, who.token);
      plan.forEach(([coder, document, phrase, codeId, memo], i) => {
        if (coder() !== who || document !== key) return;
        const start = stored[key].indexOf(phrase);
        if (start < 0) throw new Error(`"${phrase}" is not in ${key}`);
        addCoding(layer.doc, { id: `k${i}`, codeId, anchor: createSpanAnchor(transcriptText(text.doc), start, start + phrase.length), memo, at: Date.UTC(2024, 4, 1 + i, 9) });
      });
      if (who === ben && key === 'p07') {
        // Ends between the two halves of 📦: a position no code point can name.
        const box = stored.p07.indexOf('📦');
        addCoding(layer.doc, { id: 'split', codeId: 'frustration', anchor: createSpanAnchor(transcriptText(text.doc), stored.p07.indexOf('the kit'), box + 1), at: Date.UTC(2024, 4, 20) });
      }
      if (who === ana && key === 'p12') {
        // A code the codebook does not have (deleted since, or written by a faulty client).
        const at = stored.p12.indexOf('Anything else');
        addCoding(layer.doc, { id: 'ghost', codeId: 'ghost', anchor: createSpanAnchor(transcriptText(text.doc), at, at + 13), at: Date.UTC(2024, 4, 21) });
      }
    }
  }
  await waitFor(async () => (await owner.get(`/api/projects/${projectId}/segments?limit=500`)).body.total === plan.length + 2, 5000, 'every coding to be stored');
  // Ana, Ben and Cho agree on the first passage: the pre-merge writes it into the consensus.
  expect((await owner.post(`/api/projects/${projectId}/documents/${docs.p07}/premerge`, {})).status).toBe(200);
  await waitFor(async () => (await segmentsOf('consensus')).length === 1, 5000, 'the consensus coding');
  // An owner corrects P12: Cho's coding loses its text (orphaned).
  const p12Text = await open(`text:${projectId}:${docs.p12}`);
  const cut = stored.p12.indexOf('Only that ');
  transcriptText(p12Text.doc).delete(cut, 'Only that '.length);
  stored.p12 = transcriptText(p12Text.doc).toString();
  await waitFor(async () => (await segmentsOf(cho.id)).length === 3, 5000, 'the corrected transcript');

  const memo = async (who: ApiClient, body: Record<string, unknown>) => expect((await who.post(`/api/projects/${projectId}/memos`, body)).status).toBe(201);
  await memo(ana.api, { documentId: docs.p07, title: 'P07 and the kit', text: 'P07 contradicts themselves about the kit 😅\nFollow up.' });
  await memo(owner, { title: 'Stage order', text: 'Stage codes follow push → pull → co-creation.' });
}, 30_000);
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

/** document | passage | code path | coder | memo, one line per coding. */
function exportedCodings(project: RefiProject): string[] {
  const paths = new Map<string, string>();
  const walk = (list: readonly RefiCode[], prefix: string) => {
    for (const code of list) {
      paths.set(code.guid, `${prefix}${code.name}`);
      walk(code.children, `${prefix}${code.name}/`);
    }
  };
  walk(project.codes, '');
  const coderOf = new Map(project.users.map((u) => [u.guid, u.id]));
  const lines: string[] = [];
  for (const source of project.sources) {
    const index = new CodePointIndex(source.text);
    for (const selection of source.selections) {
      const range = index.rangeToUtf16(selection.start, selection.end);
      if (!range.ok) throw new Error('a selection outside its text');
      expect(selection.codings).toHaveLength(1);
      const coding = selection.codings[0]!;
      expect(coding.creatingUser).toBe(selection.creatingUser);
      lines.push([source.name, source.text.slice(range.start, range.end), paths.get(coding.codeGuid), coderOf.get(coding.creatingUser!), selection.description ?? ''].join(' | '));
    }
  }
  return lines.sort();
}

describe('GET /api/projects/:id/export?format=qdpx', () => {
  let bytes: Uint8Array;
  let headers: Headers;
  let read: ReturnType<typeof readQdpx>;

  beforeAll(async () => {
    const response = await download(owner);
    expect(response.status).toBe(200);
    bytes = response.bytes;
    headers = response.headers;
    read = readQdpx(bytes, { fileName: 'export.qdpx' });
  });

  it('answers a zip named after the project, counting the codings it left out', () => {
    expect(headers.get('content-type')).toBe('application/zip');
    expect(headers.get('content-disposition')).toBe(`attachment; filename="kit-study-pathways-stages.qdpx"; filename*=UTF-8''kit-study-pathways-stages.qdpx`);
    expect(headers.get('x-accord-skipped')).toBe('3');
    expect(headers.get('cache-control')).toBe('private, no-store');
    expect(strFromU8(bytes.subarray(0, 2))).toBe('PK');
    const entries = Object.keys(unzipSync(bytes)).sort();
    expect(entries[0]).toBe('project.qde');
    // Two transcripts and two memos, each a text file of the lower-case sources folder.
    expect(entries.slice(1)).toHaveLength(4);
    expect(entries.slice(1).every((name) => /^sources\/[0-9a-f-]{36}\.txt$/.test(name))).toBe(true);
  });

  it.runIf(xmllint)('writes a project.qde that validates against the REFI-QDA Project schema', () => {
    const xml = strFromU8(unzipSync(bytes)['project.qde']!);
    expect(xml.charCodeAt(0)).not.toBe(0xfeff);
    const result = validateXml(xml, projectSchema);
    expect(result.output).toContain('- validates');
    expect(result.valid).toBe(true);
  });

  it('holds every coding the server lists, with its document, passage, code path, coder and memo — except the one inside an emoji and the one of an unknown code', async () => {
    expect(read.skipped).toEqual([]);
    expect(read.warnings).toEqual([]);
    const expected: string[] = [];
    for (const userId of [ownerId, ana.id, ben.id, cho.id, 'consensus']) {
      for (const segment of await segmentsOf(userId)) {
        if (segment.codingId === 'split' || segment.codingId === 'ghost') continue;
        expected.push([segment.documentName, segment.text, codePath(segment.codeId), userId, segment.memo].join(' | '));
      }
    }
    expect(expected).toHaveLength(plan.length - 1 + 1); // the orphaned one is gone from the server's list too; the consensus joins
    expect(exportedCodings(read.project)).toEqual(expected.sort());
    // Positions are code points: the passage after three emoji starts three earlier than in UTF-16.
    const p07 = read.project.sources.find((s) => s.name === 'P07 – interview')!;
    const naive = p07.selections.find((s) => p07.text.slice(...rangeOf(p07.text, s)).startsWith('naïve'))!;
    expect(stored.p07.indexOf('naïve') - naive.start).toBe([...stored.p07.slice(0, stored.p07.indexOf('naïve'))].filter((ch) => ch.length === 2).length);
    expect(p07.text).toBe(stored.p07);
    expect(read.project.sources.find((s) => s.name === 'P12')!.text).toBe(stored.p12);
  });

  it('names each member and the consensus as users, and says which codings it left out and why', () => {
    expect(read.project.users.map((u) => [u.id, u.name])).toEqual([
      [ownerId, 'Pat Lee'],
      [ana.id, 'Ana Ortiz'],
      [ben.id, 'Ben Kim'],
      [cho.id, 'Cho Min-jun'],
      ['consensus', 'Consensus'],
    ]);
    expect(read.project.name).toBe(projectName);
    expect(read.project.origin).toMatch(/^Accord \d+\.\d+\.\d+/);
    const description = read.project.description!.split('\n');
    expect(description[0]).toBe('Accord left 3 codings out of this file:');
    expect(description.slice(1).sort()).toEqual([
      expect.stringMatching(/^- P07 – interview, Ben Kim, “Frustration” \(characters \d+–\d+\): it starts or ends inside a character written with two UTF-16 units/),
      '- P12, Ana Ortiz, “ghost” (characters 13–26): its code is no longer in the codebook.',
      '- P12, Cho Min-jun, “Pull”: its text was deleted from the transcript, so it has no passage.',
    ]);
  });

  it('keeps the code hierarchy with colours, definitions and criteria, and the stage set, domain and document set', () => {
    const names = (list: readonly RefiCode[]): unknown => list.map((c) => (c.children.length ? { [c.name]: names(c.children) } : c.name));
    expect(names(read.project.codes)).toEqual([{ Stages: ['Push', 'Pull', 'Co-creation'] }, { 'Emotion ✨': ['Frustration'] }]);
    const byName = new Map([...walkCodes(read.project.codes)].map((c) => [c.name, c]));
    expect(byName.get('Push')).toMatchObject({ color: '#E69F00', description: 'Given without being asked for.\n\nInclude: Mandates.', isCodable: true });
    expect(byName.get('Co-creation')!.description).toBe('Exclude: Consultation only.');
    expect(byName.get('Frustration')!.description).toBe('Example: “honestly 😤”');
    const guid = (name: string) => byName.get(name)!.guid;
    expect(read.project.sets.map((s) => [s.name, s.codeGuids, s.sourceGuids.length])).toEqual([
      ['Stages', [guid('Push'), guid('Pull'), guid('Co-creation')], 0],
      ['Domain: affect', [guid('Frustration')], 0],
      ['Wave 1', [], 2],
    ]);
    expect(read.project.sets[0]!.description).toBe('Accord stage set, in order: Push → Pull → Co-creation');
  });

  it('writes memos as notes of their document and of the project, and attributes as variables of one case per document', () => {
    const notes = new Map(read.project.notes.map((n) => [n.guid, n]));
    const p07 = read.project.sources.find((s) => s.name === 'P07 – interview')!;
    expect(p07.noteGuids.map((g) => [notes.get(g)!.name, notes.get(g)!.text])).toEqual([['P07 and the kit', 'P07 contradicts themselves about the kit 😅\nFollow up.']]);
    expect(read.project.noteGuids.map((g) => notes.get(g)!.text)).toEqual(['Stage codes follow push → pull → co-creation.']);
    const author = read.project.users.find((u) => u.guid === notes.get(p07.noteGuids[0]!)!.creatingUser);
    expect(author?.id).toBe(ana.id);
    expect(read.project.variables.map((v) => [v.name, v.type, v.description])).toEqual([
      ['Role', 'Text', 'Category: coach, manager'],
      ['Years of experience', 'Float', null],
    ]);
    const [role, years] = read.project.variables;
    const cases = read.project.cases.map((k) => [k.name, Object.fromEntries(k.values.map((v) => [v.variableGuid === role!.guid ? 'role' : v.variableGuid === years!.guid ? 'years' : '?', v.value])), k.sourceGuids.length]);
    expect(cases).toEqual([
      ['P07 – interview', { role: 'coach', years: 12.5 }, 1],
      ['P12', { role: 'manager' }, 1],
    ]);
  });

  it('gives the same bytes when nothing changed', async () => {
    const again = await download(owner);
    expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
  });
});

function rangeOf(text: string, selection: { start: number; end: number }): [number, number] {
  const range = new CodePointIndex(text).rangeToUtf16(selection.start, selection.end);
  if (!range.ok) throw new Error('out of range');
  return [range.start, range.end];
}

describe('GET /api/projects/:id/export?format=qdc', () => {
  it('answers the codebook, which validates against the REFI-QDA Codebook schema and reads back whole', async () => {
    const response = await download(owner, '?format=qdc');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('filename="kit-study-pathways-stages.qdc"');
    const xml = strFromU8(response.bytes);
    if (xmllint) expect(validateXml(xml, codebookSchema)).toMatchObject({ valid: true });
    const { codebook, skipped } = readCodebook(response.bytes, { fileName: 'export.qdc' });
    expect(skipped).toEqual([]);
    expect([...walkCodes(codebook.codes)].map((c) => c.name)).toEqual(['Stages', 'Push', 'Pull', 'Co-creation', 'Emotion ✨', 'Frustration']);
    expect(codebook.sets.map((s) => s.name)).toEqual(['Stages', 'Domain: affect']);
  });
});

describe('who may export', () => {
  it('refuses coders (403): the file holds every coder’s layer', async () => {
    for (const format of ['qdpx', 'qdc']) {
      const response = await ana.api.get(exportUrl(`?format=${format}`));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
    expect((await ApiClient.admin(server.httpUrl).get(exportUrl())).status).toBe(200);
  });

  it('hides the project from non-members (404) and needs a sign-in (401)', async () => {
    expect((await outsider.get(exportUrl())).status).toBe(404);
    expect((await new ApiClient(server.httpUrl).get(exportUrl())).status).toBe(401);
  });

  it('names what is wrong with the query (422)', async () => {
    expect((await owner.get(exportUrl('?format=pdf'))).body.error).toMatchObject({ code: 'validation', field: 'format' });
    expect((await owner.get(exportUrl('?format=qdpx&format=qdc'))).body.error).toMatchObject({ code: 'validation', field: 'format' });
    expect((await owner.get(exportUrl('?fromat=qdpx'))).body.error).toMatchObject({ code: 'validation', field: 'fromat' });
  });

  it('refuses a codebook export while the codebook is empty (409)', async () => {
    const empty = (await owner.post('/api/projects', { name: 'Empty' })).body.id;
    expect((await owner.get(`/api/projects/${empty}/export?format=qdc`)).status).toBe(409);
    const project = await download(owner, '');
    expect(project.status).toBe(200);
    const bare = await fetch(`${server.httpUrl}/api/projects/${empty}/export`, { headers: { cookie: owner.sessionCookie! } });
    expect(bare.status).toBe(200);
    const { project: read } = readQdpx(new Uint8Array(await bare.arrayBuffer()));
    expect([read.name, read.sources.length, read.codes.length, read.users.map((u) => u.id)]).toEqual(['Empty', 0, 0, [ownerId, 'consensus']]);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding, codingsMap, updateCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { codeFixture } from '../support/code-fixture.ts';

const texts = {
  p1: 'Interviewer: How did the project start?\nParticipant: We asked them for help, and then we built the plan together with the county.\nInterviewer: What got in the way?\nParticipant: The cost of training was high, and staff had no time for it.\n',
  p2: 'Interviewer: How did the project start?\nParticipant: The district sent us a toolkit and told us to use it.\nInterviewer: What got in the way?\nParticipant: Money, mostly. Nobody paid for the hours we spent.\n',
};

const code = (id: string, name: string, order: number, extra: Partial<Code> = {}): Code => codeFixture(id, { name, order, ...extra });
const codes: Code[] = [
  code('support', 'Support', 0, { definition: 'Help from outside the team.', colour: '#009E73' }),
  code('barriers', 'Barriers', 1, { definition: 'Anything that slowed implementation.', exclusion: 'Complaints without an effect on the work.', colour: '#D55E00' }),
  code('cost', 'Cost', 0, { parentId: 'barriers', definition: 'Money, or the lack of it.', colour: '#E69F00' }),
  code('time', 'Time', 1, { parentId: 'barriers', colour: '#CC79A7' }),
  code('push', 'Push', 2),
];

type Who = { id: string; token: string; api: ApiClient };
let server: TestServer;
const clients: SyncClient[] = [];
let owner: ApiClient;
let projectId: string;
const docs = {} as Record<'p1' | 'p2', string>;
let ana: Who;
let ben: Who;
let viewer: Who;
let outsider: ApiClient;
/** Ana's layer of P1, kept open to change a memo later. */
let anaP1: SyncClient;

const day = (d: number, hour = 10) => Date.UTC(2024, 4, d, hour);
/** Who codes what: [coder, document, phrase, code, memo, day of May 2024]. */
const plan: [() => Who, 'p1' | 'p2', string, string, string, number][] = [
  [() => ana, 'p1', 'We asked them for help', 'support', 'Asked the county: the café meeting', 1],
  [() => ana, 'p1', 'we built the plan together', 'support', '', 2],
  [() => ana, 'p1', 'The cost of training was high', 'cost', '=HYPERLINK("http://example.org")', 3],
  [() => ana, 'p2', 'Nobody paid for the hours we spent', 'cost', '', 3],
  [() => ben, 'p1', 'we built the plan together', 'support', '', 2],
  [() => ben, 'p1', 'staff had no time for it', 'time', 'Time pressure, again', 4],
  [() => ben, 'p2', 'The district sent us a toolkit', 'push', '', 5],
  [() => ben, 'p2', 'Money, mostly', 'cost', '', 5],
];

const url = (query = '') => `/api/projects/${projectId}/segments${query}`;
const get = async (who: ApiClient, query = '') => {
  const response = await who.get(url(query));
  if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { segments: any[]; total: number; documentCount: number };
};
const texts$ = (body: { segments: any[] }) => body.segments.map((s) => s.text);

beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'Pat Lee');
  projectId = (await owner.post('/api/projects', { name: 'Implementation study' })).body.id;
  docs.p1 = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P1 nurse', text: texts.p1 })).body.id;
  docs.p2 = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P2 teacher', text: texts.p2 })).body.id;
  await owner.request('PUT', `/api/projects/${projectId}/attribute-fields`, {
    fields: [
      { key: 'sector', label: 'Sector', type: 'category', options: ['Health', 'Education'] },
      { key: 'years', label: 'Years in post', type: 'number' },
    ],
  });
  await owner.patch(`/api/projects/${projectId}/documents/${docs.p1}`, { attributes: { sector: 'Health', years: 12 } });
  await owner.patch(`/api/projects/${projectId}/documents/${docs.p2}`, { attributes: { sector: 'Education', years: 3 } });
  const join = async (email: string, name: string, role: 'coder' | 'viewer'): Promise<Who> => {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(email, name);
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role })).body.code;
    await api.post(`/api/invites/${invite}/accept`);
    return { id, token: (await api.post('/api/tokens', { name: 'ws' })).body.token as string, api };
  };
  ana = await join('ana@example.org', 'Ana Ortiz', 'coder');
  ben = await join('ben@example.org', 'Ben Kim', 'coder');
  viewer = await join('vic@example.org', 'Vic Viewer', 'viewer');
  outsider = new ApiClient(server.httpUrl);
  await outsider.signIn('eve@example.org', 'Eve');

  const open = async (room: string, token: string) => {
    const client = createSyncClient(server.syncUrl, room, { token });
    clients.push(client);
    await waitForSynced(client);
    return client;
  };
  const codebook = await open(`project:${projectId}`, ana.token);
  codebook.doc.transact(() => codes.forEach((c) => addCode(codebook.doc, c)));
  for (const who of [ana, ben]) {
    for (const key of ['p1', 'p2'] as const) {
      const text = await open(`text:${projectId}:${docs[key]}`, who.token);
      const layer = await open(`layer:${projectId}:${docs[key]}:${who.id}`, who.token);
      if (who === ana && key === 'p1') anaP1 = layer;
      plan.forEach(([coder, document, phrase, codeId, memo, d], i) => {
        if (coder() !== who || document !== key) return;
        const start = texts[key].indexOf(phrase);
        addCoding(layer.doc, { id: `k${i}`, codeId, anchor: createSpanAnchor(transcriptText(text.doc), start, start + phrase.length), memo, at: day(d) });
      });
    }
  }
  await waitFor(async () => (await owner.get(url())).body.total === plan.length, 5000, 'every coding to be stored');
  // Where Ana and Ben agree, pre-merging writes the consensus.
  expect((await owner.post(`/api/projects/${projectId}/documents/${docs.p1}/premerge`, {})).status).toBe(200);
  await waitFor(async () => (await owner.get(url('?userId=consensus'))).body.total === 1, 5000, 'the consensus coding');
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('GET /api/projects/:id/segments', () => {
  it('lists every coding with its text, context, coder, code and memo, in document order', async () => {
    const body = await get(owner);
    expect(body.total).toBe(plan.length + 1);
    expect(body.documentCount).toBe(2);
    expect(body.segments.map((s) => [s.documentName, s.text])).toEqual([
      ['P1 nurse', 'We asked them for help'],
      ['P1 nurse', 'we built the plan together'],
      ['P1 nurse', 'we built the plan together'],
      ['P1 nurse', 'we built the plan together'],
      ['P1 nurse', 'The cost of training was high'],
      ['P1 nurse', 'staff had no time for it'],
      ['P2 teacher', 'The district sent us a toolkit'],
      ['P2 teacher', 'Money, mostly'],
      ['P2 teacher', 'Nobody paid for the hours we spent'],
    ]);
    // Ana, Ben, then the consensus: the coders' order within one passage.
    expect(body.segments.slice(1, 4).map((s) => s.userId)).toEqual([ana.id, ben.id, 'consensus']);
    const first = body.segments[0];
    expect(first).toMatchObject({ documentId: docs.p1, userId: ana.id, codeId: 'support', memo: 'Asked the county: the café meeting', createdAt: '2024-05-01T10:00:00.000Z', elided: false });
    expect(texts.p1.slice(first.start, first.end)).toBe('We asked them for help');
    expect(first.before).toBe('Interviewer: How did the project start?\nParticipant: ');
    expect(first.after.startsWith(', and then we built')).toBe(true);
    expect(first.codingId).toBe('k0');
  });

  it('filters by code with or without sub-codes, coder, document, attributes, memo text and date', async () => {
    expect(texts$(await get(owner, '?codeId=barriers'))).toEqual([]);
    expect(texts$(await get(owner, '?codeId=barriers&includeSubcodes=true'))).toEqual(['The cost of training was high', 'staff had no time for it', 'Money, mostly', 'Nobody paid for the hours we spent']);
    expect(texts$(await get(owner, '?codeId=push&codeId=time'))).toEqual(['staff had no time for it', 'The district sent us a toolkit']);
    expect((await get(owner, `?userId=${ben.id}`)).total).toBe(4);
    expect((await get(owner, `?userId=${ben.id}&userId=consensus`)).total).toBe(5);
    expect((await get(owner, `?documentId=${docs.p2}`)).total).toBe(3);
    expect(texts$(await get(owner, '?attr.sector=education&codeId=cost'))).toEqual(['Money, mostly', 'Nobody paid for the hours we spent']);
    expect((await get(owner, '?attr.years=12')).documentCount).toBe(1);
    expect(texts$(await get(owner, '?q=CAFE'))).toEqual(['We asked them for help']);
    // The consensus coding was made today, by the pre-merge.
    expect(texts$(await get(owner, '?from=2024-05-04&to=2024-05-31'))).toEqual(['staff had no time for it', 'The district sent us a toolkit', 'Money, mostly']);
    expect(texts$(await get(owner, '?from=2024-05-03&to=2024-05-03'))).toEqual(['The cost of training was high', 'Nobody paid for the hours we spent']);
  });

  it('keeps the segments that co-occur with another code, by overlap or within a transcript unit', async () => {
    expect(texts$(await get(owner, '?codeId=cost&cooccursWith=time'))).toEqual([]);
    expect(texts$(await get(owner, '?codeId=cost&cooccursWith=time&cooccurrence=unit'))).toEqual(['The cost of training was high']);
    // Another coder's coding of the same code counts; a coding never counts with itself.
    const agreed = await get(owner, `?codeId=support&userId=${ana.id}&cooccursWith=support`);
    expect(texts$(agreed)).toEqual(['we built the plan together']);
  });

  it('pages with limit and offset, counting the whole selection', async () => {
    const page = await get(owner, '?limit=2&offset=2');
    expect(page.total).toBe(plan.length + 1);
    expect(page.segments.map((s) => s.text)).toEqual(['we built the plan together', 'we built the plan together']);
    expect((await get(owner, '?offset=50')).segments).toEqual([]);
  });

  it('follows the layers as they change: a new memo is found at once', async () => {
    expect((await get(owner, '?q=workshop')).total).toBe(0);
    updateCoding(anaP1.doc, 'k1', { memo: 'Planned in a joint workshop' }, Date.now());
    await waitFor(async () => (await get(owner, '?q=workshop')).total === 1, 5000, 'the new memo');
    expect(codingsMap(anaP1.doc).get('k1')?.memo).toBe('Planned in a joint workshop');
  });

  it('names what is wrong with a query (422), hides the project from non-members (404) and needs a sign-in (401)', async () => {
    const error = async (query: string) => (await owner.get(url(query))).body.error;
    expect(await error('?codeId=nope')).toMatchObject({ code: 'validation', field: 'codeId' });
    expect(await error('?cooccursWith=nope')).toMatchObject({ code: 'validation', field: 'cooccursWith' });
    expect(await error('?documentId=nope')).toMatchObject({ code: 'validation', field: 'documentId' });
    expect(await error('?userId=nope')).toMatchObject({ code: 'validation', field: 'userId' });
    expect(await error('?attr.height=2')).toMatchObject({ code: 'validation', field: 'attr.height' });
    expect(await error('?limit=501')).toMatchObject({ code: 'validation', field: 'limit' });
    expect(await error('?format=pdf')).toMatchObject({ code: 'validation', field: 'format' });
    expect(await error('?codeid=cost')).toMatchObject({ code: 'validation', field: 'codeid' });
    expect((await owner.get(url('?limit=500'))).status).toBe(200);
    expect((await outsider.get(url())).status).toBe(404);
    expect((await new ApiClient(server.httpUrl).get(url())).status).toBe(401);
  });
});

describe('exports of the selection', () => {
  const download = async (query: string) => {
    const response = await fetch(`${server.httpUrl}${url(query)}`, { headers: { cookie: owner.sessionCookie! } });
    expect(response.status).toBe(200);
    return response;
  };

  it('CSV: says what filters produced it, then the columns, one row per segment, formulas defused', async () => {
    const response = await download(`?codeId=barriers&includeSubcodes=true&format=csv&limit=1`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="segments-implementation-study-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe('# Accord coded segments — Implementation study');
    expect(lines).toContain('# Codes: Barriers (with sub-codes)');
    expect(lines).toContain('# 4 segments in 2 documents');
    const header = lines.find((line) => !line.startsWith('#'))!;
    expect(header).toBe('document,Sector,Years in post,coder,code,code path,start,end,text,context before,context after,memo,coded at,link,document id,coder id,code id,coding id');
    const rows = lines.slice(lines.indexOf(header) + 1).filter(Boolean);
    // limit and offset page the JSON only: an export holds the whole selection.
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^P1 nurse,Health,12,Ana Ortiz,Cost,Barriers › Cost,\d+,\d+,The cost of training was high,/);
    expect(rows[0]).toContain(`,"'=HYPERLINK(""http://example.org"")",2024-05-03T10:00:00.000Z,http://`);
    expect(rows[0]).toContain(`/projects/${projectId}/documents/${docs.p1}?at=`);
    const plain = await (await download('?format=csv&provenance=false')).text();
    expect(plain.startsWith('document,')).toBe(true);
  });

  it('XLSX: opens with exceljs, with the rows on "Segments" and the filters on "About"', async () => {
    const response = await download(`?userId=${ben.id}&format=xlsx`);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Segments')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1).slice(0, 6)).toEqual(['document', 'Sector', 'Years in post', 'coder', 'code', 'code path']);
    expect(sheet.actualRowCount).toBe(5);
    expect(values(2).slice(0, 9)).toEqual(['P1 nurse', 'Health', 12, 'Ben Kim', 'Support', 'Support', texts.p1.indexOf('we built'), texts.p1.indexOf('we built') + 26, 'we built the plan together']);
    expect(values(5)[8]).toBe('Money, mostly');
    const link = sheet.getRow(2).getCell(14).value as { hyperlink: string };
    expect(link.hyperlink).toContain(`/documents/${docs.p1}?at=`);
    const about = workbook.getWorksheet('About')!;
    const lines = about.getColumn(1).values.slice(1);
    expect(lines).toContain('Coders: Ben Kim');
    expect(lines).toContain('4 segments in 2 documents');
  });

  it('HTML: a printable codebook with quotes, codes in codebook order with their definitions', async () => {
    const response = await download('?codeId=barriers&codeId=support&includeSubcodes=true&format=html');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await response.text();
    const at = (needle: string) => {
      const i = html.indexOf(needle);
      expect(i, needle).toBeGreaterThan(0);
      return i;
    };
    // Support, then Barriers and its sub-codes Cost and Time: the codebook's order.
    expect(at('>Support <span class="count">4 quotes')).toBeLessThan(at('>Barriers <span class="count">0 quotes'));
    expect(at('>Barriers <span')).toBeLessThan(at('>Cost <span class="count">3 quotes'));
    expect(at('>Cost <span')).toBeLessThan(at('>Time <span class="count">1 quote<'));
    at('<dd>Anything that slowed implementation.</dd>');
    at('<dt>Exclude</dt><dd>Complaints without an effect on the work.</dd>');
    at('No quotes in this selection.');
    at('<mark>The cost of training was high</mark>');
    at('P1 nurse · Ana Ortiz, coded 2024-05-03');
    at('Memo: Asked the county: the café meeting');
    at('Codes: Barriers, Support (with sub-codes)');
    expect(html).not.toContain('<script');
  });
});

describe('visibility', () => {
  it('in a blind project, a coder gets only their own segments and a viewer none; owners all', async () => {
    await owner.patch(`/api/projects/${projectId}`, { codingMode: 'blind' });
    try {
      const mine = await get(ana.api);
      expect(mine.total).toBe(4);
      expect(new Set(mine.segments.map((s) => s.userId))).toEqual(new Set([ana.id]));
      expect((await get(viewer.api)).total).toBe(0);
      expect((await get(owner)).total).toBe(plan.length + 1);
    } finally {
      await owner.patch(`/api/projects/${projectId}`, { codingMode: 'open' });
    }
    expect((await get(viewer.api)).total).toBe(plan.length + 1);
  });

  it('in a blind round, a coder gets only their own segments — in every format — and a viewer none', async () => {
    const round = await owner.post(`/api/projects/${projectId}/rounds`, { name: 'Wave 1', documentIds: [docs.p1, docs.p2] });
    expect(round.status).toBe(201);
    expect((await owner.post(`/api/projects/${projectId}/rounds/${round.body.id}/phase`, { phase: 'blind' })).body.phase).toBe('blind');
    const mine = await get(ben.api);
    expect(mine.segments.map((s) => [s.userId, s.text])).toEqual([
      [ben.id, 'we built the plan together'],
      [ben.id, 'staff had no time for it'],
      [ben.id, 'The district sent us a toolkit'],
      [ben.id, 'Money, mostly'],
    ]);
    // Filtering on someone else, or on the consensus, selects nothing; nor does co-occurrence see their codings.
    expect((await get(ben.api, `?userId=${ana.id}`)).total).toBe(0);
    expect((await get(ben.api, '?userId=consensus')).total).toBe(0);
    expect((await get(ben.api, '?codeId=time&cooccursWith=cost&cooccurrence=unit')).total).toBe(0);
    const csv = await (await fetch(`${server.httpUrl}${url('?format=csv')}`, { headers: { authorization: `Bearer ${ben.token}` } })).text();
    // Transcripts are everyone's to read (their words appear as context); Ana's codings are not.
    expect(csv).not.toContain('Ana Ortiz');
    expect(csv).not.toContain(ana.id);
    expect(csv).not.toContain('café meeting');
    expect(csv).toContain('# 4 segments in 2 documents');
    expect((await get(viewer.api)).total).toBe(0);
    expect((await get(owner)).total).toBe(plan.length + 1);
  });
});

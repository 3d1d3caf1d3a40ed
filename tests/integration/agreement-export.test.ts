import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// Needs `app.route('/api', agreementExportRoutes(deps))` in server/app.ts.
const text = 'Interviewer: How did support start?\nP01: They pushed a toolkit on us. Later we asked them for help, and then we built the plan together.';

type Coder = { id: string; token: string };
let server: TestServer;
const clients: SyncClient[] = [];
const ctx = {} as { owner: ApiClient; projectId: string; documentId: string; coders: [Coder, Coder] };

function open(room: string, token: string) {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  return client;
}

/** A coder codes the first occurrence of `phrase` in their own layer, as the coding view does. */
async function code(coder: Coder, phrase: string, codeId: string) {
  const transcript = open(`text:${ctx.projectId}:${ctx.documentId}`, coder.token);
  const layer = open(`layer:${ctx.projectId}:${ctx.documentId}:${coder.id}`, coder.token);
  await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
  const start = text.indexOf(phrase);
  addCoding(layer.doc, { id: `${coder.id}-${codeId}-${start}`, codeId, anchor: createSpanAnchor(transcriptText(transcript.doc), start, start + phrase.length), at: Date.now() });
}

/** RFC 4180, enough for the export: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(csv: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i] as string;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && csv[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

/** A CSV value as the report has it: a number, or null when undefined (empty cell, reason beside it). */
const csvValue = (row: Record<string, string>) => (row.value === '' ? (expect(row['undefined reason']).not.toBe(''), null) : Number(row.value));
const resultOf = (body: any, codeId: string, measure: string) => body.report.perCode.find((c: any) => c.codeId === codeId).results.find((r: any) => r.measure === measure);

beforeAll(async () => {
  server = await startTestServer();
  const owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  const projectId = (await owner.post('/api/projects', { name: 'Export, "wave 2"' })).body.id;
  const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P01 <interview>', text })).body.id;
  const coders: Coder[] = [];
  for (const [email, name] of [
    ['ana@example.org', 'Ana, PI'],
    ['ben@example.org', '<b>Ben</b>'],
  ] as const) {
    const session = new ApiClient(server.httpUrl);
    const id = await session.signIn(email, name);
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await session.post(`/api/invites/${invite}/accept`);
    coders.push({ id, token: (await session.post('/api/tokens', { name: 'ws' })).body.token });
  }
  Object.assign(ctx, { owner, projectId, documentId, coders });
  const codebook = open(`project:${projectId}`, (await owner.post('/api/tokens', { name: 'ws' })).body.token);
  await waitForSynced(codebook);
  for (const [id, order] of [['push', 1], ['pull', 2], ['cocreation', 3]] as const) {
    addCode(codebook.doc, { id, name: id === 'push' ? 'Push, top-down' : id, shortName: id.slice(0, 3), colour: '#E69F00', parentId: null, order, definition: '', inclusion: '', exclusion: '', examples: [], isStage: true, stageOrder: order, domain: 'Support', createdAt: '', createdBy: 'pi' });
  }
  const [ana, ben] = coders as [Coder, Coder];
  await code(ana, 'They pushed a toolkit on us.', 'push');
  await code(ben, 'pushed a toolkit on us.', 'push');
  await code(ana, 'we asked them for help', 'pull');
  await code(ben, 'we built the plan together', 'pull');
  await waitFor(async () => {
    const body = (await owner.get(`/api/projects/${projectId}/agreement`)).body;
    return body.report?.coderIds.length === 2 && body.report.perCode.length === 3 && resultOf(body, 'pull', 'per_code_binary_u_alpha') !== undefined;
  }, 5000, 'both coders in the live report');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('agreement exports', () => {
  it('the CSV states the live endpoint’s values for the same query, with names and a download name', async () => {
    for (const query of ['unit=character', 'unit=unit&excludeUncoded=true', 'unit=segment&threshold=50']) {
      const live = (await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement?${query}`)).body;
      const response = await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement/export.csv?${query}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="agreement-export-wave-2-\d{4}-\d\d-\d\d\.csv"/);
      const rows = parseCsv(response.body as string);
      const measure = query.startsWith('unit=character') ? 'per_code_binary_u_alpha' : 'krippendorff_alpha';
      const row = rows.find((r) => r.section === 'code' && r.code === 'Push, top-down' && r.measure === measure)!;
      if (query === 'unit=character') expect(row.value).not.toBe(''); // a number, compared exactly
      expect(csvValue(row)).toBe(resultOf(live, 'push', measure).value);
      const overall = rows.find((r) => r.section === 'overall' && r.measure === 'krippendorff_alpha')!;
      expect(csvValue(overall)).toBe(live.report.overall.find((r: any) => r.measure === 'krippendorff_alpha').value);
      expect(rows.find((r) => r.section === 'coder-pair')!['coder pair']).toBe('Ana, PI × <b>Ben</b>');
      expect(rows.some((r) => r.section === 'code-document' && r.document === 'P01 <interview>')).toBe(true);
    }
  });

  it('the CSV carries the bootstrap interval the live endpoint computed', async () => {
    const query = 'unit=unit&bootstrap=500&seed=4';
    const live = (await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement?${query}`)).body;
    const rows = parseCsv((await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement/export.csv?${query}`)).body as string);
    const overall = rows.find((r) => r.section === 'overall' && r.measure === 'krippendorff_alpha')!;
    const interval = live.bootstrap.find((b: any) => b.codeId === null);
    expect(Number(overall['ci lower'])).toBe(interval.lower);
    expect(Number(overall['ci upper'])).toBe(interval.upper);
  });

  it('the HTML report names coders and documents from the directory, the version, and escapes them', async () => {
    const response = await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement/export.html?unit=unit`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="agreement-export-wave-2-.*\.html"/);
    const html = response.body as string;
    expect(html).toContain(`Accord ${packageJson.version}`);
    expect(html).toContain('Ana, PI and &#60;b&#62;Ben&#60;/b&#62;');
    expect(html).toContain('P01 &#60;interview&#62;');
    expect(html).toContain('Unit of analysis: Transcript units');
    expect(html).not.toContain('<b>Ben');
    expect(html).not.toMatch(/<script/i);
  });

  it('answers a bad query with 422 naming the parameter, and non-members with 404', async () => {
    const bad = await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement/export.csv?bootstrap=5`);
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe('bootstrap');
    expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement/export.csv?coders=nobody`)).status).toBe(422);
    const stranger = new ApiClient(server.httpUrl);
    await stranger.signIn('stranger@example.org');
    expect((await stranger.get(`/api/projects/${ctx.projectId}/agreement/export.html`)).status).toBe(404);
  });
});

describe('agreement details and passages', () => {
  it('details: names, units compared and code × document alphas, with ETag and 304', async () => {
    const url = `/api/projects/${ctx.projectId}/agreement/details?unit=character`;
    const first = await ctx.owner.get(url);
    expect(first.status).toBe(200);
    expect(first.body.documents).toEqual([{ id: ctx.documentId, name: 'P01 <interview>', length: text.length }]);
    expect(first.body.unitCounts.perCode.push).toBe(text.length);
    expect(first.body.perCodeDocument.map((c: any) => c.codeId)).toEqual(['push', 'pull', 'cocreation']);
    const again = await ctx.owner.request('GET', url, undefined, { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('passages: where one coder coded and the other did not, with the text', async () => {
    const [ana, ben] = ctx.coders;
    const body = (await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement/passages?codes=pull`)).body;
    expect(body.total).toBe(2);
    expect(body.passages.map((p: any) => [p.kind, p.coders.map((c: any) => c.spans.length)])).toEqual([
      ['missing', [1, 0]],
      ['missing', [0, 1]],
    ]);
    expect(body.passages[0].excerpt.pieces).toEqual([{ text: 'we asked them for help', coderIds: [ana.id], elided: false }]);
    const push = (await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement/passages?codes=push&coders=${ana.id},${ben.id}`)).body;
    expect(push.passages[0]).toMatchObject({ kind: 'boundary', disagreeingCharacters: 'They '.length });
  });
});

describe('access during a blind round', () => {
  it('exports follow the live endpoint’s rule; passages stay hidden from coders until the round ends', async () => {
    const coder = new ApiClient(server.httpUrl, ctx.coders[0].token);
    const paths = ['export.csv', 'export.html', 'details', 'passages'].map((p) => `/api/projects/${ctx.projectId}/agreement/${p}`);
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'blind' });
    for (const path of paths) {
      expect((await coder.get(path)).status).toBe(403);
      expect((await ctx.owner.get(path)).status).toBe(200);
    }
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { agreementVisibleInBlind: true });
    for (const path of paths.slice(0, 3)) expect((await coder.get(path)).status).toBe(200);
    expect((await coder.get(paths[3]!)).status).toBe(403);
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'open', agreementVisibleInBlind: false });
    expect((await coder.get(paths[3]!)).status).toBe(200);
  });
});

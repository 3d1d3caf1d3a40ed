import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentView } from '../../shared/api/index.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { parseCsv } from '../../server/cli/parse-csv.ts';
import { ApiClient } from '../support/api-client.ts';
import { codeFixture } from '../support/code-fixture.ts';
import { openSynced, waitFor, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Issue 12, other exports: the codings table (CSV and XLSX: one row per coding of every coder's
 * layer and the consensus) and the codebook (CSV and Markdown), on a real server — two coders, a
 * pre-merged consensus, participant attributes, a code hierarchy with names that need quoting and
 * escaping, passages across emoji and line breaks, a memo that looks like a formula, and a coding
 * whose text was deleted. The CSV is parsed back with the CLI's RFC 4180 reader and the workbook
 * opened with exceljs; both must hold exactly the codings, each `text` the passage its offsets span.
 */
const projectName = 'Kit study — wave 2';
const codes: Code[] = [
  codeFixture('stages', { name: 'Stages', order: 0, colour: '#999999', definition: 'Groups the pathway stages.' }),
  codeFixture('push', { name: 'Push', parentId: 'stages', order: 0, isStage: true, stageOrder: 1, colour: '#E69F00', definition: 'Given without being asked for.', inclusion: 'Mandates.' }),
  codeFixture('pull', { name: 'Pull', parentId: 'stages', order: 1, isStage: true, stageOrder: 2, colour: '#56B4E9' }),
  codeFixture('cost', { name: 'Cost & <time>', order: 1, colour: '#D55E00', domain: 'burden', examples: ['“It took too long.”'] }),
  codeFixture('delay', { name: 'Delay, *long*', parentId: 'cost', order: 0, colour: '#CC79A7' }),
];
const paths: Record<string, string> = { stages: 'Stages', push: 'Stages / Push', pull: 'Stages / Pull', cost: 'Cost & <time>', delay: 'Cost & <time> / Delay, *long*' };

const texts = {
  p1: 'Interviewer: How did the kit arrive? 📦\n\nP01: It was pushed on us, honestly 😤 — "take it or leave it", they said.\n\nP01: Later we pulled what we needed,\nand shared it with the café team.',
  p2: 'Interviewer: Tell me more.\n\nP02: Nothing much 🙂 really. It took too long, to be honest.',
};
type Doc = keyof typeof texts;
type Who = { id: string; name: string; token: string; api: ApiClient };

/** [coder, document, passage, code, memo, day of May 2024]. */
const plan: [() => Who, Doc, string, string, string, number][] = [
  [() => ana, 'p1', 'It was pushed on us, honestly 😤', 'push', 'Clear push; "quoted", with commas', 1],
  [() => ben, 'p1', 'It was pushed on us, honestly 😤', 'push', '', 2],
  [() => ana, 'p1', 'we pulled what we needed,\nand shared it with the café team', 'pull', 'Line one\nline two 👩‍👩‍👧', 3],
  [() => ben, 'p1', '"take it or leave it"', 'delay', '=cost', 4],
  [() => ana, 'p2', 'It took too long, to be honest.', 'delay', '', 5],
];
/** Ben's coding whose text the owner then deletes: left out, and counted in `X-Accord-Skipped`. */
const orphanPhrase = 'Nothing much ';

let server: TestServer;
const clients: SyncClient[] = [];
let owner: ApiClient;
let ana: Who;
let ben: Who;
let viewer: ApiClient;
let projectId: string;
/** The pre-merge's consensus coding, as the segments route lists it. */
let consensus: SegmentView;
const docs = {} as Record<Doc, string>;
const stored = {} as Record<Doc, string>;
const names: Record<Doc, string> = { p1: 'P01 – interview', p2: 'P02' };
const attributes: Record<Doc, [string, string]> = { p1: ['coach', '12.5'], p2: ['manager', ''] };

const exportUrl = (format: string) => `/api/projects/${projectId}/export?format=${format}`;
async function download(who: ApiClient, format: string): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  const response = await fetch(`${server.httpUrl}${exportUrl(format)}`, { headers: { cookie: who.sessionCookie! } });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'Pat Lee');
  projectId = (await owner.post('/api/projects', { name: projectName })).body.id;
  for (const key of ['p1', 'p2'] as const) docs[key] = (await owner.post(`/api/projects/${projectId}/documents`, { name: names[key], text: texts[key] })).body.id;
  await owner.put(`/api/projects/${projectId}/attribute-fields`, {
    fields: [
      { key: 'role', label: 'Role', type: 'category', options: ['coach', 'manager'] },
      { key: 'years', label: 'Years', type: 'number' },
    ],
  });
  await owner.patch(`/api/projects/${projectId}/documents/${docs.p1}`, { attributes: { role: 'coach', years: 12.5 } });
  await owner.patch(`/api/projects/${projectId}/documents/${docs.p2}`, { attributes: { role: 'manager' } });
  const join = async (email: string, name: string, role: 'coder' | 'viewer'): Promise<Who> => {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(email, name);
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role })).body.code;
    expect((await api.post(`/api/invites/${invite}/accept`)).status).toBeLessThan(300);
    return { id, name, token: (await api.post('/api/tokens', { name: 'ws' })).body.token as string, api };
  };
  ana = await join('ana@example.org', 'Ana Ortiz', 'coder');
  ben = await join('ben@example.org', 'Ben Kim', 'coder');
  viewer = (await join('vic@example.org', 'Vic Viewer', 'viewer')).api;

  const codebook = await openSynced(server.syncUrl, clients, `project:${projectId}`, ana.token);
  codebook.doc.transact(() => codes.forEach((c) => addCode(codebook.doc, c)));
  for (const who of [ana, ben]) {
    for (const key of ['p1', 'p2'] as const) {
      const text = await openSynced(server.syncUrl, clients, `text:${projectId}:${docs[key]}`, who.token);
      stored[key] = transcriptText(text.doc).toString();
      const layer = await openSynced(server.syncUrl, clients, `layer:${projectId}:${docs[key]}:${who.id}`, who.token);
      plan.forEach(([coder, document, phrase, codeId, memo, day], i) => {
        if (coder() !== who || document !== key) return;
        const start = stored[key].indexOf(phrase);
        if (start < 0) throw new Error(`"${phrase}" is not in ${key}`);
        addCoding(layer.doc, { id: `k${i}`, codeId, anchor: createSpanAnchor(transcriptText(text.doc), start, start + phrase.length), memo, at: Date.UTC(2024, 4, day, 9, 30) });
      });
      if (who === ben && key === 'p2') {
        const at = stored.p2.indexOf(orphanPhrase);
        addCoding(layer.doc, { id: 'orphan', codeId: 'cost', anchor: createSpanAnchor(transcriptText(text.doc), at, at + orphanPhrase.length - 1), at: Date.UTC(2024, 4, 9) });
      }
    }
  }
  const segments = async (userId?: string): Promise<SegmentView[]> =>
    (await owner.get(`/api/projects/${projectId}/segments?limit=500${userId ? `&userId=${encodeURIComponent(userId)}` : ''}`)).body.segments;
  await waitFor(async () => (await segments()).length === plan.length + 1, 5000, 'every coding to be stored');
  // Ana and Ben agree on the push passage: the pre-merge writes it into the consensus.
  expect((await owner.post(`/api/projects/${projectId}/documents/${docs.p1}/premerge`, {})).status).toBe(200);
  await waitFor(async () => (await segments('consensus')).length === 1, 5000, 'the consensus coding');
  consensus = (await segments('consensus'))[0]!;
  // The owner corrects P02: Ben's coding there loses its text.
  const p2 = await openSynced(server.syncUrl, clients, `text:${projectId}:${docs.p2}`, (await owner.post('/api/tokens', { name: 'ws' })).body.token as string);
  transcriptText(p2.doc).delete(stored.p2.indexOf(orphanPhrase), orphanPhrase.length);
  stored.p2 = transcriptText(p2.doc).toString();
  await waitFor(async () => (await segments(ben.id)).length === 2, 5000, 'the corrected transcript');
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

const header = ['document', 'Role', 'Years', 'code path', 'coder', 'start', 'end', 'text', 'memo', 'created', 'modified'];

/** The codings the tables must hold, as CSV text cells (a memo that looks like a formula carries the CSV's apostrophe). */
function expectedRows(csv: boolean): string[][] {
  const rows = plan.map(([coder, document, phrase, codeId, memo, day]) => {
    const start = stored[document].indexOf(phrase);
    const at = new Date(Date.UTC(2024, 4, day, 9, 30)).toISOString();
    return [names[document], ...attributes[document], paths[codeId]!, coder().name, String(start), String(start + phrase.length), phrase, csv && memo.startsWith('=') ? `'${memo}` : memo, at, at];
  });
  const created = new Date(consensus.createdAt!).toISOString();
  rows.push([names.p1, ...attributes.p1, paths[consensus.codeId]!, 'Consensus', String(consensus.start), String(consensus.end), stored.p1.slice(consensus.start, consensus.end), consensus.memo, created, expect.any(String) as unknown as string]);
  return rows.sort(byPosition);
}
const byPosition = (a: string[], b: string[]) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : Number(a[5]) - Number(b[5]) || (a[4]! < b[4]! ? -1 : a[4]! > b[4]! ? 1 : 0));

describe('GET …/export?format=csv — the codings table', () => {
  let response: Awaited<ReturnType<typeof download>>;
  let rows: string[][];
  beforeAll(async () => {
    response = await download(owner, 'csv');
    rows = parseCsv(new TextDecoder().decode(response.bytes));
  });

  it('downloads as a UTF-8 CSV with a byte order mark, named after the project, counting the coding left out', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="kit-study-wave-2-codings.csv"; filename*=UTF-8''kit-study-wave-2-codings.csv`);
    expect(response.headers.get('x-accord-skipped')).toBe('1');
    expect([...response.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('parses back to exactly the codings — every coder and the consensus — each text the passage its offsets span', () => {
    expect(rows[0]).toEqual(header);
    const data = rows.slice(1);
    expect([...data].sort(byPosition)).toEqual(expectedRows(true));
    for (const row of data) {
      const document = row[0] === names.p1 ? 'p1' : 'p2';
      expect(stored[document].slice(Number(row[5]), Number(row[6]))).toBe(row[7]);
    }
    // Documents in order, each by position: the table reads like the transcripts.
    expect(data.map((row) => [row[0], Number(row[5])])).toEqual([...data].sort(byPosition).map((row) => [row[0], Number(row[5])]));
  });
});

describe('GET …/export?format=xlsx — the codings workbook', () => {
  let response: Awaited<ReturnType<typeof download>>;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    response = await download(owner, 'xlsx');
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(response.bytes) as unknown as ArrayBuffer);
  });

  it('downloads as a workbook named after the project', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toContain('filename="kit-study-wave-2-codings.xlsx"');
    expect(response.headers.get('x-accord-skipped')).toBe('1');
  });

  it('holds the same rows as the CSV, with offsets as numbers, times as dates and text as text', () => {
    const sheet = workbook.getWorksheet('Codings')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const cells: unknown[][] = [];
    sheet.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    expect(cells[0]).toEqual(header);
    const data = cells.slice(1).map((row) => header.map((_, i) => row[i] ?? null));
    for (const row of data) {
      expect([typeof row[5], typeof row[6], row[9] instanceof Date, row[10] instanceof Date]).toEqual(['number', 'number', true, true]);
    }
    const asText = data.map((row) => row.map((value) => (value === null ? '' : value instanceof Date ? value.toISOString() : String(value))));
    expect(asText.sort(byPosition)).toEqual(expectedRows(false));
    // The memo that looks like a formula is a text cell, not a formula.
    const formulaMemo = sheet.getRows(2, data.length)!.find((row) => row.getCell(9).value === '=cost')!;
    expect(formulaMemo.getCell(9).type).toBe(ExcelJS.ValueType.String);
  });

  it('says on its About sheet what it holds and which coding was left out', () => {
    const about: string[] = [];
    workbook.getWorksheet('About')!.eachRow((row) => about.push(String(row.getCell(1).value)));
    expect(about[0]).toBe(`Accord codings — ${projectName}`);
    expect(about.some((line) => line.includes('UTF-16'))).toBe(true);
    expect(about).toContain('Accord left 1 coding out of this file:');
    expect(about.find((line) => line.startsWith('- P02, Ben Kim, “Cost & <time>”'))).toMatch(/text was deleted/);
  });
});

describe('GET …/export?format=codebook-csv and codebook-md — the codebook, for every member', () => {
  it('gives a viewer the codebook as CSV: one row per code with its path and the codings they may see', async () => {
    const response = await download(viewer, 'codebook-csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('filename="kit-study-wave-2-codebook.csv"');
    const rows = parseCsv(new TextDecoder().decode(response.bytes));
    expect(rows[0]).toEqual(['path', 'name', 'short name', 'parent path', 'colour', 'definition', 'inclusion', 'exclusion', 'examples', 'stage', 'stage order', 'domain', 'codings']);
    const byPath = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect(rows.slice(1).map((row) => row[0])).toEqual(['Stages', 'Stages / Push', 'Stages / Pull', 'Cost & <time>', 'Cost & <time> / Delay, *long*']);
    expect(byPath.get('Stages / Push')).toEqual(['Stages / Push', 'Push', 'Pus', 'Stages', '#E69F00', 'Given without being asked for.', 'Mandates.', '', '', 'TRUE', '1', '', '3']);
    expect(byPath.get('Cost & <time>')!.slice(8)).toEqual(['“It took too long.”', 'FALSE', '', 'burden', '1']);
    // The coding counts of each code alone: Ana's and Ben's push and the consensus; the orphaned coding still counts (as in the merge dialog).
    expect(rows.slice(1).map((row) => row[12])).toEqual(['0', '3', '1', '1', '2']);
  });

  it('gives a viewer the codebook as Markdown: a heading per code, children a level down, names escaped', async () => {
    const response = await download(viewer, 'codebook-md');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('filename="kit-study-wave-2-codebook.md"');
    const markdown = new TextDecoder().decode(response.bytes);
    expect(markdown.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      `# Codebook: ${projectName}`,
      '## Stages',
      '### Push',
      '### Pull',
      '## Cost \\& \\<time\\>',
      '### Delay, \\*long\\*',
    ]);
    expect(markdown).toContain('**Definition:** Given without being asked for.\n\n**Include:** Mandates.');
    expect(markdown).toContain('## Cost \\& \\<time\\>\n\n*Short name: Cos · Colour: `#D55E00` · Domain: burden*\n\n**Example:**\n\n- “It took too long.”\n');
  });
});

describe('who may export which format', () => {
  it('refuses viewers and coders the codings table (403, with why), since it holds every coder’s layer', async () => {
    for (const format of ['csv', 'xlsx']) {
      for (const who of [viewer, ana.api]) {
        const response = await who.get(exportUrl(format));
        expect(response.status).toBe(403);
        expect(response.body.error.message).toMatch(/^Only owners can export the codings table: it holds every coder’s layer/);
      }
    }
    expect((await ben.api.get(exportUrl('codebook-md'))).status).toBe(200);
  });

  it('counts in the codebook only the codings the caller may see: in a blind project a coder’s own and the consensus', async () => {
    expect((await owner.patch(`/api/projects/${projectId}`, { codingMode: 'blind' })).status).toBe(200);
    try {
      const counts = async (who: ApiClient) => parseCsv(new TextDecoder().decode((await download(who, 'codebook-csv')).bytes)).slice(1).map((row) => [row[0], row[12]]);
      // Stages, Push (her own and the consensus), Pull, Cost (Ben’s orphaned coding, not hers), Delay (hers in P02).
      expect(await counts(ana.api)).toEqual([['Stages', '0'], ['Stages / Push', '2'], ['Stages / Pull', '1'], ['Cost & <time>', '0'], ['Cost & <time> / Delay, *long*', '1']]);
      expect((await counts(owner)).map((row) => row[1])).toEqual(['0', '3', '1', '1', '2']);
    } finally {
      await owner.patch(`/api/projects/${projectId}`, { codingMode: 'open' });
    }
  });

  it('answers an unknown format with 422 and a sentence naming the formats', async () => {
    const response = await owner.get(exportUrl('pdf'));
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'validation', field: 'format', message: 'format must be qdpx, qdc, csv, xlsx, codebook-csv, codebook-md or decisions-csv; “pdf” is none of them' });
  });
});

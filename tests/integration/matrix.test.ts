import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { codeFixture } from '../support/code-fixture.ts';

// A small project counted by hand: two interviews in speaker turns, three codes (cost under
// barriers), two coders who code over their own y-websocket connections.
const texts = {
  P01: 'Interviewer: How did it start?\nNurse: We had no money for training. The cost was high, but we hoped it would change.\nInterviewer: And then?\nNurse: Then the managers listened, and hope came back.',
  P02: 'Interviewer: What helped?\nManager: Money helped. We paid for coaching, and people hoped again.\nInterviewer: Anything else?\nManager: No.',
};
type Doc = keyof typeof texts;
/** Each coding: who, where, which code, which words (the first occurrence in the text). */
const plan: readonly { coder: 'ana' | 'ben'; doc: Doc; code: string; words: string }[] = [
  { coder: 'ana', doc: 'P01', code: 'barriers', words: 'no money for training' },
  { coder: 'ana', doc: 'P01', code: 'cost', words: 'The cost was high, but we hoped' },
  { coder: 'ana', doc: 'P01', code: 'hope', words: 'we hoped it would change' },
  { coder: 'ana', doc: 'P01', code: 'hope', words: 'hope came back' },
  { coder: 'ben', doc: 'P01', code: 'barriers', words: 'We had no money for training. The cost was high' },
  { coder: 'ben', doc: 'P01', code: 'hope', words: 'hope came back' },
  { coder: 'ben', doc: 'P02', code: 'cost', words: 'We paid for coaching' },
  { coder: 'ben', doc: 'P02', code: 'hope', words: 'people hoped again' },
];
const len = (words: string) => words.length;
/** A transcript's second line: the first answer, one unit (speaker turn). */
const answer = (doc: Doc) => texts[doc].split('\n')[1]!.length;

let server: TestServer;
const clients: SyncClient[] = [];
let owner: ApiClient;
let projectId: string;
const documentIds = {} as Record<Doc, string>;
const people = {} as Record<'ana' | 'ben', { id: string; token: string; api: ApiClient }>;
let viewer: ApiClient;
let outsider: ApiClient;

const matrix = (api: ApiClient, query = '') => api.get(`/api/projects/${projectId}/matrix${query}`);
const byLabel = (body: any) => Object.fromEntries(body.rows.map((r: any, i: number) => [r.id, Object.fromEntries(body.cols.map((c: any, j: number) => [c.id, body.cells[i][j]]))]));

function open(room: string, token: string): SyncClient {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'Pat Lee');
  projectId = (await owner.post('/api/projects', { name: 'Matrix' })).body.id;
  for (const doc of Object.keys(texts) as Doc[]) documentIds[doc] = (await owner.post(`/api/projects/${projectId}/documents`, { name: doc, text: texts[doc] })).body.id;
  expect((await owner.request('POST', `/api/projects/${projectId}/attributes/import`, 'Participant,Role\nP01,nurse\nP02,manager\n', { 'content-type': 'text/csv' })).status).toBe(200);
  const join = async (email: string, name: string, role: 'coder' | 'viewer') => {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(email, name);
    await api.post(`/api/invites/${(await owner.post(`/api/projects/${projectId}/invites`, { role })).body.code}/accept`);
    return { id, token: (await api.post('/api/tokens', { name: 'ws' })).body.token as string, api };
  };
  people.ana = await join('ana@example.org', 'Ana Ortiz', 'coder');
  people.ben = await join('ben@example.org', 'Ben Kim', 'coder');
  viewer = (await join('vic@example.org', 'Vic Viewer', 'viewer')).api;
  outsider = new ApiClient(server.httpUrl);
  await outsider.signIn('eve@example.org', 'Eve');

  const ownerToken = (await owner.post('/api/tokens', { name: 'ws' })).body.token as string;
  const codebook = open(`project:${projectId}`, ownerToken);
  await waitForSynced(codebook);
  const code = (id: string, parentId: string | null, order: number, colour: string): Code => codeFixture(id, { name: id[0]!.toUpperCase() + id.slice(1), shortName: id.slice(0, 3), colour, parentId, order, createdBy: people.ana.id });
  codebook.doc.transact(() => {
    addCode(codebook.doc, code('hope', null, 0, '#009E73'));
    addCode(codebook.doc, code('barriers', null, 1, '#D55E00'));
    addCode(codebook.doc, code('cost', 'barriers', 0, '#E69F00'));
  });
  for (const coder of ['ana', 'ben'] as const) {
    for (const doc of Object.keys(texts) as Doc[]) {
      const mine = plan.filter((p) => p.coder === coder && p.doc === doc);
      if (mine.length === 0) continue;
      const transcript = open(`text:${projectId}:${documentIds[doc]}`, people[coder].token);
      const layer = open(`layer:${projectId}:${documentIds[doc]}:${people[coder].id}`, people[coder].token);
      await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
      mine.forEach((p, i) => {
        const start = texts[doc].indexOf(p.words);
        addCoding(layer.doc, { id: `${coder}-${doc}-${i}`, codeId: p.code, anchor: createSpanAnchor(transcriptText(transcript.doc), start, start + p.words.length), at: Date.now() });
      });
    }
  }
  await waitFor(async () => (await matrix(owner)).body.codings === plan.length, 5000, 'every coding to be stored and read');
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('GET /api/projects/:id/matrix', () => {
  it('counts codings per code and document, codes in codebook order with sub-codes under their parent', async () => {
    const { status, body } = await matrix(owner);
    expect(status).toBe(200);
    expect(body.rows.map((r: any) => [r.label, r.depth, r.colour])).toEqual([
      ['Hope', 0, '#009E73'],
      ['Barriers', 0, '#D55E00'],
      ['Cost', 1, '#E69F00'],
    ]);
    expect(body.cols).toEqual([
      { id: documentIds.P01, label: 'P01' },
      { id: documentIds.P02, label: 'P02' },
    ]);
    expect(body.cells).toEqual([
      [3, 1],
      [2, 0],
      [1, 1],
    ]);
    expect(body.rowTotals).toEqual([4, 2, 2]);
    expect(body.colTotals).toEqual([6, 2]);
    expect(body.total).toBe(8);
    expect(body.caption).toBe('Codings of each code in each document. By every coder you can see (2); consensus excluded; sub-codes on their own rows.');
    expect(body.coders.map((c: any) => c.name)).toEqual(['Ana Ortiz', 'Ben Kim', 'Consensus']);
    expect(body.attributes).toEqual([{ key: 'role', label: 'Role' }]);
  });

  it('counts coded characters, once per coder', async () => {
    const { body } = await matrix(owner, '?rows=codes&cols=documents&measure=chars');
    expect(body.cells).toEqual([
      // Ana's two hope codings do not overlap; Ben coded "hope came back" as well.
      [len('we hoped it would change') + 2 * len('hope came back'), len('people hoped again')],
      [len('no money for training') + len('We had no money for training. The cost was high'), 0],
      [len('The cost was high, but we hoped'), len('We paid for coaching')],
    ]);
  });

  it('counts per coder, one coder, and per attribute value', async () => {
    expect(byLabel((await matrix(owner, '?cols=coders')).body)).toEqual({
      hope: { [people.ana.id]: 2, [people.ben.id]: 2 },
      barriers: { [people.ana.id]: 1, [people.ben.id]: 1 },
      cost: { [people.ana.id]: 1, [people.ben.id]: 1 },
    });
    const ben = (await matrix(owner, `?cols=documents&userId=${people.ben.id}`)).body;
    expect(ben.cells).toEqual([
      [1, 1],
      [1, 0],
      [0, 1],
    ]);
    expect(ben.caption).toContain('By Ben Kim only');
    // The consensus is a layer of its own, counted only when asked for (nothing is reconciled yet).
    const consensus = (await matrix(owner, '?userId=consensus')).body;
    expect([consensus.codings, consensus.caption]).toEqual([0, expect.stringContaining('The consensus only')]);
    const role = (await matrix(owner, '?cols=attr.role')).body;
    expect(byLabel(role)).toEqual({ hope: { nurse: 3, manager: 1 }, barriers: { nurse: 2, manager: 0 }, cost: { nurse: 1, manager: 1 } });
    expect(role.caption).toContain('per value of “Role”');
  });

  it('counts co-occurrence within each coder’s own codings: overlapping, or in the same speaker turn', async () => {
    const overlap = (await matrix(owner, '?cols=codes')).body;
    // Only Ana's cost and hope codings share words ("we hoped").
    expect(byLabel(overlap)).toEqual({
      hope: { hope: 0, barriers: 0, cost: 1 },
      barriers: { hope: 0, barriers: 0, cost: 0 },
      cost: { hope: 1, barriers: 0, cost: 0 },
    });
    expect((await matrix(owner, '?cols=codes&measure=chars')).body.cells[0][2]).toBe(len('we hoped'));
    // Ana's first answer in P01 holds barriers, cost and hope; Ben's answer in P02 cost and hope.
    const unit = (await matrix(owner, '?cols=codes&cooccurrence=unit')).body;
    expect(byLabel(unit)).toEqual({
      hope: { hope: 0, barriers: 1, cost: 2 },
      barriers: { hope: 1, barriers: 0, cost: 1 },
      cost: { hope: 2, barriers: 1, cost: 0 },
    });
    expect(unit.caption).toMatch(/^Pairs of codings by one coder in the same transcript unit/);
    const unitChars = (await matrix(owner, '?cols=codes&cooccurrence=unit&measure=chars')).body;
    expect(unitChars.cells[0][2]).toBe(answer('P01') + answer('P02'));
    expect(unitChars.cells[1][2]).toBe(answer('P01'));
  });

  it('follows coding: a new coding changes the counts', async () => {
    const transcript = open(`text:${projectId}:${documentIds.P02}`, people.ana.token);
    const layer = open(`layer:${projectId}:${documentIds.P02}:${people.ana.id}`, people.ana.token);
    await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
    const start = texts.P02.indexOf('Money helped');
    addCoding(layer.doc, { id: 'ana-P02-late', codeId: 'hope', anchor: createSpanAnchor(transcriptText(transcript.doc), start, start + len('Money helped')), at: Date.now() });
    await waitFor(async () => (await matrix(owner)).body.cells[0][1] === 2, 5000, 'the new coding to be counted');
    layer.doc.transact(() => layer.doc.getMap('codings').delete('ana-P02-late'));
    await waitFor(async () => (await matrix(owner)).body.cells[0][1] === 1, 5000, 'the removed coding to leave the count');
  });

  it('exports the matrix as CSV with its caption', async () => {
    const response = await fetch(`${server.httpUrl}/api/projects/${projectId}/matrix?cols=attr.role&format=csv`, { headers: { cookie: owner.sessionCookie! } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="matrix-attr-role-count.csv"/);
    const lines = (await response.text()).split('\r\n');
    // The category's options in their order (the import sorted them).
    expect(lines.slice(0, 5)).toEqual(['Code,Parent code,manager,nurse,Total', 'Hope,,1,3,4', 'Barriers,,0,2,2', 'Cost,Barriers,1,1,2', 'Total,,2,6,8']);
    expect(lines[6]).toMatch(/^"?Codings of each code per value of “Role”/);
  });

  it('names what is wrong with a query, and hides the project from non-members', async () => {
    const error = async (query: string) => (await matrix(owner, query)).body.error;
    expect(await error('?cols=memos')).toMatchObject({ code: 'validation', field: 'cols' });
    expect(await error('?cols=attr.sector')).toMatchObject({ code: 'validation', field: 'cols' });
    expect(await error('?measure=words')).toMatchObject({ code: 'validation', field: 'measure' });
    expect(await error('?cooccurrence=sentence')).toMatchObject({ code: 'validation', field: 'cooccurrence' });
    expect(await error('?userId=nobody')).toMatchObject({ code: 'validation', field: 'userId' });
    expect(await error('?format=xlsx')).toMatchObject({ code: 'validation', field: 'format' });
    expect(await error('?documentId=x')).toMatchObject({ code: 'validation', field: 'documentId' });
    expect((await matrix(owner, `?cols=${'x'.repeat(200)}`)).status).toBe(422);
    expect((await matrix(outsider)).status).toBe(404);
  });

  it('counts in a blind round only a coder’s own codings, and nothing of it for a viewer', async () => {
    const round = (await owner.post(`/api/projects/${projectId}/rounds`, { name: 'Blind', documentIds: [documentIds.P01] })).body;
    expect((await owner.post(`/api/projects/${projectId}/rounds/${round.id}/phase`, { phase: 'blind' })).status).toBe(200);
    // Ben: his own P01 codings, and everyone's in P02 (not in the round). Ana coded nothing in P02.
    const ben = (await matrix(people.ben.api, '?cols=coders')).body;
    expect(byLabel(ben)).toEqual({
      hope: { [people.ben.id]: 2, [people.ana.id]: 0 },
      barriers: { [people.ben.id]: 1, [people.ana.id]: 0 },
      cost: { [people.ben.id]: 1, [people.ana.id]: 0 },
    });
    expect(ben.caption).toContain('In 1 document in a blind round only your own codings are counted.');
    // Ana's codings in P01 overlap (cost × hope); Ben sees no trace of them.
    expect((await matrix(people.ben.api, '?cols=codes')).body.total).toBe(0);
    expect((await matrix(people.ben.api, '?cols=codes&cooccurrence=unit')).body.cells[0][2]).toBe(1);
    expect((await matrix(people.ana.api)).body.cells).toEqual([
      [2, 1],
      [1, 0],
      [1, 1],
    ]);
    const seen = (await matrix(viewer)).body;
    expect(seen.cells).toEqual([
      [0, 1],
      [0, 0],
      [0, 1],
    ]);
    expect(seen.caption).toContain('1 document in a blind round is left out until the round is revealed.');
    // The owner still counts every layer.
    expect((await matrix(owner)).body.total).toBe(8);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { runCli } from '../../server/cli/run-cli.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { codeFixture } from '../support/code-fixture.ts';

/**
 * Memos end to end: document and project memos through the REST API, coding memos written by
 * stock y-websocket clients into their layers, one list of them all, their history, and the
 * rules of who writes, changes and sees which memo (blind rounds included).
 */
const texts = {
  p1: 'Interviewer: How did the project start?\nParticipant: We asked the county for help, and then we built the plan together.\n',
  p2: 'Interviewer: How did the project start?\nParticipant: The district sent us a toolkit and told us to use it.\n',
};
const code = (id: string, name: string, order: number): Code => codeFixture(id, { name, order });

type Who = { id: string; token: string; api: ApiClient };
let server: TestServer;
const clients: SyncClient[] = [];
let owner: Who;
let ana: Who;
let ben: Who;
let viewer: Who;
let outsider: ApiClient;
let projectId: string;
const docs = {} as Record<'p1' | 'p2', string>;

const memosUrl = (query = '') => `/api/projects/${projectId}/memos${query}`;
async function list(who: ApiClient, query = ''): Promise<{ memos: any[]; total: number }> {
  const response = await who.get(memosUrl(query));
  if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
async function write(who: ApiClient, body: Record<string, unknown>): Promise<any> {
  const response = await who.post(memosUrl(), body);
  if (response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
async function history(who: ApiClient, query = ''): Promise<any[]> {
  return (await who.get(`/api/projects/${projectId}/history?limit=1000${query}`)).body.events;
}
async function verify(): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runCli(['history', 'verify', '--data-dir', server.dataDir], { readFile: async () => '', stdout: (l) => out.push(l), stderr: (l) => out.push(l) });
  return { code, out };
}
async function open(room: string, token: string): Promise<SyncClient> {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  await waitForSynced(client);
  return client;
}
/** A coding of `phrase` with a memo in `who`'s layer of a document, over their own sockets. */
async function codeWithMemo(who: Who, key: 'p1' | 'p2', phrase: string, codeId: string, memo: string, at: number): Promise<void> {
  const text = await open(`text:${projectId}:${docs[key]}`, who.token);
  const layer = await open(`layer:${projectId}:${docs[key]}:${who.id}`, who.token);
  const start = texts[key].indexOf(phrase);
  addCoding(layer.doc, { id: `k-${who.id}-${start}`, codeId, anchor: createSpanAnchor(transcriptText(text.doc), start, start + phrase.length), memo, at });
}

beforeAll(async () => {
  server = await startTestServer();
  const join = async (email: string, name: string, role: 'coder' | 'viewer' | null): Promise<Who> => {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(email, name);
    if (role) {
      const invite = (await owner.api.post(`/api/projects/${projectId}/invites`, { role })).body.code;
      await api.post(`/api/invites/${invite}/accept`);
    }
    return { id, token: (await api.post('/api/tokens', { name: 'ws' })).body.token as string, api };
  };
  owner = await join('pi@example.org', 'Pat Lee', null);
  projectId = (await owner.api.post('/api/projects', { name: 'Implementation study' })).body.id;
  docs.p1 = (await owner.api.post(`/api/projects/${projectId}/documents`, { name: 'P1 nurse', text: texts.p1 })).body.id;
  docs.p2 = (await owner.api.post(`/api/projects/${projectId}/documents`, { name: 'P2 teacher', text: texts.p2 })).body.id;
  ana = await join('ana@example.org', 'Ana Ortiz', 'coder');
  ben = await join('ben@example.org', 'Ben Kim', 'coder');
  viewer = await join('vic@example.org', 'Vic Viewer', 'viewer');
  outsider = new ApiClient(server.httpUrl);
  await outsider.signIn('eve@example.org', 'Eve');

  const codebook = await open(`project:${projectId}`, owner.token);
  codebook.doc.transact(() => [code('support', 'Support', 0), code('push', 'Push models', 1)].forEach((c) => addCode(codebook.doc, c)));
  await codeWithMemo(ana, 'p1', 'We asked the county for help', 'support', 'The county café meeting started it', Date.UTC(2024, 4, 1));
  await codeWithMemo(ben, 'p2', 'The district sent us a toolkit', 'push', 'A push, not a pull', Date.UTC(2024, 4, 2));
  await codeWithMemo(ben, 'p2', 'told us to use it', 'push', '', Date.UTC(2024, 4, 3));
  await waitFor(async () => (await list(owner.api, '?kind=coding')).total === 2, 5000, 'the coding memos to be stored');
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('document and project memos', () => {
  it('are written by coders and owners, changed by their author only, deleted by their author or an owner — each change in the history with its text', async () => {
    const project = await write(owner.api, { title: 'Sampling  note', text: '  Recruit two more teachers.  ' });
    expect(project).toMatchObject({ kind: 'project', documentId: null, documentName: null, authorId: owner.id, title: 'Sampling note', text: 'Recruit two more teachers.' });
    expect(project.createdAt).toBe(project.updatedAt);
    const about = await write(ana.api, { documentId: docs.p1, title: 'Why P1 differs', text: 'She came from the county office.' });
    expect(about).toMatchObject({ kind: 'document', documentId: docs.p1, documentName: 'P1 nurse', authorId: ana.id });

    // Only the author changes a memo: not an owner, not another coder.
    expect((await owner.api.patch(memosUrl(`/${about.id}`), { text: 'Edited by the owner' })).status).toBe(403);
    expect((await ben.api.patch(memosUrl(`/${about.id}`), { text: 'Edited by Ben' })).status).toBe(403);
    const changed = await ana.api.patch(memosUrl(`/${about.id}`), { text: 'She came from the city office.' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: about.id, title: 'Why P1 differs', text: 'She came from the city office.', createdAt: about.createdAt });
    expect(changed.body.updatedAt >= about.updatedAt).toBe(true);
    // Another coder cannot delete it; an owner can delete anyone's, an author their own.
    expect((await ben.api.delete(memosUrl(`/${about.id}`))).status).toBe(403);
    const other = await write(ben.api, { title: 'Ben’s note', text: 'To be removed by the owner.' });
    expect((await owner.api.delete(memosUrl(`/${other.id}`))).status).toBe(204);
    expect((await ben.api.delete(memosUrl(`/${project.id}`))).status).toBe(403);
    expect((await ana.api.delete(memosUrl(`/${about.id}`))).status).toBe(204);
    expect((await ana.api.delete(memosUrl(`/${about.id}`))).status).toBe(404);
    expect((await ana.api.patch(memosUrl(`/${about.id}`), { text: 'gone' })).status).toBe(404);
    expect((await list(owner.api, '?kind=project')).memos.map((m) => m.id)).toEqual([project.id]);

    const events = (await history(owner.api)).filter((e) => e.type.startsWith('memo.'));
    expect(events.map((e) => [e.type, e.userId, e.layer, e.documentId])).toEqual([
      ['memo.added', owner.id, owner.id, null],
      ['memo.added', ana.id, ana.id, docs.p1],
      ['memo.changed', ana.id, ana.id, docs.p1],
      ['memo.added', ben.id, ben.id, null],
      ['memo.removed', owner.id, ben.id, null],
      ['memo.removed', ana.id, ana.id, docs.p1],
    ]);
    expect(events[2]).toMatchObject({ before: { memoId: about.id, title: 'Why P1 differs', text: 'She came from the county office.' }, after: { memoId: about.id, text: 'She came from the city office.' } });
    expect(events[4]).toMatchObject({ before: { memoId: other.id, text: 'To be removed by the owner.' }, after: null });
    const verified = await verify();
    expect(verified.code, verified.out.join('\n')).toBe(0);
    await owner.api.delete(memosUrl(`/${project.id}`));
  });

  it('are read by viewers but never written by them, and not reachable by non-members', async () => {
    const memo = await write(owner.api, { title: 'For everyone', text: 'Read me first.' });
    expect((await list(viewer.api, '?kind=project')).memos.map((m) => m.id)).toEqual([memo.id]);
    const refused = await viewer.api.post(memosUrl(), { title: 'Viewer note', text: 'Not allowed.' });
    expect(refused.status).toBe(403);
    expect((await viewer.api.delete(memosUrl(`/${memo.id}`))).status).toBe(403);
    expect((await viewer.api.patch(memosUrl(`/${memo.id}`), { text: 'x' })).status).toBe(403);
    expect((await outsider.get(memosUrl())).status).toBe(404);
    expect((await outsider.post(memosUrl(), { title: 'x', text: 'y' })).status).toBe(404);
    // The administrator token reads and deletes as an owner, but a memo needs a person as its author.
    const admin = ApiClient.admin(server.httpUrl);
    expect((await admin.post(memosUrl(), { title: 'x', text: 'y' })).status).toBe(403);
    expect((await list(admin, '?kind=project')).total).toBe(1);
    expect((await admin.delete(memosUrl(`/${memo.id}`))).status).toBe(204);
    expect((await list(viewer.api)).memos.every((m) => m.kind === 'coding')).toBe(true);
  });

  it('refuses bodies and queries it cannot take, with 422 naming the field', async () => {
    const refused = async (response: Promise<{ status: number; body: any }>, field: string) => {
      const { status, body } = await response;
      expect([status, body.error?.field]).toEqual([422, field]);
    };
    await refused(ana.api.post(memosUrl(), { title: '', text: 'x' }), 'title');
    await refused(ana.api.post(memosUrl(), { title: 'x'.repeat(201), text: 'x' }), 'title');
    await refused(ana.api.post(memosUrl(), { title: 'x', text: 'x'.repeat(20_001) }), 'text');
    await refused(ana.api.post(memosUrl(), { title: 'x' }), 'text');
    await refused(ana.api.post(memosUrl(), { title: 'x', text: 'y', documentId: 'no-such-document' }), 'documentId');
    await refused(ana.api.post(memosUrl(), { title: 'x', text: 'y', documentId: 7 }), 'documentId');
    await refused(ana.api.post(memosUrl(), { title: 'x', text: 'y', colour: 'red' }), 'colour');
    await refused(ana.api.get(memosUrl(`?q=${'a'.repeat(201)}`)), 'q');
    await refused(ana.api.get(memosUrl('?kind=comment')), 'kind');
    await refused(ana.api.get(memosUrl('?limit=0')), 'limit');
    await refused(ana.api.get(memosUrl('?limit=201')), 'limit');
    await refused(ana.api.get(memosUrl('?documentId=nope')), 'documentId');
    await refused(ana.api.get(memosUrl('?author=ana')), 'author');
    const memo = await write(ana.api, { title: 'Kept', text: 'Unchanged by bad requests.' });
    await refused(ana.api.patch(memosUrl(`/${memo.id}`), {}), 'text');
    await refused(ana.api.patch(memosUrl(`/${memo.id}`), { title: '   ' }), 'title');
    expect(await (await ana.api.get(memosUrl('?kind=project'))).body.memos[0]).toMatchObject({ id: memo.id, title: 'Kept', text: 'Unchanged by bad requests.' });
    await ana.api.delete(memosUrl(`/${memo.id}`));
  });
});

describe('one list of memos', () => {
  it('lists coding, document and project memos newest first, with the coded passage of coding memos, searchable and filtered', async () => {
    const project = await write(owner.api, { title: 'Recruitment', text: 'Two more teachers from the DISTRICT.' });
    const about = await write(ben.api, { documentId: docs.p2, title: 'Toolkit story', text: 'He repeats the café story.' });
    const all = await list(owner.api);
    expect(all.memos.map((m) => [m.kind, m.title])).toEqual([
      ['document', 'Toolkit story'],
      ['project', 'Recruitment'],
      ['coding', 'Push models'],
      ['coding', 'Support'],
    ]);
    const coding = all.memos[3];
    expect(coding).toMatchObject({ documentId: docs.p1, documentName: 'P1 nurse', authorId: ana.id, text: 'The county café meeting started it', codeId: 'support', passage: 'We asked the county for help', createdAt: '2024-05-01T00:00:00.000Z' });
    expect(texts.p1.slice(coding.start, coding.end)).toBe('We asked the county for help');
    expect(coding.id).toBe(`coding:${docs.p1}:${ana.id}:${coding.codingId}`);

    // Case and accents do not matter; the title is searched too.
    expect((await list(owner.api, '?q=district')).memos.map((m) => m.id)).toEqual([project.id]);
    expect((await list(owner.api, '?q=CAFE')).memos.map((m) => m.kind)).toEqual(['document', 'coding']);
    expect((await list(owner.api, '?q=push%20models')).memos.map((m) => m.kind)).toEqual(['coding']);
    expect((await list(owner.api, `?authorId=${ben.id}`)).memos.map((m) => m.title)).toEqual(['Toolkit story', 'Push models']);
    expect((await list(owner.api, `?documentId=${docs.p2}`)).memos.map((m) => m.title)).toEqual(['Toolkit story', 'Push models']);
    expect((await list(owner.api, `?documentId=${docs.p2}&kind=coding`)).memos.map((m) => m.text)).toEqual(['A push, not a pull']);
    const page = await list(owner.api, '?limit=2&offset=1');
    expect([page.total, page.memos.map((m) => m.title)]).toEqual([4, ['Recruitment', 'Push models']]);
    // A coder who edits a coding's memo sees the change in the list.
    await owner.api.delete(memosUrl(`/${project.id}`));
    await ben.api.delete(memosUrl(`/${about.id}`));
  });
});

describe('in a blind round', () => {
  it('shows a document memo, and its history, only to its author and owners until the round is revealed', async () => {
    const hidden = await write(ana.api, { documentId: docs.p1, title: 'My reading of P1', text: 'BLIND-MEMO: she sounds reluctant.' });
    const round = (await owner.api.post(`/api/projects/${projectId}/rounds`, { name: 'Round 1', documentIds: [docs.p1] })).body;
    expect((await owner.api.post(`/api/projects/${projectId}/rounds/${round.id}/phase`, { phase: 'blind' })).status).toBe(200);

    const ids = async (who: ApiClient, query = '') => (await list(who, query)).memos.map((m) => m.id);
    const anasCoding = (await list(owner.api, `?kind=coding&authorId=${ana.id}`)).memos[0].id as string;
    expect(await ids(ana.api)).toEqual(expect.arrayContaining([hidden.id, anasCoding]));
    expect(await ids(owner.api)).toEqual(expect.arrayContaining([hidden.id, anasCoding]));
    // Ben and the viewer see neither Ana's document memo nor her coding memo on P1, and cannot reach the memo by its id.
    for (const who of [ben.api, viewer.api]) {
      expect(await ids(who)).not.toContain(hidden.id);
      expect(await ids(who)).not.toContain(anasCoding);
      expect((await list(who, '?q=blind-memo')).total).toBe(0);
    }
    expect((await ben.api.patch(memosUrl(`/${hidden.id}`), { text: 'x' })).status).toBe(404);
    expect((await ben.api.delete(memosUrl(`/${hidden.id}`))).status).toBe(404);
    expect((await history(ben.api)).some((e) => JSON.stringify(e).includes('BLIND-MEMO'))).toBe(false);
    expect((await history(ana.api)).some((e) => JSON.stringify(e).includes('BLIND-MEMO'))).toBe(true);
    // Ben's own memo on the same document stays his to see.
    const bens = await write(ben.api, { documentId: docs.p1, title: 'Ben on P1', text: 'Mine.' });
    expect(await ids(ben.api)).toContain(bens.id);
    expect(await ids(ana.api)).not.toContain(bens.id);

    expect((await owner.api.post(`/api/projects/${projectId}/rounds/${round.id}/phase`, { phase: 'compare', force: true })).status).toBe(200);
    expect(await ids(ben.api)).toEqual(expect.arrayContaining([hidden.id, anasCoding]));
    await ana.api.delete(memosUrl(`/${hidden.id}`));
    await ben.api.delete(memosUrl(`/${bens.id}`));
  });
});

describe('deleting', () => {
  it('a document deletes its memos and redacts their history; a project deletes them all', async () => {
    const doomed = (await owner.api.post(`/api/projects/${projectId}/documents`, { name: 'P3 doomed', text: 'Participant: nothing to keep.' })).body.id as string;
    const gone = await write(ana.api, { documentId: doomed, title: 'About P3', text: 'REDACT-ME-4321' });
    const kept = await write(ana.api, { title: 'Project-wide', text: 'Stays.' });
    expect((await owner.api.delete(`/api/projects/${projectId}/documents/${doomed}`)).status).toBe(204);
    expect((await ana.api.patch(memosUrl(`/${gone.id}`), { text: 'x' })).status).toBe(404);
    expect((await list(ana.api, '?kind=project')).memos.map((m) => m.id)).toEqual([kept.id]);
    const events = (await history(owner.api)).filter((e) => e.documentId === doomed);
    expect(events.map((e) => [e.type, e.redacted, e.after])).toEqual([['memo.added', true, null]]);
    expect(JSON.stringify(await history(owner.api))).not.toContain('REDACT-ME-4321');
    expect((await verify()).code).toBe(0);

    const other = (await owner.api.post('/api/projects', { name: 'Short-lived' })).body.id as string;
    const memo = (await owner.api.post(`/api/projects/${other}/memos`, { title: 'Soon gone', text: 'With its project.' })).body;
    expect((await owner.api.delete(`/api/projects/${other}`)).status).toBe(204);
    expect(await server.directory.findMemo(other, memo.id)).toBeNull();
    expect((await owner.api.get(`/api/projects/${other}/memos`)).status).toBe(404);
  });
});

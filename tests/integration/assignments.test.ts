import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { ApiClient } from '../support/api-client.ts';
import { seedReconcileProject, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import type { SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: SyncClient[] = [];
let ctx: ReconcileProject & { coders: Record<'A' | 'B', ReconcileCoder> };
let viewerId: string;
let others: string[];
const base = () => `/api/projects/${ctx.projectId}`;
const put = (client: ApiClient, documentId: string, body: unknown) => client.request('PUT', `${base()}/documents/${documentId}/assignments`, body);
const assignments = async () => (await ctx.owner.get(`${base()}/assignments`)).body.assignments;
const etagOf = async (path: string) => {
  const response = await ctx.owner.get(path);
  expect(response.status).toBe(200);
  return response.headers.get('etag');
};

beforeAll(async () => {
  server = await startTestServer();
  ctx = (await seedReconcileProject(server, clients, ['A', 'B'], example1)) as typeof ctx;
  viewerId = (await ctx.viewer.get('/api/me')).body.user.id;
  others = [];
  for (const name of ['P2', 'P3']) others.push((await ctx.owner.post(`${base()}/documents`, { name, text: 'Participant: more to say.' })).body.id);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('document assignments', () => {
  it('starts empty, and is readable by every member but no one else', async () => {
    expect(await assignments()).toEqual({});
    expect((await ctx.viewer.get(`${base()}/assignments`)).body).toEqual({ assignments: {} });
    const stranger = new ApiClient(server.httpUrl);
    await stranger.signIn('stranger@example.org');
    expect((await stranger.get(`${base()}/assignments`)).status).toBe(404);
  });

  it('lets owners set a document’s assignees, and not coders', async () => {
    const { A, B } = ctx.coders;
    const refused = await put(A.api, ctx.documentId, { userIds: [A.id] });
    expect(refused.status).toBe(403);
    expect((await A.api.post(`${base()}/assignments`, { documentIds: [ctx.documentId], userIds: [A.id], mode: 'add' })).status).toBe(403);
    expect(await assignments()).toEqual({});

    const set = await put(ctx.owner, ctx.documentId, { userIds: [B.id, A.id, B.id] });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ documentId: ctx.documentId, userIds: [A.id, B.id].sort(), added: 2, removed: 0 });
    expect(await assignments()).toEqual({ [ctx.documentId]: [A.id, B.id].sort() });
    expect((await A.api.get(`${base()}/assignments`)).body.assignments).toEqual({ [ctx.documentId]: [A.id, B.id].sort() });
  });

  it('refuses a viewer, a stranger, too many ids and an unknown document, naming what is wrong', async () => {
    const viewer = await put(ctx.owner, ctx.documentId, { userIds: [ctx.coders.A.id, viewerId] });
    expect(viewer.status).toBe(422);
    expect(viewer.body.error).toMatchObject({ code: 'validation', field: 'userIds' });
    expect(viewer.body.error.message).toContain('viewer');
    expect(viewer.body.error.message).toContain('viewer@example.org'.split('@')[0]);
    const stranger = await put(ctx.owner, ctx.documentId, { userIds: ['no-such-user'] });
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.message).toContain('no-such-user');
    expect((await put(ctx.owner, ctx.documentId, { userIds: Array.from({ length: 51 }, (_, i) => `u${i}`) })).status).toBe(422);
    expect((await put(ctx.owner, ctx.documentId, { userIds: 'A' })).body.error).toMatchObject({ code: 'validation', field: 'userIds' });
    expect((await put(ctx.owner, 'no-such-document', { userIds: [] })).status).toBe(404);
    // Nothing of it was stored.
    expect(await assignments()).toEqual({ [ctx.documentId]: [ctx.coders.A.id, ctx.coders.B.id].sort() });

    const bulk = (body: unknown) => ctx.owner.post(`${base()}/assignments`, body);
    expect((await bulk({ documentIds: others, userIds: [viewerId], mode: 'add' })).status).toBe(422);
    expect((await bulk({ documentIds: others, userIds: [ctx.coders.A.id], mode: 'swap' })).body.error).toMatchObject({ field: 'mode' });
    expect((await bulk({ documentIds: [...others, 'nope'], userIds: [ctx.coders.A.id], mode: 'add' })).body.error).toMatchObject({ field: 'documentIds', message: expect.stringContaining('nope') });
    expect((await bulk({ documentIds: Array.from({ length: 5001 }, (_, i) => `d${i}`), userIds: [ctx.coders.A.id], mode: 'add' })).body.error).toMatchObject({ field: 'documentIds', message: expect.stringContaining('5,000') });
    expect((await bulk({ documentIds: others, userIds: [], mode: 'add' })).body.error).toMatchObject({ field: 'userIds' });
    const pairs = await bulk({ documentIds: Array.from({ length: 5000 }, (_, i) => `d${i}`), userIds: [ctx.coders.A.id, ctx.coders.B.id, 'x'], mode: 'add' });
    expect(pairs.body.error).toMatchObject({ field: 'documentIds', message: expect.stringContaining('10,000 document–member pairs') });
  });

  it('adds, removes and replaces assignees of many documents at once', async () => {
    const { A, B } = ctx.coders;
    const add = await ctx.owner.post(`${base()}/assignments`, { documentIds: others, userIds: [A.id, B.id], mode: 'add' });
    expect(add.status).toBe(200);
    expect(add.body).toMatchObject({ added: 4, removed: 0 });
    expect(add.body.assignments[others[0]!]).toEqual([A.id, B.id].sort());
    const remove = await ctx.owner.post(`${base()}/assignments`, { documentIds: others, userIds: [B.id], mode: 'remove' });
    expect(remove.body).toMatchObject({ added: 0, removed: 2 });
    const replace = await ctx.owner.post(`${base()}/assignments`, { documentIds: [others[0]], userIds: [B.id], mode: 'replace' });
    expect(replace.body).toMatchObject({ added: 1, removed: 1 });
    expect(await assignments()).toEqual({ [ctx.documentId]: [A.id, B.id].sort(), [others[0]!]: [B.id], [others[1]!]: [A.id] });
  });

  it('moves the agreement and pathways versions when assignments change, and only then', async () => {
    const agreement = `${base()}/agreement`;
    const pathways = `${base()}/pathways`;
    const before = { agreement: await etagOf(agreement), pathways: await etagOf(pathways) };
    // The same assignees again change nothing: the versions stay.
    expect((await put(ctx.owner, ctx.documentId, { userIds: [ctx.coders.A.id, ctx.coders.B.id] })).body).toMatchObject({ added: 0, removed: 0 });
    expect(await etagOf(agreement)).toBe(before.agreement);
    expect(await etagOf(pathways)).toBe(before.pathways);
    expect((await put(ctx.owner, ctx.documentId, { userIds: [ctx.coders.A.id] })).body).toMatchObject({ removed: 1 });
    expect(await etagOf(agreement)).not.toBe(before.agreement);
    expect(await etagOf(pathways)).not.toBe(before.pathways);
  });

  it('builds pathways from a document’s assigned coders when it has any', async () => {
    const layers = async () => ((await ctx.owner.get(`${base()}/pathways?participants=${ctx.documentId}`)).body.perParticipant as { layer: string }[]).map((p) => p.layer).sort();
    await put(ctx.owner, ctx.documentId, { userIds: [ctx.coders.A.id] });
    expect(await layers()).toEqual([ctx.coders.A.id]);
    // Unassigned again: everyone who coded it, as before.
    await put(ctx.owner, ctx.documentId, { userIds: [] });
    expect(await layers()).toEqual([ctx.coders.A.id, ctx.coders.B.id].sort());
  });

  it('drops a deleted document’s assignments and a removed member’s', async () => {
    const { A, B } = ctx.coders;
    await ctx.owner.post(`${base()}/assignments`, { documentIds: others, userIds: [A.id, B.id], mode: 'replace' });
    expect((await ctx.owner.delete(`${base()}/documents/${others[1]}`)).status).toBe(204);
    expect(await assignments()).toEqual({ [others[0]!]: [A.id, B.id].sort() });
    expect((await ctx.owner.delete(`${base()}/members/${B.id}`)).status).toBe(204);
    expect(await assignments()).toEqual({ [others[0]!]: [A.id] });
  });

  it('assigns both demo coders to each of the demo’s seventeen documents', async () => {
    const demo = await ctx.owner.post('/api/demo');
    expect(demo.status).toBe(201);
    const members = (await ctx.owner.get(`/api/projects/${demo.body.projectId}/members`)).body as { userId: string; role: string }[];
    const coders = members.filter((m) => m.role === 'coder').map((m) => m.userId).sort();
    expect(coders).toHaveLength(2);
    const { assignments: byDocument } = (await ctx.owner.get(`/api/projects/${demo.body.projectId}/assignments`)).body;
    expect(Object.keys(byDocument)).toHaveLength(17);
    for (const userIds of Object.values(byDocument)) expect(userIds).toEqual(coders);
  });
});

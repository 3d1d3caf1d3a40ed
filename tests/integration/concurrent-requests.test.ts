import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/*
 * Requests that race: each route leaves its rule (a project keeps an owner, the first account
 * alone administers, an invite admits no more than its uses) to one store call that checks and
 * writes together, so the rule holds however the requests interleave — here on one server, and by
 * the store's contract (server/persistence/directory-concurrency-contract.ts) on several.
 */
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(env: Record<string, string> = {}) {
  const server = await startTestServer({ env: { TRUST_PROXY: '1', ...env } });
  servers.push(server);
  return server;
}
const password = 'a long enough password';
const signUp = (server: TestServer, email: string) => new ApiClient(server.httpUrl).request('POST', '/api/auth/signup', { email, password, name: email.split('@')[0] }, { 'x-forwarded-for': `198.51.100.${email.length}` });

describe('requests racing on one server', () => {
  it('two owners demoting or removing each other at the same moment leave one owner, and the other is told why', async () => {
    const server = await start();
    const [ana, ben] = [new ApiClient(server.httpUrl), new ApiClient(server.httpUrl)];
    const anaId = await ana.signIn('ana@example.org');
    const benId = await ben.signIn('ben@example.org');
    const projectId = (await ana.post('/api/projects', { name: 'Two owners' })).body.id as string;
    const { code } = (await ana.post(`/api/projects/${projectId}/invites`, { role: 'owner' })).body as { code: string };
    expect((await ben.post(`/api/invites/${code}/accept`)).status).toBe(200);
    const admin = ApiClient.admin(server.httpUrl);
    const owners = async () => ((await admin.get(`/api/projects/${projectId}/members`)).body as { userId: string; role: string }[]).filter((m) => m.role === 'owner').map((m) => m.userId);

    const demotions = await Promise.all([ana.patch(`/api/projects/${projectId}/members/${benId}`, { role: 'coder' }), ben.patch(`/api/projects/${projectId}/members/${anaId}`, { role: 'viewer' })]);
    // One is done; the other is refused: the last owner stays (409), or its sender is no owner any more (403).
    expect(demotions.map((r) => r.status).sort()).toSatisfy((statuses: number[]) => statuses[0] === 200 && [403, 409].includes(statuses[1]!));
    expect(await owners()).toHaveLength(1);

    await admin.patch(`/api/projects/${projectId}/members/${anaId}`, { role: 'owner' });
    await admin.patch(`/api/projects/${projectId}/members/${benId}`, { role: 'owner' });
    const leaving = await Promise.all([ana.delete(`/api/projects/${projectId}/members/${anaId}`), ben.delete(`/api/projects/${projectId}/members/${benId}`)]);
    expect(leaving.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(leaving.find((r) => r.status === 409)?.body.error.message).toMatch(/at least one owner/);
    expect(await owners()).toHaveLength(1);
  });

  it('two sign-ups at the same moment on an empty server make one administrator', async () => {
    const server = await start();
    const responses = await Promise.all([signUp(server, 'first@example.org'), signUp(server, 'also-first@example.org')]);
    expect(responses.map((r) => r.status)).toEqual([201, 201]);
    expect(responses.map((r) => r.body.user.isAdmin).sort()).toEqual([false, true]);
  });

  it('with sign-up closed, lets in only one of two people signing up at once as the first account', async () => {
    const server = await start({ SIGNUP: 'closed' });
    const responses = await Promise.all([signUp(server, 'first@example.org'), signUp(server, 'also-first@example.org')]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 403]);
    expect(responses.find((r) => r.status === 201)?.body.user.isAdmin).toBe(true);
    expect(responses.find((r) => r.status === 403)?.body.error.message).toMatch(/closed/);
  });

  it('lets one of several people racing for a one-use invite in', async () => {
    const server = await start();
    const owner = new ApiClient(server.httpUrl);
    await owner.signIn('pi@example.org');
    const projectId = (await owner.post('/api/projects', { name: 'One place' })).body.id as string;
    const { code } = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder', maxUses: 1 })).body as { code: string };
    const people = Array.from({ length: 4 }, () => new ApiClient(server.httpUrl));
    for (const [i, person] of people.entries()) await person.signIn(`person${i}@example.org`);
    const statuses = (await Promise.all(people.map((p) => p.post(`/api/invites/${code}/accept`)))).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409, 409, 409]);
    expect(((await owner.get(`/api/projects/${projectId}/members`)).body as unknown[]).length).toBe(2);
  });
});

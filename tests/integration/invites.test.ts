import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let owner: ApiClient;
let projectId: string;
beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  projectId = (await owner.post('/api/projects', { name: 'Invites' })).body.id;
});
afterAll(async () => {
  await server?.close();
});

describe('invites', () => {
  it('previews an invite without an account, and says when it is used up', async () => {
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body;
    const anonymous = new ApiClient(server.httpUrl);
    expect((await anonymous.get(`/api/invites/${invite.code}`)).body).toMatchObject({ projectName: 'Invites', role: 'coder', usable: true });
    const joiner = new ApiClient(server.httpUrl);
    await joiner.signIn('joiner@example.org');
    expect((await joiner.post(`/api/invites/${invite.code}/accept`)).status).toBe(200);
    expect((await anonymous.get(`/api/invites/${invite.code}`)).body).toMatchObject({ usable: false, usedUp: true });
    const late = new ApiClient(server.httpUrl);
    await late.signIn('late@example.org');
    expect((await late.post(`/api/invites/${invite.code}/accept`)).status).toBe(409);
    expect((await anonymous.get('/api/invites/inv_unknown')).status).toBe(404);
  });

  it('lists open invites for owners and withdraws one, after which it no longer works', async () => {
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'viewer', maxUses: 5 })).body;
    const listed = (await owner.get(`/api/projects/${projectId}/invites`)).body;
    expect(listed.map((i: any) => i.role)).toContain('viewer');
    expect(JSON.stringify(listed)).not.toContain(invite.code); // the list never repeats the secret
    const id = listed.find((i: any) => i.role === 'viewer').id;
    expect((await owner.delete(`/api/projects/${projectId}/invites/${id}`)).status).toBe(204);
    const someone = new ApiClient(server.httpUrl);
    await someone.signIn('someone@example.org');
    expect((await someone.post(`/api/invites/${invite.code}/accept`)).status).toBe(404);
  });

  it('creates a demo project owned by the caller', async () => {
    const created = await owner.post('/api/demo');
    expect(created.status).toBe(201);
    const documents = (await owner.get(`/api/projects/${created.body.projectId}/documents`)).body;
    expect(documents.length).toBe(5);
    const members = (await owner.get(`/api/projects/${created.body.projectId}/members`)).body;
    expect(members.map((m: any) => m.role).sort()).toEqual(['coder', 'coder', 'owner']);
  });
});

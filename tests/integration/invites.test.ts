import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/auth/secret-token.ts';
import { ApiClient } from '../support/api-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let owner: ApiClient;
let ownerId: string;
let projectId: string;
beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  ownerId = await owner.signIn('pi@example.org', 'PI');
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

  it('tells a signed-in member previewing a link that they are in, unless accepting would raise their role', async () => {
    const viewerInvite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'viewer', maxUses: 2 })).body;
    const coderInvite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body;
    const member = new ApiClient(server.httpUrl);
    await member.signIn('member@example.org');
    expect((await member.get(`/api/invites/${viewerInvite.code}`)).body.joined).toBeNull();
    await member.post(`/api/invites/${viewerInvite.code}/accept`);
    expect((await member.get(`/api/invites/${viewerInvite.code}`)).body.joined).toEqual({ projectId, role: 'viewer' });
    expect((await member.get(`/api/invites/${coderInvite.code}`)).body.joined).toBeNull();
    expect((await new ApiClient(server.httpUrl).get(`/api/invites/${viewerInvite.code}`)).body.joined).toBeNull();
  });

  it('refuses an expired invite that still has uses left, and its preview says it expired', async () => {
    // Made through the store: the API refuses to create an invite that is already expired.
    const code = 'inv_expired-but-unused';
    await server.directory.createInvite({ codeHash: hashSecret(code), projectId, role: 'coder', maxUses: 5, expiresAt: new Date(Date.now() - 60_000).toISOString(), createdBy: ownerId });
    expect((await new ApiClient(server.httpUrl).get(`/api/invites/${code}`)).body).toMatchObject({ usable: false, expired: true, usedUp: false });
    const latecomer = new ApiClient(server.httpUrl);
    const latecomerId = await latecomer.signIn('latecomer@example.org');
    const refused = await latecomer.post(`/api/invites/${code}/accept`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/expired/);
    const members = (await owner.get(`/api/projects/${projectId}/members`)).body;
    expect(members.map((m: any) => m.userId)).not.toContain(latecomerId);
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
    expect(documents.length).toBe(17);
    const members = (await owner.get(`/api/projects/${created.body.projectId}/members`)).body;
    expect(members.map((m: any) => m.role).sort()).toEqual(['coder', 'coder', 'owner']);
  });
});

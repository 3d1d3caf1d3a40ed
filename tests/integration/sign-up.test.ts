import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/auth/secret-token.ts';
import { ApiClient } from '../support/api-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Who may create an account: SIGNUP=open|invite|closed, and at most SIGNUP_MAX_PER_ADDRESS per hour. */
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(env: Record<string, string> = {}) {
  const server = await startTestServer({ env });
  servers.push(server);
  return server;
}

const password = 'a long enough password';
/** Signs up as a browser would; `from` names the client address (the servers trust one proxy hop). */
function signUp(server: TestServer, email: string, extra: Record<string, unknown> = {}, from = '198.51.100.1') {
  const client = new ApiClient(server.httpUrl);
  return client.request('POST', '/api/auth/signup', { email, password, name: email.split('@')[0], ...extra }, { 'x-forwarded-for': from }).then((response) => ({ ...response, client }));
}

/** The first account (the administrator) with a project and a coder invite for it. */
async function ownerWithInvite(server: TestServer, options: { maxUses?: number } = {}) {
  const owner = (await signUp(server, 'admin@example.org')).client;
  const projectId = (await owner.post('/api/projects', { name: 'Invited study' })).body.id as string;
  const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder', maxUses: options.maxUses ?? 1 })).body;
  return { owner, ownerId: (await owner.get('/api/me')).body.user.id as string, projectId, code: invite.code as string };
}

describe('sign-up throttling', () => {
  it('allows SIGNUP_MAX_PER_ADDRESS sign-ups per address per hour, then 429 for that address only', async () => {
    const server = await start({ TRUST_PROXY: '1', SIGNUP_MAX_PER_ADDRESS: '3' });
    for (let i = 1; i <= 3; i++) expect((await signUp(server, `bulk${i}@example.org`, {}, '203.0.113.5')).status).toBe(201);
    const throttled = await signUp(server, 'bulk4@example.org', {}, '203.0.113.5');
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('rateLimited');
    expect((await signUp(server, 'elsewhere@example.org', {}, '198.51.100.20')).status).toBe(201);
  });
});

describe('SIGNUP=open (the default)', () => {
  it('lets anyone sign up, and says so to the sign-up page', async () => {
    const server = await start({ TRUST_PROXY: '1' });
    expect((await new ApiClient(server.httpUrl).get('/api/auth/options')).body).toEqual({ signup: 'open', firstAccount: true });
    expect((await signUp(server, 'first@example.org')).body.user.isAdmin).toBe(true);
    expect((await signUp(server, 'second@example.org')).status).toBe(201);
    expect((await new ApiClient(server.httpUrl).get('/api/auth/options')).body).toEqual({ signup: 'open', firstAccount: false });
  });

  it('joins the invite’s project when the sign-up carries an invite code', async () => {
    const server = await start({ TRUST_PROXY: '1' });
    const { owner, projectId, code } = await ownerWithInvite(server);
    const joined = await signUp(server, 'coder@example.org', { inviteCode: code });
    expect(joined.status).toBe(201);
    expect(joined.body.joined).toEqual({ projectId, role: 'coder' });
    const members = (await owner.get(`/api/projects/${projectId}/members`)).body;
    expect(members.find((m: any) => m.userId === joined.body.user.id)?.role).toBe('coder');
  });

  it('says which field is missing in words a person would use', async () => {
    const server = await start({ TRUST_PROXY: '1' });
    const empty = await new ApiClient(server.httpUrl).post('/api/auth/signup', { name: '', email: '', password: '' });
    expect(empty.status).toBe(422);
    expect(empty.body.error).toEqual({ code: 'validation', message: 'Enter your name', field: 'name' });
    const noEmail = await new ApiClient(server.httpUrl).post('/api/auth/signup', { name: 'Ana', email: ' ', password: '' });
    expect(noEmail.body.error).toEqual({ code: 'validation', message: 'Enter your email address', field: 'email' });
    const noPassword = await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'ana@example.org', password: '' });
    expect(noPassword.body.error).toEqual({ code: 'validation', message: 'Enter your password', field: 'password' });
  });
});

describe('SIGNUP=invite', () => {
  it('lets the first account on an empty server sign up without an invite', async () => {
    const server = await start({ TRUST_PROXY: '1', SIGNUP: 'invite' });
    expect((await new ApiClient(server.httpUrl).get('/api/auth/options')).body).toEqual({ signup: 'invite', firstAccount: true });
    const first = await signUp(server, 'admin@example.org');
    expect(first.status).toBe(201);
    expect(first.body.user.isAdmin).toBe(true);
    expect((await new ApiClient(server.httpUrl).get('/api/auth/options')).body).toEqual({ signup: 'invite', firstAccount: false });
  });

  it('refuses a sign-up without an invite code, or with one that does not exist', async () => {
    const server = await start({ TRUST_PROXY: '1', SIGNUP: 'invite' });
    await ownerWithInvite(server);
    const without = await signUp(server, 'stranger@example.org');
    expect(without.status).toBe(403);
    expect(without.body.error.message).toMatch(/invite link/);
    expect((await signUp(server, 'stranger@example.org', { inviteCode: 'inv_made_up' })).status).toBe(404);
    // No account was made: the email is still free (and a failed sign-in proves it has no password).
    expect((await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'stranger@example.org', password })).status).toBe(401);
  });

  it('creates the account and joins the project with a valid invite, spending one use', async () => {
    const server = await start({ TRUST_PROXY: '1', SIGNUP: 'invite' });
    const { owner, projectId, code } = await ownerWithInvite(server);
    const joined = await signUp(server, 'coder@example.org', { inviteCode: code });
    expect(joined.status).toBe(201);
    expect(joined.body.joined).toEqual({ projectId, role: 'coder' });
    expect((await joined.client.get('/api/projects')).body.map((p: any) => p.id)).toEqual([projectId]);
    expect((await owner.get(`/api/invites/${code}`)).body).toMatchObject({ usable: false, usedUp: true });
    // The single use is spent: nobody else gets in with it.
    const late = await signUp(server, 'late@example.org', { inviteCode: code });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/used up/);
    expect((await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'late@example.org', password })).status).toBe(401);
  });

  it('refuses an expired invite, even with uses left', async () => {
    const server = await start({ TRUST_PROXY: '1', SIGNUP: 'invite' });
    const { ownerId, projectId } = await ownerWithInvite(server);
    const code = 'inv_expired-for-sign-up';
    await server.directory.createInvite({ codeHash: hashSecret(code), projectId, role: 'coder', maxUses: 5, expiresAt: new Date(Date.now() - 60_000).toISOString(), createdBy: ownerId });
    const refused = await signUp(server, 'tardy@example.org', { inviteCode: code });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/expired/);
    // Refused before the account was made, not after.
    expect((await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'tardy@example.org', password })).status).toBe(401);
  });
});

describe('SIGNUP=closed', () => {
  it('allows only the very first account, which administers the server', async () => {
    const server = await start({ TRUST_PROXY: '1', SIGNUP: 'closed' });
    expect((await new ApiClient(server.httpUrl).get('/api/auth/options')).body).toEqual({ signup: 'closed', firstAccount: true });
    const first = await signUp(server, 'admin@example.org');
    expect(first.status).toBe(201);
    expect(first.body.user.isAdmin).toBe(true);
    const second = await signUp(server, 'second@example.org');
    expect(second.status).toBe(403);
    expect(second.body.error.message).toMatch(/closed/);
    // Not even with an invite.
    const projectId = (await first.client.post('/api/projects', { name: 'P' })).body.id;
    const code = (await first.client.post(`/api/projects/${projectId}/invites`, { role: 'viewer' })).body.code;
    expect((await signUp(server, 'invited@example.org', { inviteCode: code })).status).toBe(403);
    expect((await new ApiClient(server.httpUrl).get('/api/auth/options')).body).toEqual({ signup: 'closed', firstAccount: false });
  });
});

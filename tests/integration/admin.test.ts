import { afterEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import { hashSecret } from '../../server/auth/secret-token.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Administration (docs/api.md, "Administration"): the admin-only routes and their one guard, the
 * sign-up mode changed at runtime, one-time password-reset links, removing an account (its
 * sessions, tokens and open sockets end at once) and `PATCH /api/me` — over real HTTP, real
 * SQLite and stock y-websocket clients.
 */
const password = 'a long enough password';
const servers: TestServer[] = [];
const providers: { destroy(): void }[] = [];
afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: { env?: Record<string, string>; dataDir?: string } = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/** A person with a browser-style session (cookie + CSRF token); the first one is the administrator. */
async function person(server: TestServer, email: string, name = email.split('@')[0]!): Promise<{ api: ApiClient; id: string }> {
  const api = new ApiClient(server.httpUrl);
  const id = await api.signIn(email, name, password);
  return { api, id };
}

/** The administrator, and Ana, a coder in the administrator's project. */
async function team(server: TestServer) {
  const admin = await person(server, 'admin@example.org', 'Ada Admin');
  const ana = await person(server, 'ana@example.org', 'Ana Alves');
  const projectId = (await admin.api.post('/api/projects', { name: 'Study' })).body.id as string;
  const code = (await admin.api.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code as string;
  expect((await ana.api.post(`/api/invites/${code}/accept`)).status).toBe(200);
  return { admin, ana, projectId };
}

/** A stock y-websocket provider signed in by a session cookie (as a browser's is), with a promise of its close code. */
function sessionSocket(server: TestServer, room: string, cookie: string): { provider: WebsocketProvider; closed: Promise<number> } {
  const client = createSyncClient(server.syncUrl, room, { cookie });
  providers.push(client);
  return { provider: client.provider, closed: closeCode(client.provider) };
}

function tokenSocket(server: TestServer, room: string, token: string): { client: SyncClient; closed: Promise<number> } {
  const client = createSyncClient(server.syncUrl, room, { token });
  providers.push(client);
  return { client, closed: closeCode(client.provider) };
}

/** The code the server closes the socket with; the provider then stops reconnecting. */
function closeCode(provider: WebsocketProvider): Promise<number> {
  return new Promise((resolve) => {
    provider.on('connection-close', (event) => {
      provider.shouldConnect = false;
      resolve(event?.code ?? -1);
    });
  });
}

const waitSynced = (provider: WebsocketProvider) => waitForSynced({ provider } as SyncClient);

describe('the admin routes', () => {
  it('answer 403 to everyone but the administrator, 401 when signed out, and change nothing for them', async () => {
    const server = await start();
    const { admin, ana } = await team(server);
    const anaToken = new ApiClient(server.httpUrl, (await ana.api.post('/api/tokens', { name: 'script' })).body.token);
    const routes: [method: string, path: string, body?: unknown][] = [
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/settings'],
      ['PATCH', '/api/admin/settings', { signup: 'closed' }],
      ['GET', `/api/admin/users/${admin.id}/deletion`],
      ['POST', `/api/admin/users/${admin.id}/password-reset`, {}],
      ['DELETE', `/api/admin/users/${admin.id}`],
    ];
    for (const [method, path, body] of routes) {
      for (const caller of [ana.api, anaToken]) {
        const response = await caller.request(method, path, body);
        expect([method, path, response.status, response.body?.error?.code]).toEqual([method, path, 403, 'forbidden']);
      }
      expect((await new ApiClient(server.httpUrl).request(method, path, body)).status).toBe(401);
    }
    expect((await admin.api.get('/api/admin/settings')).body.signup).toBe('open');
    expect((await admin.api.get('/api/me')).status).toBe(200);
    expect((await admin.api.post('/api/auth/login', { email: 'admin@example.org', password })).status).toBe(200);
  });

  it('let the administrator’s account (session or API token) and the administrator token in', async () => {
    const server = await start();
    const { admin } = await team(server);
    const adminToken = new ApiClient(server.httpUrl, (await admin.api.post('/api/tokens', { name: 'admin script' })).body.token);
    for (const caller of [admin.api, adminToken, ApiClient.admin(server.httpUrl)]) {
      expect((await caller.get('/api/admin/users')).status).toBe(200);
      expect((await caller.get('/api/admin/settings')).status).toBe(200);
    }
  });

  it('list every account with its projects and last sign-in, never a password or hash', async () => {
    const server = await start();
    const { admin, ana } = await team(server);
    const before = Date.now();
    expect((await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'ana@example.org', password })).status).toBe(200);
    const response = await admin.api.get('/api/admin/users');
    expect(response.status).toBe(200);
    expect(response.body.users.map((u: any) => [u.id, u.name, u.email, u.isAdmin, u.projectCount])).toEqual([
      [admin.id, 'Ada Admin', 'admin@example.org', true, 1],
      [ana.id, 'Ana Alves', 'ana@example.org', false, 1],
    ]);
    const anaRow = response.body.users[1];
    expect(Date.parse(anaRow.lastSignInAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(typeof anaRow.createdAt).toBe('string');
    expect(JSON.stringify(response.body)).not.toMatch(/scrypt|passwordHash|password_hash/);
  });
});

describe('the sign-up mode, changed at runtime', () => {
  it('closes sign-up at once, opens it again, and survives a restart', async () => {
    const dataDir = (await start()).dataDir;
    let server = servers[0]!;
    const { admin } = await team(server);
    const closed = await admin.api.patch('/api/admin/settings', { signup: 'closed' });
    expect(closed.body).toEqual({ signup: 'closed', signupSource: 'admin', signupDefault: 'open' });
    expect((await new ApiClient(server.httpUrl).get('/api/auth/options')).body).toEqual({ signup: 'closed', firstAccount: false });
    const refused = await new ApiClient(server.httpUrl).post('/api/auth/signup', { name: 'Ben', email: 'ben@example.org', password });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect((await admin.api.get('/api/admin/users')).body.users).toHaveLength(2);

    // The administrator's choice is stored: it still holds after a restart.
    await server.close();
    servers.splice(0);
    server = await start({ dataDir });
    expect((await new ApiClient(server.httpUrl).post('/api/auth/signup', { name: 'Ben', email: 'ben@example.org', password })).status).toBe(403);

    const adminAgain = new ApiClient(server.httpUrl);
    expect((await adminAgain.post('/api/auth/login', { email: 'admin@example.org', password })).status).toBe(200);
    expect((await adminAgain.patch('/api/admin/settings', { signup: 'open' })).body.signup).toBe('open');
    expect((await new ApiClient(server.httpUrl).post('/api/auth/signup', { name: 'Ben', email: 'ben@example.org', password })).status).toBe(201);
  });

  it('wins over SIGNUP while set, and clearing it follows SIGNUP again', async () => {
    const server = await start({ env: { SIGNUP: 'invite' } });
    // The first account needs no invite.
    const admin = await person(server, 'admin@example.org', 'Ada Admin');
    expect((await admin.api.get('/api/admin/settings')).body).toEqual({ signup: 'invite', signupSource: 'environment', signupDefault: 'invite' });
    expect((await new ApiClient(server.httpUrl).post('/api/auth/signup', { name: 'Ben', email: 'ben@example.org', password })).status).toBe(403);
    await admin.api.patch('/api/admin/settings', { signup: 'open' });
    expect((await new ApiClient(server.httpUrl).post('/api/auth/signup', { name: 'Ben', email: 'ben@example.org', password })).status).toBe(201);
    expect((await admin.api.patch('/api/admin/settings', { signup: null })).body).toEqual({ signup: 'invite', signupSource: 'environment', signupDefault: 'invite' });
    expect((await new ApiClient(server.httpUrl).post('/api/auth/signup', { name: 'Cy', email: 'cy@example.org', password })).status).toBe(403);
  });

  it('refuses a mode that does not exist', async () => {
    const server = await start();
    const { admin } = await team(server);
    for (const signup of ['shut', 1, undefined]) {
      const response = await admin.api.patch('/api/admin/settings', signup === undefined ? {} : { signup });
      expect([response.status, response.body.error.field]).toEqual([422, 'signup']);
    }
  });
});

describe('a password-reset link', () => {
  it('sets a new password once, ends every session of the account and closes their sockets', async () => {
    const server = await start();
    const { admin, ana, projectId } = await team(server);
    const otherBrowser = new ApiClient(server.httpUrl);
    await otherBrowser.signIn('ana@example.org', 'Ana Alves', password);
    const socket = sessionSocket(server, `project:${projectId}`, ana.api.sessionCookie!);
    await waitSynced(socket.provider);

    const link = await admin.api.post(`/api/admin/users/${ana.id}/password-reset`);
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(new RegExp(`^${server.httpUrl}/reset/rst_[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(link.body.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600 * 1000);
    const secret = (link.body.url as string).split('/reset/')[1]!;
    // Stored only as its hash.
    expect(await server.directory.findPasswordReset(hashSecret(secret))).toMatchObject({ userId: ana.id, createdBy: admin.id });

    const visitor = new ApiClient(server.httpUrl);
    expect((await visitor.get(`/api/password-reset/${secret}`)).body).toEqual({ name: 'Ana Alves', email: 'ana@example.org', expiresAt: link.body.expiresAt });
    // Validated like sign-up; a refused password does not use the link up.
    const short = await visitor.post(`/api/password-reset/${secret}`, { password: 'short' });
    expect([short.status, short.body.error.field]).toEqual([422, 'password']);
    expect((await visitor.post(`/api/password-reset/${secret}`, {})).body.error).toEqual({ code: 'validation', message: 'Enter a new password', field: 'password' });

    const done = await visitor.post(`/api/password-reset/${secret}`, { password: 'a brand new password' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ email: 'ana@example.org', endedSessions: 2 });
    expect(await socket.closed).toBe(4401);
    expect((await ana.api.get('/api/me')).status).toBe(401);
    expect((await otherBrowser.get('/api/me')).status).toBe(401);

    // Once only.
    const again = await visitor.post(`/api/password-reset/${secret}`, { password: 'yet another password' });
    expect([again.status, again.body.error.message]).toEqual([404, expect.stringContaining('already used')]);
    expect((await visitor.get(`/api/password-reset/${secret}`)).status).toBe(404);
    expect((await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'ana@example.org', password })).status).toBe(401);
    expect((await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'ana@example.org', password: 'a brand new password' })).status).toBe(200);
  });

  it('stops working when it expires, changing nothing', async () => {
    const server = await start();
    const { ana } = await team(server);
    // Written through the store as the server writes links, but already past its 24 hours.
    const secret = 'rst_expired-link-secret-for-the-test';
    const createdAt = new Date(Date.now() - 25 * 3600 * 1000);
    await server.directory.createPasswordReset({ id: 'r-expired', userId: ana.id, secretHash: hashSecret(secret), createdBy: null, createdAt: createdAt.toISOString(), expiresAt: new Date(createdAt.getTime() + 24 * 3600 * 1000).toISOString() });
    const visitor = new ApiClient(server.httpUrl);
    const preview = await visitor.get(`/api/password-reset/${secret}`);
    expect([preview.status, preview.body.error.message]).toEqual([404, expect.stringContaining('expired')]);
    expect((await visitor.post(`/api/password-reset/${secret}`, { password: 'a brand new password' })).status).toBe(404);
    expect((await ana.api.get('/api/me')).status).toBe(200);
    expect((await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'ana@example.org', password })).status).toBe(200);
  });

  it('is replaced by a newer link for the same account', async () => {
    const server = await start();
    const { admin, ana } = await team(server);
    const older = (await admin.api.post(`/api/admin/users/${ana.id}/password-reset`)).body.url.split('/reset/')[1];
    const newer = (await admin.api.post(`/api/admin/users/${ana.id}/password-reset`)).body.url.split('/reset/')[1];
    expect((await new ApiClient(server.httpUrl).post(`/api/password-reset/${older}`, { password: 'a brand new password' })).status).toBe(404);
    expect((await new ApiClient(server.httpUrl).post(`/api/password-reset/${newer}`, { password: 'a brand new password' })).status).toBe(200);
  });

  it('is throttled per client address with sign-in: links that do not work count as failures', async () => {
    const server = await start({ env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '3' } });
    const { admin, ana } = await team(server);
    const secret = (await admin.api.post(`/api/admin/users/${ana.id}/password-reset`)).body.url.split('/reset/')[1];
    const visitor = new ApiClient(server.httpUrl);
    for (let i = 0; i < 3; i++) expect((await visitor.post(`/api/password-reset/rst_guess${i}`, { password: 'a brand new password' })).status).toBe(404);
    const throttled = await visitor.post(`/api/password-reset/${secret}`, { password: 'a brand new password' });
    expect([throttled.status, throttled.body.error.code]).toEqual([429, 'rateLimited']);
    expect((await visitor.get(`/api/password-reset/${secret}`)).status).toBe(429);
  });

  it('is refused when the administrator asks for an account that does not exist, and from another site', async () => {
    const server = await start();
    const { admin, ana } = await team(server);
    expect((await admin.api.post('/api/admin/users/nobody/password-reset')).status).toBe(404);
    const secret = (await admin.api.post(`/api/admin/users/${ana.id}/password-reset`)).body.url.split('/reset/')[1];
    const crossSite = await new ApiClient(server.httpUrl).request('POST', `/api/password-reset/${secret}`, { password: 'a brand new password' }, { origin: 'https://elsewhere.example' });
    expect([crossSite.status, crossSite.body.error.code]).toEqual([403, 'csrf']);
  });
});

describe('removing an account', () => {
  it('deletes it, closes its open sockets at once and revokes its sessions and API tokens', async () => {
    const server = await start();
    const { admin, ana, projectId } = await team(server);
    const token = (await ana.api.post('/api/tokens', { name: 'script' })).body.token as string;
    const byToken = tokenSocket(server, `project:${projectId}`, token);
    const bySession = sessionSocket(server, `project:${projectId}`, ana.api.sessionCookie!);
    await Promise.all([waitForSynced(byToken.client), waitSynced(bySession.provider)]);

    const preview = await admin.api.get(`/api/admin/users/${ana.id}/deletion`);
    expect(preview.body).toEqual({ projects: [], codings: { documentCount: 0, projectCount: 0 }, blockers: [] });
    expect((await admin.api.delete(`/api/admin/users/${ana.id}`)).status).toBe(204);

    expect(await byToken.closed).toBe(4401);
    expect(await bySession.closed).toBe(4401);
    expect((await ana.api.get('/api/me')).status).toBe(401);
    expect((await new ApiClient(server.httpUrl, token).get('/api/me')).status).toBe(401);
    expect((await admin.api.get('/api/admin/users')).body.users.map((u: any) => u.id)).toEqual([admin.id]);
    expect((await admin.api.get(`/api/projects/${projectId}/members`)).body.map((m: any) => m.userId)).toEqual([admin.id]);
    expect((await admin.api.delete(`/api/admin/users/${ana.id}`)).status).toBe(404);
  });

  it('takes the projects where the account is the only member, as the preview says', async () => {
    const server = await start();
    const { admin, ana } = await team(server);
    const solo = (await ana.api.post('/api/projects', { name: 'Ana’s pilot' })).body.id as string;
    await ana.api.post(`/api/projects/${solo}/documents`, { name: 'P01', text: 'Participant: hello.' });
    const preview = await admin.api.get(`/api/admin/users/${ana.id}/deletion`);
    expect(preview.body.projects).toEqual([{ id: solo, name: 'Ana’s pilot', documentCount: 1 }]);
    expect((await admin.api.delete(`/api/admin/users/${ana.id}`)).status).toBe(204);
    expect((await ApiClient.admin(server.httpUrl).get(`/api/projects/${solo}`)).status).toBe(404);
  });

  it('is refused (409) while the account is the last owner of a project with other members', async () => {
    const server = await start();
    const { admin, ana } = await team(server);
    const shared = (await ana.api.post('/api/projects', { name: 'Ana’s study' })).body.id as string;
    const code = (await ana.api.post(`/api/projects/${shared}/invites`, { role: 'viewer' })).body.code;
    await admin.api.post(`/api/invites/${code}/accept`);
    const preview = await admin.api.get(`/api/admin/users/${ana.id}/deletion`);
    expect(preview.body.blockers).toEqual([{ id: shared, name: 'Ana’s study', memberCount: 2 }]);
    const refused = await admin.api.delete(`/api/admin/users/${ana.id}`);
    expect([refused.status, refused.body.error.message]).toEqual([409, 'Ana Alves is the only owner of “Ana’s study”, which has other members: Ana Alves must make someone else owner first, or delete it.']);
    expect((await ana.api.get('/api/me')).status).toBe(200);
  });

  it('is refused for the administrator’s own account', async () => {
    const server = await start();
    const { admin } = await team(server);
    const refused = await admin.api.delete(`/api/admin/users/${admin.id}`);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect((await admin.api.get('/api/me')).status).toBe(200);
  });
});

describe('PATCH /api/me', () => {
  it('changes the name and the email; the new email signs in', async () => {
    const server = await start();
    const { ana } = await team(server);
    const changed = await ana.api.patch('/api/me', { name: '  Ana Alves-Silva ', email: ' Ana.Silva@Example.org ' });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ id: ana.id, name: 'Ana Alves-Silva', email: 'ana.silva@example.org', isAdmin: false });
    expect((await ana.api.get('/api/me')).body.user.name).toBe('Ana Alves-Silva');
    expect((await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'ana.silva@example.org', password })).status).toBe(200);
    expect((await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'ana@example.org', password })).status).toBe(401);
  });

  it('validates each field and refuses an email another account has (409)', async () => {
    const server = await start();
    const { ana } = await team(server);
    const cases: [body: Record<string, unknown>, status: number, field: string][] = [
      [{ email: 'not an email' }, 422, 'email'],
      [{ email: '' }, 422, 'email'],
      [{ name: '   ' }, 422, 'name'],
      [{ name: 'x'.repeat(101) }, 422, 'name'],
      [{ email: `${'x'.repeat(250)}@example.org` }, 422, 'email'],
      [{ name: 42 }, 422, 'name'],
      [{}, 422, 'name'],
      [{ email: 'ADMIN@example.org' }, 409, 'email'],
    ];
    for (const [body, status, field] of cases) {
      const response = await ana.api.patch('/api/me', body);
      expect([JSON.stringify(body).slice(0, 40), response.status, response.body.error.field]).toEqual([JSON.stringify(body).slice(0, 40), status, field]);
    }
    expect((await ana.api.get('/api/me')).body.user).toMatchObject({ name: 'Ana Alves', email: 'ana@example.org' });
  });

  it('needs the session’s CSRF token, and a person (not the administrator token)', async () => {
    const server = await start();
    const { ana } = await team(server);
    const noCsrf = await ana.api.request('PATCH', '/api/me', { name: 'Mallory' }, { 'x-csrf-token': '' });
    expect([noCsrf.status, noCsrf.body.error.code]).toEqual([403, 'csrf']);
    expect((await ApiClient.admin(server.httpUrl).patch('/api/me', { name: 'Robot' })).status).toBe(403);
    expect((await ana.api.get('/api/me')).body.user.name).toBe('Ana Alves');
  });
});

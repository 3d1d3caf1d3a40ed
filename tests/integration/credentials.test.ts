import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const servers: TestServer[] = [];
const clients: SyncClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/** A project with an owner and a coder; the coder holds an API token. */
async function projectWithCoder(server: TestServer) {
  const owner = new ApiClient(server.httpUrl);
  await owner.signIn('owner@example.org', 'Owner');
  const coderSession = new ApiClient(server.httpUrl);
  const coderId = await coderSession.signIn('coder@example.org', 'Coder');
  const token = (await coderSession.post('/api/tokens', { name: 'socket' })).body;
  const projectId = (await owner.post('/api/projects', { name: 'P' })).body.id;
  const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'D', text: 'Some text.' })).body.id;
  const code = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
  await coderSession.post(`/api/invites/${code}/accept`);
  return { owner, coderSession, coderId, token: token.token as string, tokenId: token.id as string, projectId, documentId };
}

function openWatched(server: TestServer, room: string, token: string) {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  const closes: number[] = [];
  client.provider.on('connection-close', (event) => closes.push(event?.code ?? -1));
  return { client, closes };
}

describe('live sockets follow credential and membership changes', () => {
  it('closes a socket within a second when its API token is revoked', async () => {
    const server = await start();
    const setup = await projectWithCoder(server);
    const { client, closes } = openWatched(server, `layer:${setup.projectId}:${setup.documentId}:${setup.coderId}`, setup.token);
    await waitFor(() => client.provider.synced);
    const revokedAt = Date.now();
    expect((await setup.coderSession.delete(`/api/tokens/${setup.tokenId}`)).status).toBe(204);
    await waitFor(() => closes.includes(4401), 1000, 'the socket to close with 4401');
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    // And the token no longer opens anything.
    expect((await new ApiClient(server.httpUrl, setup.token).get('/api/projects')).status).toBe(401);
  });

  it('closes a removed member’s sockets within a second, and makes a demoted member read-only', async () => {
    const server = await start();
    const setup = await projectWithCoder(server);
    const layer = openWatched(server, `layer:${setup.projectId}:${setup.documentId}:${setup.coderId}`, setup.token);
    const project = openWatched(server, `project:${setup.projectId}`, setup.token);
    await waitFor(() => layer.client.provider.synced && project.client.provider.synced);

    // Demote to viewer: the codebook socket stays open but stops accepting writes.
    await setup.owner.patch(`/api/projects/${setup.projectId}/members/${setup.coderId}`, { role: 'viewer' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    project.client.doc.getMap('codebook').set('sneaky', 'edit');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stored = await server.store.loadUpdates(`project:${setup.projectId}`);
    expect(stored.updates).toHaveLength(0);

    const removedAt = Date.now();
    await setup.owner.delete(`/api/projects/${setup.projectId}/members/${setup.coderId}`);
    await waitFor(() => layer.closes.includes(4403) && project.closes.includes(4403), 1000, 'both sockets to close with 4403');
    expect(Date.now() - removedAt).toBeLessThan(1000);
  });

  it('closes sockets of a browser session when it signs out', async () => {
    const server = await start();
    const setup = await projectWithCoder(server);
    // A cookie-authenticated socket, as the browser opens it (same origin, no token).
    const WebSocket = (await import('ws')).default;
    const socket = new WebSocket(`${server.syncUrl}/project:${setup.projectId}`, { headers: { cookie: setup.coderSession.sessionCookie! } });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.on('open', resolve));
    await setup.coderSession.post('/api/auth/logout');
    expect(await closed).toBe(4401);
  });
});

describe('sign-in protection', () => {
  it('limits failed logins per email with 429, also for the right password once locked', async () => {
    const server = await start({ env: { LOGIN_MAX_FAILURES: '3' } });
    const client = new ApiClient(server.httpUrl);
    await client.signIn('target@example.org', 'Target', 'the right password!');
    const attempt = (password: string) => new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'target@example.org', password });
    expect((await attempt('wrong password 1')).status).toBe(401);
    expect((await attempt('wrong password 2')).status).toBe(401);
    expect((await attempt('wrong password 3')).status).toBe(401);
    const locked = await attempt('the right password!');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rateLimited');
  });

  it('refuses cookie-authenticated changes without the CSRF token, and cross-site sign-ins', async () => {
    const server = await start();
    const client = new ApiClient(server.httpUrl);
    await client.signIn('csrf@example.org');
    const without = await client.request('POST', '/api/projects', { name: 'x' }, { 'x-csrf-token': '' });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('csrf');
    expect((await client.post('/api/projects', { name: 'with token' })).status).toBe(201);
    const crossSite = await new ApiClient(server.httpUrl).request('POST', '/api/auth/login', { email: 'csrf@example.org', password: 'a long enough password' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    // A cookie socket opened from another site is refused too.
    const WebSocket = (await import('ws')).default;
    const projectId = (await client.get('/api/projects')).body[0].id;
    const socket = new WebSocket(`${server.syncUrl}/project:${projectId}`, { headers: { cookie: client.sessionCookie!, origin: 'https://evil.example' } });
    expect(await new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)))).toBe(4403);
  });

  it('never shows a password or its hash in any API response or log line', async () => {
    const lines: string[] = [];
    const server = await start({ logSink: (line) => lines.push(line) });
    const password = 'my very secret passphrase';
    const client = new ApiClient(server.httpUrl);
    const bodies: string[] = [];
    const record = async (response: Promise<{ body: unknown }>) => bodies.push(JSON.stringify((await response).body));
    await record(client.post('/api/auth/signup', { email: 'secret@example.org', password, name: 'Secret' }));
    await record(new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'secret@example.org', password: 'wrong' }));
    await record(client.post('/api/auth/login', { email: 'secret@example.org', password }));
    await record(client.get('/api/me'));
    const projectId = (await client.post('/api/projects', { name: 'P' })).body.id;
    await record(client.get(`/api/projects/${projectId}/members`));
    await record(client.get('/api/projects'));
    await record(client.post('/api/tokens', { name: 't' }));
    await record(client.get('/api/tokens'));
    await record(client.post('/api/auth/password', { currentPassword: password, newPassword: 'another long passphrase' }));
    const everything = [...bodies, ...lines].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain('scrypt$');
    expect(everything).not.toMatch(/passwordHash|password_hash/);
  });
});

import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { hashSecret } from '../../server/auth/secret-token.ts';
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
  // The server's "permission denied" (message type 2), sent the first time a read-only socket writes.
  const denials: string[] = [];
  client.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') onFrames(client, (frame) => frame[0] === 2 && denials.push('read-only'));
  });
  return { client, closes, denials };
}

/** Calls `listener` with every binary frame the server sends on the provider's current socket. */
function onFrames(client: SyncClient, listener: (frame: Uint8Array) => void): () => void {
  const ws = client.provider.ws!;
  const handler = (event: MessageEvent) => listener(new Uint8Array(event.data as ArrayBuffer));
  ws.addEventListener('message', handler);
  return () => ws.removeEventListener('message', handler);
}

/**
 * Sends sync step 1 on the provider's socket and resolves with the server's sync step 2 answer.
 * The server handles a socket's frames in order and sends direct answers only after what came
 * before them is stored, so once this resolves every earlier frame was stored or dropped.
 */
async function roundTrip(client: SyncClient): Promise<void> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, client.doc);
  await new Promise<void>((resolve) => {
    const stop = onFrames(client, (frame) => {
      if (frame[0] !== 0 || frame[1] !== 1) return;
      stop();
      resolve();
    });
    client.provider.ws!.send(encoding.toUint8Array(encoder));
  });
}

async function storedMap(server: TestServer, room: string, name: string): Promise<Y.Map<unknown>> {
  const replica = new Y.Doc();
  for (const update of (await server.store.loadUpdates(room)).updates) Y.applyUpdate(replica, update);
  return replica.getMap(name);
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

    // Demote to viewer: the codebook socket stays open but stops accepting writes. The server
    // says so on the first write it refuses; write until it does (within a second), then check
    // that the refused write was not stored.
    const demotedAt = Date.now();
    await setup.owner.patch(`/api/projects/${setup.projectId}/members/${setup.coderId}`, { role: 'viewer' });
    let attempt = 0;
    await waitFor(
      async () => {
        attempt += 1;
        project.client.doc.getMap('codebook').set(`sneaky-${attempt}`, 'edit');
        await roundTrip(project.client);
        return project.denials.length > 0;
      },
      1000,
      'a write to be refused as read-only',
    );
    expect(Date.now() - demotedAt).toBeLessThan(1000);
    expect((await storedMap(server, `project:${setup.projectId}`, 'codebook')).has(`sneaky-${attempt}`)).toBe(false);
    expect(project.closes).toEqual([]);

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
  it('limits failed logins per account and address with 429, also for the right password once locked', async () => {
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

  // TRUST_PROXY=1: the test requests all come from 127.0.0.1, so each names its client address
  // the way a reverse proxy would, in X-Forwarded-For.
  const loginFrom = (server: TestServer, address: string, email: string, password: string) =>
    new ApiClient(server.httpUrl).request('POST', '/api/auth/login', { email, password }, { 'x-forwarded-for': address });

  it('throttles an attacker’s address without locking the real user out from theirs', async () => {
    const server = await start({ env: { TRUST_PROXY: '1', LOGIN_MAX_FAILURES: '3' } });
    await new ApiClient(server.httpUrl).signIn('target@example.org', 'Target', 'the right password!');
    const attacker = '203.0.113.66';
    for (let i = 1; i <= 3; i++) expect((await loginFrom(server, attacker, 'target@example.org', `guess ${i}`)).status).toBe(401);
    expect((await loginFrom(server, attacker, 'target@example.org', 'guess 4')).status).toBe(429);
    expect((await loginFrom(server, attacker, 'target@example.org', 'the right password!')).status).toBe(429);
    const realUser = await loginFrom(server, '198.51.100.7', 'target@example.org', 'the right password!');
    expect(realUser.status).toBe(200);
    expect(realUser.body.user.email).toBe('target@example.org');
  });

  it('clears an account’s failures from an address when it signs in from there', async () => {
    const server = await start({ env: { TRUST_PROXY: '1', LOGIN_MAX_FAILURES: '3' } });
    await new ApiClient(server.httpUrl).signIn('typo@example.org', 'Typo', 'the right password!');
    const home = '198.51.100.8';
    for (let i = 1; i <= 2; i++) expect((await loginFrom(server, home, 'typo@example.org', `typo ${i}`)).status).toBe(401);
    expect((await loginFrom(server, home, 'typo@example.org', 'the right password!')).status).toBe(200);
    // Three more failures are allowed again before the pair is throttled.
    for (let i = 3; i <= 5; i++) expect((await loginFrom(server, home, 'typo@example.org', `typo ${i}`)).status).toBe(401);
    expect((await loginFrom(server, home, 'typo@example.org', 'typo 6')).status).toBe(429);
  });

  it('limits failures per address across many accounts, and only for that address', async () => {
    const server = await start({ env: { TRUST_PROXY: '1', LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' } });
    const sprayer = '203.0.113.77';
    for (let i = 1; i <= 4; i++) expect((await loginFrom(server, sprayer, `person${i}@example.org`, 'Winter2024!')).status).toBe(401);
    const throttled = await loginFrom(server, sprayer, 'person5@example.org', 'Winter2024!');
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('rateLimited');
    expect((await loginFrom(server, '198.51.100.9', 'person5@example.org', 'Winter2024!')).status).toBe(401);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy adds it, so it cannot dodge the throttle', async () => {
    const server = await start({ env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '3' } });
    for (let i = 1; i <= 3; i++) expect((await loginFrom(server, `203.0.113.${i}`, `spoof${i}@example.org`, 'wrong password')).status).toBe(401);
    // A fourth "address" is the same socket address: throttled.
    expect((await loginFrom(server, '203.0.113.4', 'spoof4@example.org', 'wrong password')).status).toBe(429);
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

describe('credentials that end', () => {
  it('refuses an expired session cookie and forgets the session', async () => {
    const server = await start();
    const userId = await new ApiClient(server.httpUrl).signIn('expiry@example.org');
    const session = async (cookieValue: string, expiresAt: Date) => {
      await server.directory.createSession({ id: cookieValue.slice(4), tokenHash: hashSecret(cookieValue), userId, csrfToken: 'csrf_test', expiresAt: expiresAt.toISOString() });
      return cookieValue;
    };
    const me = (cookieValue: string) => fetch(`${server.httpUrl}/api/me`, { headers: { cookie: `accord_session=${cookieValue}` } });
    const current = await session('ses_current-session', new Date(Date.now() + 60_000));
    const expired = await session('ses_expired-session', new Date(Date.now() - 1000));
    expect((await me(current)).status).toBe(200);
    expect((await me(expired)).status).toBe(401);
    expect(await server.directory.findSession(hashSecret(expired))).toBeNull();
  });

  it('revokes every API token on a password change when asked, closing their sockets at once', async () => {
    const server = await start();
    const setup = await projectWithCoder(server);
    const second = (await setup.coderSession.post('/api/tokens', { name: 'second' })).body.token as string;
    const { client, closes } = openWatched(server, `project:${setup.projectId}`, setup.token);
    await waitFor(() => client.provider.synced);
    const changed = await setup.coderSession.post('/api/auth/password', { currentPassword: 'a long enough password', newPassword: 'another long passphrase', revokeTokens: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ revokedTokens: 2, remainingTokens: 0 });
    await waitFor(() => closes.includes(4401), 1000, 'the token’s socket to close with 4401');
    for (const token of [setup.token, second]) expect((await new ApiClient(server.httpUrl, token).get('/api/projects')).status).toBe(401);
    expect((await setup.coderSession.get('/api/tokens')).body).toEqual([]);
    // The session that changed the password carries on.
    expect((await setup.coderSession.get('/api/me')).status).toBe(200);
  });

  it('keeps API tokens on a password change unless asked, and says how many still work', async () => {
    const server = await start();
    const setup = await projectWithCoder(server);
    const changed = await setup.coderSession.post('/api/auth/password', { currentPassword: 'a long enough password', newPassword: 'another long passphrase' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ revokedTokens: 0, remainingTokens: 1 });
    expect((await new ApiClient(server.httpUrl, setup.token).get('/api/projects')).status).toBe(200);
    const refused = await setup.coderSession.post('/api/auth/password', { currentPassword: 'another long passphrase', newPassword: 'a third long passphrase', revokeTokens: 'yes' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.field).toBe('revokeTokens');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

interface LogEntry {
  readonly level: string;
  readonly msg: string;
  readonly scope: string;
  readonly [field: string]: unknown;
}

describe('request and socket logs of a running server', () => {
  let server: TestServer;
  const lines: string[] = [];
  const clients: SyncClient[] = [];
  const entries = () => lines.map((line) => JSON.parse(line) as LogEntry);
  beforeAll(async () => {
    server = await startTestServer({ logSink: (line) => lines.push(line) });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
  });

  it('logs each request by route pattern and each socket by room, with no credential anywhere', async () => {
    const password = 'a passphrase nobody may read';
    const ana = new ApiClient(server.httpUrl);
    const signup = await ana.post('/api/auth/signup', { email: 'ana.logs@example.org', password, name: 'Ana' });
    expect(signup.status).toBe(201);
    const userId = signup.body.user.id as string;
    const project = await ana.post('/api/projects', { name: 'Logged' });
    const projectId = project.body.id as string;
    const apiToken = (await ana.post('/api/tokens', { name: 'script' })).body.token as string;
    const asToken = ana.withToken(apiToken);
    await asToken.get(`/api/projects/${projectId}/members?secret=query-value-never-logged`);
    await new ApiClient(server.httpUrl).post('/api/auth/login', { email: 'ana.logs@example.org', password: 'wrong password here' });

    // A stock provider sends its token as a query parameter; it must not reach the logs.
    const room = `project:${projectId}`;
    const client = createSyncClient(server.syncUrl, room, { token: apiToken });
    clients.push(client);
    await waitForSynced(client);
    client.destroy();
    const refused = createSyncClient(server.syncUrl, room, { token: null });
    clients.push(refused);
    await waitFor(() => entries().some((e) => e.msg === 'socket closed') && entries().some((e) => e.msg === 'socket refused'), 5000, 'the socket lines');
    refused.destroy();

    const requests = entries().filter((e) => e.msg === 'request');
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', route: '/api/auth/signup', status: 201, scope: 'accord.http' }));
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', route: '/api/projects/:id/members', status: 200, userId }));
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', route: '/api/auth/login', status: 401 }));
    for (const request of requests) expect(request.route).toMatch(/^(\/[^?]*|\(static\)|\(unmatched\))$/);

    const socketLines = entries().filter((e) => e.msg.startsWith('socket '));
    expect(socketLines).toContainEqual(expect.objectContaining({ msg: 'socket open', kind: 'project', room, userId }));
    expect(socketLines).toContainEqual(expect.objectContaining({ msg: 'socket closed', kind: 'project', room, userId, code: expect.any(Number) }));
    expect(socketLines).toContainEqual(expect.objectContaining({ msg: 'socket refused', kind: 'project', code: 4401 }));

    const everything = lines.join('\n');
    for (const secret of [password, 'wrong password here', apiToken, ana.sessionCookie!.split('=')[1]!, ana.csrfToken!, 'query-value-never-logged', 'scrypt$']) {
      expect(everything).not.toContain(secret);
    }
  });
});

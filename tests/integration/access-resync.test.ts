import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, seedProject } from '../support/api-client.ts';
import { InProcessFanoutHub } from '../support/in-process-fanout.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * After the link to the other instances comes back (`resync`), every open socket's credentials are
 * checked again: events from other instances may have been lost meanwhile. Here the session and
 * the API token are ended behind the server's back — as another instance would while Redis was
 * away — and the recovery alone must close their sockets (4401).
 */
const servers: TestServer[] = [];
const clients: SyncClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('re-checking credentials after events may have been lost', () => {
  it('closes the sockets of a session and of an API token that ended while the relay was away, and no other', async () => {
    const hub = new InProcessFanoutHub();
    const server = await startTestServer({ fanout: hub.instance('here') });
    servers.push(server);
    const { projectId, textRoom } = await seedProject(server.httpUrl);
    const owner = ApiClient.admin(server.httpUrl);
    const join = async (email: string) => {
      const session = new ApiClient(server.httpUrl);
      const userId = await session.signIn(email);
      const code = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code as string;
      await session.post(`/api/invites/${code}/accept`);
      return { session, userId };
    };
    const signedIn = await join('ended-session@example.org');
    const stillIn = await join('kept-session@example.org');
    const tokenHolder = await join('revoked-token@example.org');
    const token = (await tokenHolder.session.post('/api/tokens', { name: 'ws' })).body as { id: string; token: string };

    const open = (options: { cookie: string } | { token: string }) => {
      const client = createSyncClient(server.syncUrl, textRoom, options);
      clients.push(client);
      const closed: number[] = [];
      client.provider.on('connection-close', (event: CloseEvent | null) => {
        if (event) closed.push(event.code);
      });
      return { client, closed };
    };
    const bySession = open({ cookie: signedIn.session.sessionCookie! });
    const byKeptSession = open({ cookie: stillIn.session.sessionCookie! });
    const byToken = open({ token: token.token });
    await Promise.all([bySession, byKeptSession, byToken].map(({ client }) => waitForSynced(client, 10_000)));

    // Ended elsewhere: gone from the directory, and no event reaches this instance.
    await server.directory.deleteSessionsOfUser(signedIn.userId);
    expect(await server.directory.deleteApiToken(tokenHolder.userId, token.id)).toBe(true);
    hub.recover();

    await waitFor(() => bySession.closed.includes(4401) && byToken.closed.includes(4401), 5000, 'both sockets closed with 4401');
    expect(byKeptSession.closed).toEqual([]);
    expect(byKeptSession.client.provider.wsconnected).toBe(true);
  });
});

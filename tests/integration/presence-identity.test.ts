import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, testAdminToken, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: SyncClient[] = [];
const team = {} as { owner: { id: string; token: string }; coder: { id: string; token: string }; textRoom: string };

beforeAll(async () => {
  server = await startTestServer();
  const owner = new ApiClient(server.httpUrl);
  const ownerId = await owner.signIn('alice@example.org', 'Alice Owner');
  const projectId = (await owner.post('/api/projects', { name: 'Presence' })).body.id;
  const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P01', text: 'We moved from push to pull support.' })).body.id;
  const coder = new ApiClient(server.httpUrl);
  const coderId = await coder.signIn('mallory@example.org', 'Mallory');
  const code = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
  await coder.post(`/api/invites/${code}/accept`);
  Object.assign(team, {
    owner: { id: ownerId, token: (await owner.post('/api/tokens', { name: 'ws' })).body.token },
    coder: { id: coderId, token: (await coder.post('/api/tokens', { name: 'ws' })).body.token },
    textRoom: `text:${projectId}:${documentId}`,
  });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

const open = (token: string) => {
  const client = createSyncClient(server.syncUrl, team.textRoom, { token });
  clients.push(client);
  return client;
};

describe('presence identity (issue 8.8)', () => {
  it('shows everyone the account behind a socket, whatever identity its presence claims', async () => {
    const impostor = open(team.coder.token);
    const watcher = open(team.owner.token);
    await Promise.all([waitForSynced(impostor), waitForSynced(watcher)]);
    impostor.provider.awareness.setLocalState({
      user: { id: team.owner.id, name: 'Alice Owner', colour: 'red;background:url(https://evil.example/x)', avatar: 'https://evil.example/a.png' },
      selection: null,
    });
    await waitFor(() => watcher.provider.awareness.getStates().has(impostor.doc.clientID), 3000, 'the impostor’s presence');
    const seen = watcher.provider.awareness.getStates().get(impostor.doc.clientID) as { user: Record<string, unknown>; selection: unknown };
    expect(seen.user).toEqual({ id: team.coder.id, name: 'Mallory' });
    expect(seen.selection).toBeNull();

    // A well-formed colour is kept; the identity is still the socket's.
    impostor.provider.awareness.setLocalState({ user: { id: 'x', name: 'y', colour: '#56b4e9' }, selection: null });
    await waitFor(() => (watcher.provider.awareness.getStates().get(impostor.doc.clientID) as { user: { colour?: string } }).user.colour === '#56b4e9', 3000, 'the new colour');
    expect((watcher.provider.awareness.getStates().get(impostor.doc.clientID) as { user: unknown }).user).toEqual({ id: team.coder.id, name: 'Mallory', colour: '#56b4e9' });
  });

  it('names the administrator token as such', async () => {
    const automation = open(testAdminToken);
    const watcher = open(team.owner.token);
    await Promise.all([waitForSynced(automation), waitForSynced(watcher)]);
    automation.provider.awareness.setLocalState({ user: { id: team.owner.id, name: 'Alice Owner' } });
    await waitFor(() => watcher.provider.awareness.getStates().has(automation.doc.clientID), 3000, 'the automation’s presence');
    expect((watcher.provider.awareness.getStates().get(automation.doc.clientID) as { user: unknown }).user).toEqual({ id: 'admin', name: 'Administrator token' });
  });
});

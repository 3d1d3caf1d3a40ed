import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Who may delete what, written out per kind of caller like the authorization matrix: anonymous
 * 401, non-member 404 (ids cannot be probed), role too low 403, the admin token is not a person.
 * Each allowed call deletes a throwaway, so every row starts from the same state.
 */
type Actor = 'anonymous' | 'nonMember' | 'viewer' | 'coder' | 'owner' | 'admin';
const actors: Actor[] = ['anonymous', 'nonMember', 'viewer', 'coder', 'owner', 'admin'];
const password = 'a long enough password';

let server: TestServer;
const api = {} as Record<Actor, ApiClient>;
const sessions = {} as Record<'viewer' | 'coder' | 'owner', ApiClient>;

beforeAll(async () => {
  server = await startTestServer();
  api.anonymous = new ApiClient(server.httpUrl);
  api.admin = ApiClient.admin(server.httpUrl);
  for (const actor of ['nonMember', 'viewer', 'coder', 'owner'] as const) {
    const session = new ApiClient(server.httpUrl);
    await session.signIn(`${actor}@example.org`, actor, password);
    if (actor !== 'nonMember') sessions[actor] = session;
    api[actor] = new ApiClient(server.httpUrl, (await session.post('/api/tokens', { name: 'deletion' })).body.token);
  }
});
afterAll(async () => {
  await server?.close();
});

/** A project owned by `owner` with a viewer and a coder, and one document. */
async function throwaway(): Promise<{ projectId: string; documentId: string }> {
  const projectId = (await api.owner.post('/api/projects', { name: 'Throwaway' })).body.id as string;
  for (const role of ['viewer', 'coder'] as const) {
    const code = (await api.owner.post(`/api/projects/${projectId}/invites`, { role })).body.code;
    expect((await api[role].post(`/api/invites/${code}/accept`)).status).toBe(200);
  }
  const documentId = (await api.owner.post(`/api/projects/${projectId}/documents`, { name: 'P01', text: 'Participant: hello.' })).body.id as string;
  return { projectId, documentId };
}

const ownerOnly: Record<Actor, number> = { anonymous: 401, nonMember: 404, viewer: 403, coder: 403, owner: 204, admin: 204 };

describe('who may delete', () => {
  it(`DELETE /api/projects/:id/documents/:documentId: ${JSON.stringify(ownerOnly)}`, async () => {
    const actual: Partial<Record<Actor, number>> = {};
    for (const actor of actors) {
      const { projectId, documentId } = await throwaway();
      actual[actor] = (await api[actor].delete(`/api/projects/${projectId}/documents/${documentId}`)).status;
      expect(await server.directory.findDocument(projectId, documentId), actor).toEqual(actual[actor] === 204 ? null : expect.objectContaining({ id: documentId }));
    }
    expect(actual).toEqual(ownerOnly);
  });

  it(`DELETE /api/projects/:id: ${JSON.stringify(ownerOnly)}`, async () => {
    const actual: Partial<Record<Actor, number>> = {};
    for (const actor of actors) {
      const { projectId } = await throwaway();
      actual[actor] = (await api[actor].delete(`/api/projects/${projectId}`)).status;
      expect(await server.directory.findProject(projectId), actor).toEqual(actual[actor] === 204 ? null : expect.objectContaining({ id: projectId }));
    }
    expect(actual).toEqual(ownerOnly);
  });

  it('GET /api/me/deletion and DELETE /api/me need a person: 401 signed out, 403 for the admin token', async () => {
    expect((await api.anonymous.get('/api/me/deletion')).status).toBe(401);
    expect((await api.anonymous.request('DELETE', '/api/me', { password })).status).toBe(401);
    expect((await api.admin.get('/api/me/deletion')).status).toBe(403);
    expect((await api.admin.request('DELETE', '/api/me', { password })).status).toBe(403);
    expect((await api.coder.get('/api/me/deletion')).status).toBe(200);
  });

  it('DELETE /api/me with a session needs the CSRF token, and a wrong password deletes nothing', async () => {
    const session = new ApiClient(server.httpUrl);
    const id = await session.signIn('csrf@example.org', 'Csrf', password);
    expect((await session.request('DELETE', '/api/me', { password }, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await session.request('DELETE', '/api/me', { password: 'guess guess guess' })).status).toBe(422);
    expect(await server.directory.findUserById(id)).not.toBeNull();
    expect((await session.request('DELETE', '/api/me', { password })).status).toBe(204);
    expect(await server.directory.findUserById(id)).toBeNull();
  });

  it('an API token deletes its own account only, with the password', async () => {
    const session = new ApiClient(server.httpUrl);
    const id = await session.signIn('scripted@example.org', 'Scripted', password);
    const token = new ApiClient(server.httpUrl, (await session.post('/api/tokens', { name: 'script' })).body.token);
    expect((await token.request('DELETE', '/api/me', {})).status).toBe(422);
    expect((await token.request('DELETE', '/api/me', { password })).status).toBe(204);
    expect(await server.directory.findUserById(id)).toBeNull();
    expect(await server.directory.findUserById((await sessions.owner.get('/api/me')).body.user.id)).not.toBeNull();
  });
});

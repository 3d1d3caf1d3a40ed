import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProjectName } from '../../shared/model/demo.ts';
import { createDemoProject } from './create-demo-project.ts';
import { ApiClient } from '../../tests/support/api-client.ts';
import { startTestServer, type TestServer } from '../../tests/support/test-server.ts';

describe('demo projects of one owner', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('are numbered from the second on, also when two are asked for at once', async () => {
    const pi = new ApiClient(server.httpUrl);
    const ownerId = await pi.signIn('pi@example.org', 'Pat Lee');
    expect((await pi.post('/api/demo', {})).status).toBe(201);
    // Two at once, started in the same turn of the event loop.
    const deps = { directory: server.directory, registry: server.server.registry };
    await Promise.all([createDemoProject(deps, { ownerId }), createDemoProject(deps, { ownerId })]);
    const names = ((await pi.get('/api/projects')).body as { name: string }[]).map((p) => p.name).sort();
    expect(names).toEqual([demoProjectName, `${demoProjectName} (2)`, `${demoProjectName} (3)`]);
    // Another owner's first demo is theirs to number.
    const ana = new ApiClient(server.httpUrl);
    await ana.signIn('ana@example.org', 'Ana');
    await ana.post('/api/demo', {});
    expect(((await ana.get('/api/projects')).body as { name: string }[]).map((p) => p.name)).toEqual([demoProjectName]);
  }, 60_000);

  it("records each demo coding in the history as its coder's, not the server's", async () => {
    const pi = new ApiClient(server.httpUrl);
    const ownerId = await pi.signIn('kim@example.org', 'Kim');
    const { projectId } = await createDemoProject({ directory: server.directory, registry: server.server.registry }, { ownerId });
    const coders = (await server.directory.listMembers(projectId)).filter((m) => m.userId !== ownerId).map((m) => m.userId);
    expect(coders).toHaveLength(2);
    const events = await server.store.readHistory(projectId, { type: 'coding.added', limit: 10_000 });
    expect(events.length).toBeGreaterThan(100);
    const byUser = new Map<string, number>();
    for (const event of events) byUser.set(event.userId, (byUser.get(event.userId) ?? 0) + 1);
    expect([...byUser.keys()].sort()).toEqual([...coders].sort());
    // Each coding lands in its own coder's layer.
    for (const event of events) expect(event.layer).toBe(event.userId);
  }, 60_000);
});

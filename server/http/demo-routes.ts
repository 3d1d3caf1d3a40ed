import { Hono } from 'hono';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { requireUser, type AppEnv } from './app-env.ts';

/**
 * POST /api/demo: a demo project owned by the caller, so a newcomer sees every feature at once.
 * The demo's 17 transcripts are 200 KB of the server's code: loaded on the first request, not at
 * every start.
 */
export function demoRoutes(deps: { directory: DirectoryStore; registry: DocumentRegistry }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/demo', async (c) => {
    const user = requireUser(c);
    const { createDemoProject } = await import('../demo/create-demo-project.ts');
    const { projectId } = await createDemoProject(deps, { ownerId: user.id });
    return c.json({ projectId }, 201);
  });
  return app;
}

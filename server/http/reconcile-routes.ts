import { Hono } from 'hono';
import type { LociResponse } from '../../shared/api/index.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { readDocumentLoci } from '../reconcile/document-loci.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { forbidden, notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs } from './project-access.ts';

/** /api/projects/:id/documents/:documentId/loci: where the coders disagree, for reconciliation. */
export function reconcileRoutes(deps: { directory: DirectoryStore; registry: DocumentRegistry }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/projects/:id/documents/:documentId/loci', async (c) => {
    const { project, role } = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    // Every locus lists each coder's codings: in a blind round those are for owners only.
    if (role !== 'owner' && project.codingMode === 'blind') throw forbidden('Where coders disagree shows their codings, which stay hidden until the blind round ends');
    const documentId = c.req.param('documentId');
    if (!(await deps.directory.findDocument(project.id, documentId))) throw notFound('Document');
    c.header('Cache-Control', 'no-store');
    return c.json<LociResponse>(await readDocumentLoci(deps.directory, deps.registry, project.id, documentId));
  });

  return app;
}

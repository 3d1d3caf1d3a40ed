import { Hono } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { CodeMergeError, type CodeMergeFailure } from '../codebook/code-merge.ts';
import { CodeMergeService } from '../codebook/code-merge-service.ts';
import { codeUsage } from '../codebook/code-usage.ts';
import type { Principal } from '../auth/principal.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readJsonObject, requireString } from './body.ts';
import { loadProjectAs } from './project-access.ts';

const statusOf: Record<CodeMergeFailure, ApiErrorCode> = {
  unknownCode: ApiErrorCode.notFound,
  unknownMerge: ApiErrorCode.notFound,
  intoItself: ApiErrorCode.validation,
  intoDescendant: ApiErrorCode.validation,
  alreadyUndone: ApiErrorCode.conflict,
  notUndoable: ApiErrorCode.conflict,
  codeExists: ApiErrorCode.conflict,
};

async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CodeMergeError) throw new ApiError(statusOf[error.reason], error.message);
    throw error;
  }
}

const actorId = (principal: Principal) => (principal.kind === 'admin' ? 'admin' : principal.user.id);

/**
 * /api/projects/:id/codes/*: merging codes (recoding every coding in every layer), undoing a
 * merge, and how many codings use a code (for the merge and delete dialogs).
 */
export function codebookRoutes(deps: { directory: DirectoryStore; registry: DocumentRegistry }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const service = new CodeMergeService(deps.directory, deps.registry);

  app.post('/projects/:id/codes/merges/:mergeId/undo', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'owner');
    return c.json(await translated(() => service.undo(project.id, c.req.param('mergeId'), actorId(principal))));
  });

  app.post('/projects/:id/codes/:codeId/merge', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'owner');
    const into = requireString(await readJsonObject(c), 'into', { max: 64 });
    return c.json(await translated(() => service.merge(project.id, c.req.param('codeId'), into, actorId(principal))));
  });

  app.get('/projects/:id/codes/:codeId/usage', async (c) => {
    const { project, actor } = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    return c.json(await codeUsage(deps.directory, deps.registry, project, actor, c.req.param('codeId')));
  });

  return app;
}

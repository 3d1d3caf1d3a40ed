import { Hono } from 'hono';
import type { HistoryPage } from '../../shared/api/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs } from './project-access.ts';

const maxLimit = 1000;

function isoTime(raw: string | undefined, field: string): string | undefined {
  if (raw === undefined) return undefined;
  const time = new Date(raw);
  if (Number.isNaN(time.getTime())) throw new ApiError(ApiErrorCode.validation, `${field} must be an ISO 8601 time`, field);
  return time.toISOString();
}

function wholeNumber(raw: string | undefined, field: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new ApiError(ApiErrorCode.validation, `${field} must be a whole number from 0 to ${max}`, field);
  return value;
}

/**
 * GET /api/projects/:id/history — the project's coding history (server/persistence/history.ts),
 * filtered, a page at a time. During a blind round coders and viewers see only their own events.
 */
export function historyRoutes(deps: { directory: DirectoryStore; store: DocumentStore }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/projects/:id/history', async (c) => {
    const principal = requirePrincipal(c);
    const { project, role } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'viewer');
    const query = c.req.query();
    const limit = wholeNumber(query.limit, 'limit', 100, maxLimit) || 1;
    // The admin token is an owner; anyone else below owner sees only their own events in a blind round.
    const blindToCaller = role !== 'owner' && project.codingMode === 'blind';
    const userId = blindToCaller && principal.kind !== 'admin' ? principal.user.id : query.userId;
    const events = await deps.store.readHistory(project.id, {
      documentId: query.documentId,
      userId,
      type: query.type,
      since: isoTime(query.since, 'since'),
      until: isoTime(query.until, 'until'),
      afterSeq: wholeNumber(query.afterSeq, 'afterSeq', 0, Number.MAX_SAFE_INTEGER),
      limit: limit + 1,
    });
    const page = events.slice(0, limit);
    c.header('Cache-Control', 'no-store');
    return c.json<HistoryPage>({ events: page, nextAfterSeq: events.length > limit ? page.at(-1)!.seq : null });
  });
  return app;
}

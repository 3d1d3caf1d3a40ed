import { Hono } from 'hono';
import type { CodingsAsOf, HistoryPage } from '../../shared/api/index.ts';
import { decideRoomAccess } from '../access/room-access.ts';
import { blindRoundDocuments, readDocumentRound } from '../rounds/document-round.ts';
import { codingsAsOf, type AsOf } from '../history/document-as-of.ts';
import { revertHistory, RevertError, type RevertTarget } from '../history/revert.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { ApiError, notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readJsonObject, requireString } from './body.ts';
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
 * filtered, a page at a time; in a blind project, and for the documents of a blind round, coders
 * and viewers see only their own events.
 * GET …/documents/:documentId/codings?asOf= — a document's layers as they were at a point of it.
 */
export function historyRoutes(deps: { directory: DirectoryStore; store: DocumentStore; registry: DocumentRegistry }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/projects/:id/history', async (c) => {
    const principal = requirePrincipal(c);
    const { project, role } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'viewer');
    const query = c.req.query();
    const limit = wholeNumber(query.limit, 'limit', 100, maxLimit) || 1;
    // The admin token is an owner; anyone else below owner sees only their own events in a blind
    // project, and only their own events of the documents of a blind round.
    const self = principal.kind === 'admin' ? null : principal.user.id;
    const blindToCaller = role !== 'owner' && project.codingMode === 'blind';
    const userId = blindToCaller && self !== null ? self : query.userId;
    const hiddenDocuments = role === 'owner' ? undefined : { documentIds: [...(await blindRoundDocuments(deps.directory, project.id))], exceptUserId: self };
    const events = await deps.store.readHistory(project.id, {
      documentId: query.documentId,
      codeId: query.codeId,
      userId,
      type: query.type,
      since: isoTime(query.since, 'since'),
      until: isoTime(query.until, 'until'),
      afterSeq: wholeNumber(query.afterSeq, 'afterSeq', 0, Number.MAX_SAFE_INTEGER),
      limit: limit + 1,
      hiddenDocuments,
    });
    const page = events.slice(0, limit);
    c.header('Cache-Control', 'no-store');
    return c.json<HistoryPage>({ events: page, nextAfterSeq: events.length > limit ? page.at(-1)!.seq : null });
  });
  app.get('/projects/:id/documents/:documentId/codings', async (c) => {
    const { project, actor } = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const documentId = c.req.param('documentId');
    if (!(await deps.directory.findDocument(project.id, documentId))) throw notFound('Document');
    const asOf = readAsOf(c.req.query('asOf'));
    // The same rules as the rooms: a layer is shown to whoever may open it now.
    const round = await readDocumentRound(deps.directory, project.id, documentId);
    const mayRead = (layer: string) =>
      decideRoomAccess(layer === 'consensus' ? { kind: 'consensus', projectId: project.id, documentId } : { kind: 'layer', projectId: project.id, documentId, userId: layer }, actor, project, round).read;
    c.header('Cache-Control', 'no-store');
    return c.json<CodingsAsOf>(await codingsAsOf(deps.store, deps.registry, project.id, documentId, asOf, mayRead));
  });

  app.post('/projects/:id/history/revert', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const reason = requireString(body, 'reason', { max: 2000, missing: 'Say why this is reverted: the history keeps the reason' });
    let target: RevertTarget;
    if (body.seq !== undefined) {
      if (typeof body.seq !== 'number' || !Number.isInteger(body.seq) || body.seq < 1) throw new ApiError(ApiErrorCode.validation, 'seq must be the number of an event', 'seq');
      target = { seq: body.seq };
    } else {
      const since = isoTime(typeof body.since === 'string' ? body.since : undefined, 'since');
      if (since === undefined) throw new ApiError(ApiErrorCode.validation, 'Give the seq of one event, or a userId and since (ISO time)', 'since');
      target = { userId: requireString(body, 'userId', { max: 64 }), since };
    }
    try {
      const events = await revertHistory(deps, project.id, target, reason, principal.kind === 'admin' ? 'admin' : principal.user.id);
      return c.json<HistoryPage>({ events, nextAfterSeq: null }, 201);
    } catch (error) {
      if (!(error instanceof RevertError)) throw error;
      if (error.reason === 'unknownEvent') throw notFound('Event');
      throw new ApiError(error.reason === 'changedSince' ? ApiErrorCode.conflict : ApiErrorCode.validation, error.message);
    }
  });

  return app;
}

/** `asOf`: a seq (whole number) or an ISO time; absent means now. */
function readAsOf(raw: string | undefined): AsOf {
  if (raw === undefined || raw === '') return null;
  if (/^\d+$/.test(raw)) return { seq: Number(raw) };
  const time = new Date(raw);
  if (Number.isNaN(time.getTime())) throw new ApiError(ApiErrorCode.validation, 'asOf must be an event seq (a whole number) or an ISO 8601 time', 'asOf');
  return { time: time.toISOString() };
}

import { Hono } from 'hono';
import type { RoundsResponse, RoundView, SubmissionView } from '../../shared/api/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { roundPhases, type RoundPhase } from '../../shared/model/round.ts';
import type { Principal } from '../auth/principal.ts';
import type { DirectoryStore, RoundRecord, SubmissionRecord } from '../persistence/directory-store.ts';
import { RoundError, type RoundInput, type RoundService } from '../rounds/round-service.ts';
import { ApiError, notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { optionalBoolean, readJsonObject, requireString } from './body.ts';
import { readStrategy } from './premerge-strategy.ts';
import { loadProjectAs } from './project-access.ts';

const actorId = (principal: Principal) => (principal.kind === 'admin' ? 'admin' : principal.user.id);

/** Each coder's latest submission of each document: what the round's progress grid shows. */
function roundView(round: RoundRecord, submissions: readonly SubmissionRecord[]): RoundView {
  const latest = new Map<string, SubmissionView>();
  for (const s of submissions) latest.set(`${s.documentId}\u0000${s.userId}`, { documentId: s.documentId, userId: s.userId, submittedAt: s.submittedAt, reopenedAt: s.reopenedAt, reopenedBy: s.reopenedBy });
  const { projectId, ...view } = round;
  void projectId;
  return { ...view, submissions: [...latest.values()] };
}

function readDocumentIds(body: Record<string, unknown>): string[] | undefined {
  const value = body.documentIds;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > 1000 || value.some((v) => typeof v !== 'string' || v.length > 64)) throw new ApiError(ApiErrorCode.validation, 'documentIds must be a list of document ids', 'documentIds');
  return value as string[];
}

function toApiError(error: unknown): unknown {
  if (!(error instanceof RoundError)) return error;
  switch (error.reason) {
    case 'unknownRound':
      return notFound('Round');
    case 'unknownDocument':
      return new ApiError(ApiErrorCode.validation, error.message, 'documentIds');
    case 'ownersOnly':
      return new ApiError(ApiErrorCode.forbidden, error.message);
    default:
      return new ApiError(ApiErrorCode.conflict, error.message);
  }
}

/**
 * Coding rounds: `GET/POST /projects/:id/rounds`, `PATCH/DELETE …/rounds/:roundId`,
 * `POST …/rounds/:roundId/phase` (owners), `POST …/rounds/:roundId/documents/:documentId/submit`
 * (a coder, their own layer) and `…/reopen`.
 */
export function roundRoutes(deps: { directory: DirectoryStore; rounds: RoundService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toApiError(error);
    }
  };

  app.get('/projects/:id/rounds', async (c) => {
    const { project } = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const rounds = await deps.directory.listRounds(project.id);
    const views = await Promise.all(rounds.map(async (r) => roundView(r, await deps.directory.listSubmissions(project.id, r.id))));
    return c.json<RoundsResponse>({ rounds: views });
  });

  app.post('/projects/:id/rounds', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const input: RoundInput = { name: requireString(body, 'name', { max: 200 }), documentIds: readDocumentIds(body) ?? [], allowPostHocEdits: optionalBoolean(body, 'allowPostHocEdits') ?? false };
    const round = await run(() => deps.rounds.create(project.id, input, actorId(principal)));
    return c.json<RoundView>(roundView(round, []), 201);
  });

  app.patch('/projects/:id/rounds/:roundId', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const documentIds = readDocumentIds(body);
    const allowPostHocEdits = optionalBoolean(body, 'allowPostHocEdits');
    const changes: Partial<RoundInput> = {
      ...(body.name !== undefined && { name: requireString(body, 'name', { max: 200 }) }),
      ...(documentIds !== undefined && { documentIds }),
      ...(allowPostHocEdits !== undefined && { allowPostHocEdits }),
    };
    const round = await run(() => deps.rounds.update(project.id, c.req.param('roundId'), changes, actorId(principal)));
    return c.json<RoundView>(roundView(round, await deps.directory.listSubmissions(project.id, round.id)));
  });

  app.delete('/projects/:id/rounds/:roundId', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'owner');
    await run(() => deps.rounds.remove(project.id, c.req.param('roundId'), actorId(principal)));
    return c.body(null, 204);
  });

  app.post('/projects/:id/rounds/:roundId/phase', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const phase = body.phase;
    if (typeof phase !== 'string' || !(roundPhases as readonly string[]).includes(phase)) throw new ApiError(ApiErrorCode.validation, `phase must be one of ${roundPhases.join(', ')}`, 'phase');
    const options = { force: optionalBoolean(body, 'force') ?? false, preMerge: body.preMerge === undefined ? undefined : readStrategy(body.preMerge) };
    try {
      const round = await deps.rounds.advance(project.id, c.req.param('roundId'), phase as RoundPhase, actorId(principal), options);
      return c.json<RoundView>(roundView(round, await deps.directory.listSubmissions(project.id, round.id)));
    } catch (error) {
      // Who has not submitted what, so the owner can chase them or reveal anyway.
      if (error instanceof RoundError && error.reason === 'missingSubmissions') return c.json({ error: { code: ApiErrorCode.conflict, message: error.message, missing: error.missing } }, 409);
      throw toApiError(error);
    }
  });

  app.post('/projects/:id/rounds/:roundId/documents/:documentId/submit', async (c) => {
    const principal = requirePrincipal(c);
    if (principal.kind === 'admin') throw new ApiError(ApiErrorCode.forbidden, 'The administrator token has no layer to submit');
    const { project } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'coder');
    const submission = await run(() => deps.rounds.submit(project.id, c.req.param('roundId'), c.req.param('documentId'), principal.user.id));
    return c.json<SubmissionView>({ documentId: submission.documentId, userId: submission.userId, submittedAt: submission.submittedAt, reopenedAt: null, reopenedBy: null }, 201);
  });

  app.post('/projects/:id/rounds/:roundId/documents/:documentId/reopen', async (c) => {
    const principal = requirePrincipal(c);
    const { project, role } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'coder');
    const body = await readJsonObject(c);
    const self = principal.kind === 'admin' ? null : principal.user.id;
    const userId = body.userId === undefined ? self : requireString(body, 'userId', { max: 64 });
    if (userId === null) throw new ApiError(ApiErrorCode.validation, 'Name the coder whose document to re-open', 'userId');
    const s = await run(() => deps.rounds.reopen(project.id, c.req.param('roundId'), c.req.param('documentId'), userId, { userId: actorId(principal), isOwner: role === 'owner' }));
    return c.json<SubmissionView>({ documentId: s.documentId, userId: s.userId, submittedAt: s.submittedAt, reopenedAt: s.reopenedAt, reopenedBy: s.reopenedBy });
  });

  return app;
}

import crypto from 'node:crypto';
import { Hono } from 'hono';
import type { DecisionView, LociResponse, LocusCommentView, PreMergeResponse } from '../../shared/api/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { DecisionError, decisionActions, type DecisionAction } from '../../shared/reconcile/index.ts';
import type { Principal } from '../auth/principal.ts';
import { createId } from '../auth/secret-token.ts';
import type { DecisionRecord, DirectoryStore, ProjectRecord } from '../persistence/directory-store.ts';
import { documentCodingMode } from '../../shared/model/round.ts';
import { DecideError, type DecisionService } from '../reconcile/decision-service.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import { lociView, readDocumentLoci } from '../reconcile/document-loci.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import type { AgreementService } from '../agreement/agreement-service.ts';
import { ApiError, forbidden, notFound } from './api-error.ts';
import { requirePrincipal, type AppContext, type AppEnv } from './app-env.ts';
import { readJsonObject, requireString } from './body.ts';
import { loadProjectAs } from './project-access.ts';
import { readStrategy } from './premerge-strategy.ts';

const toDecisionView = ({ projectId, documentId, ...view }: DecisionRecord): DecisionView => {
  void projectId;
  void documentId;
  return view;
};

const actorId = (principal: Principal) => (principal.kind === 'admin' ? 'admin' : principal.user.id);

function optionalNumber(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ApiError(ApiErrorCode.validation, `${field} must be a whole number (a character offset)`, field);
  return value;
}

function optionalIds(body: Record<string, unknown>, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > 50 || value.some((v) => typeof v !== 'string' || v.length > 64)) throw new ApiError(ApiErrorCode.validation, `${field} must be a list of ids`, field);
  return value as string[];
}

/**
 * Reconciliation: `…/documents/:documentId/loci` (where the coders disagree, with each locus's
 * current decision) and `…/documents/:documentId/decisions` (the decisions; owners decide).
 */
export function reconcileRoutes(deps: { directory: DirectoryStore; registry: DocumentRegistry; agreement: Pick<AgreementService, 'versionOf'>; decisions: DecisionService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { decisions } = deps;

  /** The project and document, for a caller who may see every coder's codings in it. */
  async function loadDocument(c: AppContext, minimum: 'viewer' | 'coder' | 'owner'): Promise<{ project: ProjectRecord; documentId: string }> {
    const { project, role } = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id') ?? '', minimum);
    const documentId = c.req.param('documentId') ?? '';
    if (!(await deps.directory.findDocument(project.id, documentId))) throw notFound('Document');
    // Loci and decisions show each coder's codings: in a blind round those are for owners only.
    if (role !== 'owner' && documentCodingMode(project.codingMode, await readDocumentRound(deps.directory, project.id, documentId)) === 'blind') {
      throw forbidden('Where coders disagree shows their codings, which stay hidden until the blind round ends');
    }
    return { project, documentId };
  }

  app.get('/projects/:id/documents/:documentId/loci', async (c) => {
    const { project, documentId } = await loadDocument(c, 'viewer');
    // The project's version moves with every stored change of its rooms and every member or
    // setting change; the current decisions (a rejection writes no room) are in the tag too. A
    // queue polled every few seconds costs a 304 while nothing changes.
    const [current, comments] = await Promise.all([deps.directory.listDecisions(project.id, documentId, { current: true }), deps.directory.listLocusComments(project.id, documentId)]);
    const decided = crypto.createHash('sha256').update(`${current.map((d) => d.id).join(',')}|${comments.length}`).digest('base64url').slice(0, 16);
    const etag = `"${deps.agreement.versionOf(project.id)}:${documentId}:${decided}"`;
    c.header('Cache-Control', 'private, no-cache');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag });
    const started = performance.now();
    const document = await readDocumentLoci(deps.directory, deps.registry, project.id, documentId);
    const view = lociView(document, current, comments);
    c.header('ETag', etag);
    // How long building the loci took (reading the layers, comparing them), apart from transfer.
    c.header('Server-Timing', `loci;dur=${(performance.now() - started).toFixed(1)}`);
    return c.json<LociResponse>(view);
  });

  app.get('/projects/:id/documents/:documentId/comments', async (c) => {
    const { project, documentId } = await loadDocument(c, 'viewer');
    const comments = await deps.directory.listLocusComments(project.id, documentId);
    c.header('Cache-Control', 'no-store');
    return c.json<{ comments: LocusCommentView[] }>({ comments: comments.map(({ id, locusId, userId, body, createdAt }) => ({ id, locusId, userId, body, createdAt })) });
  });

  // Coders and owners discuss a passage (spec §3.3); viewers read along.
  app.post('/projects/:id/documents/:documentId/comments', async (c) => {
    const { project, documentId } = await loadDocument(c, 'coder');
    const principal = requirePrincipal(c);
    const body = await readJsonObject(c);
    const locusId = requireString(body, 'locusId', { max: 64 });
    const text = requireString(body, 'body', { max: 5000, missing: 'Write something to add to the discussion' }).trim();
    if (!text) throw new ApiError(ApiErrorCode.validation, 'Write something to add to the discussion', 'body');
    // A thread belongs to a passage that exists now, or to one that was decided (its record names it).
    const document = await readDocumentLoci(deps.directory, deps.registry, project.id, documentId);
    if (!document.loci.some((l) => l.id === locusId) && !(await deps.directory.listDecisions(project.id, documentId)).some((d) => d.locusId === locusId)) throw notFound('Locus');
    const comment = { id: createId(), projectId: project.id, documentId, locusId, userId: actorId(principal), body: text, createdAt: new Date().toISOString() };
    await deps.directory.createLocusComment(comment);
    return c.json<LocusCommentView>({ id: comment.id, locusId, userId: comment.userId, body: text, createdAt: comment.createdAt }, 201);
  });

  app.get('/projects/:id/documents/:documentId/decisions', async (c) => {
    const { project, documentId } = await loadDocument(c, 'viewer');
    const all = await deps.directory.listDecisions(project.id, documentId);
    return c.json<{ decisions: DecisionView[] }>({ decisions: all.map(toDecisionView) });
  });

  app.post('/projects/:id/documents/:documentId/decisions', async (c) => {
    const { project, documentId } = await loadDocument(c, 'owner');
    const body = await readJsonObject(c);
    const action = body.action;
    if (typeof action !== 'string' || !(decisionActions as readonly string[]).includes(action)) throw new ApiError(ApiErrorCode.validation, `action must be one of ${decisionActions.join(', ')}`, 'action');
    const rationale = body.rationale === undefined ? undefined : requireString(body, 'rationale', { min: 0, max: 5000 });
    const supersedes = body.supersedes === undefined ? undefined : requireString(body, 'supersedes', { max: 64 });
    try {
      const record = await decisions.decide(
        project.id,
        documentId,
        {
          locusId: requireString(body, 'locusId', { max: 64 }),
          action: action as DecisionAction,
          userIds: optionalIds(body, 'userIds'),
          codeId: body.codeId === undefined ? undefined : requireString(body, 'codeId', { max: 64 }),
          start: optionalNumber(body, 'start'),
          end: optionalNumber(body, 'end'),
          rationale,
          participants: optionalIds(body, 'participants'),
          supersedes,
        },
        actorId(requirePrincipal(c)),
      );
      return c.json<{ decision: DecisionView }>({ decision: toDecisionView(record) }, 201);
    } catch (error) {
      if (error instanceof DecideError) {
        if (error.reason === 'unknownLocus') throw notFound('Locus');
        throw new ApiError(error.reason === 'roundClosed' ? ApiErrorCode.conflict : ApiErrorCode.alreadyDecided, error.message);
      }
      if (error instanceof DecisionError) throw new ApiError(ApiErrorCode.validation, error.message, error.reason === 'rationaleRequired' ? 'rationale' : error.reason === 'unknownCoder' ? 'userIds' : error.reason === 'unknownCode' ? 'codeId' : 'start');
      throw error;
    }
  });

  app.post('/projects/:id/documents/:documentId/premerge', async (c) => {
    const { project, documentId } = await loadDocument(c, 'owner');
    const strategy = readStrategy((await readJsonObject(c)).strategy);
    try {
      const { merged, open } = await decisions.preMerge(project.id, documentId, strategy, actorId(requirePrincipal(c)));
      return c.json<PreMergeResponse>({ merged: merged.map(toDecisionView), open });
    } catch (error) {
      if (error instanceof DecideError) throw new ApiError(ApiErrorCode.conflict, error.message);
      throw error;
    }
  });

  return app;
}

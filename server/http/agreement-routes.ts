import crypto from 'node:crypto';
import { Hono } from 'hono';
import { AgreementError } from '../../shared/agreement/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import type { AgreementRequest, AgreementService } from '../agreement/agreement-service.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { ApiError, forbidden } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { visibleAgreementDocuments } from './agreement-visibility.ts';
import { loadProjectAs } from './project-access.ts';

const units = ['character', 'segment', 'unit', 'document'] as const;

/**
 * Reads the dashboard's query string: `unit`, `threshold`, `measures`, `coders`, `documents`,
 * `codes`, `excludeUncoded`, `against=consensus`, `round` (one round, as submitted), and `bootstrap`
 * (resamples, e.g. 1000) with `seed` and `minimums`.
 */
function readRequest(query: Record<string, string>): AgreementRequest {
  const unit = (query.unit ?? 'character') as AgreementRequest['unit'];
  if (!units.includes(unit)) throw new ApiError(ApiErrorCode.validation, `unit must be one of ${units.join(', ')}`, 'unit');
  const list = (name: string) => (query[name] ? query[name]!.split(',').filter(Boolean) : undefined);
  const threshold = query.threshold === undefined ? undefined : Number(query.threshold);
  if (threshold !== undefined && !(threshold > 0 && threshold <= 100)) throw new ApiError(ApiErrorCode.validation, 'threshold must be a percentage in (0, 100]', 'threshold');
  return {
    unit,
    ...(threshold !== undefined && { overlapThreshold: threshold, maxqdaThreshold: threshold }),
    ...(list('measures') && { measures: list('measures') }),
    ...(list('coders') && { coderIds: list('coders') }),
    ...(list('documents') && { documentIds: list('documents') }),
    ...(list('codes') && { codeIds: list('codes') }),
    excludeUncoded: query.excludeUncoded === 'true' || query.excludeUncoded === '1',
    ...(query.bootstrap !== undefined && { bootstrap: readBootstrap(query) }),
    ...(readAgainst(query.against) && { against: 'consensus' as const }),
    ...(query.round && { round: query.round.slice(0, 64) }),
  };
}

function readAgainst(raw: string | undefined): boolean {
  if (raw === undefined || raw === '') return false;
  if (raw !== 'consensus') throw new ApiError(ApiErrorCode.validation, 'against must be "consensus" (each coder compared with the consensus layer)', 'against');
  return true;
}

function readBootstrap(query: Record<string, string>) {
  const samples = Number(query.bootstrap);
  if (!Number.isInteger(samples) || samples < 100 || samples > 20_000) throw new ApiError(ApiErrorCode.validation, 'bootstrap must be a whole number of resamples from 100 to 20000', 'bootstrap');
  const seed = query.seed === undefined ? 1 : Number(query.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new ApiError(ApiErrorCode.validation, 'seed must be a whole number ≥ 0 (the same seed gives the same interval)', 'seed');
  const minimums = (query.minimums ?? '0.667,0.8').split(',').map(Number);
  if (minimums.some((m) => !(m > -1 && m <= 1))) throw new ApiError(ApiErrorCode.validation, 'minimums must be alphas in (-1, 1], comma-separated', 'minimums');
  return { samples, seed, minimums };
}

/** GET /api/projects/:id/agreement — the live report; answers 304 when nothing changed (ETag). */
export function agreementRoutes(deps: { directory: DirectoryStore; agreement: AgreementService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/projects/:id/agreement', async (c) => {
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const { project, role } = access;
    if (role !== 'owner' && project.codingMode === 'blind' && !project.agreementVisibleInBlind) {
      throw forbidden('Agreement is hidden from coders during a blind round; the project owner can show it');
    }
    const asked = readRequest(c.req.query());
    if (asked.round !== undefined && role !== 'owner' && !project.agreementVisibleInBlind && (await deps.directory.listRounds(project.id)).some((r) => r.id === asked.round && r.phase === 'blind')) {
      throw forbidden('Agreement of a blind round is hidden from coders until it is revealed; the project owner can show it');
    }
    const documentIds = await visibleAgreementDocuments(deps.directory, access, asked.documentIds, 'statistics');
    const request: AgreementRequest = { ...asked, ...(documentIds && { documentIds }) };
    // The whole request goes into the tag: two selections must never share one.
    const etag = `"${deps.agreement.versionOf(project.id)}:${crypto.createHash('sha256').update(JSON.stringify(request)).digest('base64url').slice(0, 22)}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    try {
      const { json } = await deps.agreement.compute(project.id, request);
      c.header('ETag', etag);
      c.header('Content-Type', 'application/json');
      return c.body(json);
    } catch (error) {
      if (error instanceof AgreementError) throw new ApiError(ApiErrorCode.validation, error.message);
      throw error;
    }
  });
  return app;
}

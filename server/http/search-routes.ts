import { Hono } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { SearchIndexError } from '../search/search-index.ts';
import { maxQueryLength, SearchQueryError } from '../search/search-query.ts';
import { maxCodedHits, maxSearchPageSize, type CodeHitsResponse, type SearchResponse } from '../../shared/api/index.ts';
import { SearchError, SearchFailure, type SearchService } from '../search/search-service.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readJsonObject, requireString } from './body.ts';
import { loadProjectAs } from './project-access.ts';

function whole(raw: string | undefined, field: string, min: number, max: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) throw new ApiError(ApiErrorCode.validation, `${field} must be a whole number from ${min} to ${max}`, field);
  return value;
}

/** The query text: present, a string, at most `maxQueryLength` characters (the parser says the rest). */
function readQ(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ApiError(ApiErrorCode.validation, 'Type a word or a phrase to search for.', 'q');
  if (raw.length > maxQueryLength) throw new ApiError(ApiErrorCode.validation, `A search can be at most ${maxQueryLength} characters long; this one has ${raw.length}.`, 'q');
  return raw;
}

const hitFields = ['documentId', 'start', 'end'] as const;

function readHits(raw: unknown): { documentId: string; start: number; end: number }[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ApiError(ApiErrorCode.validation, 'hits must list the passages to code: [{documentId, start, end}, …]', 'hits');
  if (raw.length > maxCodedHits) throw new ApiError(ApiErrorCode.validation, `At most ${maxCodedHits.toLocaleString('en')} hits can be coded at once; this request has ${raw.length.toLocaleString('en')}. Narrow the search, or code it in parts.`, 'hits');
  const seen = new Set<string>();
  const hits: { documentId: string; start: number; end: number }[] = [];
  raw.forEach((value: unknown, i) => {
    const hit = value as Record<string, unknown> | null;
    const valid =
      hit !== null &&
      typeof hit === 'object' &&
      !Array.isArray(hit) &&
      Object.keys(hit).every((k) => (hitFields as readonly string[]).includes(k)) &&
      typeof hit.documentId === 'string' &&
      hit.documentId.length > 0 &&
      hit.documentId.length <= 64 &&
      Number.isSafeInteger(hit.start) &&
      Number.isSafeInteger(hit.end) &&
      (hit.start as number) >= 0 &&
      (hit.end as number) > (hit.start as number);
    if (!valid) throw new ApiError(ApiErrorCode.validation, `hits[${i}] must be {documentId, start, end} with 0 ≤ start < end`, 'hits');
    const key = `${hit.documentId as string}:${hit.start as number}:${hit.end as number}`;
    if (seen.has(key)) return;
    seen.add(key);
    hits.push({ documentId: hit.documentId as string, start: hit.start as number, end: hit.end as number });
  });
  return hits;
}

/** Refusals of the search service and the query parser as the API's errors (422/409, a sentence each). */
async function asApiError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SearchQueryError) throw new ApiError(ApiErrorCode.validation, error.message, 'q');
    if (error instanceof SearchIndexError && error.reason === 'query') throw new ApiError(ApiErrorCode.validation, 'This search could not be run as written: search for words, "a phrase", or the start of a word followed by *.', 'q');
    if (error instanceof SearchError) {
      if (error.reason === SearchFailure.frozen) throw new ApiError(ApiErrorCode.conflict, error.message);
      throw new ApiError(ApiErrorCode.validation, error.message, error.reason === SearchFailure.unknownCode ? 'codeId' : error.reason === SearchFailure.staleHits ? 'hits' : 'q');
    }
    throw error;
  }
}

/**
 * `GET /api/projects/:id/search` (any member: transcripts are visible to all) and
 * `POST /api/projects/:id/search/code` (coders and owners, into their own layer).
 */
export function searchRoutes(deps: { directory: DirectoryStore; search: SearchService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/projects/:id/search', async (c) => {
    const { project } = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const q = readQ(c.req.query('q'));
    const limit = whole(c.req.query('limit'), 'limit', 1, maxSearchPageSize, 100);
    const offset = whole(c.req.query('offset'), 'offset', 0, 10_000_000, 0);
    const started = performance.now();
    const response = await asApiError(() => deps.search.search(project.id, q, { limit, offset }));
    c.header('Cache-Control', 'private, no-store');
    c.header('Server-Timing', `search;dur=${(performance.now() - started).toFixed(1)}`);
    return c.json<SearchResponse>(response);
  });

  app.post('/projects/:id/search/code', async (c) => {
    const principal = requirePrincipal(c);
    const { project, actor } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'viewer');
    if (actor.kind === 'admin') throw new ApiError(ApiErrorCode.forbidden, 'The administrator token has no coding layer of its own: code hits as a project member.');
    if (actor.role === 'viewer') throw new ApiError(ApiErrorCode.forbidden, 'Viewers can search but not code: ask an owner of the project to make you a coder.');
    const body = await readJsonObject(c);
    const q = readQ(body.q);
    const codeId = requireString(body, 'codeId', { max: 200, missing: 'Pick the code to apply to the hits' });
    const hits = readHits(body.hits);
    const result = await asApiError(() => deps.search.codeHits(project.id, actor.userId, { q, codeId, hits }));
    return c.json<CodeHitsResponse>(result);
  });

  return app;
}

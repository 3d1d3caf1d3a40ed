import type { Api } from '../api.ts';

/** One hit of `GET /api/projects/:id/search` (docs/api.md): offsets into the transcript, and its sentence. */
export interface SearchHit {
  readonly documentId: string;
  readonly documentName: string;
  readonly start: number;
  readonly end: number;
  /** The sentence around the hit: the transcript's text from `contextStart`. */
  readonly context: string;
  readonly contextStart: number;
}

export interface SearchPage {
  readonly hits: readonly SearchHit[];
  readonly total: number;
  /** Every document with hits, in the project's order, with its count over all pages. */
  readonly documents: readonly { readonly documentId: string; readonly documentName: string; readonly hits: number }[];
  /** Documents still being indexed. */
  readonly pending: number;
}

/** A hit as `POST …/search/code` names it. */
export interface HitAddress {
  readonly documentId: string;
  readonly start: number;
  readonly end: number;
}

export interface CodeHitsResult {
  readonly coded: number;
  readonly skipped: number;
}

/** The server's bounds (docs/api.md). */
export const maxPageSize = 500;
export const maxCodedHits = 2_000;

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/search`;
/** One page of the hits of `q`. Failures are `ApiError`s (a 422 says what is wrong with the query). */
export function fetchSearchPage(api: Api, projectId: string, q: string, page: { limit: number; offset: number }, signal?: AbortSignal): Promise<SearchPage> {
  const query = new URLSearchParams({ q, limit: String(page.limit), offset: String(page.offset) });
  return api.send<SearchPage>('GET', `${base(projectId)}?${query}`, undefined, { signal });
}

/** Codes the chosen hits of `q` in the caller's own layer. */
export function sendCodeHits(api: Api, projectId: string, body: { q: string; codeId: string; hits: readonly HitAddress[] }): Promise<CodeHitsResult> {
  return api.send<CodeHitsResult>('POST', `${base(projectId)}/code`, body);
}

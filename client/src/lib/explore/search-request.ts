import type { CodeHitsRequest, CodeHitsResponse, SearchResponse } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/search`;

/** One page of the hits of `q`. Failures are `ApiError`s (a 422 says what is wrong with the query). */
export function fetchSearchPage(api: Api, projectId: string, q: string, page: { limit: number; offset: number }, signal?: AbortSignal): Promise<SearchResponse> {
  const query = new URLSearchParams({ q, limit: String(page.limit), offset: String(page.offset) });
  return api.send<SearchResponse>('GET', `${base(projectId)}?${query}`, undefined, { signal });
}

/** Codes the chosen hits of `q` in the caller's own layer. */
export function sendCodeHits(api: Api, projectId: string, body: CodeHitsRequest): Promise<CodeHitsResponse> {
  return api.send<CodeHitsResponse>('POST', `${base(projectId)}/code`, body);
}

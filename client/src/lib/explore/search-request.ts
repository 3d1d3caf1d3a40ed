import { ApiError, readApiError } from '../api-error.ts';

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
const offline = (cause: unknown) => new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });

/** One page of the hits of `q`. Failures are `ApiError`s (a 422 says what is wrong with the query). */
export async function fetchSearchPage(projectId: string, q: string, page: { limit: number; offset: number }, signal?: AbortSignal): Promise<SearchPage> {
  const query = new URLSearchParams({ q, limit: String(page.limit), offset: String(page.offset) });
  let response: Response;
  try {
    response = await fetch(`${base(projectId)}?${query}`, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store', ...(signal && { signal }) });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw offline(cause);
  }
  if (!response.ok) throw await readApiError(response);
  return (await response.json()) as SearchPage;
}

/** Codes the chosen hits of `q` in the caller's own layer. */
export async function sendCodeHits(projectId: string, body: { q: string; codeId: string; hits: readonly HitAddress[] }, csrfToken: string | null): Promise<CodeHitsResult> {
  let response: Response;
  try {
    response = await fetch(`${base(projectId)}/code`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', ...(csrfToken && { 'x-csrf-token': csrfToken }) },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw offline(cause);
  }
  if (!response.ok) throw await readApiError(response);
  return (await response.json()) as CodeHitsResult;
}

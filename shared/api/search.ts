/** The server's bounds on one search page and on one "code all hits" request. */
export const maxSearchPageSize = 500;
export const maxCodedHits = 2_000;

/** `GET /api/projects/:id/search`: one hit, with the sentence around it (docs/api.md). */
export interface SearchHitView {
  readonly documentId: string;
  readonly documentName: string;
  readonly start: number;
  readonly end: number;
  /** The sentence around the hit: the transcript's text from `contextStart`. */
  readonly context: string;
  readonly contextStart: number;
}

export interface SearchResponse {
  readonly hits: readonly SearchHitView[];
  readonly total: number;
  /** Every document with hits, in the project's order, with its number of hits (all pages). */
  readonly documents: readonly { readonly documentId: string; readonly documentName: string; readonly hits: number }[];
  /** Documents whose text is still being indexed: their hits may be missing until then. */
  readonly pending: number;
}

/** A hit as `POST …/search/code` names it. */
export interface HitAddress {
  readonly documentId: string;
  readonly start: number;
  readonly end: number;
}

/** `POST /api/projects/:id/search/code`: `{q, codeId, hits}` → what was coded, and what already was. */
export interface CodeHitsRequest {
  readonly q: string;
  readonly codeId: string;
  readonly hits: readonly HitAddress[];
}

export interface CodeHitsResponse {
  readonly coded: number;
  readonly skipped: number;
}

import type { Api } from '../api.ts';

/** One segment of `GET /api/projects/:id/segments` (docs/api.md). */
export interface SegmentRow {
  readonly codingId: string;
  readonly documentId: string;
  readonly documentName: string;
  /** The coder's user id, or `consensus`. */
  readonly userId: string;
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly before: string;
  readonly after: string;
  /** The middle of a very long passage was left out of `text`. */
  readonly elided: boolean;
  readonly memo: string;
  readonly createdAt: string | null;
}

export interface SegmentPage {
  readonly segments: readonly SegmentRow[];
  readonly total: number;
  readonly documentCount: number;
}

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/segments`;

/** One page of the list; `query` is `segmentsApiQuery(…)`. Failures are `ApiError`s. */
export function fetchSegmentPage(api: Api, projectId: string, query: string, signal?: AbortSignal): Promise<SegmentPage> {
  return api.send<SegmentPage>('GET', `${base(projectId)}?${query}`, undefined, { signal });
}

/** Where an export of the selection downloads from (the session cookie authenticates it). */
export function segmentsExportUrl(projectId: string, query: string): string {
  return `${base(projectId)}?${query}`;
}

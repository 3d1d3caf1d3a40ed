import type { SegmentsResponse } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/segments`;

/** One page of the list; `query` is `segmentsApiQuery(…)`. Failures are `ApiError`s. */
export function fetchSegmentPage(api: Api, projectId: string, query: string, signal?: AbortSignal): Promise<SegmentsResponse> {
  return api.send<SegmentsResponse>('GET', `${base(projectId)}?${query}`, undefined, { signal });
}

/** Where an export of the selection downloads from (the session cookie authenticates it). */
export function segmentsExportUrl(projectId: string, query: string): string {
  return `${base(projectId)}?${query}`;
}

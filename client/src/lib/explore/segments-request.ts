import { ApiError, readApiError } from '../api-error.ts';

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
export async function fetchSegmentPage(projectId: string, query: string, signal?: AbortSignal): Promise<SegmentPage> {
  let response: Response;
  try {
    response = await fetch(`${base(projectId)}?${query}`, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store', ...(signal && { signal }) });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
  }
  if (!response.ok) throw await readApiError(response);
  return (await response.json()) as SegmentPage;
}

/** Where an export of the selection downloads from (the session cookie authenticates it). */
export function segmentsExportUrl(projectId: string, query: string): string {
  return `${base(projectId)}?${query}`;
}

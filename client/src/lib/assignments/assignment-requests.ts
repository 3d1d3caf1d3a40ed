import type { AssignDocumentsRequest, AssignDocumentsResponse, AssignmentsResponse } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { ApiError, readApiError } from '../api-error.ts';

/**
 * The assignment routes (docs/api.md), sent with the API client's CSRF token. Kept beside the
 * assignments rather than in `api.ts`; every failure is an `ApiError`, and a refused session ends
 * the session as any other call does.
 */
export function fetchAssignments(api: Api, projectId: string): Promise<AssignmentsResponse> {
  return send<AssignmentsResponse>(api, 'GET', `/api/projects/${encodeURIComponent(projectId)}/assignments`);
}

/** `POST …/assignments`: the same members added to, removed from, or made the assignees of many documents. */
export function assignDocuments(api: Api, projectId: string, body: AssignDocumentsRequest): Promise<AssignDocumentsResponse> {
  return send<AssignDocumentsResponse>(api, 'POST', `/api/projects/${encodeURIComponent(projectId)}/assignments`, body);
}

async function send<T>(api: Api, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && api.csrfToken) headers['x-csrf-token'] = api.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (cause) {
    throw new ApiError('network', 'Accord could not reach the server. Check your connection and try again.', undefined, 0, { cause });
  }
  if (!response.ok) {
    const error = await readApiError(response);
    if (error.reason === 'unauthorized' && api.csrfToken) api.onSessionLost?.();
    throw error;
  }
  return (await response.json()) as T;
}

import type { AssignDocumentsRequest, AssignDocumentsResponse, AssignmentsResponse } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';

/**
 * The assignment routes (docs/api.md), sent through the app's `Api` (its CSRF token, its errors).
 */
export function fetchAssignments(api: Api, projectId: string): Promise<AssignmentsResponse> {
  return api.send<AssignmentsResponse>('GET', `/api/projects/${encodeURIComponent(projectId)}/assignments`);
}

/** `POST …/assignments`: the same members added to, removed from, or made the assignees of many documents. */
export function assignDocuments(api: Api, projectId: string, body: AssignDocumentsRequest): Promise<AssignDocumentsResponse> {
  return api.send<AssignDocumentsResponse>('POST', `/api/projects/${encodeURIComponent(projectId)}/assignments`, body);
}

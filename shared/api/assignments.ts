/**
 * Document assignments (docs/api.md): which members code which documents. Agreement and
 * pathways compare a document’s assigned coders when it has any, everyone who coded it otherwise.
 */

/** How a bulk assignment treats the documents' current assignees: add to them, remove from them, or become them. */
export const AssignmentMode = { add: 'add', remove: 'remove', replace: 'replace' } as const;
export type AssignmentMode = (typeof AssignmentMode)[keyof typeof AssignmentMode];
export const assignmentModes: readonly AssignmentMode[] = [AssignmentMode.add, AssignmentMode.remove, AssignmentMode.replace];

/** Most members one request may name. */
export const maxAssigneesPerRequest = 50;
/** Most documents one bulk assignment may name. */
export const maxAssignedDocumentsPerRequest = 5000;
/**
 * Most (document, member) pairs one bulk assignment may name (documents × members): one
 * transaction that holds the server's event loop for tens of milliseconds at most.
 */
export const maxAssignmentPairsPerRequest = 10_000;

/** `GET /api/projects/:id/assignments`: documentId → assigned userIds (sorted); documents nobody is assigned to are left out. */
export interface AssignmentsResponse {
  readonly assignments: Readonly<Record<string, readonly string[]>>;
}

/** `PUT /api/projects/:id/documents/:docId/assignments`: the document's assignees, exactly (empty: nobody). */
export interface SetAssignmentsRequest {
  readonly userIds: readonly string[];
}
export interface SetAssignmentsResponse {
  readonly documentId: string;
  readonly userIds: readonly string[];
  /** Members newly assigned, and no longer assigned. */
  readonly added: number;
  readonly removed: number;
}

/** `POST /api/projects/:id/assignments`: the same members added to, removed from, or made the assignees of many documents at once. */
export interface AssignDocumentsRequest {
  readonly documentIds: readonly string[];
  readonly userIds: readonly string[];
  readonly mode: AssignmentMode;
}
export interface AssignDocumentsResponse extends AssignmentsResponse {
  /** (document, member) pairs added and removed. */
  readonly added: number;
  readonly removed: number;
}

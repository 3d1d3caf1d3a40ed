/**
 * Managing documents (docs/api.md): renaming them, and grouping them into sets. A set is a named
 * group of a project's documents ("Wave 1", "Clinic A", "Pilot"); a document may be in several.
 * Owners write; every member reads.
 */

/** Longest document name, in characters (after trimming). */
export const maxDocumentNameLength = 200;
/** Longest set name, in characters (after trimming). */
export const maxDocumentSetNameLength = 100;
/** Most sets one project may have. */
export const maxDocumentSetsPerProject = 200;
/** Most documents one request may add to or remove from a set. */
export const maxSetDocumentsPerRequest = 5000;

/**
 * Whether two names of documents (or of sets) count as the same: names are unique in a project
 * whatever their case or Unicode form.
 *
 * @example
 * isSameName('P07', 'p07') // true
 */
export function isSameName(a: string, b: string): boolean {
  return a.normalize('NFC').toLocaleLowerCase('en') === b.normalize('NFC').toLocaleLowerCase('en');
}

/** How `POST …/sets/:setId/documents` treats the documents it names. */
export const SetMembershipMode = { add: 'add', remove: 'remove' } as const;
export type SetMembershipMode = (typeof SetMembershipMode)[keyof typeof SetMembershipMode];
export const setMembershipModes: readonly SetMembershipMode[] = [SetMembershipMode.add, SetMembershipMode.remove];

/** `PATCH /api/projects/:id/documents/:docId` with a new name (1–200 characters, unique in the project whatever its case). */
export interface RenameDocumentRequest {
  readonly name: string;
}

export interface DocumentSetView {
  readonly id: string;
  readonly name: string;
  /** Its documents' ids, sorted. */
  readonly documentIds: readonly string[];
  readonly createdAt: string;
}

/** `GET /api/projects/:id/sets`: the project's sets by name. */
export interface DocumentSetsResponse {
  readonly sets: readonly DocumentSetView[];
}

/** `POST /api/projects/:id/sets`: a new set, optionally with its first documents. */
export interface CreateDocumentSetRequest {
  readonly name: string;
  readonly documentIds?: readonly string[];
}

/** `PATCH /api/projects/:id/sets/:setId`. */
export interface RenameDocumentSetRequest {
  readonly name: string;
}

/** `POST /api/projects/:id/sets/:setId/documents`. */
export interface ChangeSetDocumentsRequest {
  readonly documentIds: readonly string[];
  readonly mode: SetMembershipMode;
}
export interface ChangeSetDocumentsResponse {
  /** Documents that joined, and that left. */
  readonly added: number;
  readonly removed: number;
  readonly set: DocumentSetView;
}

import type { SetMembershipMode } from '../../shared/api/index.ts';

/**
 * The directory's part for sets of documents: named groups of a project's documents, a document
 * in any number of them. Part of every `DirectoryStore` (checked by `document-set-contract.ts`,
 * which the directory contract runs). A set goes with its project; its memberships go with their
 * set and their document.
 */
export interface DocumentSetStore {
  /** A project's sets by name (case-insensitively, then id), each with its documents' ids sorted. */
  listDocumentSets(projectId: string): Promise<DocumentSetRecord[]>;
  /**
   * Stores a new set with `documentIds` as its first documents, in one transaction. Rejects with a
   * `conflict` StoreError, writing nothing, when the project has a set of that name (whatever its
   * case), or lacks the project or one of the documents. With `maxSets`, returns null, writing
   * nothing, when the project already has that many sets (counted in the same transaction, so two
   * requests racing for the last place cannot both take it).
   */
  createDocumentSet(input: NewDocumentSet, documentIds?: readonly string[], options?: { readonly maxSets?: number }): Promise<DocumentSetRecord | null>;
  /** Renames a set; null when there is none. Rejects with a `conflict` StoreError when another set has the name (whatever its case). */
  renameDocumentSet(projectId: string, setId: string, name: string): Promise<DocumentSetRecord | null>;
  /** Deletes a set and its memberships (never its documents); false when there was none. */
  deleteDocumentSet(projectId: string, setId: string): Promise<boolean>;
  /**
   * Adds documents to a set or removes them, in one transaction; null when there is no such set.
   * Rejects with a `conflict` StoreError, writing nothing, when a document is not in the project.
   */
  changeDocumentSetMembers(projectId: string, setId: string, documentIds: readonly string[], mode: SetMembershipMode): Promise<SetMembershipChange | null>;
}

export interface NewDocumentSet {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface DocumentSetRecord extends NewDocumentSet {
  readonly documentIds: readonly string[];
}

/** What a membership change did, and the set afterwards. */
export interface SetMembershipChange {
  readonly added: number;
  readonly removed: number;
  readonly set: DocumentSetRecord;
}

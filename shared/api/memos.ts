/**
 * Memos (docs/api.md): a researcher's notes about one coding (kept in the coder's layer with the
 * coding), about one document, or about the whole project. Document and project memos are records
 * the server keeps; every change to one is an event of the project's history.
 */

/** What a memo is about: a coding (its `memo`), a document, or the project. */
export const MemoKind = { coding: 'coding', document: 'document', project: 'project' } as const;
export type MemoKind = (typeof MemoKind)[keyof typeof MemoKind];
export const memoKinds: readonly MemoKind[] = [MemoKind.project, MemoKind.document, MemoKind.coding];

/** Longest title of a document or project memo, in characters. */
export const maxMemoTitleLength = 200;
/** Longest text of a document or project memo, in characters. */
export const maxMemoTextLength = 20_000;
/** Most memos one page of `GET …/memos` holds (`limit`); 50 by default. */
export const maxMemoPageSize = 200;
/** Longest search (`q`) of `GET …/memos`, in characters. */
export const maxMemoQueryLength = 200;

/**
 * One memo of `GET /api/projects/:id/memos`. A coding memo's `id` names its coding
 * (`coding:<documentId>:<coder>:<codingId>`), its `authorId` is the coder (or `consensus`), its
 * `title` the code's name, and it carries the coded passage: `start`/`end` (character offsets into
 * the transcript) and `passage`, the coded text (a very long one shortened in the middle).
 */
export interface MemoView {
  readonly id: string;
  readonly kind: MemoKind;
  /** The document it is about (coding and document memos); null for a project memo. */
  readonly documentId: string | null;
  readonly documentName: string | null;
  readonly authorId: string;
  readonly title: string;
  readonly text: string;
  /** ISO 8601. A coding memo has its coding's time (null when the coding carries none). */
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
  readonly codingId?: string;
  readonly codeId?: string;
  readonly start?: number;
  readonly end?: number;
  readonly passage?: string;
}

/** `GET /api/projects/:id/memos`: one page, newest first; `total` counts every memo that matches. */
export interface MemosResponse {
  readonly memos: readonly MemoView[];
  readonly total: number;
}

/** `POST /api/projects/:id/memos`: a project memo, or (with `documentId`) a memo about one document. */
export interface CreateMemoRequest {
  readonly documentId?: string | null;
  readonly title: string;
  readonly text: string;
}

/** `PATCH /api/projects/:id/memos/:memoId`: its author changes the title, the text, or both. */
export interface UpdateMemoRequest {
  readonly title?: string;
  readonly text?: string;
}

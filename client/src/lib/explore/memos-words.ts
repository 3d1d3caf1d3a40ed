import type { MemoKind, MemoView } from '../../../../shared/api/index.ts';
import { paths } from '../routes.ts';

export const memoKindLabels: Readonly<Record<MemoKind, string>> = { project: 'Project memo', document: 'Document memo', coding: 'Coding memo' };

/** The kind filter's choices, plural. */
export const memoKindChoices: readonly { readonly value: MemoKind | ''; readonly label: string }[] = [
  { value: '', label: 'All memos' },
  { value: 'project', label: 'Project memos' },
  { value: 'document', label: 'Document memos' },
  { value: 'coding', label: 'Coding memos' },
];

/** "Ana Ortiz", "Consensus", or "A former member" for an id no longer in the project. */
export function authorName(authorId: string, names: ReadonlyMap<string, string>): string {
  if (authorId === 'consensus') return 'Consensus';
  return names.get(authorId) ?? 'A former member';
}

/**
 * Where a coding memo's passage opens: the transcript, framed at the span.
 *
 * @example
 * passageHref('p1', { documentId: 'd1', start: 10, end: 42 }) // '/projects/p1/documents/d1?at=10-42'
 */
export function passageHref(projectId: string, memo: Pick<MemoView, 'documentId' | 'start' | 'end'>): string | null {
  if (memo.documentId === null || memo.start === undefined || memo.end === undefined) return null;
  return `${paths.document(projectId, memo.documentId)}?at=${memo.start}-${memo.end}`;
}

/** A memo was changed after it was written (a minute's grace for quick corrections). */
export function wasEdited(memo: Pick<MemoView, 'createdAt' | 'updatedAt'>): boolean {
  if (!memo.createdAt || !memo.updatedAt) return false;
  return Date.parse(memo.updatedAt) - Date.parse(memo.createdAt) > 60_000;
}

/** Who may change a memo here: its author (coding memos are changed in the transcript). */
export function canEditMemo(memo: Pick<MemoView, 'kind' | 'authorId'>, userId: string | null, role: string | null): boolean {
  return memo.kind !== 'coding' && userId !== null && memo.authorId === userId && role !== 'viewer';
}

/** Who may delete a memo here: its author or an owner (coding memos go with their coding). */
export function canDeleteMemo(memo: Pick<MemoView, 'kind' | 'authorId'>, userId: string | null, role: string | null): boolean {
  if (memo.kind === 'coding' || role === 'viewer' || role === null) return false;
  return role === 'owner' || (userId !== null && memo.authorId === userId);
}

/** "12 memos", "1 of 40 memos", "1 memo matches", "50 of 71 memos match": the count above the list. */
export function memoCountText(shown: number, total: number, filtered = false): string {
  const noun = total === 1 ? 'memo' : 'memos';
  const count = shown >= total ? `${total.toLocaleString()} ${noun}` : `${shown.toLocaleString()} of ${total.toLocaleString()} ${noun}`;
  return filtered ? `${count} ${total === 1 && shown >= total ? 'matches' : 'match'}` : count;
}

import type { MemoHistory, MemoRecord } from '../persistence/directory-store.ts';
import type { RoomSelector } from '../persistence/document-store.ts';

/** The types of a document or project memo's events (a coding's memo changes with its coding: `coding.changed`). */
export const MemoEventType = { added: 'memo.added', changed: 'memo.changed', removed: 'memo.removed' } as const;
export type MemoEventType = (typeof MemoEventType)[keyof typeof MemoEventType];

/** What an event keeps of a memo: enough to read it back as it was. */
export interface MemoEventValue {
  readonly memoId: string;
  readonly title: string;
  readonly text: string;
}

/**
 * The key a memo's events are stored under in the history (its `room` column). Shaped like a room
 * name — `memo:<projectId>:<documentId>:<authorId>`, or `memo:<projectId>:<authorId>` for a project
 * memo — though no such room exists, so that deleting "the rooms" of a document or an account
 * (`memoKeysOfDocument`, `memoKeysOfUser`) redacts their memos' events with everything else.
 * Ids never contain `:`, so neither selector reaches a neighbour.
 */
export function memoHistoryKey(memo: Pick<MemoRecord, 'projectId' | 'documentId' | 'authorId'>): string {
  return memo.documentId === null ? `memo:${memo.projectId}:${memo.authorId}` : `memo:${memo.projectId}:${memo.documentId}:${memo.authorId}`;
}

/** The history keys of a document's memos. */
export function memoKeysOfDocument(projectId: string, documentId: string): RoomSelector[] {
  return [{ prefix: `memo:${projectId}:${documentId}:` }];
}

/** The history keys of an account's memos, in every project. */
export function memoKeysOfUser(userId: string): RoomSelector[] {
  return [{ prefix: 'memo:', suffix: `:${userId}` }];
}

const valueOf = (memo: MemoRecord): MemoEventValue => ({ memoId: memo.id, title: memo.title, text: memo.text });

/**
 * The event a memo change is stored with: `by` is who changed it; `layer` is the memo's author
 * (whose memo it is), so that a blind round's filter of the history keeps it for them and hides it
 * from others exactly as the memo itself.
 */
export function memoEvent(type: MemoEventType, by: string, before: MemoRecord | null, after: MemoRecord | null): MemoHistory {
  const memo = (after ?? before)!;
  return {
    room: memoHistoryKey(memo),
    event: { userId: by, layer: memo.authorId, type, documentId: memo.documentId, codingId: null, codeId: null, before: before && valueOf(before), after: after && valueOf(after) },
  };
}

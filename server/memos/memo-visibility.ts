import type { DocumentRoundState } from '../../shared/model/round.ts';
import { decideRoomAccess } from '../access/room-access.ts';
import type { ProjectAccess } from '../http/project-access.ts';
import type { MemoRecord } from '../persistence/directory-store.ts';

/**
 * Whether the reader may see a memo: a project memo every member; a document memo whoever may read
 * its author's layer of that document (the rooms' rule, `decideRoomAccess`): its author and owners
 * always, others only while the document is open — not in a blind project, nor while its round is
 * blind. `round` is the state of the round that governs the document now (null: none).
 */
export function mayReadMemo(access: ProjectAccess, memo: Pick<MemoRecord, 'projectId' | 'documentId' | 'authorId'>, round: DocumentRoundState | null): boolean {
  if (memo.documentId === null) return true;
  return decideRoomAccess({ kind: 'layer', projectId: memo.projectId, documentId: memo.documentId, userId: memo.authorId }, access.actor, access.project, round).read;
}

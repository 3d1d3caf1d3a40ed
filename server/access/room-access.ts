import type { RoomName } from '../../shared/protocol/index.ts';
import type { ProjectSettings, Role } from '../../shared/api/index.ts';
import { consensusHiddenFromCoders, documentCodingMode, layerFrozenReason, type DocumentRoundState } from '../../shared/model/round.ts';

/** Who is asking: a project member with a role, or the administrator token (owner rights everywhere). */
export type RoomActor = { readonly kind: 'member'; readonly userId: string; readonly role: Role } | { readonly kind: 'admin' };

export interface RoomAccess {
  readonly read: boolean;
  readonly write: boolean;
}

const none: RoomAccess = { read: false, write: false };

/**
 * The room policy, as a pure function so it can be tested exhaustively and used by every
 * transport. `actor` is null for someone who is not a member; `round` is the state of the round
 * that governs the room's document (null when none has started).
 *
 * - project:   everyone in the project reads; owners write; coders write while `codersEditCodebook`.
 * - text:      everyone reads; owners write (to correct it) — not once its round is locked, whose
 *              consensus quotes the text as it stands.
 * - layer:     its coder reads and writes — unless the round froze it (submitted, revealed, locked);
 *              owners read; other members read only in open mode (the round's mode when it has one).
 * - consensus: everyone reads, except coders and viewers while the round is blind; nobody writes
 *              over the socket (the reconciliation API does).
 */
export function decideRoomAccess(room: RoomName, actor: RoomActor | null, project: Pick<ProjectSettings, 'codingMode' | 'codersEditCodebook'>, round: DocumentRoundState | null = null): RoomAccess {
  if (actor === null) return none;
  const isOwner = actor.kind === 'admin' || actor.role === 'owner';
  switch (room.kind) {
    case 'project':
      return { read: true, write: isOwner || (actor.kind === 'member' && actor.role === 'coder' && project.codersEditCodebook) };
    case 'text':
      return { read: true, write: isOwner && round?.phase !== 'locked' };
    case 'layer': {
      const isAuthor = actor.kind === 'member' && actor.userId === room.userId;
      // A viewer never writes, even a layer named after them.
      const canWriteOwn = isAuthor && actor.kind === 'member' && actor.role !== 'viewer' && layerFrozenReason(round, room.userId) === null;
      return { read: isAuthor || isOwner || documentCodingMode(project.codingMode, round) === 'open', write: canWriteOwn };
    }
    case 'consensus':
      return { read: isOwner || !consensusHiddenFromCoders(round), write: false };
  }
}

const rank: Record<Role, number> = { viewer: 1, coder: 2, owner: 3 };

/** True when `role` is at least `minimum` (viewer < coder < owner). */
export function hasRole(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

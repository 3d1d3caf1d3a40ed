import { CloseCode, parseRoomName, type CloseReason } from '../../shared/protocol/index.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { documentCodingMode } from '../../shared/model/round.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import { decideRoomAccess, type RoomActor } from './room-access.ts';

/** Who holds a socket, reduced to what access decisions need (kept on the connection). */
export interface SocketHolder {
  readonly userId: string | null;
  readonly isAdmin: boolean;
}

export type SocketDecision =
  | {
      readonly allowed: true;
      readonly writable: boolean;
      /** Owners and the admin token: see all presence, seen by all. */
      readonly privileged: boolean;
      /** Blind mode, coder or viewer: presence hidden from other coders and viewers. */
      readonly isolated: boolean;
    }
  | { readonly allowed: false; readonly close: CloseReason };

/**
 * Decides whether `holder` may hold a socket on `roomName`, and whether it may write. Run when the
 * socket opens and again whenever membership, roles, project settings or a round change.
 * Unknown rooms (bad name, missing project or document, layer of no account) → 4404;
 * non-members and hidden layers → 4403.
 */
export async function decideSocketAccess(directory: DirectoryStore, holder: SocketHolder, roomName: string): Promise<SocketDecision> {
  const room = parseRoomName(roomName);
  if (!room) return { allowed: false, close: CloseCode.roomNotFound };
  const project = await directory.findProject(room.projectId);
  if (!project) return { allowed: false, close: CloseCode.roomNotFound };
  if (room.kind !== 'project') {
    const document = await directory.findDocument(room.projectId, room.documentId);
    if (!document) return { allowed: false, close: CloseCode.roomNotFound };
  }
  let actor: RoomActor | null = null;
  if (holder.isAdmin) actor = { kind: 'admin' };
  else if (holder.userId) {
    const member = await directory.findMember(room.projectId, holder.userId);
    if (member) actor = { kind: 'member', userId: holder.userId, role: member.role };
  }
  if (actor === null) return { allowed: false, close: CloseCode.forbidden };
  // A layer is named after an account; a former member's layer stays readable to owners.
  if (room.kind === 'layer' && !(await directory.findUserById(room.userId))) {
    return { allowed: false, close: CloseCode.roomNotFound };
  }
  const round = room.kind === 'project' ? null : await readDocumentRound(directory, room.projectId, room.documentId);
  const access = decideRoomAccess(room, actor, project, round);
  if (!access.read) return { allowed: false, close: CloseCode.forbidden };
  const privileged = actor.kind === 'admin' || actor.role === 'owner';
  return { allowed: true, writable: access.write, privileged, isolated: !privileged && documentCodingMode(project.codingMode, round) === 'blind' };
}

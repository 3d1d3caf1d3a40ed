import type { AcceptInviteResponse } from '../../shared/api/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import type { AccessEvents } from '../access/access-events.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { DirectoryStore, InviteRecord } from '../persistence/directory-store.ts';
import { hashSecret } from './secret-token.ts';

const expired = () => new ApiError(ApiErrorCode.conflict, 'This invite has expired; ask the project owner for a new one');
const usedUp = () => new ApiError(ApiErrorCode.conflict, 'This invite has been used up; ask the project owner for a new one');

const isExpired = (invite: InviteRecord, now: Date) => invite.expiresAt <= now.toISOString();

/** The invite behind `code` if it could be accepted now: it exists, has not expired, has uses left. */
export async function findUsableInvite(directory: DirectoryStore, code: string, now: Date): Promise<InviteRecord> {
  const invite = await directory.findInvite(hashSecret(code));
  if (!invite) throw notFound('Invite');
  if (isExpired(invite, now)) throw expired();
  if (invite.uses >= invite.maxUses) throw usedUp();
  return invite;
}

/**
 * The one way into a project by invite link, used by accepting an invite and by signing up with
 * one: the user joins with the invite's role, spending one use. Joining again never lowers a
 * role and spends nothing. The store checks, spends and joins in one transaction, so two people
 * racing for the last use cannot both get in, on one server or several.
 */
export async function acceptInvite(deps: { directory: DirectoryStore; events: AccessEvents }, code: string, userId: string, now = new Date()): Promise<AcceptInviteResponse> {
  const accepted = await deps.directory.acceptInvite(hashSecret(code), userId, now.toISOString());
  switch (accepted.outcome) {
    case 'unknown':
      throw notFound('Invite');
    case 'expired':
      throw expired();
    case 'usedUp':
      throw usedUp();
    case 'alreadyMember':
      return { projectId: accepted.projectId, role: accepted.role };
    case 'joined':
      deps.events.emit({ type: 'memberChanged', projectId: accepted.projectId, userId });
      return { projectId: accepted.projectId, role: accepted.role };
  }
}

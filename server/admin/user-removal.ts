import { ApiErrorCode, type AccountDeletionPreview } from '../../shared/api/index.ts';
import { deleteAccount, planAccountDeletion } from '../deletion/account-deletion.ts';
import type { ErasureDeps } from '../deletion/erasure.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { UserRecord } from '../persistence/directory-store.ts';

/**
 * An administrator removing someone's account: exactly what deleting one's own account does
 * (`deletion/account-deletion.ts`: the same preview, the same 409 while the account is the last
 * owner of a project with other members, the same erasure order, so sessions, tokens and open
 * sockets end at once), minus the password, which only its owner knows.
 */
export async function previewUserRemoval(deps: ErasureDeps, userId: string): Promise<{ user: UserRecord; preview: AccountDeletionPreview }> {
  const user = await deps.directory.findUserById(userId);
  if (!user) throw notFound('Account');
  return { user, preview: await planAccountDeletion(deps.directory, deps.store, user.id) };
}

/** `by`: the administrator's own account (null for the administrator token), which cannot be removed here. */
export async function removeUser(deps: ErasureDeps, userId: string, by: string | null): Promise<UserRecord> {
  if (userId === by) throw new ApiError(ApiErrorCode.forbidden, 'You cannot remove your own account here. To delete it, use “Delete account” on your Account page.');
  const { user, preview } = await previewUserRemoval(deps, userId);
  if (preview.blockers.length > 0) {
    const names = preview.blockers.map((p) => `“${p.name}”`).join(', ');
    const one = preview.blockers.length === 1;
    throw new ApiError(ApiErrorCode.conflict, `${user.name} is the only owner of ${names}, which ${one ? 'has' : 'have'} other members: ${user.name} must make someone else owner first, or delete ${one ? 'it' : 'them'}.`);
  }
  await deleteAccount(deps, user);
  deps.logger.child('admin').info('account removed by the administrator', { userId, by: by ?? 'admin token', projectsDeleted: preview.projects.length });
  return user;
}

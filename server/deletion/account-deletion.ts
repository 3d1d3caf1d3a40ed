import type { AccountDeletionPreview } from '../../shared/api/types.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { parseRoomName } from '../../shared/protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { DirectoryStore, UserRecord } from '../persistence/directory-store.ts';
import { StoreError, type DocumentStore } from '../persistence/document-store.ts';
import { eraseRooms, layersOfUser, roomsOfProject, type ErasureDeps } from './erasure.ts';
import { memoKeysOfUser } from '../memos/memo-history.ts';

/**
 * What deleting an account takes with it:
 * - projects where the account is the only member and an owner (nobody else could reach them);
 * - its layers everywhere, in projects it is still in and in projects it has left (a layer whose
 *   account is gone is refused to everyone with 4404, so the codings would stay behind unreachable);
 * - its sessions, API tokens, memberships and sign-in failures.
 * It is refused while the account is the last owner of a project with other members (`blockers`).
 * Invites it created stay valid; codebook entries and history keep its id, not its name or email.
 */
export async function planAccountDeletion(directory: DirectoryStore, store: DocumentStore, userId: string): Promise<AccountDeletionPreview> {
  const projects = await directory.listProjectsOfUser(userId);
  const deleted = projects.filter((p) => p.memberCount === 1 && p.role === 'owner');
  const blockers: { id: string; name: string; memberCount: number }[] = [];
  for (const project of projects) {
    if (project.role !== 'owner' || project.memberCount === 1) continue;
    const owners = (await directory.listMembers(project.id)).filter((m) => m.role === 'owner');
    if (owners.length === 1 && owners[0]!.userId === userId) blockers.push({ id: project.id, name: project.name, memberCount: project.memberCount });
  }
  // Documents elsewhere that hold a layer of this account. Layers of documents or projects that no
  // longer exist (left behind before deletion removed rooms) are deleted too, but not counted.
  const deletedIds = new Set(deleted.map((p) => p.id));
  const layerDocuments = new Map<string, Set<string>>();
  for (const room of await store.listRooms(layersOfUser(userId))) {
    const parsed = parseRoomName(room);
    if (parsed?.kind !== 'layer' || deletedIds.has(parsed.projectId)) continue;
    layerDocuments.set(parsed.projectId, (layerDocuments.get(parsed.projectId) ?? new Set()).add(parsed.documentId));
  }
  let documentCount = 0;
  let projectCount = 0;
  for (const [projectId, documentIds] of layerDocuments) {
    const existing = (await directory.listDocuments(projectId)).filter((d) => documentIds.has(d.id)).length;
    documentCount += existing;
    if (existing > 0) projectCount += 1;
  }
  return {
    projects: deleted.map((p) => ({ id: p.id, name: p.name, documentCount: p.documentCount })),
    codings: { documentCount, projectCount },
    blockers,
  };
}

/**
 * Deletes `user`'s account (the route has confirmed its password), in the order that keeps data from coming
 * back: directory rows first (projects deleted with it, then the account, so no new socket is let
 * in), access events so every open socket of theirs closes, then the rooms.
 */
export async function deleteAccount(deps: ErasureDeps, user: UserRecord): Promise<void> {
  const plan = await planAccountDeletion(deps.directory, deps.store, user.id);
  if (plan.blockers.length > 0) {
    const names = plan.blockers.map((p) => `“${p.name}”`).join(', ');
    throw new ApiError(ApiErrorCode.conflict, `You are the only owner of ${names}, which ${plan.blockers.length === 1 ? 'has' : 'have'} other members: make someone else owner first, or delete ${plan.blockers.length === 1 ? 'it' : 'them'}.`);
  }
  for (const project of plan.projects) await deps.directory.deleteProject(project.id);
  let ended;
  try {
    // The store checks again in its transaction: another owner may have left since the plan.
    ended = await deps.directory.deleteUser(user.id);
  } catch (error) {
    if (error instanceof StoreError && error.reason === 'conflict') throw new ApiError(ApiErrorCode.conflict, 'The account became the only owner of a project with other members a moment ago: make someone else owner first, or delete that project.');
    throw error;
  }
  for (const project of plan.projects) deps.events.emit({ type: 'projectChanged', projectId: project.id });
  for (const projectId of ended?.projectIds ?? []) deps.events.emit({ type: 'memberChanged', projectId, userId: user.id });
  for (const sessionId of ended?.sessionIds ?? []) deps.events.emit({ type: 'sessionEnded', sessionId });
  for (const tokenId of ended?.tokenIds ?? []) deps.events.emit({ type: 'tokenRevoked', tokenId });
  for (const project of plan.projects) await deps.search.removeProject(project.id);
  // Its memos went with the account's row; their history events are redacted with its layers'.
  try {
    await eraseRooms(deps, [...plan.projects.flatMap((p) => roomsOfProject(p.id)), ...layersOfUser(user.id), ...memoKeysOfUser(user.id)], { userId: user.id });
  } finally {
    for (const project of plan.projects) deps.events.emit({ type: 'projectErased', projectId: project.id });
    deps.events.emit({ type: 'layersErased', userId: user.id });
  }
  for (const project of plan.projects) await deps.store.deleteHistory(project.id);
}

import type { Role } from '../../shared/api/index.ts';
import type { RoomActor } from '../access/room-access.ts';
import { hasRole } from '../access/room-access.ts';
import type { Principal } from '../auth/principal.ts';
import type { DirectoryStore, ProjectRecord } from '../persistence/directory-store.ts';
import { forbidden, notFound } from './api-error.ts';

export interface ProjectAccess {
  readonly project: ProjectRecord;
  readonly actor: RoomActor;
  /** The effective role: the member's, or owner for the admin token. */
  readonly role: Role;
}

/**
 * Loads a project for a caller who must hold at least `minimum`. Non-members get 404, not 403,
 * so project ids cannot be probed.
 */
export async function loadProjectAs(directory: DirectoryStore, principal: Principal, projectId: string, minimum: Role): Promise<ProjectAccess> {
  const project = await directory.findProject(projectId);
  if (!project) throw notFound('Project');
  if (principal.kind === 'admin') return { project, actor: { kind: 'admin' }, role: 'owner' };
  const member = await directory.findMember(projectId, principal.user.id);
  if (!member) throw notFound('Project');
  if (!hasRole(member.role, minimum)) throw forbidden(`This needs the ${minimum} role; you are a ${member.role}`);
  return { project, actor: { kind: 'member', userId: principal.user.id, role: member.role }, role: member.role };
}

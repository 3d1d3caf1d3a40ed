import { Hono } from 'hono';
import type { AcceptInviteResponse } from '../../shared/api/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { hasRole } from '../access/room-access.ts';
import type { AccessEvents } from '../access/access-events.ts';
import { hashSecret } from '../auth/secret-token.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { ApiError, notFound } from './api-error.ts';
import { requireUser, type AppEnv } from './app-env.ts';

/** Accepting an invite: the signed-in user joins the project with the invite's role. */
export function inviteRoutes(deps: { directory: DirectoryStore; events: AccessEvents }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // A preview for the invite page: which project, which role, whether it still works. Needs no
  // account (the link itself is the secret), and says nothing more than the link's holder may know.
  app.get('/invites/:code', async (c) => {
    const invite = await deps.directory.findInvite(hashSecret(c.req.param('code')));
    if (!invite) throw notFound('Invite');
    const project = await deps.directory.findProject(invite.projectId);
    if (!project) throw notFound('Invite');
    const expired = invite.expiresAt <= new Date().toISOString();
    return c.json({ projectName: project.name, role: invite.role, expiresAt: invite.expiresAt, usable: !expired && invite.uses < invite.maxUses, expired, usedUp: invite.uses >= invite.maxUses });
  });

  app.post('/invites/:code/accept', async (c) => {
    const user = requireUser(c);
    const codeHash = hashSecret(c.req.param('code'));
    const invite = await deps.directory.findInvite(codeHash);
    if (!invite) throw notFound('Invite');
    if (invite.expiresAt <= new Date().toISOString()) throw new ApiError(ApiErrorCode.conflict, 'This invite has expired; ask the project owner for a new one');
    const existing = await deps.directory.findMember(invite.projectId, user.id);
    // Joining again never lowers a role, and does not spend a use.
    if (existing && hasRole(existing.role, invite.role)) return c.json<AcceptInviteResponse>({ projectId: invite.projectId, role: existing.role });
    if (!(await deps.directory.useInvite(codeHash))) throw new ApiError(ApiErrorCode.conflict, 'This invite has been used up; ask the project owner for a new one');
    await deps.directory.putMember(invite.projectId, user.id, invite.role);
    deps.events.emit({ type: 'memberChanged', projectId: invite.projectId, userId: user.id });
    return c.json<AcceptInviteResponse>({ projectId: invite.projectId, role: invite.role });
  });

  return app;
}

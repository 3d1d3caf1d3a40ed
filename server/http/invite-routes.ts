import { Hono } from 'hono';
import type { AcceptInviteResponse, InvitePreview } from '../../shared/api/index.ts';
import type { AccessEvents } from '../access/access-events.ts';
import { hasRole } from '../access/room-access.ts';
import { acceptInvite } from '../auth/invite-acceptance.ts';
import { hashSecret } from '../auth/secret-token.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { notFound } from './api-error.ts';
import { requireUser, type AppEnv } from './app-env.ts';

/** Accepting an invite: the signed-in user joins the project with the invite's role. */
export function inviteRoutes(deps: { directory: DirectoryStore; events: AccessEvents }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // A preview for the invite page: which project, which role, whether it still works. Needs no
  // account (the link itself is the secret), and says nothing more than the link's holder may know
  // — except, to a signed-in member whom accepting would not change, that they are in (`joined`).
  app.get('/invites/:code', async (c) => {
    const invite = await deps.directory.findInvite(hashSecret(c.req.param('code')));
    if (!invite) throw notFound('Invite');
    const project = await deps.directory.findProject(invite.projectId);
    if (!project) throw notFound('Invite');
    const expired = invite.expiresAt <= new Date().toISOString();
    const principal = c.get('principal');
    const member = principal && principal.kind !== 'admin' ? await deps.directory.findMember(project.id, principal.user.id) : null;
    return c.json<InvitePreview>({
      projectName: project.name,
      role: invite.role,
      expiresAt: invite.expiresAt,
      usable: !expired && invite.uses < invite.maxUses,
      expired,
      usedUp: invite.uses >= invite.maxUses,
      joined: member && hasRole(member.role, invite.role) ? { projectId: project.id, role: member.role } : null,
    });
  });

  app.post('/invites/:code/accept', async (c) => {
    const user = requireUser(c);
    return c.json<AcceptInviteResponse>(await acceptInvite(deps, c.req.param('code'), user.id));
  });

  return app;
}

import { Hono } from 'hono';
import type { InviteView, MemberView } from '../../shared/api/index.ts';
import { ApiErrorCode, roles } from '../../shared/api/index.ts';
import type { AccessEvents } from '../access/access-events.ts';
import { createSecret, hashSecret } from '../auth/secret-token.ts';
import type { DirectoryStore, MemberChange } from '../persistence/directory-store.ts';
import { ApiError, notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { optionalOneOf, readJsonObject } from './body.ts';
import { loadProjectAs } from './project-access.ts';
import { importedCoderDomain } from '../interop/import-project.ts';

export interface MemberRouteDeps {
  readonly directory: DirectoryStore;
  readonly events: AccessEvents;
  readonly publicUrl: string | null;
}

const defaultInviteDays = 7;

/** The address server/interop/import-project.ts gives each coder it creates (demo coders share the domain, not the prefix). */
const isImportedCoder = (email: string): boolean => email.startsWith('imported+') && email.endsWith(`@${importedCoderDomain}`);

/** /api/projects/:id/members and /api/projects/:id/invites: who is in a project, and invite links. */
export function memberRoutes(deps: MemberRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { directory } = deps;

  // members
  app.get('/projects/:id/members', async (c) => {
    const { project, role: callerRole } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const members = await directory.listMembers(project.id);
    // Email addresses are for those who manage the team (owners, the admin token), not every viewer.
    const showEmail = callerRole === 'owner';
    return c.json<MemberView[]>(members.map(({ userId, name, email, role, joinedAt }) => ({ userId, name, ...(showEmail && { email }), role, joinedAt, ...(isImportedCoder(email) && { imported: true as const }) })));
  });

  app.patch('/projects/:id/members/:userId', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const userId = c.req.param('userId');
    const body = await readJsonObject(c);
    const role = optionalOneOf(body, 'role', roles);
    if (!role) throw new ApiError(ApiErrorCode.validation, 'role is required', 'role');
    refuseUnchanged(await directory.changeMemberRole(project.id, userId, role));
    deps.events.emit({ type: 'memberChanged', projectId: project.id, userId });
    return c.json({ userId, role });
  });

  app.delete('/projects/:id/members/:userId', async (c) => {
    const principal = requirePrincipal(c);
    const userId = c.req.param('userId');
    // Anyone may leave; only owners remove others.
    const leaving = principal.kind !== 'admin' && principal.user.id === userId;
    const { project } = await loadProjectAs(directory, principal, c.req.param('id'), leaving ? 'viewer' : 'owner');
    refuseUnchanged(await directory.removeMemberUnlessLastOwner(project.id, userId));
    deps.events.emit({ type: 'memberChanged', projectId: project.id, userId });
    return c.body(null, 204);
  });

  /**
   * A project must keep at least one owner. The store checks it in the transaction that writes,
   * so two owners demoting or removing each other at once (on one server or two) leave one owner.
   */
  function refuseUnchanged(change: MemberChange): void {
    if (change === 'notMember') throw notFound('Member');
    if (change === 'lastOwner') throw new ApiError(ApiErrorCode.conflict, 'A project needs at least one owner: make someone else owner first');
  }
  // invites
  app.post('/projects/:id/invites', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(directory, principal, c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const role = optionalOneOf(body, 'role', roles);
    if (!role) throw new ApiError(ApiErrorCode.validation, 'role is required', 'role');
    const maxUses = body.maxUses === undefined ? 1 : body.maxUses;
    if (typeof maxUses !== 'number' || !Number.isInteger(maxUses) || maxUses < 1 || maxUses > 1000) {
      throw new ApiError(ApiErrorCode.validation, 'maxUses must be a whole number from 1 to 1000', 'maxUses');
    }
    const expiresAt = body.expiresAt === undefined ? new Date(Date.now() + defaultInviteDays * 86_400_000) : new Date(String(body.expiresAt));
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) {
      throw new ApiError(ApiErrorCode.validation, 'expiresAt must be a time in the future (ISO 8601)', 'expiresAt');
    }
    const code = createSecret('inv', 18);
    await directory.createInvite({ codeHash: hashSecret(code), projectId: project.id, role, maxUses, expiresAt: expiresAt.toISOString(), createdBy: principal.kind === 'admin' ? 'admin' : principal.user.id });
    const base = deps.publicUrl ?? new URL(c.req.url).origin;
    return c.json<InviteView>({ code, url: `${base}/invite/${code}`, role, maxUses, uses: 0, expiresAt: expiresAt.toISOString() }, 201);
  });

  app.get('/projects/:id/invites', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const invites = await directory.listInvites(project.id, new Date().toISOString());
    return c.json(invites.map(({ id, role, maxUses, uses, expiresAt, createdAt }) => ({ id, role, maxUses, uses, expiresAt, createdAt })));
  });

  app.delete('/projects/:id/invites/:inviteId', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    if (!(await directory.deleteInvite(project.id, c.req.param('inviteId')))) throw notFound('Invite');
    return c.body(null, 204);
  });
  return app;
}

import { Hono, type Context } from 'hono';
import {
  ApiErrorCode,
  signupModes,
  type AccountDeletionPreview,
  type AdminSettings,
  type AdminUsersResponse,
  type PasswordResetLink,
  type PasswordResetPreview,
  type PasswordResetResponse,
  type SignupMode,
  type UpdateMeResponse,
} from '../../shared/api/index.ts';
import { previewUserRemoval, removeUser } from '../admin/user-removal.ts';
import { toUserView, type AuthService } from '../auth/auth-service.ts';
import type { SignupSetting } from '../auth/signup-setting.ts';
import type { ErasureDeps } from '../deletion/erasure.ts';
import { ApiError, notFound } from './api-error.ts';
import { requirePrincipal, requireUser, type AppContext, type AppEnv } from './app-env.ts';
import { optionalString, readJsonObject, requireString } from './body.ts';
import { isSameOriginOrNone } from './same-origin.ts';

export interface AdminRouteDeps extends ErasureDeps {
  readonly auth: AuthService;
  readonly publicUrl: string | null;
  readonly clientAddress: (c: Context) => string;
}

/**
 * The one guard of every `/api/admin/*` route: the administrator token, or an account marked as
 * the server's administrator (the first account), by session or API token. Returns the acting
 * account's id (null for the token). Signed out: 401; anyone else: 403.
 */
function requireAdmin(c: AppContext): { readonly userId: string | null } {
  const principal = requirePrincipal(c);
  if (principal.kind === 'admin') return { userId: null };
  if (!principal.user.isAdmin) throw new ApiError(ApiErrorCode.forbidden, 'Only the administrator of this Accord server can do this');
  return { userId: principal.user.id };
}

const toSettings = (setting: SignupSetting): AdminSettings => ({ signup: setting.mode, signupSource: setting.source, signupDefault: setting.configured });

/** Ids and secrets in paths are short; anything longer cannot exist, so it is "not found" without a lookup. */
const boundedParam = (c: Context, name: string, what: string): string => {
  const value = c.req.param(name) ?? '';
  if (value.length === 0 || value.length > 200) throw notFound(what);
  return value;
};

/**
 * Administration of the server's accounts (`/api/admin/*`: the user list, the sign-up mode,
 * password-reset links, removing an account), the public use of a reset link, and each person's
 * own name and email (`PATCH /api/me`).
 */
export function adminRoutes(deps: AdminRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const log = deps.logger.child('admin');

  app.get('/admin/users', async (c) => {
    requireAdmin(c);
    return c.json<AdminUsersResponse>({ users: await deps.directory.listUserSummaries() });
  });

  app.get('/admin/settings', async (c) => {
    requireAdmin(c);
    return c.json<AdminSettings>(toSettings(await deps.auth.signupSetting()));
  });

  app.patch('/admin/settings', async (c) => {
    const admin = requireAdmin(c);
    const body = await readJsonObject(c);
    const signup = body.signup;
    if (signup !== null && !(typeof signup === 'string' && (signupModes as readonly string[]).includes(signup))) {
      throw new ApiError(ApiErrorCode.validation, `signup must be one of ${signupModes.join(', ')}, or null to follow the server's SIGNUP setting`, 'signup');
    }
    const setting = await deps.auth.setSignupMode(signup as SignupMode | null);
    log.info('sign-up mode changed', { signup: setting.mode, source: setting.source, by: admin.userId ?? 'admin token' });
    return c.json<AdminSettings>(toSettings(setting));
  });

  app.get('/admin/users/:id/deletion', async (c) => {
    requireAdmin(c);
    const { preview } = await previewUserRemoval(deps, boundedParam(c, 'id', 'Account'));
    return c.json<AccountDeletionPreview>(preview);
  });

  app.post('/admin/users/:id/password-reset', async (c) => {
    const admin = requireAdmin(c);
    const user = await deps.directory.findUserById(boundedParam(c, 'id', 'Account'));
    if (!user) throw notFound('Account');
    const { secret, expiresAt } = await deps.auth.createPasswordReset(user.id, admin.userId);
    log.info('password-reset link created', { userId: user.id, by: admin.userId ?? 'admin token' });
    const base = deps.publicUrl ?? new URL(c.req.url).origin;
    return c.json<PasswordResetLink>({ url: `${base}/reset/${secret}`, expiresAt: expiresAt.toISOString() }, 201);
  });

  app.delete('/admin/users/:id', async (c) => {
    const admin = requireAdmin(c);
    await removeUser(deps, boundedParam(c, 'id', 'Account'), admin.userId);
    return c.body(null, 204);
  });

  // Anyone holding the link: it is the credential. Throttled with sign-in per client address.
  app.get('/password-reset/:secret', async (c) => {
    const { user, expiresAt } = await deps.auth.previewPasswordReset(boundedParam(c, 'secret', 'Password-reset link'), deps.clientAddress(c));
    return c.json<PasswordResetPreview>({ name: user.name, email: user.email, expiresAt });
  });

  app.post('/password-reset/:secret', async (c) => {
    if (!isSameOriginOrNone(c, deps.publicUrl)) throw new ApiError(ApiErrorCode.csrf, 'Cross-site password resets are refused');
    const secret = boundedParam(c, 'secret', 'Password-reset link');
    const body = await readJsonObject(c);
    const password = requireString(body, 'password', { max: 1024, trim: false, missing: 'Enter a new password' });
    const { user, endedSessionIds } = await deps.auth.resetPassword(secret, password, deps.clientAddress(c));
    // Open sockets signed in by an ended session close at once.
    for (const sessionId of endedSessionIds) deps.events.emit({ type: 'sessionEnded', sessionId });
    log.info('password reset through a link', { userId: user.id, endedSessions: endedSessionIds.length });
    return c.json<PasswordResetResponse>({ email: user.email, endedSessions: endedSessionIds.length });
  });

  app.patch('/me', async (c) => {
    const user = requireUser(c);
    const body = await readJsonObject(c);
    const name = optionalString(body, 'name', { max: 100, missing: 'Enter your name' });
    const email = optionalString(body, 'email', { max: 254, missing: 'Enter your email address' });
    if (name === undefined && email === undefined) throw new ApiError(ApiErrorCode.validation, 'Send a name or an email to change', 'name');
    const updated = await deps.auth.updateProfile(user, { name, email });
    return c.json<UpdateMeResponse>({ user: toUserView(updated) });
  });

  return app;
}

import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AuthOptionsResponse, ChangePasswordResponse, SessionResponse, SignupResponse } from '../../shared/api/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { toUserView, type AuthService } from '../auth/auth-service.ts';
import { acceptInvite } from '../auth/invite-acceptance.ts';
import type { AccessEvents } from '../access/access-events.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { ApiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';
import { requirePrincipal, requireUser } from './app-env.ts';
import { sessionCookieName } from './authenticate.ts';
import { optionalBoolean, optionalString, readJsonObject, requireString } from './body.ts';
import { isSameOriginOrNone } from './same-origin.ts';

export interface AuthRouteDeps {
  readonly auth: AuthService;
  readonly directory: DirectoryStore;
  readonly events: AccessEvents;
  readonly publicUrl: string | null;
  readonly clientAddress: (c: import('hono').Context) => string;
}

/** /api/auth/* and /api/me: sign-up (and its options), sign-in, sign-out, password, current session. */
export function authRoutes(deps: AuthRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const startSession = async (c: import('hono').Context<AppEnv>, userId: string): Promise<string> => {
    const session = await deps.auth.createSession(userId);
    setCookie(c, sessionCookieName, session.cookieValue, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:' || (deps.publicUrl?.startsWith('https:') ?? false),
      path: '/',
      expires: session.expiresAt,
    });
    return session.csrfToken;
  };
  const refuseCrossSite = (c: import('hono').Context<AppEnv>) => {
    if (!isSameOriginOrNone(c, deps.publicUrl)) throw new ApiError(ApiErrorCode.csrf, 'Cross-site sign-in requests are refused');
  };

  // Anyone may ask, so the sign-up page can explain the server's rules before the form is filled.
  app.get('/auth/options', async (c) => c.json<AuthOptionsResponse>(await deps.auth.signupOptions()));

  app.post('/auth/signup', async (c) => {
    refuseCrossSite(c);
    const body = await readJsonObject(c);
    // In the order of the form's inputs, so the first missing one is the one named.
    const name = requireString(body, 'name', { max: 100, missing: 'Enter your name' });
    const email = requireString(body, 'email', { max: 254, missing: 'Enter your email address' });
    const password = requireString(body, 'password', { max: 1024, trim: false, missing: 'Enter a password' });
    const inviteCode = optionalString(body, 'inviteCode', { max: 200 });
    const user = await deps.auth.signup({ name, email, password, inviteCode }, deps.clientAddress(c));
    // The invite was usable a moment ago; if its last use went to someone else since, this answers
    // 409 and the new account (without a session yet) simply signs in.
    const joined = inviteCode === undefined ? undefined : await acceptInvite(deps, inviteCode, user.id);
    const csrfToken = await startSession(c, user.id);
    return c.json<SignupResponse>({ user: toUserView(user), csrfToken, ...(joined && { joined }) }, 201);
  });

  app.post('/auth/login', async (c) => {
    refuseCrossSite(c);
    const body = await readJsonObject(c);
    const email = requireString(body, 'email', { max: 254, missing: 'Enter your email address' });
    const password = requireString(body, 'password', { max: 1024, trim: false, missing: 'Enter your password' });
    const user = await deps.auth.login(email, password, deps.clientAddress(c));
    const csrfToken = await startSession(c, user.id);
    return c.json<SessionResponse>({ user: toUserView(user), csrfToken });
  });

  app.post('/auth/logout', async (c) => {
    const principal = c.get('principal');
    if (principal?.kind === 'session') {
      await deps.directory.deleteSession(principal.sessionId);
      deps.events.emit({ type: 'sessionEnded', sessionId: principal.sessionId });
    }
    deleteCookie(c, sessionCookieName, { path: '/' });
    return c.body(null, 204);
  });

  app.get('/me', (c) => {
    const principal = requirePrincipal(c);
    if (principal.kind === 'admin') return c.json({ user: null, admin: true });
    return c.json<SessionResponse>({ user: toUserView(principal.user), csrfToken: principal.kind === 'session' ? principal.csrfToken : '' });
  });

  app.post('/auth/password', async (c) => {
    const user = requireUser(c);
    const principal = requirePrincipal(c);
    const body = await readJsonObject(c);
    const currentPassword = requireString(body, 'currentPassword', { max: 1024, trim: false, missing: 'Enter your current password' });
    const newPassword = requireString(body, 'newPassword', { max: 1024, trim: false, missing: 'Enter a new password' });
    const revokeTokens = optionalBoolean(body, 'revokeTokens') ?? false;
    const change = await deps.auth.changePassword(user, { currentPassword, newPassword, revokeTokens, keepSessionId: principal.kind === 'session' ? principal.sessionId : undefined }, deps.clientAddress(c));
    // Open sockets signed in by an ended session or a revoked token close at once.
    for (const sessionId of change.endedSessionIds) deps.events.emit({ type: 'sessionEnded', sessionId });
    for (const tokenId of change.revokedTokenIds) deps.events.emit({ type: 'tokenRevoked', tokenId });
    return c.json<ChangePasswordResponse>({ revokedTokens: change.revokedTokenIds.length, remainingTokens: change.remainingTokens });
  });

  return app;
}

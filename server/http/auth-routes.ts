import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { SessionResponse } from '../../shared/api/index.ts';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { toUserView, type AuthService } from '../auth/auth-service.ts';
import type { AccessEvents } from '../access/access-events.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { ApiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';
import { requirePrincipal, requireUser } from './app-env.ts';
import { sessionCookieName } from './authenticate.ts';
import { readJsonObject, requireString } from './body.ts';
import { isSameOriginOrNone } from './same-origin.ts';

export interface AuthRouteDeps {
  readonly auth: AuthService;
  readonly directory: DirectoryStore;
  readonly events: AccessEvents;
  readonly publicUrl: string | null;
  readonly clientAddress: (c: import('hono').Context) => string;
}

/** /api/auth/* and /api/me: sign-up, sign-in, sign-out, password, current session. */
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

  app.post('/auth/signup', async (c) => {
    refuseCrossSite(c);
    const body = await readJsonObject(c);
    const user = await deps.auth.signup({
      email: requireString(body, 'email', { max: 254 }),
      password: requireString(body, 'password', { min: 1, max: 1024, trim: false }),
      name: requireString(body, 'name', { max: 100 }),
    });
    const csrfToken = await startSession(c, user.id);
    return c.json<SessionResponse>({ user: toUserView(user), csrfToken }, 201);
  });

  app.post('/auth/login', async (c) => {
    refuseCrossSite(c);
    const body = await readJsonObject(c);
    const user = await deps.auth.login(requireString(body, 'email', { max: 254 }), requireString(body, 'password', { max: 1024, trim: false }), deps.clientAddress(c));
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
    const ended = await deps.auth.changePassword(
      user,
      requireString(body, 'currentPassword', { max: 1024, trim: false }),
      requireString(body, 'newPassword', { max: 1024, trim: false }),
      principal.kind === 'session' ? principal.sessionId : undefined,
    );
    for (const sessionId of ended) deps.events.emit({ type: 'sessionEnded', sessionId });
    return c.body(null, 204);
  });

  return app;
}

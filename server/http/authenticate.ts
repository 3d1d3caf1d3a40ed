import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { ApiErrorCode } from '../../shared/api/index.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { secretsEqual } from '../auth/secret-token.ts';
import { ApiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';

export const sessionCookieName = 'accord_session';
export const csrfHeaderName = 'X-CSRF-Token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from `Authorization: Bearer …` (API or admin token), or the session cookie,
 * or — on the websocket route only, where browsers cannot set headers — `?token=`.
 * Cookie-authenticated state changes must carry the session's CSRF token in `X-CSRF-Token`.
 */
export function authenticate(auth: AuthService) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const queryToken = c.req.path.startsWith('/sync/') ? c.req.query('token') : undefined;
    if (header !== undefined || queryToken !== undefined) {
      const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
      const secret = match?.[1] ?? queryToken;
      const principal = secret ? await auth.resolveBearer(secret) : null;
      if (!principal) throw new ApiError(ApiErrorCode.unauthorized, 'The API token is invalid or has been revoked');
      c.set('principal', principal);
      return next();
    }
    const cookie = getCookie(c, sessionCookieName);
    const principal = cookie ? await auth.resolveSession(cookie) : null;
    c.set('principal', principal);
    if (principal?.kind === 'session' && !safeMethods.has(c.req.method)) {
      const presented = c.req.header(csrfHeaderName) ?? '';
      if (!secretsEqual(presented, principal.csrfToken)) {
        throw new ApiError(ApiErrorCode.csrf, 'Missing or wrong CSRF token: reload the page and try again');
      }
    }
    return next();
  });
}

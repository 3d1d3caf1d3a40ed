import type { Context } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import type { Principal } from '../auth/principal.ts';
import type { UserRecord } from '../persistence/directory-store.ts';
import { ApiError } from './api-error.ts';

/** Hono variables every route can read; `principal` is set by the authenticate middleware. */
export type AppEnv = { Variables: { principal: Principal | null } };
export type AppContext = Context<AppEnv>;

export function requirePrincipal(c: AppContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new ApiError(ApiErrorCode.unauthorized, 'Sign in or send an API token');
  return principal;
}

/** For actions that belong to a person (tokens, passwords, accepting invites): not the admin token. */
export function requireUser(c: AppContext): UserRecord {
  const principal = requirePrincipal(c);
  if (principal.kind === 'admin') throw new ApiError(ApiErrorCode.forbidden, 'The administrator token acts on projects, not as a person');
  return principal.user;
}

import { Hono, type Context } from 'hono';
import type { AuthService } from '../auth/auth-service.ts';
import { deleteCookie } from 'hono/cookie';
import type { AccountDeletionPreview } from '../../shared/api/types.ts';
import { deleteAccount, planAccountDeletion } from '../deletion/account-deletion.ts';
import type { ErasureDeps } from '../deletion/erasure.ts';
import { requireUser, type AppEnv } from './app-env.ts';
import { sessionCookieName } from './authenticate.ts';
import { readJsonObject, requireString } from './body.ts';

/** /api/me/deletion and DELETE /api/me: deleting one's own account (a person, never the admin token). */
export function accountRoutes(deps: ErasureDeps & { readonly auth: AuthService; readonly clientAddress: (c: Context) => string }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/me/deletion', async (c) => {
    const user = requireUser(c);
    return c.json<AccountDeletionPreview>(await planAccountDeletion(deps.directory, deps.store, user.id));
  });

  app.delete('/me', async (c) => {
    const user = requireUser(c);
    const body = await readJsonObject(c);
    await deps.auth.confirmPassword(user, requireString(body, 'password', { max: 1024, trim: false }), deps.clientAddress(c), 'password');
    await deleteAccount(deps, user);
    deleteCookie(c, sessionCookieName, { path: '/' });
    return c.body(null, 204);
  });

  return app;
}

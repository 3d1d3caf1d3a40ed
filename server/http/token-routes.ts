import { Hono } from 'hono';
import type { CreateTokenResponse, TokenView } from '../../shared/api/index.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { AccessEvents } from '../access/access-events.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { notFound } from './api-error.ts';
import { requireUser, type AppEnv } from './app-env.ts';
import { readJsonObject, requireString } from './body.ts';

/** Personal API tokens: create (shown once), list with last use, revoke. */
export function tokenRoutes(deps: { auth: AuthService; directory: DirectoryStore; events: AccessEvents }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/tokens', async (c) => {
    const user = requireUser(c);
    const tokens = await deps.directory.listApiTokens(user.id);
    return c.json<TokenView[]>(tokens.map(({ id, name, createdAt, lastUsedAt }) => ({ id, name, createdAt, lastUsedAt })));
  });

  app.post('/tokens', async (c) => {
    const user = requireUser(c);
    const body = await readJsonObject(c);
    const { record, token } = await deps.auth.createApiToken(user.id, requireString(body, 'name', { max: 100 }));
    return c.json<CreateTokenResponse>({ id: record.id, name: record.name, token }, 201);
  });

  app.delete('/tokens/:id', async (c) => {
    const user = requireUser(c);
    const id = c.req.param('id');
    if (!(await deps.directory.deleteApiToken(user.id, id))) throw notFound('Token');
    deps.events.emit({ type: 'tokenRevoked', tokenId: id });
    return c.body(null, 204);
  });

  return app;
}

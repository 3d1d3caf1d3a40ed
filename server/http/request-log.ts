import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../logger.ts';
import type { RequestMetrics } from '../metrics/server-metrics.ts';
import type { AppEnv } from './app-env.ts';

/** Answers without a route of their own: the built client's files and its app shell, or nothing. */
export const RouteLabel = { static: '(static)', unmatched: '(unmatched)' } as const;

/**
 * The route pattern a request was for (`/api/projects/:id/export`), never its path: paths carry
 * invite codes and reset secrets (`/invite/<code>`), query strings carry tokens. Middleware
 * (`app.use`, method ALL) is skipped: the pattern is that of the first method route from the one
 * that answered on, so a request refused by the authentication middleware still names its route.
 */
export function routePatternOf(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = c.req.routeIndex; i < routes.length; i++) {
    const route = routes[i]!;
    if (route.method !== 'ALL') return route.path;
  }
  return c.res.status === 404 ? RouteLabel.unmatched : RouteLabel.static;
}

/** Probes call every few seconds: their lines are debug, so they do not drown the others. */
const probeRoutes = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One log line per HTTP request — method, route pattern, status, milliseconds to the response
 * headers, the response's bytes when it declares them, the account — and the request counted in
 * `metrics`. No path, query, header or body is logged. Websocket upgrades are left to the socket's
 * own open and close lines.
 */
export function requestLog(options: { log: Logger; metrics?: RequestMetrics | undefined }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.header('upgrade')?.toLowerCase() === 'websocket') return next();
    const started = performance.now();
    let thrown = false;
    try {
      await next();
    } catch (error) {
      thrown = true;
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const status = thrown ? 500 : c.res.status;
      options.metrics?.observeRequest(status, seconds);
      const route = routePatternOf(c);
      const length = thrown ? null : c.res.headers.get('content-length');
      const principal = c.get('principal');
      const fields = {
        method: c.req.method,
        route,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        ...(length !== null && { bytes: Number(length) }),
        ...(principal && { userId: principal.kind === 'admin' ? 'admin' : principal.user.id }),
      };
      if (probeRoutes.has(route)) options.log.debug('request', fields);
      else if (status >= 500) options.log.warn('request', fields);
      else options.log.info('request', fields);
    }
  };
}

import type { Handler } from 'hono';
import { ApiErrorCode, type ApiErrorBody } from '../../shared/api/index.ts';
import { exposition } from '../metrics/prometheus-text.ts';
import type { AppEnv } from './app-env.ts';

export interface MetricsRouteOptions {
  /** False when no token may read metrics (neither METRICS_TOKEN nor ACCORD_ADMIN_TOKEN is set). */
  readonly enabled: boolean;
  /** True when `bearer` is a token allowed to read metrics (compared in constant time). */
  readonly authorize: (bearer: string) => boolean;
  readonly render: () => string;
}

const body = (code: ApiErrorCode, message: string): ApiErrorBody => ({ error: { code, message } });

/**
 * `GET /metrics` in Prometheus' text format, for a bearer token only: the figures say how busy the
 * server is and how many rooms and sockets it holds, which is nobody's business on the internet.
 * No cookie session is accepted, so a browser cannot be made to fetch it on someone's behalf.
 */
export function metricsRoute(options: MetricsRouteOptions): Handler<AppEnv> {
  return (c) => {
    if (!options.enabled) return c.json(body(ApiErrorCode.forbidden, 'Metrics are off: set METRICS_TOKEN (or ACCORD_ADMIN_TOKEN) and send it as a bearer token'), 403);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer) return c.json(body(ApiErrorCode.unauthorized, 'Send the metrics token as Authorization: Bearer <token>'), 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    if (!options.authorize(bearer)) return c.json(body(ApiErrorCode.forbidden, 'This token may not read metrics'), 403);
    return c.body(options.render(), 200, { 'Content-Type': exposition.contentType, 'Cache-Control': 'no-store' });
  };
}

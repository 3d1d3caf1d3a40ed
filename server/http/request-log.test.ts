import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import type { AppEnv } from './app-env.ts';
import { requestLog } from './request-log.ts';

/** A small app shaped like ours: a guard on /api/*, parameterised routes, a static catch-all. */
function appWithLog(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const observed: number[] = [];
  const app = new Hono<AppEnv>();
  app.use('*', requestLog({ log: createLogger(level, (line) => lines.push(line)), metrics: { observeRequest: (status) => observed.push(status) } }));
  app.use('/api/*', async (c, next) => {
    if (c.req.header('authorization') !== 'Bearer acc_SECRET') return c.json({ error: 'unauthorized' }, 401);
    await next();
  });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/api/projects/:id/export', () => new Response('0123456789', { headers: { 'content-length': '10' } }));
  app.get('/api/invites/:code', (c) => c.json({ ok: true }));
  app.get('/api/boom', () => {
    throw new Error('boom');
  });
  app.onError((_error, c) => c.json({ error: 'internal' }, 500));
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { app, lines, observed, entries };
}
const auth = { authorization: 'Bearer acc_SECRET' };

describe('requestLog', () => {
  it('logs one line per request with the route pattern, status, time and bytes — never the path or query', async () => {
    const { app, lines, entries } = appWithLog();
    const response = await app.request('/api/projects/p7/export?format=csv&token=acc_QUERYSECRET', { headers: auth });
    expect(response.status).toBe(200);
    expect(lines).toHaveLength(1);
    expect(entries()[0]).toMatchObject({ msg: 'request', level: 'info', method: 'GET', route: '/api/projects/:id/export', status: 200, bytes: 10 });
    expect(typeof entries()[0]!.ms).toBe('number');
    expect(lines[0]).not.toMatch(/p7|format=|QUERYSECRET|acc_SECRET/);
  });

  it('names the route of a request its guard refused, and not the secret in its path', async () => {
    const { app, lines, entries } = appWithLog();
    expect((await app.request('/api/invites/inv_SECRETCODE')).status).toBe(401);
    expect(entries()[0]).toMatchObject({ route: '/api/invites/:code', status: 401 });
    expect(lines[0]).not.toContain('SECRETCODE');
  });

  it('labels a request no route matched without repeating its path', async () => {
    const { app, lines, entries } = appWithLog();
    expect((await app.request('/reset/rst_SECRET')).status).toBe(404);
    expect(entries()[0]).toMatchObject({ route: '(unmatched)', status: 404 });
    expect(lines[0]).not.toContain('rst_SECRET');
  });

  it('logs a server error as a warning with status 500', async () => {
    const { app, entries } = appWithLog();
    expect((await app.request('/api/boom', { headers: auth })).status).toBe(500);
    expect(entries()[0]).toMatchObject({ route: '/api/boom', status: 500, level: 'warn' });
  });

  it('counts every request, and keeps probes at debug so they do not drown the rest', async () => {
    const { app, entries, observed } = appWithLog('info');
    await app.request('/healthz');
    await app.request('/api/projects/p1/export', { headers: auth });
    expect(observed).toEqual([200, 200]);
    expect(entries().map((e) => e.route)).toEqual(['/api/projects/:id/export']);
  });

  it('leaves websocket upgrades to the socket lines', async () => {
    const { app, lines, observed } = appWithLog();
    await app.request('/api/projects/p1/export', { headers: { ...auth, upgrade: 'websocket' } });
    expect(lines).toEqual([]);
    expect(observed).toEqual([]);
  });
});

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import { formatBytes, limitBody } from './body-limit.ts';

/** A small app with the limits registered as app.ts does: route-specific first, then the default. */
function appWithLimits() {
  const app = new Hono();
  app.post('/big', limitBody({ maxBytes: 64, message: 'Big is limited to 64 bytes' }));
  app.use('*', limitBody({ maxBytes: 16 }));
  app.post('/big', async (c) => c.json({ length: (await c.req.text()).length }));
  app.post('/small', async (c) => c.json({ length: (await c.req.text()).length }));
  // A route that turns any failure to read into its own error, as multipart parsing does.
  app.post('/lenient', async (c) => {
    try {
      await c.req.text();
    } catch {
      return c.json({ error: 'could not read' }, 400);
    }
    return c.json({ ok: true });
  });
  app.onError((error, c) => (error instanceof ApiError ? c.json({ code: error.code, message: error.message }, error.status) : c.json({ code: 'internal' }, 500)));
  return app;
}

/** A chunked body (no Content-Length) of `size` bytes, in chunks of 4. */
function chunked(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(new Uint8Array(4).fill(120));
      sent += 4;
    },
  });
}
/** A string body is sent with its Content-Length, as an HTTP client would; a stream without one. */
const post = (app: Hono, path: string, body: string | ReadableStream<Uint8Array>) =>
  app.request(path, { method: 'POST', body, duplex: 'half', headers: typeof body === 'string' ? { 'content-length': String(Buffer.byteLength(body)) } : {} } as RequestInit);

describe('limitBody', () => {
  it('passes bodies within the limit through unchanged, declared or chunked', async () => {
    const app = appWithLimits();
    expect(await (await post(app, '/small', 'x'.repeat(16))).json()).toEqual({ length: 16 });
    expect(await (await post(app, '/small', chunked(16))).json()).toEqual({ length: 16 });
  });

  it('refuses a declared length over the limit with 413 and Connection: close, reading nothing', async () => {
    const app = appWithLimits();
    // The declared length is enough: the body itself never arrives.
    const never = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const response = await app.request('/small', { method: 'POST', body: never, duplex: 'half', headers: { 'content-length': '17' } } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 'payloadTooLarge', message: 'Request bodies are limited to 16 bytes' });
    expect(response.headers.get('connection')).toBe('close');
  });

  it('cuts a chunked body off at the limit', async () => {
    const response = await post(appWithLimits(), '/small', chunked(1000));
    expect(response.status).toBe(413);
  });

  it('answers 413 even when the route made something else of the failed read', async () => {
    const response = await post(appWithLimits(), '/lenient', chunked(1000));
    expect(response.status).toBe(413);
  });

  it('lets the first, route-specific limit stand instead of the default', async () => {
    const app = appWithLimits();
    expect(await (await post(app, '/big', chunked(64))).json()).toEqual({ length: 64 });
    const refused = await post(app, '/big', chunked(68));
    expect(refused.status).toBe(413);
    expect((await refused.json()).message).toBe('Big is limited to 64 bytes');
  });

  it('names limits in the unit they were set in', () => {
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(64 * 1024)).toBe('64 KiB');
    expect(formatBytes(4 * 1024 * 1024 + 64 * 1024)).toBe('4160 KiB');
    expect(formatBytes(100)).toBe('100 bytes');
  });
});

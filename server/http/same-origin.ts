import type { Context } from 'hono';

/**
 * True when the request has no Origin header (scripts, curl) or one naming this server. Browsers
 * always send Origin on cross-site POSTs and websocket handshakes, so this stops another site from
 * signing people in or opening sockets with their cookie.
 */
export function isSameOriginOrNone(c: Context, publicUrl: string | null): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true;
  const expected = publicUrl ? new URL(publicUrl).host : (c.req.header('host') ?? new URL(c.req.url).host);
  try {
    return new URL(origin).host === expected;
  } catch {
    return false;
  }
}

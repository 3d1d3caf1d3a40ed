import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** A Host header we are willing to repeat in a header: a name or address, and a port. */
const plainHost = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The websocket origins the client may open: those of PUBLIC_URL, or else of the host the page was
 * requested from (`'self'` alone does not cover ws:/wss: in every browser).
 */
function websocketOrigins(publicUrl: string | null): (c: Context) => string {
  if (publicUrl) {
    const url = new URL(publicUrl);
    const origin = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
    return () => origin;
  }
  return (c) => {
    const host = c.req.header('host') ?? '';
    return plainHost.test(host) ? `ws://${host} wss://${host}` : '';
  };
}

/**
 * Browser protections on every response: a Content-Security-Policy that lets only our own scripts
 * run (Svelte sets style attributes, hence 'unsafe-inline' for styles only), no framing, no MIME
 * sniffing, and no Referer at all — invite links carry their secret in the URL. A route that sets
 * its own header keeps it (the HTML agreement export's stricter policy). HSTS is left to the TLS
 * terminating proxy, which knows whether HTTPS is in use.
 */
export function securityHeaders(options: { publicUrl: string | null }): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", websocketOrigins(options.publicUrl)],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    strictTransportSecurity: false,
    overwrite: false,
  });
}

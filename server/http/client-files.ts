import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';

/** Where Vite writes the chunks whose names carry a hash of their content. */
const hashedDir = 'assets';

/**
 * How the browser may keep a file of the built client. A chunk under `assets/` is named by its
 * content, so a new build never changes what a name holds: kept a year without asking again.
 * Anything else (`index.html`, which names the chunks, and the icons) is asked for again each time,
 * so a deployment is picked up by the next page load.
 */
function setCachePolicy(clientDir: string) {
  const hashed = path.resolve(clientDir, hashedDir) + path.sep;
  return (file: string, c: Context) => {
    c.header('Cache-Control', path.resolve(file).startsWith(hashed) ? 'public, max-age=31536000, immutable' : 'no-cache');
    // Caches between here and the browser keep the compressed and the plain copy apart.
    c.header('Vary', 'Accept-Encoding');
  };
}

/**
 * The built web client as the server sends it: the Brotli or gzip copy the build wrote beside a
 * file (`client/vite-precompress.ts`) when the browser accepts it, else the file itself; with a
 * cache policy by kind of file (`setCachePolicy`). `indexHtml` is the app shell, for client-side
 * routes.
 */
export function serveClientFiles(clientDir: string): { staticFiles: MiddlewareHandler; indexHtml: MiddlewareHandler } {
  const onFound = setCachePolicy(clientDir);
  return {
    staticFiles: serveStatic({ root: clientDir, precompressed: true, onFound }),
    indexHtml: serveStatic({ root: clientDir, path: 'index.html', precompressed: true, onFound }),
  };
}

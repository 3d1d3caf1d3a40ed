import type { Hono, MiddlewareHandler } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import { CloseCode, isValidRoomName } from '../shared/protocol/index.ts';
import type { Logger } from './logger.ts';
import type { DocumentStore } from './persistence/document-store.ts';
import type { ConnectionHandle, DocumentRegistry } from './sync/document-registry.ts';

export interface AppDeps {
  readonly registry: DocumentRegistry;
  readonly store: DocumentStore;
  readonly logger: Logger;
  readonly upgradeWebSocket: UpgradeWebSocket;
  /** Serves the built client; absent when it has not been built (API-only, e.g. in tests). */
  readonly staticFiles?: MiddlewareHandler | undefined;
  readonly indexHtml?: MiddlewareHandler | undefined;
}

/**
 * The HTTP surface: health, the sync websocket, the client. Transport-agnostic (no node:*).
 * Takes the app to fill because the websocket adapter must be created from that same instance
 * before the sync route can be declared.
 */
export function buildApp(app: Hono, deps: AppDeps): Hono {
  const log = deps.logger.child('http');

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await deps.store.ping();
      return c.json({ status: 'ready' });
    } catch (error) {
      log.warn('store not ready', { error });
      return c.json({ status: 'unavailable', reason: 'store' }, 503);
    }
  });

  app.get(
    '/sync/:room',
    deps.upgradeWebSocket((c) => {
      const room = c.req.param('room') ?? '';
      let handle: ConnectionHandle | null = null;
      return {
        onOpen(_event, ws) {
          if (!isValidRoomName(room)) {
            ws.close(CloseCode.roomNotFound.code, CloseCode.roomNotFound.reason);
            return;
          }
          handle = deps.registry.connect(room, {
            send: (frame) => ws.send(frame as Uint8Array<ArrayBuffer>),
            close: (code, reason) => ws.close(code, reason),
          });
        },
        onMessage(event) {
          if (!handle) return;
          const data = event.data;
          if (!(data instanceof ArrayBuffer)) {
            handle.connection.close(CloseCode.malformedMessage, 'text frames are not part of the protocol');
            return;
          }
          handle.receive(new Uint8Array(data));
        },
        onClose() {
          handle?.closed();
          handle = null;
        },
      };
    }),
  );

  if (deps.staticFiles) app.use('*', deps.staticFiles);
  app.notFound(async (c) => {
    const accepts = c.req.header('accept') ?? '';
    // Client-side routes (/projects/…) get the app shell; API and asset misses get a JSON 404.
    if (deps.indexHtml && c.req.method === 'GET' && accepts.includes('text/html')) {
      const response = await deps.indexHtml(c, async () => {});
      if (response) return response;
    }
    return c.json({ error: { code: 'notFound', message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
  });
  app.onError((error, c) => {
    log.error('unhandled error', { path: c.req.path, error });
    return c.json({ error: { code: 'internal', message: 'Internal server error' } }, 500);
  });
  return app;
}

import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import { ApiErrorCode, type ApiErrorBody } from '../shared/api/index.ts';
import { CloseCode, parseRoomName } from '../shared/protocol/index.ts';
import type { AccessEvents } from './access/access-events.ts';
import { decideSocketAccess, type SocketDecision } from './access/socket-access.ts';
import type { AuthService } from './auth/auth-service.ts';
import { ApiError } from './http/api-error.ts';
import type { AppEnv } from './http/app-env.ts';
import type { AgreementService } from './agreement/agreement-service.ts';
import { agreementExportRoutes } from './http/agreement-export-routes.ts';
import { pathwayRoutes } from './http/pathway-routes.ts';
import { segmentRoutes } from './http/segment-routes.ts';
import { matrixRoutes } from './http/matrix-routes.ts';
import { memoRoutes } from './http/memo-routes.ts';
import { exportRoutes } from './http/export-routes.ts';
import { importRoutes } from './http/import-routes.ts';
import { agreementRoutes } from './http/agreement-routes.ts';
import { authRoutes } from './http/auth-routes.ts';
import { accountRoutes } from './http/account-routes.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { codebookRoutes } from './http/codebook-routes.ts';
import { reconcileRoutes } from './http/reconcile-routes.ts';
import { historyRoutes } from './http/history-routes.ts';
import { demoRoutes } from './http/demo-routes.ts';
import { progressRoutes } from './http/progress-routes.ts';
import { authenticate } from './http/authenticate.ts';
import { limitBody } from './http/body-limit.ts';
import { metricsRoute, type MetricsRouteOptions } from './http/metrics-route.ts';
import { requestLog, routePatternOf } from './http/request-log.ts';
import type { RequestMetrics } from './metrics/server-metrics.ts';
import { securityHeaders } from './http/security-headers.ts';
import { inviteRoutes } from './http/invite-routes.ts';
import { projectRoutes } from './http/project-routes.ts';
import { memberRoutes } from './http/member-routes.ts';
import { documentRoutes } from './http/document-routes.ts';
import { attributeRoutes } from './http/attribute-routes.ts';
import { assignmentRoutes } from './http/assignment-routes.ts';
import { setRoutes } from './http/set-routes.ts';
import { isSameOriginOrNone } from './http/same-origin.ts';
import { tokenRoutes } from './http/token-routes.ts';
import { roundRoutes } from './http/round-routes.ts';
import { searchRoutes } from './http/search-routes.ts';
import type { SearchService } from './search/search-service.ts';
import { DecisionService } from './reconcile/decision-service.ts';
import { RoundService } from './rounds/round-service.ts';
import type { Logger } from './logger.ts';
import type { DirectoryStore } from './persistence/directory-store.ts';
import type { DocumentStore } from './persistence/document-store.ts';
import type { ConnectionHandle, DocumentRegistry } from './sync/document-registry.ts';
import type { SyncSocket } from './sync/sync-socket.ts';

export interface AppDeps {
  readonly registry: DocumentRegistry;
  readonly store: DocumentStore;
  readonly directory: DirectoryStore;
  readonly auth: AuthService;
  readonly events: AccessEvents;
  readonly agreement: AgreementService;
  /** Full-text search of the transcripts; deletion removes their text from its index too. */
  readonly search: SearchService;
  readonly logger: Logger;
  /** Counts every request, and serves `GET /metrics` to the tokens it authorizes. */
  readonly metrics: RequestMetrics & MetricsRouteOptions;
  readonly publicUrl: string | null;
  readonly upgradeWebSocket: UpgradeWebSocket;
  /** The engine's view of an accepted websocket (the transport knows how to track what it sends). */
  readonly syncSocket: (ws: WSContext) => SyncSocket;
  /** The caller's network address as the transport sees it (for login throttling). */
  readonly clientAddress: (c: Context) => string;
  /** Serves the built client; absent when it has not been built (API-only, e.g. in tests). */
  readonly staticFiles?: MiddlewareHandler | undefined;
  readonly indexHtml?: MiddlewareHandler | undefined;
}

const MiB = 1024 * 1024;
/** How presence names the administrator token, which is automation, not a person. */
const adminIdentity = { id: 'admin', name: 'Administrator token' } as const;

const errorBody = (code: ApiErrorCode, message: string, field?: string): ApiErrorBody => ({ error: { code, message, ...(field && { field }) } });

/**
 * The HTTP surface: health, the REST API, the sync websocket, the client. Transport-agnostic
 * (no node:*). Takes the app to fill because the websocket adapter must be created from that same
 * instance before the sync route can be declared.
 */
export function buildApp(app: Hono<AppEnv>, deps: AppDeps): Hono<AppEnv> {
  const log = deps.logger.child('http');

  // Outermost, so it times and counts every answer, errors and refusals included.
  app.use('*', requestLog({ log, metrics: deps.metrics }));
  // First, so that every response has them: health, API, errors, the client and its fallback.
  app.use('*', securityHeaders({ publicUrl: deps.publicUrl }));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/metrics', metricsRoute(deps.metrics));
  // Ready means able to store: a room whose writes fail (a full disk) makes the server unready
  // even though the database still answers reads, and the probe itself writes.
  app.get('/readyz', async (c) => {
    const failingRooms = deps.registry.failingRooms;
    if (failingRooms > 0) return c.json({ status: 'unavailable', reason: 'storage', message: `${failingRooms} document(s) cannot be saved; their changes are kept in memory and retried`, failingRooms }, 503);
    try {
      await Promise.all([deps.store.ping(), deps.directory.ping()]);
      return c.json({ status: 'ready' });
    } catch (error) {
      log.warn('store not ready', { error });
      return c.json({ status: 'unavailable', reason: 'storage', message: (error as Error).message }, 503);
    }
  });

  // Request bodies are counted as they stream in and cut off at their route's limit, before any
  // route parses them. The first matching row wins: route-specific limits come before the default.
  const bodyLimits: readonly [method: string, path: string, limit: MiddlewareHandler][] = [
    ['POST', '/api/projects/import', limitBody({ maxBytes: 64 * MiB + 64 * 1024, message: 'Project files are limited to 64 MiB' })],
    ['POST', '/api/projects/:id/import', limitBody({ maxBytes: 64 * MiB + 64 * 1024, message: 'Project files are limited to 64 MiB' })],
    // A codebook may come inside a whole .qdpx.
    ['POST', '/api/projects/:id/codebook/import', limitBody({ maxBytes: 64 * MiB + 64 * 1024, message: 'Codebook and project files are limited to 64 MiB' })],
    ['POST', '/api/projects/:id/documents', limitBody({ maxBytes: 64 * MiB, message: 'Uploads are limited to 64 MiB per request; send large sets of files in several uploads' })],
    // A 4 MiB table, with room for the multipart framing around an uploaded one.
    ['POST', '/api/projects/:id/attributes/import', limitBody({ maxBytes: 4 * MiB + 64 * 1024, message: 'Attribute tables are limited to 4 MiB' })],
    ['ALL', '/api/*', limitBody({ maxBytes: 1 * MiB })],
  ];
  for (const [method, path, limit] of bodyLimits) app.on(method, path, limit);

  // The sync route authenticates itself: a websocket must be accepted to be told *why* it is refused.
  app.use('/api/*', authenticate(deps.auth));
  app.route('/api', authRoutes(deps));
  app.route('/api', tokenRoutes(deps));
  app.route('/api', accountRoutes(deps));
  app.route('/api', adminRoutes(deps));
  app.route('/api', projectRoutes(deps));
  app.route('/api', memberRoutes(deps));
  app.route('/api', documentRoutes(deps));
  app.route('/api', attributeRoutes(deps));
  app.route('/api', assignmentRoutes(deps));
  app.route('/api', setRoutes(deps));
  app.route('/api', inviteRoutes(deps));
  app.route('/api', agreementRoutes(deps));
  app.route('/api', agreementExportRoutes(deps));
  app.route('/api', demoRoutes(deps));
  app.route('/api', progressRoutes(deps));
  app.route('/api', codebookRoutes(deps));
  // One decision service for the reconcile routes and the rounds (whose reconcile phase pre-merges).
  const decisions = new DecisionService(deps.directory, deps.registry);
  app.route('/api', reconcileRoutes({ ...deps, decisions }));
  app.route('/api', roundRoutes({ directory: deps.directory, rounds: new RoundService(deps.directory, deps.registry, deps.events, decisions) }));
  app.route('/api', historyRoutes(deps));
  app.route('/api', pathwayRoutes(deps));
  app.route('/api', searchRoutes(deps));
  app.route('/api', segmentRoutes(deps));
  app.route('/api', matrixRoutes(deps));
  app.route('/api', memoRoutes(deps));
  app.route('/api', exportRoutes(deps));
  app.route('/api', importRoutes(deps));

  app.get(
    '/sync/:room',
    async (c, next) => {
      try {
        await authenticate(deps.auth)(c, next);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        c.set('principal', null); // refused below with 4401, over the socket
        await next();
      }
    },
    deps.upgradeWebSocket(async (c) => {
      const roomName = c.req.param('room') ?? '';
      const principal = c.get('principal');
      let decision: SocketDecision;
      if (!principal) decision = { allowed: false, close: CloseCode.unauthorized };
      else if (principal.kind === 'session' && !isSameOriginOrNone(c, deps.publicUrl)) decision = { allowed: false, close: CloseCode.forbidden };
      else decision = await decideSocketAccess(deps.directory, { userId: principal.kind === 'admin' ? null : principal.user.id, isAdmin: principal.kind === 'admin' }, roomName);
      let handle: ConnectionHandle | null = null;
      // Room names hold project, document and account ids (not secrets); an invalid one is not repeated.
      const parsedRoom = parseRoomName(roomName);
      const socketFields = { kind: parsedRoom?.kind ?? '(invalid)', room: parsedRoom ? roomName : '(invalid)', userId: principal ? (principal.kind === 'admin' ? 'admin' : principal.user.id) : null };
      const opened = performance.now();
      return {
        onOpen(_event, ws) {
          if (!decision.allowed) {
            log.info('socket refused', { ...socketFields, code: decision.close.code });
            ws.close(decision.close.code, decision.close.reason);
            return;
          }
          log.info('socket open', socketFields);
          handle = deps.registry.connect(
            roomName,
            deps.syncSocket(ws),
            {
              writable: decision.writable,
              privileged: decision.privileged,
              isolated: decision.isolated,
              notices: c.req.query('notices') === '1',
              context: {
                identity: principal?.kind === 'admin' ? adminIdentity : { id: principal!.user.id, name: principal!.user.name },
                userId: principal && principal.kind !== 'admin' ? principal.user.id : null,
                isAdmin: principal?.kind === 'admin',
                ...(principal?.kind === 'session' && { sessionId: principal.sessionId }),
                ...(principal?.kind === 'token' && { tokenId: principal.tokenId }),
              },
            },
          );
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
        onClose(event) {
          if (handle) log.info('socket closed', { ...socketFields, code: event.code, seconds: Math.round(performance.now() - opened) / 1000 });
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
    if (deps.indexHtml && c.req.method === 'GET' && !c.req.path.startsWith('/api/') && accepts.includes('text/html')) {
      const response = await deps.indexHtml(c, async () => {});
      if (response) return response;
    }
    return c.json(errorBody(ApiErrorCode.notFound, `No route for ${c.req.method} ${c.req.path}`), 404);
  });
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(errorBody(error.code, error.message, error.field), error.status);
    // The route pattern, not the path: a path may hold an invite code or a reset secret.
    log.error('unhandled error', { method: c.req.method, route: routePatternOf(c), error });
    return c.json(errorBody(ApiErrorCode.internal, 'Internal server error'), 500);
  });
  return app;
}

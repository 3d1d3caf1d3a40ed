import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import type { CodeCacheState } from './code-cache.ts';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { DocumentStore } from './persistence/document-store.ts';
import type { DirectoryStore } from './persistence/directory-store.ts';
import { DocumentRegistry, type ShutdownReport } from './sync/document-registry.ts';
import { measureAppends } from './metrics/measured-store.ts';
import { ServerMetrics } from './metrics/server-metrics.ts';
import { secretsEqual } from './auth/secret-token.ts';
import { moveLegacyMergeRecords } from './codebook/legacy-merge-records.ts';
import type { SyncSocket } from './sync/sync-socket.ts';
import { createAccessEvents } from './access/access-events.ts';
import { monitorSocketAccess } from './access/socket-access-monitor.ts';
import { createAgreementService } from './agreement/agreement-service.ts';
import { createReportRunner } from './agreement/report-runner.ts';
import { AuthService } from './auth/auth-service.ts';
import type { ScryptParams } from './auth/password-hash.ts';
import type { AppEnv } from './http/app-env.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import { clientAddressFrom } from './http/client-address.ts';
import { serveClientFiles } from './http/client-files.ts';
import { followDocumentLengths } from './documents/document-lengths.ts';
import { followErasures } from './deletion/erasure.ts';
import { createSearchService } from './search/search-service.ts';
import { createSearchIndexThread } from './search/search-index-thread.ts';
import { dropLegacySearchTables, searchIndexFileName } from './search/sqlite-search-index.ts';
import type { RoomFanout } from './scale-out/redis-fanout.ts';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly registry: DocumentRegistry;
  /** This process's figures, as `GET /metrics` serves them. */
  readonly metrics: ServerMetrics;
  /**
   * Stops accepting, closes sockets, writes and compacts every room, closes the store. Resolves
   * with the rooms whose accepted updates could not be stored (see `shutDownWithin`).
   */
  close(): Promise<ShutdownReport>;
}

/**
 * A `ws` socket as the sync engine sees it. `ws` calls a send callback once the frame has been
 * written to the kernel (or failed); its `bufferedAmount` is what it holds that has not been.
 */
function wsSyncSocket(raw: WebSocket): SyncSocket {
  return {
    send: (frame, sent) => (sent ? raw.send(frame, binaryFrame, () => sent()) : raw.send(frame, binaryFrame)),
    get bufferedBytes() {
      return raw.bufferedAmount;
    },
    close: (code, reason) => raw.close(code, reason),
    terminate: () => raw.terminate(),
  };
}

const binaryFrame = { binary: true } as const;

/** How often idle sockets are pinged; one without a pong by the next round is terminated. */
const keepAliveMs = 30_000;

/**
 * Wires a store into a listening HTTP + websocket server. `main.ts` and the integration tests
 * both use this, so tests run the same composition as production, on port 0.
 */
export interface Stores {
  readonly documents: DocumentStore;
  readonly directory: DirectoryStore;
  /** Closes both stores (and releases whatever they hold, such as the data directory's lock). */
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly scrypt?: ScryptParams;
  /**
   * The other instances of a deployment (`REDIS_URL`): rooms, caches and access events are joined
   * to it, and the server closes it when it closes. Without it the server is the only instance.
   */
  readonly fanout?: RoomFanout;
  /** Whether the compiled server started from V8's code cache (code-cache.ts); logged with "listening". */
  readonly codeCache?: CodeCacheState;
}

/**
 * Drops the search tables an earlier version kept in `accord.sqlite` (once; before the index's
 * thread starts, which rebuilds the index in its own file). A failure is logged and tried again
 * at the next start: search works either way, but the old tables still hold the transcripts' text.
 */
function moveSearchIndexOut(dataDir: string, logger: Logger): void {
  try {
    if (dropLegacySearchTables(path.join(dataDir, 'accord.sqlite'))) logger.info('the search index moved to its own file; its old tables in accord.sqlite were dropped', { file: searchIndexFileName });
  } catch (error) {
    logger.warn('could not drop the old search tables in accord.sqlite; trying again at the next start', { error });
  }
}

export async function startServer(config: Config, stores: Stores, logger: Logger, options: ServerOptions = {}): Promise<RunningServer> {
  const fanout = options.fanout ?? null;
  // Read at scrape time only, once the registry, the sockets and the worker below exist.
  const metrics = new ServerMetrics({
    roomsLoaded: () => registry.size,
    roomsFailing: () => registry.failingRooms,
    socketsOpen: () => nodeWs.wss.clients.size,
    workerJobsWaiting: () => reportRunner.waiting,
  });
  const store = measureAppends(stores.documents, metrics);
  const directory = stores.directory;
  // Before any room is loaded or any socket accepted (it rewrites project rooms' logs, once).
  await moveLegacyMergeRecords({ directory, store, log: logger.child('migration') });
  const registry = new DocumentRegistry(store, config, logger.child('sync'), fanout);
  const events = createAccessEvents(fanout);
  const auth = new AuthService(directory, {
    adminToken: config.adminToken,
    sessionTtlMs: config.sessionTtlMs,
    maxFailuresPerEmail: config.loginMaxFailuresPerEmail,
    maxFailuresPerAddress: config.loginMaxFailuresPerAddress,
    failureWindowMs: config.loginFailureWindowMs,
    signupMode: config.signupMode,
    signupMaxPerAddress: config.signupMaxPerAddress,
    signupWindowMs: config.signupWindowMs,
    ...(options.scrypt && { scrypt: options.scrypt }),
  });
  const stopMonitor = monitorSocketAccess(events, registry, directory, logger.child('access'));
  const reportRunner = createReportRunner();
  // The transcripts' full-text index has a database file of its own (sqlite-search-index.ts says why).
  moveSearchIndexOut(config.dataDir, logger);
  const search = createSearchService(createSearchIndexThread(path.join(config.dataDir, searchIndexFileName)), registry, directory, logger);
  const stopDocumentLengths = followDocumentLengths(registry, directory, logger);
  // Only other instances' erasures need following: this one's own are done where they are made.
  const stopErasures = fanout ? followErasures({ directory, registry, store, events, logger, search }) : () => {};
  const app = new Hono<AppEnv>();
  const nodeWs = createNodeWebSocket({ app });
  // Oversized frames are refused by the websocket layer itself with close code 1009.
  nodeWs.wss.options.maxPayload = config.maxFrameBytes;
  const metricsTokens = [config.metricsToken, config.adminToken].filter((token): token is string => token !== null);

  const hasClient = fs.existsSync(path.join(config.clientDir, 'index.html'));
  buildApp(app, {
    registry,
    store,
    directory,
    auth,
    events,
    agreement: createAgreementService(directory, registry, reportRunner, events),
    search,
    logger,
    metrics: {
      observeRequest: (status, seconds) => metrics.observeRequest(status, seconds),
      enabled: metricsTokens.length > 0,
      authorize: (bearer) => metricsTokens.some((token) => secretsEqual(bearer, token)),
      render: () => {
        if (fanout) metrics.setFanoutLag(fanout.stats.lastLagMs / 1000);
        return metrics.render();
      },
    },
    publicUrl: config.publicUrl,
    clientAddress: (c) => clientAddressFrom({ forwardedFor: c.req.header('x-forwarded-for'), socketAddress: getConnInfo(c).remote.address, trustedHops: config.trustProxy }),
    upgradeWebSocket: nodeWs.upgradeWebSocket,
    syncSocket: (ws) => wsSyncSocket(ws.raw as WebSocket),
    ...(hasClient && serveClientFiles(config.clientDir)),
  });

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  nodeWs.injectWebSocket(server);

  const alive = new WeakMap<WebSocket, boolean>();
  nodeWs.wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
  });
  const keepAlive = setInterval(() => {
    for (const ws of nodeWs.wss.clients) {
      if (!alive.get(ws)) ws.terminate();
      else {
        alive.set(ws, false);
        ws.ping();
      }
    }
  }, keepAliveMs);
  keepAlive.unref();

  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info('listening', { url: `http://${host}:${port}`, dataDir: config.dataDir, client: hasClient, ...(fanout && { instance: fanout.instanceId }), ...(options.codeCache && { codeCache: options.codeCache }) });

  let closing: Promise<ShutdownReport> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    registry,
    metrics,
    close() {
      closing ??= (async () => {
        // Stop accepting first: no new request or socket may arrive while the rooms are written.
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        clearInterval(keepAlive);
        stopMonitor();
        stopErasures();
        await reportRunner.close();
        const report = await registry.shutdown();
        // After the rooms' last writes: a correction stored during the shutdown is measured too.
        await stopDocumentLengths();
        // After the rooms' last writes, which it announces.
        await fanout?.close();
        await search.close();
        for (const ws of nodeWs.wss.clients) ws.terminate();
        if ('closeAllConnections' in server) server.closeAllConnections();
        await stopped;
        await stores.close();
        metrics.close();
        return report;
      })();
      return closing;
    },
  };
}

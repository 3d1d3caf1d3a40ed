import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { testAdminToken } from './test-server.ts';

export interface SyncClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  destroy(): void;
}

// Each stock provider adds a process 'exit' listener in Node; tests and benches open dozens at once.
process.setMaxListeners(500);

/** The stock y-websocket provider, unmodified, over the `ws` package (Node has no global WebSocket on 20). */
export function createSyncClient(syncUrl: string, room: string, options: { connect?: boolean; doc?: Y.Doc; token?: string | null; cookie?: string } = {}): SyncClient {
  const doc = options.doc ?? new Y.Doc();
  // A session cookie signs the socket in as a browser's is (same origin, no token).
  const token = options.cookie !== undefined ? null : options.token === undefined ? testAdminToken : options.token;
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    params: token ? { token } : {},
    WebSocketPolyfill: (options.cookie === undefined ? WebSocket : withCookie(options.cookie)) as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 300,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

function withCookie(cookie: string): new (url: string | URL, protocols?: string | string[]) => WebSocket {
  return class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function waitForSynced(client: SyncClient, timeoutMs = 5000): Promise<void> {
  return waitFor(() => client.provider.synced, timeoutMs, 'provider to sync');
}

/** Byte-level identity of two replicas: same state vector and same full-state encoding. */
export function replicaFingerprint(doc: Y.Doc): string {
  const sv = Buffer.from(Y.encodeStateVector(doc)).toString('base64');
  const state = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
  return `${sv}|${state}`;
}

/**
 * Opens a stock client on `room` with `token`, waits until it has synced, and adds it to `clients`
 * so the test's cleanup destroys it.
 *
 * @example
 * const codebook = await openSynced(server.syncUrl, clients, `project:${projectId}`, token);
 */
export async function openSynced(syncUrl: string, clients: SyncClient[], room: string, token: string): Promise<SyncClient> {
  const client = createSyncClient(syncUrl, room, { token });
  clients.push(client);
  await waitForSynced(client);
  return client;
}

import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { SyncTarget } from './worker-protocol.ts';

/** One stock provider on one room, whichever protocol the server speaks. */
export interface BenchClient {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Called once, at the provider's first "synced". */
  onFirstSync(listener: () => void): void;
  /**
   * Called whenever the server has acknowledged every local change so far. Only Hocuspocus
   * acknowledges updates (its sync-status message); the y-websocket protocol has no such message.
   */
  onAllAcknowledged(listener: () => void): void;
  destroy(): void;
}

// Node 20 has no global WebSocket; both providers take the `ws` package instead.
const WebSocketPolyfill = WebSocket as unknown as typeof globalThis.WebSocket;

export function openBenchClient(target: SyncTarget, room: string): BenchClient {
  return target.protocol === 'y-websocket' ? openYWebsocketClient(target.url, target.params, room) : openHocuspocusClient(target.url, room);
}

function openYWebsocketClient(url: string, params: Readonly<Record<string, string>>, room: string): BenchClient {
  const doc = new Y.Doc();
  // disableBc: with it on, clients of one room in one worker would reach each other through a
  // BroadcastChannel instead of the server.
  const provider = new WebsocketProvider(url, room, doc, { params: { ...params }, WebSocketPolyfill, disableBc: true });
  return {
    doc,
    awareness: provider.awareness,
    onFirstSync(listener) {
      const onSync = (synced: boolean) => {
        if (!synced) return;
        provider.off('sync', onSync);
        listener();
      };
      provider.on('sync', onSync);
    },
    onAllAcknowledged() {},
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

function openHocuspocusClient(url: string, room: string): BenchClient {
  const doc = new Y.Doc();
  // One socket per client, as with y-websocket (a shared socket would multiplex rooms).
  const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill });
  const provider = new HocuspocusProvider({ name: room, document: doc, websocketProvider });
  // A provider given its socket does not attach itself.
  provider.attach();
  return {
    doc,
    awareness: provider.awareness!,
    onFirstSync(listener) {
      const onSynced = () => {
        provider.off('synced', onSynced);
        listener();
      };
      provider.on('synced', onSynced);
    },
    onAllAcknowledged(listener) {
      provider.on('unsyncedChanges', ({ number }: { number: number }) => {
        if (number === 0) listener();
      });
    },
    destroy() {
      provider.destroy();
      websocketProvider.destroy();
      doc.destroy();
    },
  };
}

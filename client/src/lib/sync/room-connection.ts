import { createSubscriber } from 'svelte/reactivity';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MessageType, type Notice } from '../../../../shared/protocol/message-type.ts';
import { describeClose, describeReadOnly, initialRoomState, isTerminalClose, type RoomState } from './room-status.ts';

export interface RoomConnectionOptions {
  /** `text:p:d`, `layer:p:d:u`, `project:p`, `consensus:p:d` (PROTOCOL.md). */
  readonly room: string;
  /** Defaults to this page's origin: the session cookie authenticates the socket. */
  readonly serverUrl?: string;
  /** Open the socket now (default) or wait for `connect()`. */
  readonly connect?: boolean;
  /** Overrides the sentence shown for a close code (e.g. a layer hidden by blind mode). */
  readonly describeClose?: (code: number) => string | null;
}

/** A notice the server sent (a JSON object with a known `type`), or null for anything else. */
function readNotice(json: string): Notice | null {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'accessChanged' ? { type: 'accessChanged' } : null;
  } catch {
    return null; // a newer server's notice this page does not know: nothing to do
  }
}

/** The sync endpoint on this page's origin (`ws(s)://host/sync`). */
export function defaultSyncUrl(): string {
  return `${window.location.origin.replace(/^http/, 'ws')}/sync`;
}

/**
 * One room: one Y.Doc and the stock y-websocket provider that keeps it in sync. Its `state` is
 * reactive in Svelte (bridged with `createSubscriber`); the provider's own reconnection (with
 * backoff) is kept, except after closes that reconnecting cannot fix (`isTerminalClose`).
 * Cross-tab BroadcastChannel sync is off: the server is the only peer, so what a tab shows is what
 * the server accepted (a read-only tab's local edits never reach another tab).
 */
export class RoomConnection {
  readonly room: string;
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  #state: RoomState = initialRoomState;
  #listeners = new Set<() => void>();
  #noticeListeners = new Set<(notice: Notice) => void>();
  #synced: { promise: Promise<void>; resolve: () => void };
  #describe: (code: number) => string;
  #subscribe = createSubscriber((update) => {
    this.#listeners.add(update);
    return () => this.#listeners.delete(update);
  });

  constructor(options: RoomConnectionOptions) {
    this.room = options.room;
    this.#describe = (code) => options.describeClose?.(code) ?? describeClose(code);
    let resolve!: () => void;
    this.#synced = { promise: new Promise<void>((r) => (resolve = r)), resolve };
    this.provider = new WebsocketProvider(options.serverUrl ?? defaultSyncUrl(), options.room, this.doc, {
      connect: false,
      disableBc: true,
      // Accord's notices (PROTOCOL.md, type 4): e.g. the owner revealed a blind round.
      params: { notices: '1' },
      maxBackoffTime: 5000,
      shouldReconnect: (event) => !isTerminalClose(event.code),
    });
    // The stock provider only logs a permission-denied message; route it to the page instead.
    this.provider.messageHandlers[MessageType.auth] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.#set({ readOnly: describeReadOnly(reason) }));
    };
    this.provider.messageHandlers[MessageType.notice] = (_encoder, decoder) => {
      const notice = readNotice(decoding.readVarString(decoder));
      if (notice) for (const listener of this.#noticeListeners) listener(notice);
    };
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.#set({ status: 'online', closeCode: null, reason: null });
      else if (status === 'connecting') this.#set({ status: this.#state.status === 'offline' ? 'offline' : 'connecting' });
      else if (this.#state.status !== 'refused') this.#set({ status: 'offline', synced: false });
    });
    this.provider.on('sync', (synced) => {
      this.#set({ synced });
      if (synced) {
        this.#synced.resolve();
        // Timing for benchmarks: when each kind of room first synced (`accord:synced text`, …).
        const kind = this.room.slice(0, this.room.indexOf(':'));
        if (performance.getEntriesByName(`accord:synced ${kind}`).length === 0) performance.mark(`accord:synced ${kind}`);
      }
    });
    this.provider.on('connection-close', (event) => {
      if (!event) return; // closed by this page (disconnect, or the provider's silence watchdog)
      const reason = this.#describe(event.code);
      if (isTerminalClose(event.code)) this.#set({ status: 'refused', synced: false, closeCode: event.code, reason });
      else this.#set({ status: 'offline', synced: false, closeCode: event.code, reason });
    });
    if (options.connect ?? true) this.connect();
  }

  /** Reactive in components and `$derived`; a plain read elsewhere. */
  get state(): RoomState {
    this.#subscribe();
    return this.#state;
  }

  get awareness() {
    return this.provider.awareness;
  }

  /** Calls `listener` with every notice the server sends this room's socket; returns an unsubscribe. */
  onNotice(listener: (notice: Notice) => void): () => void {
    this.#noticeListeners.add(listener);
    return () => this.#noticeListeners.delete(listener);
  }

  /** Resolves once the server's state has arrived the first time. */
  whenSynced(): Promise<void> {
    return this.#synced.promise;
  }

  connect(): void {
    if (this.#state.status === 'refused') this.#set({ status: 'connecting', closeCode: null, reason: null });
    this.provider.connect();
  }

  disconnect(): void {
    this.provider.disconnect();
    if (this.#state.status !== 'refused') this.#set({ status: 'offline', synced: false, reason: 'Disconnected.' });
  }

  destroy(): void {
    this.#listeners.clear();
    this.#noticeListeners.clear();
    // Presence leaves with the page, not 30 s later when the server notices the silence.
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    this.doc.destroy();
  }

  #set(change: Partial<RoomState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}

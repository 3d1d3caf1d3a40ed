import * as Y from 'yjs';
import { CloseCode, parseRoomName, type CloseReason, type RoomName } from '../../shared/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import type { RoomFanout } from '../scale-out/redis-fanout.ts';
import { Connection, type ConnectionContext } from './connection.ts';
import { LiveDocument } from './live-document.ts';
import type { SyncSocket } from './sync-socket.ts';
import { createTokenBucket } from './token-bucket.ts';

export interface RegistryOptions {
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  readonly bytesPerSecond: number;
  readonly byteBurst: number;
  readonly maxQueuedBytes: number;
  readonly roomIdleUnloadMs: number;
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
}

/** How a shutdown went: rooms written and closed, and those whose accepted updates are lost. */
export interface ShutdownReport {
  readonly storedRooms: number;
  readonly unstoredRooms: readonly string[];
}

/**
 * Where rows of a room were stored: by this instance (`here`), or by another one (`elsewhere`,
 * heard through the fan-out, whether or not the room is loaded here). A listener that acts for the
 * instance that stored them (document lengths) ignores `elsewhere`; caches drop the room either way.
 */
export type StoredWhere = 'here' | 'elsewhere';
/** Told after a room was stored: its name, where, and the name parsed (null for a name outside the scheme). */
export type StoredListener = (room: string, where: StoredWhere, parsed: RoomName | null) => void;

/** What the transport gets back for one socket: where to deliver frames and the close. */
export interface ConnectionHandle {
  readonly connection: Connection;
  receive(frame: Uint8Array): void;
  closed(): void;
}

/**
 * The live rooms of this process: loads a room on first connection, unloads it after it has been
 * idle for `roomIdleUnloadMs` (flushed and compacted first), and shuts everything down cleanly.
 */
export class DocumentRegistry {
  private readonly rooms = new Map<string, LiveDocument>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly storedListeners = new Set<StoredListener>();
  private readonly resetListeners = new Set<() => void>();
  private nextConnectionId = 1;
  private shuttingDown = false;
  /** Rooms discarded because their data was deleted: never opened again (see `discard`). */
  private readonly deleted: ((room: string) => boolean)[] = [];

  constructor(
    private readonly store: DocumentStore,
    private readonly options: RegistryOptions,
    private readonly log: Logger,
    /** The other instances of the deployment (docs/scale-out.md); null for a single instance. */
    private readonly fanout: RoomFanout | null = null,
  ) {
    if (!fanout) return;
    fanout.onStoredElsewhere((room) => this.storedIn(room, 'elsewhere'));
    fanout.onRecovered(() => this.recover());
  }

  private storedIn(room: string, where: StoredWhere): void {
    // Parsed once for every listener: this runs for every batch any room stores, here or elsewhere.
    const parsed = parseRoomName(room);
    for (const listener of this.storedListeners) listener(room, where, parsed);
  }

  /**
   * The fan-out came back after messages may have been lost: caches forget every room (any might
   * have been stored elsewhere meanwhile), and every room in memory reads what it lacks from the
   * store (telling the `onStored` listeners again if it found anything).
   */
  private recover(): void {
    for (const listener of this.resetListeners) listener();
    for (const room of this.rooms.values()) if (room.isReady) void room.catchUp();
  }

  /** Number of rooms in memory (for tests and health figures). */
  get size(): number {
    return this.rooms.size;
  }

  /** Rooms whose last write failed: they keep their data in memory and retry (see LiveDocument). */
  get failingRooms(): number {
    let failing = 0;
    for (const room of this.rooms.values()) if (room.hasFailed) failing++;
    return failing;
  }

  has(room: string): boolean {
    return this.rooms.has(room);
  }

  connect(
    roomName: string,
    socket: SyncSocket,
    access: { context?: ConnectionContext; writable?: boolean; privileged?: boolean; isolated?: boolean; notices?: boolean } = {},
  ): ConnectionHandle {
    const connection = new Connection(
      this.nextConnectionId++,
      roomName,
      socket,
      {
        messages: createTokenBucket(this.options.messagesPerSecond, this.options.messageBurst),
        bytes: createTokenBucket(this.options.bytesPerSecond, this.options.byteBurst),
        maxQueuedBytes: this.options.maxQueuedBytes,
      },
      this.log,
      access.context,
      access.writable ?? true,
    );
    connection.privileged = access.privileged ?? false;
    connection.isolated = access.isolated ?? false;
    connection.wantsNotices = access.notices ?? false;
    if (this.shuttingDown || this.isDeleted(roomName)) {
      connection.close(this.shuttingDown ? CloseCode.goingAway : CloseCode.roomNotFound);
      return { connection, receive: () => {}, closed: () => {} };
    }
    const room = this.open(roomName);
    this.cancelIdleTimer(roomName);
    room.addConnection(connection);
    return {
      connection,
      receive: (frame) => room.receive(connection, frame),
      closed: () => {
        connection.markClosed();
        room.removeConnection(connection);
        if (room.connections.size === 0) this.startIdleTimer(roomName, room);
      },
    };
  }

  /**
   * Reads a room's current document. A room in memory is read as it is (once it has loaded); any
   * other room is read from the store into a temporary doc that is destroyed when `read` returns,
   * and never registered: a report over 1,500 rooms must not keep them all in memory for the idle
   * timeout, nor compact each one as it unloads. `read` must not keep the doc.
   */
  async read<T>(roomName: string, read: (doc: Y.Doc) => T): Promise<T> {
    const room = this.rooms.get(roomName);
    if (room) {
      await room.loaded;
      try {
        return read(room.doc);
      } finally {
        if (room.connections.size === 0 && !this.idleTimers.has(roomName)) this.startIdleTimer(roomName, room);
      }
    }
    const doc = await this.readStored(roomName);
    try {
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * A copy of a room's current document that the caller owns and must `destroy()`, for reads that
   * span several awaits (resolving many layers against one transcript). Like `read`, it never
   * loads the room into the registry.
   */
  async snapshot(roomName: string): Promise<Y.Doc> {
    const room = this.rooms.get(roomName);
    if (!room) return this.readStored(roomName);
    await room.loaded;
    const copy = new Y.Doc({ gc: false, guid: roomName });
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
    return copy;
  }

  /** The stored log of a room that is not in memory, applied to a fresh doc the caller owns. */
  private async readStored(roomName: string): Promise<Y.Doc> {
    const stored = await this.store.loadUpdates(roomName);
    // Like LiveDocument's doc: without gc, so anchors into deleted text resolve the same way. The
    // room name as guid spares a random uuid per doc (dozens of random-number calls, per room read).
    const doc = new Y.Doc({ gc: false, guid: roomName });
    doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }

  /**
   * Reads a room only if it is in memory (and loaded), synchronously; null otherwise. For
   * `onStored` listeners, which run while the stored room is still live and must not reload it.
   */
  peek<T>(roomName: string, read: (doc: Y.Doc) => T): T | null {
    const room = this.rooms.get(roomName);
    return room && room.isReady ? read(room.doc) : null;
  }

  /**
   * Called with the room name after updates of that room were stored, here or by another instance
   * (for derived views). A listener must not assume the room is loaded here: `peek` says.
   */
  onStored(listener: StoredListener): () => void {
    this.storedListeners.add(listener);
    return () => this.storedListeners.delete(listener);
  }

  /**
   * Called when this instance may have missed rooms stored elsewhere (its fan-out was away and came
   * back): a cache of rooms drops everything it holds.
   */
  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** Applies a server-side change to a room on behalf of `actor` (loading it if needed); resolves once stored and sent. */
  async change(roomName: string, mutate: Parameters<LiveDocument['change']>[0], actor?: string, notes?: Parameters<LiveDocument['change']>[2]): Promise<void> {
    if (this.isDeleted(roomName)) throw new Error(`room ${roomName} was deleted`);
    const room = this.open(roomName);
    await room.change(mutate, actor, notes);
    if (room.connections.size === 0) this.startIdleTimer(roomName, room);
  }

  /** Call after changing a connection's presence flags, so it receives what it may now see. */
  presenceChanged(connection: Connection): void {
    this.rooms.get(connection.room)?.resendPresence(connection);
  }

  /** Every open connection, for access re-checks after membership or credential changes. */
  *openConnections(): Iterable<Connection> {
    for (const room of this.rooms.values()) for (const connection of room.connections) if (connection.isOpen) yield connection;
  }

  private open(roomName: string): LiveDocument {
    const existing = this.rooms.get(roomName);
    if (existing) return existing;
    const room = new LiveDocument(roomName, this.store, this.options, this.log, (elsewhere) => this.storedIn(roomName, elsewhere ? 'elsewhere' : 'here'), this.fanout);
    this.rooms.set(roomName, room);
    room.loaded.catch((error: unknown) => {
      this.log.error('room failed to load', { room: roomName, error });
      for (const connection of room.connections) connection.close(CloseCode.storageUnavailable);
      if (this.rooms.get(roomName) === room) this.rooms.delete(roomName);
      room.destroy();
    });
    return room;
  }

  private startIdleTimer(roomName: string, room: LiveDocument): void {
    this.cancelIdleTimer(roomName);
    const timer = setTimeout(() => {
      this.idleTimers.delete(roomName);
      void this.unload(roomName, room);
    }, this.options.roomIdleUnloadMs);
    timer.unref();
    this.idleTimers.set(roomName, timer);
  }

  private cancelIdleTimer(roomName: string): void {
    const timer = this.idleTimers.get(roomName);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(roomName);
  }

  private async unload(roomName: string, room: LiveDocument): Promise<void> {
    if (!room.isReady) return; // loading rooms finish first; failed rooms keep their data in memory
    await room.flush();
    await room.compact();
    // Someone may have connected while we were writing: then the room stays.
    if (room.connections.size > 0 || room.isBusy || this.rooms.get(roomName) !== room) return;
    this.rooms.delete(roomName);
    room.destroy();
    this.log.debug('room unloaded', { room: roomName });
  }

  /**
   * Removes rooms for good (their document, project or account is being deleted): closes their
   * sockets with `why`, drops what they had not yet written, and frees them. Resolves once no
   * write of theirs is in flight, so the caller can then delete their stored rows without a late
   * append bringing some back. The rooms stay closed for the life of the process: a socket that
   * passed its access check just before the rows went, or a merge still walking the project,
   * cannot open them again and write (their ids are random and never reused). Resolves with how
   * many loaded rooms it discarded.
   */
  async discard(matches: (room: string) => boolean, why: CloseReason): Promise<number> {
    this.deleted.push(matches);
    const doomed = [...this.rooms].filter(([name]) => matches(name));
    for (const [name, room] of doomed) {
      this.cancelIdleTimer(name);
      this.rooms.delete(name);
      for (const connection of room.connections) connection.close(why);
    }
    await Promise.all(doomed.map(([, room]) => room.discard()));
    return doomed.length;
  }

  private isDeleted(roomName: string): boolean {
    return this.deleted.some((matches) => matches(roomName));
  }

  /** Rooms holding updates the store has not acknowledged (at a shutdown deadline: what is lost). */
  unstoredRooms(): string[] {
    return [...this.rooms.values()].filter((room) => room.hasUnstoredUpdates).map((room) => room.name);
  }

  /**
   * Graceful shutdown: close every socket, write everything accepted, compact, free. A room whose
   * store writes failed gets one last attempt; the rooms that still could not be stored are logged
   * and returned, so that the process does not exit as if nothing were lost.
   */
  async shutdown(): Promise<ShutdownReport> {
    this.shuttingDown = true;
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const rooms = [...this.rooms.values()];
    for (const room of rooms) for (const connection of room.connections) connection.close(CloseCode.goingAway);
    const unstoredRooms: string[] = [];
    await Promise.allSettled(
      rooms.map(async (room) => {
        // A room that failed to load holds nothing unstored and was freed when it failed.
        if (!(await room.loaded.then(() => true, () => false))) return;
        await room.retryNow();
        if (room.isReady) {
          await room.flush();
          await room.compact();
        }
        if (room.hasUnstoredUpdates) unstoredRooms.push(room.name);
        room.destroy();
      }),
    );
    this.rooms.clear();
    if (unstoredRooms.length > 0) this.log.error('updates of these rooms could not be stored at shutdown', { rooms: unstoredRooms.sort() });
    return { storedRooms: rooms.length - unstoredRooms.length, unstoredRooms };
  }
}

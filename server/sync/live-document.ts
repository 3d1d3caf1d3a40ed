import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { DocumentStore, RoomHistoryBatch } from '../persistence/document-store.ts';
import { addSeqRange, lastSeqOf, removeSeqRanges, seqRangesOf, type SeqRange } from '../persistence/seq-ranges.ts';
import type { RoomFanout } from '../scale-out/redis-fanout.ts';
import { canSeePresence, Connection, type PresenceSource } from './connection.ts';
import { readIncomingMessage, type IncomingMessage } from './incoming-message.ts';
import { writeAwareness, writePermissionDenied, writeSyncStep1, writeSyncStep2, writeUpdate } from './outgoing-message.ts';
import { stampIdentity } from './presence-identity.ts';
import { RoomHistory, type HistoryActor } from '../history/room-history.ts';
import type { HistoryEventInput } from '../persistence/history.ts';
import { markMovable, wasMoved } from '../persistence/movable-updates.ts';
import { ProtocolError } from './protocol-error.ts';
import { remoteOrigin, RemoteRows } from './remote-rows.ts';

export interface LiveDocumentOptions {
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
}

const State = { loading: 'loading', ready: 'ready', failed: 'failed', destroyed: 'destroyed' } as const;
type State = (typeof State)[keyof typeof State];

/** Origin of the transaction that replays the stored log, so it is not stored a second time. */
const loadOrigin = Symbol('load');
/** However large the document, a log this many times `compactAfterUpdates` rows long is compacted. */
const maxRowsPastThreshold = 20;
/** A stock provider announces one id (its doc's); a few more allow several docs on one socket. */
const maxAwarenessIdsPerConnection = 8;

/** A client's update this large is stored from a copy the store may move to its thread (`copyToStore`). */
const movableUpdateBytes = 64 * 1024;

const isEmptyUpdate = (update: Uint8Array) => update.byteLength === 2 && update[0] === 0 && update[1] === 0;
const isEmptyStateVector = (stateVector: Uint8Array) => stateVector.byteLength === 1 && stateVector[0] === 0;

/** The per-client maximum of two encoded state vectors, encoded. */
function mergeStateVectors(a: Uint8Array, b: Uint8Array): Uint8Array {
  const merged = Y.decodeStateVector(a);
  for (const [client, clock] of Y.decodeStateVector(b)) merged.set(client, Math.max(clock, merged.get(client) ?? 0));
  return Y.encodeStateVector(merged);
}

interface PendingUpdate {
  readonly update: Uint8Array;
  readonly origin: Connection | null;
  /** What the doc integrated from `update`, sent in its place; empty when nobody else was in the room. */
  readonly integrated?: readonly Uint8Array[];
}

/** A frame waiting for this turn's write; a sync reply is tracked until it has left (see Connection). */
interface OutboxEntry {
  readonly to: Connection;
  readonly frame: Uint8Array;
  readonly syncReply?: true;
}

/** Origin of a change the server makes itself, for `actor` (who it acts for; `system` when nobody). */
class ServerChange {
  constructor(readonly actor: string) {}
}

/**
 * One room in memory: its Y.Doc, awareness and connections, and the pipeline every accepted
 * update goes through:
 *
 *   validate → apply to the doc → append to the store (one transaction per event-loop turn)
 *   → only then broadcast, coalesced into one update frame and one awareness frame per turn.
 *
 * Invariant: no frame that could reveal an update leaves this room before the store has
 * acknowledged that update. Direct replies (sync step 2) wait in the same outbox for that reason.
 */
export class LiveDocument {
  readonly doc = new Y.Doc({ gc: false });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  readonly loaded: Promise<void>;
  /** The coding history this room's transactions cause, stored with their updates. */
  private readonly history: RoomHistory;

  private state: State = State.loading;
  /** The stored rows this doc holds (loaded or appended by it): the only rows compaction may replace. */
  private storedRows: SeqRange[] = [];
  private logRows = 0;
  private logBytes = 0;
  /** The largest row of the log: after a compaction, the merged document. */
  private baseBytes = 0;
  /**
   * Accepted this turn: the raw update (what is stored) and what the doc integrated from it (what is
   * broadcast — merging raw updates can pick a different winner than applying them in order when
   * two structs claim the same id).
   */
  private pendingUpdates: PendingUpdate[] = [];
  private outbox: OutboxEntry[] = [];
  private pendingAwareness = new Set<number>();
  /** Which socket announced each awareness client id, kept until its removal has been sent. */
  private awarenessSources = new Map<number, Connection>();
  private waiting = new Map<Connection, Uint8Array[]>();
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  /** Beside other instances: the store's count of the log being read before a compaction. */
  private sizing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /**
   * The whole document encoded, for clients that have nothing yet (empty state vector): opening a
   * large transcript then costs one encoding per change, not one per client. Dropped after every
   * transaction. `fullState` is a view into the reply frame's bytes, not a copy: one transcript's
   * bytes, once. A room loaded from one stored row starts with that row as its full state: the
   * row holds what the doc holds, so it is not encoded again (a transcript's megabytes, each load).
   */
  private fullState: Uint8Array | null = null;
  private fullStateReply: Uint8Array | null = null;

  // ---- Several instances (only with a fan-out; docs/scale-out.md) ----
  /** The rows other instances store, followed (`remote-rows.ts`). */
  private readonly remote: RemoteRows | null = null;
  private readonly leaveFanout: (() => void) | null = null;
  /** Awareness ids announced over another instance's sockets, and whether those were isolated there. */
  private readonly remotePresence = new Map<number, PresenceSource>();

  constructor(
    readonly name: string,
    private readonly store: DocumentStore,
    private readonly options: LiveDocumentOptions,
    private readonly log: Logger,
    /**
     * Told after each batch of updates is stored here (`elsewhere` false), and after rows another
     * instance stored were applied by a catch-up (`elsewhere` true): derived views listen.
     */
    private readonly onStored: (elsewhere: boolean) => void = () => {},
    /**
     * The other instances holding this room, when there are any: what this room stores and the
     * presence of its sockets goes out, what they store and announce comes in.
     */
    private readonly fanout: RoomFanout | null = null,
  ) {
    this.history = new RoomHistory(name, this.doc, (origin) => this.actorOf(origin));
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
    // Not 'update': with a listener there, Yjs encodes every transaction's changes, a whole
    // transcript when the stored log is applied, and every row another instance stored.
    this.doc.on('afterTransaction', () => {
      this.fullState = null;
      this.fullStateReply = null;
    });
    // Joined before the stored log is read: a row stored after that read is announced after it,
    // so it waits in the backlog rather than being missed.
    if (fanout) {
      const remote = new RemoteRows({
        name,
        doc: this.doc,
        store,
        log,
        isReady: () => this.state === State.ready,
        send: (frame) => {
          for (const connection of this.connections) connection.send(frame);
        },
        holdRows: (first, last) => {
          this.storedRows = addSeqRange(this.storedRows, first, last);
        },
        storedElsewhere: () => this.onStored(true),
        presence: (update, isolated) => this.applyRemotePresence(update, isolated),
      });
      this.remote = remote;
      this.leaveFanout = fanout.join(name, (message) => remote.receive(message));
    }
    this.loaded = this.load();
  }

  /** Who a transaction was made by (history); null for replaying the stored log and for rows stored elsewhere. */
  private actorOf(origin: unknown): HistoryActor | null {
    if (origin === loadOrigin || origin === remoteOrigin) return null;
    if (origin instanceof ServerChange) return { userId: origin.actor, via: 'server' };
    if (origin instanceof Connection) return { userId: origin.context.userId ?? (origin.context.isAdmin ? 'admin' : 'unknown'), via: 'socket' };
    return { userId: 'system', via: 'server' };
  }

  /** This batch's history, for the store to write with the updates. */
  private historyBatch(events: readonly HistoryEventInput[]): RoomHistoryBatch | undefined {
    return this.history.projectId !== null && events.length > 0 ? { projectId: this.history.projectId, events } : undefined;
  }

  get isReady(): boolean {
    return this.state === State.ready;
  }

  get hasFailed(): boolean {
    return this.state === State.failed;
  }

  /** Accepted updates the store has not acknowledged: queued, being written, or kept after a failure. */
  get hasUnstoredUpdates(): boolean {
    return this.state === State.failed || this.pendingUpdates.length > 0 || this.flushing !== null || this.history.hasPending;
  }

  /** True while accepted updates or replies have not yet been written and sent. */
  get isBusy(): boolean {
    return this.pendingUpdates.length > 0 || this.outbox.length > 0 || this.flushing !== null || this.compacting !== null;
  }

  private async load(): Promise<void> {
    const stored = await this.store.loadUpdates(this.name);
    this.doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(this.doc, update);
    }, loadOrigin);
    this.storedRows = seqRangesOf(stored.seqs);
    this.logRows = stored.updates.length;
    this.logBytes = stored.updates.reduce((sum, u) => sum + u.byteLength, 0);
    this.baseBytes = stored.updates.reduce((largest, u) => Math.max(largest, u.byteLength), 0);
    if (stored.updates.length === 1) this.fullState = stored.updates[0]!;
    this.state = State.ready;
    // Before anyone reads the room (`loaded` resolves after this): what other instances stored meanwhile.
    this.remote?.loaded(stored.lastSeq);
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const [connection, frames] of waiting) this.start(connection, frames);
  }

  /** Adds a connection. Until the stored document has loaded, its frames wait (never an empty sync). */
  addConnection(connection: Connection): void {
    if (this.state === State.failed) {
      connection.close(CloseCode.storageUnavailable);
      return;
    }
    this.connections.add(connection);
    if (this.state === State.ready) this.start(connection, []);
    else this.waiting.set(connection, []);
  }

  private start(connection: Connection, queued: Uint8Array[]): void {
    if (!connection.isOpen) return;
    this.queue(connection, writeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.visibleAwarenessIds(connection, [...this.awareness.getStates().keys()]);
    if (states.length > 0) this.queue(connection, writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
    for (const frame of queued) this.process(connection, frame);
  }

  removeConnection(connection: Connection): void {
    this.connections.delete(connection);
    this.waiting.delete(connection);
    if (connection.awarenessClientIds.size > 0 && this.state !== State.destroyed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessClientIds], null);
    }
  }

  /** One binary frame from a connection. Malformed frames close that connection with 4400. */
  receive(connection: Connection, frame: Uint8Array): void {
    if (!connection.isOpen || !connection.admit(frame.byteLength)) return;
    const waiting = this.waiting.get(connection);
    if (waiting) waiting.push(frame);
    else this.process(connection, frame);
  }

  private process(connection: Connection, frame: Uint8Array): void {
    if (!connection.isOpen) return;
    let message: IncomingMessage;
    try {
      message = readIncomingMessage(frame);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      connection.close(CloseCode.malformedMessage, error.message);
      return;
    }
    this.handle(connection, message);
  }

  private handle(connection: Connection, message: IncomingMessage): void {
    switch (message.kind) {
      case 'syncStep1':
        // One reply per socket at a time: asking again while the last answer (possibly the whole
        // document) has not left yet only updates what the next answer starts from.
        if (connection.awaitingSyncReply) connection.deferredStateVector = message.stateVector;
        else this.queueSyncReply(connection, message.stateVector);
        return;
      case 'update':
        // Every stock client answers the server's sync step 1 with an update; usually it is empty
        // (no structs, no deletions: the two bytes [0, 0]). Nothing to store, send, or refuse.
        if (isEmptyUpdate(message.update)) return;
        if (!connection.writable) {
          // Read-only sockets (viewers, other coders' layers) are told once; their updates are dropped.
          if (!connection.toldReadOnly) {
            connection.toldReadOnly = true;
            this.queue(connection, writePermissionDenied('read-only: your role cannot change this document'));
          }
          return;
        }
        this.applyClientUpdate(connection, message.update);
        return;
      case 'awareness': {
        const update = this.ownAwareness(connection, message.update);
        if (update) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
        return;
      }
      case 'queryAwareness':
        this.queue(connection, writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, this.visibleAwarenessIds(connection, [...this.awareness.getStates().keys()]))));
        return;
    }
  }

  private applyClientUpdate(connection: Connection, update: Uint8Array): void {
    if (this.state === State.failed) {
      connection.close(CloseCode.storageUnavailable);
      return;
    }
    // What the doc integrated is what the others are sent (see `pendingUpdates`), and what is
    // stored if applying fails half-way: that part is in memory now, and a client might see it.
    // A socket alone in the room (a coder in their own layer, a transcript pasted before anyone
    // else opened it) has nobody to send it to, so it is not encoded — for a pasted transcript
    // that was a second copy of megabytes, held until stored; a client that joins meanwhile gets
    // the doc in its sync reply. Should applying fail, the state vector from before finds it.
    const alone = this.connections.size === (this.connections.has(connection) ? 1 : 0);
    const before = alone ? Y.encodeStateVector(this.doc) : null;
    const integrated: Uint8Array[] = [];
    const capture = (u: Uint8Array, origin: unknown) => {
      if (origin === connection) integrated.push(u);
    };
    if (!alone) this.doc.on('update', capture);
    try {
      Y.applyUpdate(this.doc, update, connection);
      // The raw update is stored, not only what integrated: it also holds structs Yjs keeps
      // pending until their dependencies arrive, which a sync reply may already reveal.
      this.pendingUpdates.push({ update: this.copyToStore(update), origin: connection, integrated });
    } catch (error) {
      if (before) this.pendingUpdates.push({ update: Y.encodeStateAsUpdate(this.doc, before), origin: connection, integrated: [] });
      else for (const part of integrated) this.pendingUpdates.push({ update: part, origin: connection });
      connection.close(CloseCode.malformedMessage, `update could not be applied: ${(error as Error).message}`);
    } finally {
      if (!alone) this.doc.off('update', capture);
    }
    this.scheduleFlush();
  }

  /**
   * A change made by the server itself (document import, reconciliation), on behalf of `actor`
   * (the account history names), with `notes` — history events the server states about it —
   * stored alongside: it goes through the same store-then-broadcast pipeline as a client's
   * update. Resolves once stored and sent.
   */
  async change(mutate: (doc: Y.Doc) => void, actor = 'system', notes: readonly HistoryEventInput[] = []): Promise<void> {
    await this.loaded;
    if (this.state !== State.ready) throw new Error(`room ${this.name} is not writable (${this.state})`);
    const produced: Uint8Array[] = [];
    const origin = new ServerChange(actor);
    const capture = (u: Uint8Array, from: unknown) => {
      if (from === origin) produced.push(u);
    };
    this.doc.on('update', capture);
    try {
      this.doc.transact(() => mutate(this.doc), origin);
    } finally {
      this.doc.off('update', capture);
    }
    for (const update of produced) this.pendingUpdates.push({ update, origin: null });
    for (const note of notes) this.history.note(note);
    await this.flush();
    if (this.state !== State.ready) throw new Error(`room ${this.name} could not store the change`);
  }

  /**
   * The part of an awareness update a socket may apply. Stock providers relay every awareness
   * change they see, their peers' included, so an update may repeat others' states: those echoes
   * (clock not newer than ours, or an id announced over another socket) and removals of ids this
   * socket never announced are dropped quietly. New ids count against a small per-socket limit,
   * because Awareness keeps a meta entry for every id it ever sees. Every state kept carries the
   * socket's account as its `user` (`stampIdentity`): nobody can appear as someone else.
   */
  private ownAwareness(connection: Connection, update: Uint8Array): Uint8Array | null {
    const decoder = decoding.createDecoder(update);
    const kept: { id: number; clock: number; json: string }[] = [];
    let newIds = 0;
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const entry = { id: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) };
      if (connection.awarenessClientIds.has(entry.id)) {
        kept.push(entry);
        continue;
      }
      if (entry.json === 'null') continue;
      const known = this.awareness.meta.get(entry.id);
      const source = this.awarenessSources.get(entry.id);
      if ((known && known.clock >= entry.clock) || (source && source !== connection)) continue;
      newIds++;
      kept.push(entry);
    }
    if (connection.awarenessClientIds.size + newIds > maxAwarenessIdsPerConnection) {
      connection.close(CloseCode.malformedMessage, 'too many awareness client ids');
      return null;
    }
    if (kept.length === 0) return null;
    const identity = connection.context.identity;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kept.length);
    for (const e of kept) {
      encoding.writeVarUint(encoder, e.id);
      encoding.writeVarUint(encoder, e.clock);
      encoding.writeVarString(encoder, identity && e.json !== 'null' ? stampIdentity(e.json, identity) : e.json);
    }
    return encoding.toUint8Array(encoder);
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const owner = origin !== null && typeof origin === 'object' && this.connections.has(origin as Connection) ? (origin as Connection) : null;
    for (const id of [...added, ...updated]) {
      this.pendingAwareness.add(id);
      owner?.awarenessClientIds.add(id);
      if (owner) {
        this.awarenessSources.set(id, owner);
        // A client that moved here from another instance (same doc, same id) is now ours.
        this.remotePresence.delete(id);
      }
    }
    for (const id of removed) {
      this.pendingAwareness.add(id);
      owner?.awarenessClientIds.delete(id);
    }
    this.scheduleFlush();
  };

  private queueSyncReply(connection: Connection, stateVector: Uint8Array): void {
    // What this socket was already sent counts as had: asking again (even "I have nothing") is
    // answered with what changed since the last reply, never the whole document again.
    const from = connection.sentStateVector ? mergeStateVectors(stateVector, connection.sentStateVector) : stateVector;
    const frame = this.syncReplyFrame(from);
    connection.sentStateVector = Y.encodeStateVector(this.doc);
    connection.awaitingSyncReply = true;
    this.outbox.push({ to: connection, frame, syncReply: true });
    this.scheduleFlush();
  }

  /** The sync reply has been handed to the OS: answer the newest request that waited meanwhile. */
  private syncReplySent(connection: Connection): void {
    connection.awaitingSyncReply = false;
    const waiting = connection.deferredStateVector;
    connection.deferredStateVector = null;
    if (waiting && connection.isOpen && this.state === State.ready && this.connections.has(connection)) this.queueSyncReply(connection, waiting);
  }

  private queue(connection: Connection, frame: Uint8Array): void {
    this.outbox.push({ to: connection, frame });
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.state === State.destroyed) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /**
   * What the store is given of a client's update. A large one (a pasted transcript) is copied into
   * a buffer of its own that the store may move to its writer thread instead of copying it
   * (`markMovable`): then the room does not hold the frame until it is stored, and as garbage
   * after. Never the frame itself, which the doc may still read (Yjs decodes a Uint8Array inside a
   * JSON value as a view into it); and not beside other instances, which are sent the stored bytes.
   */
  private copyToStore(update: Uint8Array): Uint8Array {
    if (update.byteLength < movableUpdateBytes || this.fanout) return update;
    return markMovable(new Uint8Array(update));
  }

  /**
   * A failed write's updates, to keep for the retry. Those the store had moved to its thread are
   * gone from here: the whole doc, which holds each of them, is stored in their place.
   */
  private recoverMoved(updates: PendingUpdate[]): PendingUpdate[] {
    if (!updates.some((u) => wasMoved(u.update))) return updates;
    return [{ update: Y.encodeStateAsUpdate(this.doc), origin: null, integrated: [] }];
  }

  /** Writes what was accepted this turn, then sends what waited for it. One flush at a time. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.isBusyWithoutFlush() ? this.flush() : undefined));
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private isBusyWithoutFlush(): boolean {
    return this.pendingUpdates.length > 0 || this.outbox.length > 0 || this.pendingAwareness.size > 0 || this.history.hasPending;
  }

  private async flushOnce(): Promise<void> {
    while (this.isBusyWithoutFlush() && this.state === State.ready) {
      const updates = this.pendingUpdates.splice(0);
      const direct = this.outbox.splice(0);
      const awarenessIds = [...this.pendingAwareness];
      this.pendingAwareness.clear();
      const events = this.history.take();
      if (updates.length > 0 || events.length > 0) {
        let last: number;
        // Counted before the store may move them away.
        const bytes = updates.reduce((sum, u) => sum + u.update.byteLength, 0);
        try {
          last = await this.store.appendUpdates(this.name, updates.map((u) => u.update), this.historyBatch(events));
        } catch (error) {
          this.pendingUpdates.unshift(...this.recoverMoved(updates));
          this.history.restore(events);
          this.fail(error);
          return;
        }
        this.stored(last - updates.length + 1, updates.map((u) => u.update));
        this.logRows += updates.length;
        this.logBytes += bytes;
        this.broadcastUpdates(updates);
        this.onStored(false);
      }
      for (const { to, frame, syncReply } of direct) {
        if (syncReply) to.sendSyncReply(frame, () => this.syncReplySent(to));
        else to.send(frame);
      }
      if (awarenessIds.length > 0) this.broadcastAwareness(awarenessIds);
    }
    if (this.state === State.ready && this.compactionDue()) {
      // After the broadcast, never before it: compaction is not on the path of any edit.
      setImmediate(() => void this.compactUnlessDoneElsewhere());
    }
  }

  /**
   * Rows `firstSeq…` were appended by this room (the store acknowledged them): they are the room's
   * to compact, and — only now, never before — the other instances are told.
   */
  private stored(firstSeq: number, updates: readonly Uint8Array[]): void {
    if (updates.length === 0) return;
    const lastSeq = firstSeq + updates.length - 1;
    this.storedRows = addSeqRange(this.storedRows, firstSeq, lastSeq);
    if (!this.fanout) return;
    this.fanout.publishUpdates(this.name, firstSeq, updates);
    this.remote?.appended(firstSeq, lastSeq);
  }

  private diffFrom(stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return Y.encodeStateAsUpdate(this.doc, stateVector);
    this.encodeFullState();
    return this.fullState!;
  }

  /** Sync step 2 for `stateVector`; for a client with nothing yet, one frame shared by all of them. */
  private syncReplyFrame(stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return writeSyncStep2(this.diffFrom(stateVector));
    this.encodeFullState();
    return this.fullStateReply!;
  }

  private encodeFullState(): void {
    if (this.fullStateReply) return;
    const update = this.fullState ?? Y.encodeStateAsUpdate(this.doc);
    this.fullStateReply = writeSyncStep2(update);
    // The frame ends with the update's bytes.
    this.fullState = this.fullStateReply.subarray(this.fullStateReply.length - update.length);
  }

  /** After a socket's visibility changed (e.g. the reveal), send it every presence it may now see. */
  resendPresence(connection: Connection): void {
    if (this.state !== State.ready || !this.connections.has(connection)) return;
    const visible = this.visibleAwarenessIds(connection, [...this.awareness.getStates().keys()]);
    if (visible.length > 0) this.queue(connection, writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, visible)));
    // Its own presence may have changed sides too (a blind round started or ended): the other
    // instances filter it by the flag it is published with.
    const own = [...connection.awarenessClientIds].filter((id) => this.awareness.getStates().has(id));
    if (this.fanout && own.length > 0) this.fanout.publishAwareness(this.name, awarenessProtocol.encodeAwarenessUpdate(this.awareness, own), connection.isolated);
  }

  private visibleAwarenessIds(viewer: Connection, ids: readonly number[]): number[] {
    return ids.filter((id) => canSeePresence(viewer, this.awarenessSources.get(id) ?? this.remotePresence.get(id)));
  }

  /**
   * One awareness frame per distinct visible subset (in open mode: one frame for everyone).
   * The sender gets its own changes too: a lone client relies on its echoed renewals to know the
   * connection is alive (the stock provider reconnects after 30 s of silence).
   */
  private broadcastAwareness(ids: readonly number[]): void {
    const frames = new Map<string, Uint8Array>();
    for (const connection of this.connections) {
      const visible = this.visibleAwarenessIds(connection, ids);
      if (visible.length === 0) continue;
      const key = visible.join(',');
      let frame = frames.get(key);
      if (!frame) {
        frame = writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, visible));
        frames.set(key, frame);
      }
      connection.send(frame);
    }
    this.publishPresence(ids);
    const states = this.awareness.getStates();
    for (const id of ids) {
      if (states.has(id)) continue;
      this.awarenessSources.delete(id);
      this.remotePresence.delete(id);
      // Awareness keeps a meta entry (clock) per id forever; once the removal is out, drop it.
      this.awareness.meta.delete(id);
    }
  }

  /**
   * Tells the other instances the presence changes of this instance's own sockets — as stamped
   * with each socket's account (`ownAwareness`), removals and time-outs included — grouped by
   * whether the announcing socket is isolated. Presence heard from another instance is never
   * passed on: its own instance told everyone.
   */
  private publishPresence(ids: readonly number[]): void {
    if (!this.fanout) return;
    const groups = new Map<boolean, number[]>();
    for (const id of ids) {
      const source = this.awarenessSources.get(id);
      if (!source) continue;
      const group = groups.get(source.isolated);
      if (group) group.push(id);
      else groups.set(source.isolated, [id]);
    }
    for (const [isolated, group] of groups) this.fanout.publishAwareness(this.name, awarenessProtocol.encodeAwarenessUpdate(this.awareness, group), isolated);
  }

  private broadcastUpdates(updates: readonly PendingUpdate[]): void {
    const parts = updates.flatMap((u) => u.integrated ?? [u.update]);
    if (parts.length === 0) return;
    const first = updates[0]!.origin;
    const singleOrigin = updates.every((u) => u.origin === first);
    const recipients = this.connections.size - (singleOrigin && first && this.connections.has(first) ? 1 : 0);
    // A coder alone in their layer, or a transcript imported while nobody has it open: no frame
    // (a copy of the update, megabytes for a transcript) for nobody.
    if (recipients === 0) return;
    const frame = writeUpdate(parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts));
    for (const connection of this.connections) {
      if (singleOrigin && connection === first) continue;
      connection.send(frame);
    }
  }

  // ---- Rows and presence from other instances (docs/scale-out.md) ----

  /** Brings the doc up to what the other instances stored (`RemoteRows.catchUp`); alone, nothing to do. */
  catchUp(): Promise<void> {
    return this.remote?.catchUp() ?? Promise.resolve();
  }

  /**
   * Presence announced over another instance's sockets, stamped there with their accounts. An id
   * announced over a socket of ours stays ours (its client moved here). The rest is applied with
   * the remote origin, so `broadcastAwareness` shows it to this instance's sockets by the rule local
   * presence follows (`canSeePresence`, the source isolated or not as its instance said) and never
   * publishes it again. It times out like local presence when its instance stops renewing it.
   */
  private applyRemotePresence(update: Uint8Array, isolated: boolean): void {
    const kept: { id: number; clock: number; json: string }[] = [];
    try {
      const decoder = decoding.createDecoder(update);
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const entry = { id: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) };
        if (!this.awarenessSources.has(entry.id)) kept.push(entry);
      }
      for (const entry of kept) JSON.parse(entry.json);
    } catch (error) {
      this.log.warn('ignored unreadable presence from another instance', { room: this.name, error });
      return;
    }
    if (kept.length === 0) return;
    for (const entry of kept) if (entry.json !== 'null') this.remotePresence.set(entry.id, { isolated });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kept.length);
    for (const entry of kept) {
      encoding.writeVarUint(encoder, entry.id);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, entry.json);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encoding.toUint8Array(encoder), remoteOrigin);
  }

  /**
   * A compaction re-encodes the whole document (60 ms on the event loop for a 1.4 MB transcript),
   * so besides `compactAfterUpdates` rows the log must also have grown by a sixteenth of its
   * largest row: the cost per stored update stays flat however long the transcript, where a fixed
   * row count made it grow with the document. Far past the row count it compacts anyway, so
   * loading never replays more than that many rows.
   */
  private compactionDue(): boolean {
    const { compactAfterUpdates, compactAfterBytes } = this.options;
    if (this.logBytes >= compactAfterBytes || this.logRows >= compactAfterUpdates * maxRowsPastThreshold) return true;
    return this.logRows >= compactAfterUpdates && (this.logBytes - this.baseBytes) * 16 >= this.baseBytes;
  }

  /**
   * The compaction the log's growth calls for. Beside other instances, each counts only the rows
   * it appended, so under even load they all reach the threshold at about the same time, and every
   * one would merge the whole room again. The store's count is read first: a log that another
   * instance has compacted since is counted anew (what is stored now, plus what this room appended
   * during the read) and merged only if it is still due.
   */
  private compactUnlessDoneElsewhere(): Promise<void> {
    if (!this.fanout) return this.compact();
    this.sizing ??= (async () => {
      const counted = { rows: this.logRows, bytes: this.logBytes };
      // Compaction only saves space: a store that cannot answer now is asked at the next trigger.
      const stored = await this.store.logSize(this.name).catch(() => null);
      if (!stored || this.state !== State.ready) return;
      if (stored.rows < counted.rows) {
        this.logRows = stored.rows + this.logRows - counted.rows;
        this.logBytes = stored.bytes + this.logBytes - counted.bytes;
        if (!this.compactionDue()) return;
      }
      await this.compact();
    })().finally(() => {
      this.sizing = null;
    });
    return this.sizing;
  }

  /**
   * Replaces the stored log by one merged update. Runs only when nothing is pending, so the doc
   * holds at least what its stored rows hold. Only those rows are replaced: a row appended by
   * anyone else stays (another process on the same storage must never lose an update to us).
   */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    if (this.state !== State.ready || this.logRows <= 1) return Promise.resolve();
    if (this.pendingUpdates.length > 0 || this.flushing) {
      return this.flush().then(() => this.compact());
    }
    const rows = this.compactableRows();
    if (rows.length === 0) return Promise.resolve();
    const rowsBefore = this.logRows;
    const bytesBefore = this.logBytes;
    const merged = this.diffFrom(new Uint8Array([0]));
    const started = performance.now();
    this.compacting = this.store
      .compact(this.name, merged, rows)
      .then(() => {
        this.log.debug('compacted', { room: this.name, rows: this.logRows, bytes: merged.byteLength, ms: Math.round(performance.now() - started) });
        // The merged row, plus whatever a slower store let through meanwhile.
        this.logRows = 1 + this.logRows - rowsBefore;
        this.storedRows = addSeqRange(removeSeqRanges(this.storedRows, rows), lastSeqOf(rows), lastSeqOf(rows));
        this.logBytes = merged.byteLength + this.logBytes - bytesBefore;
        this.baseBytes = merged.byteLength;
      })
      .catch((error: unknown) => {
        // The log stays as it was: compaction only saves space, it never holds the only copy.
        this.log.warn('compaction failed', { room: this.name, error });
      })
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  /**
   * The rows compaction may replace. Alone, every row this doc loaded or appended. Beside other
   * instances, only those below the first row it does not know: another instance's compaction may
   * have merged rows this doc never saw into a row it would otherwise delete; a merged row is
   * stored under the highest number it replaced, so what it alone holds comes from rows up to its
   * own number — all known here when they lie below the hole. Rows above a hole are left for later, so
   * compaction never waits for a catch-up.
   */
  private compactableRows(): SeqRange[] {
    const missing = this.remote?.compactableBelow() ?? null;
    if (missing === null) return this.storedRows;
    return this.storedRows.filter(([first]) => first < missing).map(([first, last]): SeqRange => [first, Math.min(last, missing - 1)]);
  }

  /**
   * Storage failed: keep everything in memory, accept no more writes, close every connection so
   * no one sees an update that is not stored, and retry the write until it succeeds.
   */
  private fail(error: unknown): void {
    if (this.state !== State.ready) return;
    this.state = State.failed;
    this.log.error('store write failed; room is read-only until storage recovers', { room: this.name, error });
    this.outbox = [];
    for (const connection of this.connections) connection.close(CloseCode.storageUnavailable);
    this.retryTimer = setTimeout(() => void this.retry(), 2000);
  }

  /** At shutdown: the failed room's last attempt to store what it kept, without waiting for the timer. */
  async retryNow(): Promise<void> {
    if (this.state !== State.failed) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.retry();
  }

  private async retry(): Promise<void> {
    this.retryTimer = null;
    let appended: { firstSeq: number; updates: Uint8Array[] } | null = null;
    try {
      const events = this.history.take();
      if (this.pendingUpdates.length > 0 || events.length > 0) {
        let last: number;
        const updates = this.pendingUpdates.map((u) => u.update);
        const bytes = updates.reduce((sum, u) => sum + u.byteLength, 0);
        try {
          last = await this.store.appendUpdates(this.name, updates, this.historyBatch(events));
        } catch (error) {
          this.pendingUpdates = this.recoverMoved(this.pendingUpdates);
          this.history.restore(events);
          throw error;
        }
        this.logRows += updates.length;
        this.logBytes += bytes;
        this.pendingUpdates = [];
        appended = { firstSeq: last - updates.length + 1, updates };
      }
    } catch (error) {
      this.log.warn('storage still failing', { room: this.name, error });
      if (this.state === State.failed) this.retryTimer = setTimeout(() => void this.retry(), 2000);
      return;
    }
    this.state = State.ready;
    this.log.info('storage recovered', { room: this.name });
    if (appended) this.stored(appended.firstSeq, appended.updates);
    // Other instances' rows were not applied while this room was failing.
    if (this.fanout) void this.catchUp();
  }


  /**
   * The room's data is being deleted: stop accepting, drop what is not yet written, wait for a
   * write already in flight, then free memory.
   */
  async discard(): Promise<void> {
    await this.loaded.catch(() => {});
    this.state = State.destroyed;
    this.pendingUpdates = [];
    this.outbox = [];
    for (const connection of this.connections) connection.close(CloseCode.roomNotFound);
    await Promise.allSettled([this.flushing, this.compacting]);
    this.destroy();
  }

  /** Frees memory. Callers flush and compact first; a failed room is never destroyed. */
  destroy(): void {
    this.state = State.destroyed;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.remote?.stop();
    this.leaveFanout?.();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

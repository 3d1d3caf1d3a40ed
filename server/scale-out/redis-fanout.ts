import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AccessEvent } from '../access/access-events.ts';
import type { Logger } from '../logger.ts';
import { FanoutKind, FanoutMessageError, readFanoutMessage, writeFanoutMessage, type FanoutMessage } from './fanout-message.ts';

/**
 * How instances of one deployment tell each other about rooms (docs/scale-out.md): every instance
 * that holds a room hears the updates another instance stored for it, and presence. One
 * implementation talks to Redis; a single instance needs none.
 *
 * The store stays the truth: a message lost (Redis down, slow, restarted) costs only time — a
 * receiver that sees a gap in a room's rows, or is told the room's head after a lost message, or
 * whose Redis connection came back (`onRecovered`), reads what it lacks from the store.
 */
export interface RoomFanout {
  readonly instanceId: string;
  /**
   * Starts delivering a room's messages from other instances to `receive` (one receiver per room),
   * while it is loaded here. Returns the leave: it stops this receiver only, never one that joined
   * the same room after it (a room unloaded and loaded again).
   */
  join(room: string, receive: (message: FanoutMessage) => void): () => void;
  /**
   * Every room another instance stored rows of (`updates` and `head` messages), joined here or
   * not: caches of rooms read cold (explore, agreement extracts, search) must drop them. Told after
   * the room's receiver, so a room loaded here has applied the rows when the listeners look at it.
   */
  onStoredElsewhere(listener: (room: string, lastSeq: number) => void): () => void;
  /** Access events (membership, settings, revoked credentials) for the other instances' sockets. */
  publishAccess(event: AccessEvent): void;
  onAccess(listener: (event: AccessEvent) => void): () => void;
  /** Tells the others that rows `firstSeq … firstSeq + updates.length − 1` of `room` were stored. Never waits, never throws. */
  publishUpdates(room: string, firstSeq: number, updates: readonly Uint8Array[]): void;
  /**
   * Presence of this instance's own sockets; `isolated` when they see no one else in a blind round
   * (`canSeePresence`). Dropped, not retried, when Redis is away: the next change of presence carries it.
   */
  publishAwareness(room: string, update: Uint8Array, isolated: boolean): void;
  /** After the connection to the others came back: every joined room should catch up from the store. */
  onRecovered(listener: () => void): () => void;
  readonly stats: FanoutStats;
  close(): Promise<void>;
}

export interface FanoutStats {
  published: number;
  /** Messages not sent (Redis away or too far behind); each lost `updates` is followed by a `head` once it can be. */
  dropped: number;
  received: number;
  /** Receive time minus send time of the last `updates` message, ms. */
  lastLagMs: number;
  malformed: number;
}

export interface RedisFanoutOptions {
  /** `redis://…` */
  readonly url: string;
  /** Prefix of every channel: deployments (and tests) sharing one Redis stay apart. */
  readonly prefix?: string;
  /** Most bytes of messages handed to Redis and not yet acknowledged; past it, messages are dropped (and heads sent later). */
  readonly maxInFlightBytes?: number;
  readonly log: Logger;
}

/**
 * `RoomFanout` over Redis pub/sub: channel `<prefix>room:<name>` per room, all heard through one
 * pattern subscription (every instance learns of every stored room, for its caches), and
 * `<prefix>access` for access events; one connection publishes, one subscribes (ioredis
 * re-subscribes after a reconnect). Publishing never queues
 * while Redis is away (`enableOfflineQueue: false`) and never holds more than `maxInFlightBytes`
 * in flight, so a slow or dead Redis cannot grow this process's memory or block its event loop;
 * rooms whose messages were dropped get a `head` once Redis takes messages again.
 */
export class RedisFanout implements RoomFanout {
  readonly instanceId = randomBytes(8).toString('hex');
  readonly stats: FanoutStats = { published: 0, dropped: 0, received: 0, lastLagMs: 0, malformed: 0 };
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly maxInFlightBytes: number;
  private readonly log: Logger;
  private readonly receivers = new Map<string, (message: FanoutMessage) => void>();
  private readonly recoveredListeners = new Set<() => void>();
  private readonly storedElsewhereListeners = new Set<(room: string, lastSeq: number) => void>();
  private readonly accessListeners = new Set<(event: AccessEvent) => void>();
  /** Rooms with a lost `updates` message, and their last stored row: a `head` is owed. */
  private readonly owedHeads = new Map<string, number>();
  private inFlightBytes = 0;
  private wasDown = false;
  /** The subscriber has been ready once: a room loaded before then may have missed messages too. */
  private wasReady = false;
  private closed = false;

  constructor(options: RedisFanoutOptions) {
    this.prefix = options.prefix ?? 'accord:';
    this.maxInFlightBytes = options.maxInFlightBytes ?? 32 * 1024 * 1024;
    this.log = options.log;
    const common = { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (times: number) => Math.min(200 * times, 2000) } as const;
    this.publisher = new Redis(options.url, { ...common, connectionName: `accord-pub-${this.instanceId}` });
    // The subscriber queues its SUBSCRIBE commands until it is connected (they are few and small).
    this.subscriber = new Redis(options.url, { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: `accord-sub-${this.instanceId}` });
    for (const [name, connection] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
      const down = (why: string) => {
        if (this.closed) return;
        if (!this.wasDown) this.log.warn('redis unavailable: serving this instance’s own sockets, catching up from the store when it returns', { connection: name, why });
        this.wasDown = true;
      };
      connection.on('error', (error: Error) => down(error.message));
      // A connection lost after it was ready: messages sent meanwhile may be lost, so catch up after.
      connection.on('close', () => down('connection closed'));
    }
    this.subscriber.on('ready', () => this.recovered());
    this.publisher.on('ready', () => this.payOwedHeads());
    this.subscriber.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, payload: Buffer) => this.deliver(channel.toString('utf8'), payload));
    this.subscriber.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
      if (channel.toString('utf8') === this.accessChannel) this.deliverAccess(payload);
    });
    const subscribed = (error: Error) => this.log.warn('redis subscribe failed; rooms catch up from the store when Redis returns', { error: error.message });
    this.subscriber.psubscribe(`${this.globEscape(this.prefix)}room:*`).catch(subscribed);
    this.subscriber.subscribe(this.accessChannel).catch(subscribed);
  }

  private get accessChannel(): string {
    return `${this.prefix}access`;
  }

  /** A prefix taken literally in a PSUBSCRIBE pattern. */
  private globEscape(value: string): string {
    return value.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
  }

  private channelOf(room: string): string {
    return `${this.prefix}room:${room}`;
  }

  join(room: string, receive: (message: FanoutMessage) => void): () => void {
    this.receivers.set(room, receive);
    return () => {
      if (this.receivers.get(room) === receive) this.receivers.delete(room);
    };
  }

  onStoredElsewhere(listener: (room: string, lastSeq: number) => void): () => void {
    this.storedElsewhereListeners.add(listener);
    return () => this.storedElsewhereListeners.delete(listener);
  }

  publishAccess(event: AccessEvent): void {
    if (this.closed || this.publisher.status !== 'ready') {
      // Lost: every instance re-checks its sockets when Redis returns (`onRecovered`).
      this.stats.dropped++;
      return;
    }
    this.stats.published++;
    this.publisher.publish(this.accessChannel, JSON.stringify({ v: 1, instance: this.instanceId, event })).catch(() => this.stats.dropped++);
  }

  onAccess(listener: (event: AccessEvent) => void): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  private deliverAccess(payload: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      parsed = null;
    }
    const message = parsed as { v?: unknown; instance?: unknown; event?: unknown } | null;
    const event = readAccessEvent(message?.event);
    if (message?.v !== 1 || typeof message.instance !== 'string' || event === null) {
      this.stats.malformed++;
      this.log.warn('ignored a malformed access event from Redis');
      return;
    }
    if (message.instance === this.instanceId) return;
    this.stats.received++;
    for (const listener of this.accessListeners) listener(event);
  }

  publishUpdates(room: string, firstSeq: number, updates: readonly Uint8Array[]): void {
    if (updates.length === 0) return;
    const lastSeq = firstSeq + updates.length - 1;
    const sent = this.publish(room, { kind: FanoutKind.updates, instance: this.instanceId, room, sentAt: Date.now(), firstSeq, lastSeq, updates });
    if (!sent) this.owedHeads.set(room, Math.max(lastSeq, this.owedHeads.get(room) ?? 0));
  }

  publishAwareness(room: string, update: Uint8Array, isolated: boolean): void {
    this.publish(room, { kind: FanoutKind.awareness, instance: this.instanceId, room, sentAt: Date.now(), update, isolated });
  }

  onRecovered(listener: () => void): () => void {
    this.recoveredListeners.add(listener);
    return () => this.recoveredListeners.delete(listener);
  }

  /** Hands a message to Redis unless it is away or too far behind; true when handed over. */
  private publish(room: string, message: FanoutMessage): boolean {
    if (this.closed || this.publisher.status !== 'ready' || this.inFlightBytes > this.maxInFlightBytes) {
      this.stats.dropped++;
      return false;
    }
    const bytes = writeFanoutMessage(message);
    this.inFlightBytes += bytes.byteLength;
    this.stats.published++;
    this.publisher.publish(this.channelOf(room), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).then(
      () => {
        this.inFlightBytes -= bytes.byteLength;
        // Redis took it, so it can take what is owed. Only after a success: when the connection
        // has just died its status still says 'ready' until its 'close' event, and every publish
        // fails at once — paying after a failure re-published in a chain of microtasks that never
        // let that event (or anything else) run, and the instance stopped.
        if (this.owedHeads.size > 0 && this.inFlightBytes === 0) this.payOwedHeads();
      },
      () => {
        this.inFlightBytes -= bytes.byteLength;
        this.stats.dropped++;
        // Paid when the publisher is ready again, or after the next publish Redis takes.
        if (message.kind !== FanoutKind.awareness) this.owedHeads.set(room, Math.max(message.lastSeq, this.owedHeads.get(room) ?? 0));
      },
    );
    return true;
  }

  private payOwedHeads(): void {
    if (this.publisher.status !== 'ready') return;
    const owed = [...this.owedHeads];
    this.owedHeads.clear();
    for (const [room, lastSeq] of owed) {
      if (!this.publish(room, { kind: FanoutKind.head, instance: this.instanceId, room, sentAt: Date.now(), lastSeq })) this.owedHeads.set(room, lastSeq);
    }
  }

  /**
   * The subscriber is (again) ready. After an outage every listener catches up; on the first
   * connection too, since rooms may have loaded, and rows been stored elsewhere, before this
   * instance heard anything.
   */
  private recovered(): void {
    const first = !this.wasReady;
    this.wasReady = true;
    if (!this.wasDown && !first) return;
    if (this.wasDown) this.log.info('redis is back: rooms catch up from the store', { rooms: this.receivers.size });
    this.wasDown = false;
    for (const listener of this.recoveredListeners) listener();
    this.payOwedHeads();
  }

  private deliver(channel: string, payload: Buffer): void {
    let message: FanoutMessage | null;
    try {
      message = readFanoutMessage(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
    } catch (error) {
      if (!(error instanceof FanoutMessageError)) throw error;
      this.stats.malformed++;
      this.log.warn('ignored a malformed fan-out message', { channel, error: error.message });
      return;
    }
    if (message === null || message.instance === this.instanceId || channel !== this.channelOf(message.room)) return;
    this.stats.received++;
    if (message.kind === FanoutKind.updates) this.stats.lastLagMs = Math.max(0, Date.now() - message.sentAt);
    // The room first: a cache listener reading a room loaded here then reads it with these rows.
    this.receivers.get(message.room)?.(message);
    if (message.kind !== FanoutKind.awareness) for (const listener of this.storedElsewhereListeners) listener(message.room, message.lastSeq);
  }

  /**
   * Says goodbye to Redis when it is there, within `quitTimeoutMs`, and drops the connections
   * either way: a shutdown never waits for a Redis that is away (a QUIT would queue until it returned).
   */
  async close(): Promise<void> {
    this.closed = true;
    this.receivers.clear();
    this.accessListeners.clear();
    this.storedElsewhereListeners.clear();
    const quit = (connection: Redis) =>
      connection.status === 'ready'
        ? Promise.race([connection.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, quitTimeoutMs).unref())])
        : Promise.resolve();
    await Promise.all([quit(this.publisher), quit(this.subscriber)]);
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}

const idPattern = /^[A-Za-z0-9_-]{1,100}$/;
/** How long `close` waits for Redis to acknowledge a QUIT. */
const quitTimeoutMs = 1000;

/** An access event as another instance sent it, checked field by field; null when it is not one. */
function readAccessEvent(value: unknown): AccessEvent | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const id = (key: string) => (typeof v[key] === 'string' && idPattern.test(v[key] as string) ? (v[key] as string) : null);
  switch (v.type) {
    case 'memberChanged': {
      const projectId = id('projectId');
      const userId = id('userId');
      return projectId && userId ? { type: 'memberChanged', projectId, userId } : null;
    }
    case 'projectChanged': {
      const projectId = id('projectId');
      return projectId ? { type: 'projectChanged', projectId } : null;
    }
    case 'tokenRevoked': {
      const tokenId = id('tokenId');
      return tokenId ? { type: 'tokenRevoked', tokenId } : null;
    }
    case 'sessionEnded': {
      const sessionId = id('sessionId');
      return sessionId ? { type: 'sessionEnded', sessionId } : null;
    }
    case 'documentErased': {
      const projectId = id('projectId');
      const documentId = id('documentId');
      return projectId && documentId ? { type: 'documentErased', projectId, documentId } : null;
    }
    case 'projectErased': {
      const projectId = id('projectId');
      return projectId ? { type: 'projectErased', projectId } : null;
    }
    case 'layersErased': {
      const userId = id('userId');
      return userId ? { type: 'layersErased', userId } : null;
    }
    default:
      return null;
  }
}

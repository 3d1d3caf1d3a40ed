import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
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
  /** Starts delivering a room's messages from other instances to `receive` (one receiver per room). */
  join(room: string, receive: (message: FanoutMessage) => void): void;
  leave(room: string): void;
  /** Tells the others that rows `firstSeq … firstSeq + updates.length − 1` of `room` were stored. Never waits, never throws. */
  publishUpdates(room: string, firstSeq: number, updates: readonly Uint8Array[]): void;
  /** Presence. Dropped, not retried, when Redis is away: the next change of presence carries it. */
  publishAwareness(room: string, update: Uint8Array): void;
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
 * `RoomFanout` over Redis pub/sub: channel `<prefix>room:<name>` per room; one connection
 * publishes, one subscribes (ioredis re-subscribes after a reconnect). Publishing never queues
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
  /** Rooms with a lost `updates` message, and their last stored row: a `head` is owed. */
  private readonly owedHeads = new Map<string, number>();
  private inFlightBytes = 0;
  private wasDown = false;
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
    this.subscriber.on('messageBuffer', (channel: Buffer, payload: Buffer) => this.deliver(channel.toString('utf8'), payload));
  }

  private channelOf(room: string): string {
    return `${this.prefix}room:${room}`;
  }

  join(room: string, receive: (message: FanoutMessage) => void): void {
    const first = !this.receivers.has(room);
    this.receivers.set(room, receive);
    if (first) this.subscriber.subscribe(this.channelOf(room)).catch((error: Error) => this.log.warn('redis subscribe failed; the room catches up from the store when Redis returns', { room, error: error.message }));
  }

  leave(room: string): void {
    if (!this.receivers.delete(room)) return;
    this.subscriber.unsubscribe(this.channelOf(room)).catch(() => {});
  }

  publishUpdates(room: string, firstSeq: number, updates: readonly Uint8Array[]): void {
    if (updates.length === 0) return;
    const lastSeq = firstSeq + updates.length - 1;
    const sent = this.publish(room, { kind: FanoutKind.updates, instance: this.instanceId, room, sentAt: Date.now(), firstSeq, lastSeq, updates });
    if (!sent) this.owedHeads.set(room, Math.max(lastSeq, this.owedHeads.get(room) ?? 0));
  }

  publishAwareness(room: string, update: Uint8Array): void {
    this.publish(room, { kind: FanoutKind.awareness, instance: this.instanceId, room, sentAt: Date.now(), update });
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
    this.publisher
      .publish(this.channelOf(room), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      .catch(() => {
        this.stats.dropped++;
        if (message.kind !== FanoutKind.awareness) this.owedHeads.set(room, Math.max(message.lastSeq, this.owedHeads.get(room) ?? 0));
      })
      .finally(() => {
        this.inFlightBytes -= bytes.byteLength;
        if (this.owedHeads.size > 0 && this.inFlightBytes === 0) this.payOwedHeads();
      });
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

  private recovered(): void {
    if (!this.wasDown) return;
    this.wasDown = false;
    this.log.info('redis is back: rooms catch up from the store', { rooms: this.receivers.size });
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
    const receive = this.receivers.get(message.room);
    if (!receive) return;
    this.stats.received++;
    if (message.kind === FanoutKind.updates) this.stats.lastLagMs = Math.max(0, Date.now() - message.sentAt);
    receive(message);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.receivers.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}

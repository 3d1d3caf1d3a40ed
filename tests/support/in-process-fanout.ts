import type { AccessEvent } from '../../server/access/access-events.ts';
import { FanoutKind, readFanoutMessage, writeFanoutMessage, type FanoutMessage } from '../../server/scale-out/fanout-message.ts';
import type { FanoutStats, RoomFanout } from '../../server/scale-out/redis-fanout.ts';

/**
 * Several `RoomFanout`s in one process, as if each were an instance on one Redis: a message one
 * publishes reaches the others (never itself), encoded and decoded with the real codec, on the next
 * turn of the event loop. `dropNext` loses the next messages, as a Redis restart would, so unit tests
 * can reach the catch-up paths deterministically; the integration test runs the real `RedisFanout`.
 */
export class InProcessFanoutHub {
  private readonly members: InProcessFanout[] = [];
  /** Messages still to lose, of any kind. */
  dropNext = 0;

  instance(id: string): InProcessFanout {
    const member = new InProcessFanout(id, this);
    this.members.push(member);
    return member;
  }

  /** @internal */
  deliver(from: InProcessFanout, bytes: Uint8Array): void {
    if (this.dropNext > 0) {
      this.dropNext--;
      return;
    }
    setImmediate(() => {
      for (const member of this.members) if (member !== from) member.hear(readFanoutMessage(bytes)!);
    });
  }

  /** @internal */
  deliverAccess(from: InProcessFanout, event: AccessEvent): void {
    setImmediate(() => {
      for (const member of this.members) if (member !== from) member.hearAccess(event);
    });
  }

  /** Tells every instance that the connection came back (what `RedisFanout` does after an outage). */
  recover(): void {
    for (const member of this.members) member.recovered();
  }
}

export class InProcessFanout implements RoomFanout {
  readonly stats: FanoutStats = { published: 0, dropped: 0, received: 0, lastLagMs: 0, malformed: 0 };
  private readonly receivers = new Map<string, (message: FanoutMessage) => void>();
  private readonly storedElsewhere = new Set<(room: string, lastSeq: number) => void>();
  private readonly access = new Set<(event: AccessEvent) => void>();
  private readonly recoveredListeners = new Set<() => void>();
  /** Every message this instance published, decoded. */
  readonly published: FanoutMessage[] = [];

  constructor(
    readonly instanceId: string,
    private readonly hub: InProcessFanoutHub,
  ) {}

  join(room: string, receive: (message: FanoutMessage) => void): () => void {
    this.receivers.set(room, receive);
    return () => {
      if (this.receivers.get(room) === receive) this.receivers.delete(room);
    };
  }

  onStoredElsewhere(listener: (room: string, lastSeq: number) => void): () => void {
    this.storedElsewhere.add(listener);
    return () => this.storedElsewhere.delete(listener);
  }

  publishAccess(event: AccessEvent): void {
    this.hub.deliverAccess(this, event);
  }

  onAccess(listener: (event: AccessEvent) => void): () => void {
    this.access.add(listener);
    return () => this.access.delete(listener);
  }

  publishUpdates(room: string, firstSeq: number, updates: readonly Uint8Array[]): void {
    this.publish({ kind: FanoutKind.updates, instance: this.instanceId, room, sentAt: Date.now(), firstSeq, lastSeq: firstSeq + updates.length - 1, updates });
  }

  publishAwareness(room: string, update: Uint8Array, isolated: boolean): void {
    this.publish({ kind: FanoutKind.awareness, instance: this.instanceId, room, sentAt: Date.now(), update, isolated });
  }

  onRecovered(listener: () => void): () => void {
    this.recoveredListeners.add(listener);
    return () => this.recoveredListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.receivers.clear();
  }

  private publish(message: FanoutMessage): void {
    this.stats.published++;
    this.published.push(message);
    this.hub.deliver(this, writeFanoutMessage(message));
  }

  /** @internal */
  hear(message: FanoutMessage): void {
    this.stats.received++;
    this.receivers.get(message.room)?.(message);
    if (message.kind !== FanoutKind.awareness) for (const listener of this.storedElsewhere) listener(message.room, message.lastSeq);
  }

  /** @internal */
  hearAccess(event: AccessEvent): void {
    for (const listener of this.access) listener(event);
  }

  /** @internal */
  recovered(): void {
    for (const listener of this.recoveredListeners) listener();
  }
}

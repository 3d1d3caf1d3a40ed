import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../../tests/support/private-redis.ts';
import { requireOrSkip } from '../../tests/support/requirements.ts';
import { waitFor } from '../../tests/support/sync-client.ts';
import { silentLogger } from '../logger.ts';
import { FanoutKind, readFanoutMessage, writeFanoutMessage, type FanoutMessage } from './fanout-message.ts';
import { RedisFanout } from './redis-fanout.ts';

describe('fan-out messages', () => {
  it('read back as written, each kind', () => {
    const messages: FanoutMessage[] = [
      { kind: FanoutKind.updates, instance: 'a1', room: 'layer:p:d:u', sentAt: 1.5, firstSeq: 7, lastSeq: 8, updates: [new Uint8Array([1, 2]), new Uint8Array([])] },
      { kind: FanoutKind.awareness, instance: 'a1', room: 'text:p:d', sentAt: 2, update: new Uint8Array([9]), isolated: true },
      { kind: FanoutKind.head, instance: 'b2', room: 'project:p', sentAt: 3, lastSeq: 40 },
    ];
    for (const message of messages) expect(readFanoutMessage(writeFanoutMessage(message))).toEqual(message);
  });

  it('refuses malformed bytes with its own error, and ignores another wire version', () => {
    const good = writeFanoutMessage({ kind: FanoutKind.head, instance: 'a', room: 'r', sentAt: 0, lastSeq: 1 });
    expect(() => readFanoutMessage(good.slice(0, good.length - 1))).toThrow(/unreadable|bad|trailing/);
    expect(() => readFanoutMessage(new Uint8Array([...good, 0]))).toThrow(/trailing/);
    expect(readFanoutMessage(new Uint8Array([2, ...good.slice(1)]))).toBeNull();
    expect(() => writeFanoutMessage({ kind: FanoutKind.updates, instance: 'a', room: 'r', sentAt: 0, firstSeq: 1, lastSeq: 3, updates: [new Uint8Array()] })).toThrow(/do not match/);
  });
});

const hasRedis = PrivateRedis.available();

describe.runIf(requireOrSkip(hasRedis, 'redis-server (Debian package redis-server)'))('Redis fan-out between two instances', () => {
  let redis: PrivateRedis;
  let a: RedisFanout;
  let b: RedisFanout;
  const heard: FanoutMessage[] = [];
  /** Never a's own messages. */
  const heardByA: FanoutMessage[] = [];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    a = new RedisFanout({ url: redis.url, prefix: 'test:', log: silentLogger });
    b = new RedisFanout({ url: redis.url, prefix: 'test:', log: silentLogger });
    a.join('text:p:d', (message) => heardByA.push(message));
    b.join('text:p:d', (message) => heard.push(message));
    // Subscribed once a probe message arrives.
    await waitFor(() => {
      a.publishAwareness('text:p:d', new Uint8Array([0]), false);
      return heard.length > 0;
    }, 5000, 'b to be subscribed');
    heard.length = 0;
  });
  afterAll(async () => {
    expect(heardByA.filter((m) => m.instance === a.instanceId)).toEqual([]);
    await a?.close();
    await b?.close();
    await redis?.kill();
  });

  it('delivers stored rows and presence to the other instance, never back to the sender', async () => {
    a.publishUpdates('text:p:d', 5, [new Uint8Array([1]), new Uint8Array([2, 3])]);
    a.publishAwareness('text:p:d', new Uint8Array([7]), false);
    const rows = () => heard.find((m) => m.kind === FanoutKind.updates);
    const presence = () => heard.find((m) => m.kind === FanoutKind.awareness && m.update[0] === 7);
    await waitFor(() => rows() !== undefined && presence() !== undefined, 5000, 'both messages');
    expect(rows()).toMatchObject({ instance: a.instanceId, firstSeq: 5, lastSeq: 6, updates: [new Uint8Array([1]), new Uint8Array([2, 3])] });
    expect(b.stats.lastLagMs).toBeGreaterThanOrEqual(0);
  });

  it('tells every instance which rooms were stored elsewhere, joined or not', async () => {
    const stored: [string, number][] = [];
    const stop = b.onStoredElsewhere((room, lastSeq) => stored.push([room, lastSeq]));
    a.publishUpdates('layer:p:d:u9', 3, [new Uint8Array([1])]);
    await waitFor(() => stored.length === 1, 5000, 'the stored notice');
    expect(stored).toEqual([['layer:p:d:u9', 3]]);
    stop();
  });

  it('carries access events to the other instances, checked field by field', async () => {
    const events: unknown[] = [];
    const stop = b.onAccess((event) => events.push(event));
    const heardByA: unknown[] = [];
    const stopA = a.onAccess((event) => heardByA.push(event));
    const raw = new Redis(redis.url);
    const malformed = b.stats.malformed;
    await raw.publish('test:access', JSON.stringify({ v: 1, instance: 'x', event: { type: 'memberChanged', projectId: 'p1', userId: '../../etc' } }));
    await raw.publish('test:access', 'not json');
    // An erasure names what to discard: an id that could select other rooms is refused too.
    await raw.publish('test:access', JSON.stringify({ v: 1, instance: 'x', event: { type: 'documentErased', projectId: 'p1', documentId: 'd1:' } }));
    await raw.quit();
    a.publishAccess({ type: 'memberChanged', projectId: 'p1', userId: 'u1' });
    a.publishAccess({ type: 'documentErased', projectId: 'p1', documentId: 'd1' });
    await waitFor(() => events.length === 2 && b.stats.malformed === malformed + 3, 5000, 'the events and the three refusals');
    expect(events).toEqual([
      { type: 'memberChanged', projectId: 'p1', userId: 'u1' },
      { type: 'documentErased', projectId: 'p1', documentId: 'd1' },
    ]);
    expect(heardByA).toEqual([]);
    stop();
    stopA();
  });

  it('ignores a malformed message on a room’s channel', async () => {
    const raw = new Redis(redis.url);
    const before = heard.length;
    const malformed = b.stats.malformed;
    await raw.publish('test:room:text:p:d', Buffer.from([1, 1, 0xff, 0xff]));
    await raw.quit();
    await waitFor(() => b.stats.malformed === malformed + 1, 5000, 'the malformed message to be counted');
    expect(heard.length).toBe(before);
  });

  it('drops what Redis cannot take in time and sends the room’s head once it can', async () => {
    // At most one byte in flight: the second batch is dropped while the first is under way.
    const c = new RedisFanout({ url: redis.url, prefix: 'test:', log: silentLogger, maxInFlightBytes: 1 });
    await waitFor(() => (c as unknown as { publisher: Redis }).publisher.status === 'ready', 5000, 'c to connect');
    heard.length = 0;
    c.publishUpdates('text:p:d', 20, [new Uint8Array([1])]);
    c.publishUpdates('text:p:d', 21, [new Uint8Array([2])]);
    expect(c.stats.dropped).toBe(1);
    await waitFor(() => heard.some((m) => m.kind === FanoutKind.head), 5000, 'the owed head');
    expect(heard.filter((m) => m.instance === c.instanceId).map((m) => [m.kind, m.kind === FanoutKind.awareness ? null : m.lastSeq])).toEqual([
      [FanoutKind.updates, 20],
      [FanoutKind.head, 21],
    ]);
    await c.close();
  });

  it('lets the event loop run when its connection has just died: a publish failing at once is not retried at once', async () => {
    const c = new RedisFanout({ url: redis.url, prefix: 'test:', log: silentLogger });
    const { publisher, subscriber } = c as unknown as { publisher: Redis; subscriber: Redis };
    // Both connections: the subscriber's first 'ready' pays owed heads once, which is right, but
    // arriving inside the window below it was counted as a retry (CI failed on it under load).
    await waitFor(() => publisher.status === 'ready' && subscriber.status === 'ready', 5000, 'c to connect');
    // The moment after Redis went away: the socket is ended, ioredis has not yet seen it close
    // (status 'ready'), so every publish is refused at once.
    let attempts = 0;
    const publish = publisher.publish.bind(publisher);
    (publisher as unknown as { publish: typeof publish }).publish = ((...args: Parameters<typeof publish>) => {
      // A bound on the bug, so that it fails this test rather than hanging the test process.
      if (++attempts > 1000) throw new Error('publish retried without end');
      return publish(...args);
    }) as typeof publish;
    (publisher as unknown as { stream: { end(): void } }).stream.end();
    c.publishUpdates('text:p:d', 30, [new Uint8Array([1])]);
    c.publishUpdates('text:p:d', 31, [new Uint8Array([2])]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(attempts).toBeLessThanOrEqual(2);
    await c.close();
  });

  it('keeps serving while Redis is down: publishing drops at once; when Redis returns the others are told to catch up, and rows flow again', async () => {
    heard.length = 0;
    let recovered = 0;
    b.onRecovered(() => recovered++);
    await redis.kill();
    await waitFor(() => (a as unknown as { publisher: Redis }).publisher.status !== 'ready', 5000, 'a to notice Redis is gone');
    const dropped = a.stats.dropped;
    const started = performance.now();
    a.publishUpdates('text:p:d', 7, [new Uint8Array([4])]);
    a.publishAccess({ type: 'projectChanged', projectId: 'p1' });
    expect(performance.now() - started).toBeLessThan(50);
    expect(a.stats.dropped).toBe(dropped + 2);

    await redis.resume();
    // The store is the truth: b is told to catch up (rows 7 was never delivered).
    await waitFor(() => recovered === 1, 10000, 'b to report that Redis is back');
    await waitFor(() => {
      a.publishUpdates('text:p:d', 8, [new Uint8Array([5])]);
      return heard.some((m) => m.kind === FanoutKind.updates && m.firstSeq === 8);
    }, 10000, 'rows after recovery');
  });
});

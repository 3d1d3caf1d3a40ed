import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conditional } from '../agreement/conditional-get.ts';
import { ConditionalPoller } from './conditional-poller.ts';

type Call = { query: string; etag: string | null; resolve: (value: Conditional<string>) => void; reject: (error: unknown) => void };

function setup() {
  const calls: Call[] = [];
  const bodies: [string, string][] = [];
  const errors: unknown[] = [];
  const poller = new ConditionalPoller<string>({
    fetch: (query, etag) => new Promise((resolve, reject) => calls.push({ query, etag, resolve, reject })),
    onBody: (body, query) => bodies.push([body, query]),
    onError: (error) => errors.push(error),
    intervalMs: 1000,
    maxBackoffMs: 4000,
  });
  return { calls, bodies, errors, poller };
}

describe('ConditionalPoller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks at once, then every interval with the ETag of the last body, and shows only new bodies', async () => {
    const { calls, bodies, poller } = setup();
    poller.start('layer=coders');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => [c.query, c.etag])).toEqual([['layer=coders', null]]);
    calls[0]!.resolve({ body: 'g1', etag: '"1"' });
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls[1]!.etag).toBe('"1"');
    calls[1]!.resolve(null); // 304: nothing to show
    await vi.advanceTimersByTimeAsync(1000);
    calls[2]!.resolve({ body: 'g2', etag: '"2"' });
    await vi.advanceTimersByTimeAsync(0);
    expect(bodies).toEqual([
      ['g1', 'layer=coders'],
      ['g2', 'layer=coders'],
    ]);
    poller.stop();
  });

  it('drops the answer to a query that was replaced while it was out, and asks for the new one at once', async () => {
    const { calls, bodies, poller } = setup();
    poller.start('a');
    await vi.advanceTimersByTimeAsync(0);
    poller.setQuery('b');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1); // one request at a time
    calls[0]!.resolve({ body: 'for a', etag: '"a"' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => [c.query, c.etag])).toEqual([
      ['a', null],
      ['b', null],
    ]);
    calls[1]!.resolve({ body: 'for b', etag: '"b"' });
    await vi.advanceTimersByTimeAsync(0);
    expect(bodies).toEqual([['for b', 'b']]);
    poller.stop();
  });

  it('backs off after failures and keeps the pace again after a success', async () => {
    const { calls, errors, poller } = setup();
    poller.start('q');
    await vi.advanceTimersByTimeAsync(0);
    calls[0]!.reject(new Error('offline'));
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    calls[1]!.reject(new Error('offline'));
    await vi.advanceTimersByTimeAsync(3999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    calls[2]!.resolve({ body: 'back', etag: null });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(4);
    expect(errors).toHaveLength(2);
    poller.stop();
  });

  it('stops asking once stopped, and ignores an answer that arrives after', async () => {
    const { calls, bodies, poller } = setup();
    poller.start('q');
    await vi.advanceTimersByTimeAsync(0);
    poller.stop();
    calls[0]!.resolve({ body: 'late', etag: null });
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1);
    expect(bodies).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { HistoryEventView, HistoryPage } from '../../../../shared/api/index.ts';
import { historyEvent } from './history-test-events.ts';
import { loadEarlier, loadLater, loadNewest, type FetchHistoryPage } from './history-pager.ts';

/** The server's paging over `n` events (seqs 1…n, gap-free), with an optional filter, counting requests. */
function fakeServer(n: number, matches: (seq: number) => boolean = () => true) {
  const all = Array.from({ length: n }, (_, i) => historyEvent(i + 1, { userId: i % 3 === 0 ? 'ben' : 'ana' }));
  const visible = all.filter((e) => matches(e.seq));
  const server = {
    requests: 0,
    fetch: (async (afterSeq, limit): Promise<HistoryPage> => {
      server.requests++;
      const after = visible.filter((e) => e.seq > afterSeq);
      const page = after.slice(0, limit);
      return { events: page, nextAfterSeq: after.length > limit ? page.at(-1)!.seq : null };
    }) as FetchHistoryPage,
  };
  return server;
}
const seqs = (events: readonly HistoryEventView[]) => events.map((e) => e.seq);
const all = () => true;

describe('history pager', () => {
  it('loads a short history in one request', async () => {
    const server = fakeServer(40);
    const newest = await loadNewest(server.fetch, 100, all, 30);
    expect(seqs(newest.events)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect([newest.startAfter, newest.lastSeq, server.requests]).toEqual([0, 40, 1]);
  });

  it('finds the newest events of a long history in a few requests, without missing or repeating any', async () => {
    for (const n of [101, 199, 200, 201, 1000, 4321, 20_000]) {
      const server = fakeServer(n);
      const newest = await loadNewest(server.fetch, 100, all, 50);
      const got = seqs(newest.events);
      expect(got.at(-1)).toBe(n);
      expect(got.length).toBeGreaterThanOrEqual(50);
      // Contiguous: every event after startAfter is there.
      expect(got).toEqual(Array.from({ length: n - newest.startAfter }, (_, i) => newest.startAfter + i + 1));
      expect(server.requests).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n / 100)) + 4);
    }
  });

  it('pages back without gaps or repeats, and stops at the start', async () => {
    const server = fakeServer(1000);
    const newest = await loadNewest(server.fetch, 100, all, 50);
    const loaded = [...newest.events];
    let startAfter = newest.startAfter;
    while (startAfter > 0) {
      const earlier = await loadEarlier(server.fetch, startAfter, 100, all, 50);
      loaded.unshift(...earlier.events);
      startAfter = earlier.startAfter;
    }
    expect(seqs(loaded)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('works over a filtered history, whose seqs have gaps, and keeps only what the page shows', async () => {
    // The server filters to one person (ben: every third event); the page keeps even seqs only.
    const server = fakeServer(3000, (seq) => (seq - 1) % 3 === 0);
    const keep = (e: HistoryEventView) => e.seq % 2 === 0;
    const newest = await loadNewest(server.fetch, 100, keep, 20);
    expect(newest.events.length).toBeGreaterThanOrEqual(20);
    expect(newest.events.every((e) => e.userId === 'ben' && e.seq % 2 === 0)).toBe(true);
    const expected = Array.from({ length: 3000 }, (_, i) => i + 1).filter((s) => (s - 1) % 3 === 0 && s % 2 === 0 && s > newest.startAfter);
    expect(seqs(newest.events)).toEqual(expected);
    expect(newest.lastSeq).toBe(2998);
  });

  it('gives up after a few requests when the kept events are far apart, and goes on from there next time', async () => {
    // The server cannot apply this filter (the "codings" kind): the page keeps two events in 5000.
    const server = fakeServer(5000);
    const keep = (e: HistoryEventView) => e.seq === 3 || e.seq === 4990;
    const newest = await loadNewest(server.fetch, 100, keep, 5);
    expect(seqs(newest.events)).toEqual([4990]);
    expect(newest.startAfter).toBeGreaterThan(0);
    const earlier = await loadEarlier(server.fetch, newest.startAfter, 100, keep, 5, 8);
    expect(earlier.events).toEqual([]);
    expect(earlier.startAfter).toBe(newest.startAfter - 800);
  });

  it('says when there are no events at all', async () => {
    const newest = await loadNewest(fakeServer(0).fetch, 100, all, 10);
    expect(newest).toEqual({ events: [], startAfter: 0, lastSeq: null });
  });

  it('reads the next page forwards for an oldest-first timeline and for what arrived since', async () => {
    const server = fakeServer(250);
    const first = await loadLater(server.fetch, 0, 100, all);
    expect([first.events.length, first.nextAfterSeq, first.lastSeq]).toEqual([100, 100, 100]);
    const rest = await loadLater(server.fetch, 200, 100, all);
    expect([seqs(rest.events)[0], rest.nextAfterSeq, rest.lastSeq]).toEqual([201, null, 250]);
  });
});

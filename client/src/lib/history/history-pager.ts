import type { HistoryEventView, HistoryPage } from '../../../../shared/api/index.ts';

/** One request of `GET …/history` with the filter already applied: the events after `afterSeq`, at most `limit`. */
export type FetchHistoryPage = (afterSeq: number, limit: number) => Promise<HistoryPage>;

/** What a load brought: the kept events (oldest first) and where the loaded stretch of the history begins. */
export interface LoadedStretch {
  readonly events: readonly HistoryEventView[];
  /** Every event after this seq (up to the newest, when loading backwards) is loaded. 0: nothing earlier exists. */
  readonly startAfter: number;
}

/** The newest stretch, and the highest seq the server sent (kept or not; null for none): new events come after it. */
export interface NewestStretch extends LoadedStretch {
  readonly lastSeq: number | null;
}

const lastOf = (page: HistoryPage): number | null => page.events.at(-1)?.seq ?? null;

/**
 * The newest stretch of the history. The API pages forward only (`afterSeq`, oldest first), so
 * the newest events are found by galloping, then halving, over `afterSeq`: "are there events
 * after x?" is monotone in x, and a page that comes back short holds everything after its x.
 * Requests: one when the history fits one window, about 2·log2(n / window) otherwise.
 * (A server `beforeSeq` or `order=desc` would make this one request.)
 */
export async function loadNewest(fetch: FetchHistoryPage, window: number, keep: (event: HistoryEventView) => boolean, minEvents: number): Promise<NewestStretch> {
  const first = await fetch(0, window);
  let tail: HistoryPage;
  let tailAfter: number;
  if (first.nextAfterSeq === null) {
    tail = first;
    tailAfter = 0;
  } else {
    // Events exist after `lo`; none after `hi` (once known).
    let lo = first.nextAfterSeq;
    let hi: number | null = null;
    let step = window;
    let found: { page: HistoryPage; after: number } | null = null;
    while (hi === null && found === null) {
      const probe = lo + step;
      const page = await fetch(probe, window);
      if (page.events.length === 0) hi = probe;
      else if (page.nextAfterSeq === null) found = { page, after: probe };
      else {
        lo = page.nextAfterSeq;
        step *= 2;
      }
    }
    while (found === null) {
      // Seqs are gap-free per project, so at most `window` events lie in (lo, hi]: one page holds them.
      const probe = hi! - lo <= window ? lo : Math.floor((lo + hi!) / 2);
      const page = await fetch(probe, window);
      if (page.events.length === 0) hi = probe;
      else if (page.nextAfterSeq === null) found = { page, after: probe };
      else lo = page.nextAfterSeq;
    }
    tail = found.page;
    tailAfter = found.after;
  }
  const events = tail.events.filter(keep);
  const lastSeq = lastOf(tail);
  if (events.length >= minEvents || tailAfter === 0) return { events, startAfter: tailAfter, lastSeq };
  const earlier = await loadEarlier(fetch, tailAfter, window, keep, minEvents - events.length);
  return { events: [...earlier.events, ...events], startAfter: earlier.startAfter, lastSeq };
}

/**
 * The events just before a loaded stretch (those with seq ≤ `before`), one window of seqs at a
 * time, until `minEvents` are kept, the start is reached, or `maxRequests` were sent (a rare
 * person's events may be far apart; the next click goes on from there).
 */
export async function loadEarlier(fetch: FetchHistoryPage, before: number, window: number, keep: (event: HistoryEventView) => boolean, minEvents: number, maxRequests = 8): Promise<LoadedStretch> {
  const events: HistoryEventView[] = [];
  let end = before;
  for (let requests = 0; end > 0 && events.length < minEvents && requests < maxRequests; requests++) {
    const start = Math.max(0, end - window);
    // A window of `window` seqs holds at most `window` events, so a page of that size has them all.
    const page = await fetch(start, window);
    const inWindow = page.events.filter((e) => e.seq <= end);
    events.unshift(...inWindow.filter(keep));
    end = start;
  }
  return { events, startAfter: end };
}

/** The events after `afterSeq` (oldest first): the next page of an oldest-first timeline, or what arrived since. */
export async function loadLater(fetch: FetchHistoryPage, afterSeq: number, limit: number, keep: (event: HistoryEventView) => boolean): Promise<{ readonly events: readonly HistoryEventView[]; readonly lastSeq: number | null; readonly nextAfterSeq: number | null }> {
  const page = await fetch(afterSeq, limit);
  return { events: page.events.filter(keep), lastSeq: lastOf(page), nextAfterSeq: page.nextAfterSeq };
}

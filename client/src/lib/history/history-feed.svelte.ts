import type { HistoryEventView } from '../../../../shared/api/index.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import type { HistoryOrder } from './history-filter.ts';
import { loadEarlier, loadLater, loadNewest, type FetchHistoryPage } from './history-pager.ts';

export interface HistoryFeedOptions {
  readonly fetch: FetchHistoryPage;
  readonly order: HistoryOrder;
  /** What the filter keeps of what the server sends (the part it cannot ask the server for). */
  readonly keep: (event: HistoryEventView) => boolean;
  /** Seqs per request (the API allows up to 1000). */
  readonly window?: number;
  /** Events to show at least, when that many exist, per load. */
  readonly minEvents?: number;
}

/**
 * The loaded part of one filtered timeline. Newest first, it loads the newest stretch and then
 * earlier stretches; oldest first, it follows `nextAfterSeq`. Either way, what arrives later is
 * found by asking for events after the highest seq seen; newest first, those wait in `incoming`
 * until asked for, so nothing moves under the reader. One feed serves one filter: a new filter
 * makes a new feed, and a stopped feed drops the answers still on their way.
 */
export class HistoryFeed {
  /** The kept events loaded so far, oldest first. */
  events = $state.raw<readonly HistoryEventView[]>([]);
  /** Newer events found since (newest-first timelines), shown when the reader asks. */
  incoming = $state.raw<readonly HistoryEventView[]>([]);
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  /** Why the first load failed, or why the last "load more" or check for new events failed. */
  error = $state.raw<ApiError | null>(null);
  loadingMore = $state(false);
  /** Earlier (newest first) or later (oldest first) events remain to load. */
  hasMore = $state(false);
  readonly order: HistoryOrder;
  #fetch: FetchHistoryPage;
  #keep: (event: HistoryEventView) => boolean;
  #window: number;
  #minEvents: number;
  /** Newest first: everything after this seq is loaded. */
  #startAfter = 0;
  /** Oldest first: where the next page starts (null at the end). */
  #nextAfterSeq: number | null = null;
  /** The highest seq the server has sent, kept or not. */
  #lastSeq = 0;
  #checking = false;
  /** Polls failed in a row: one miss is retried quietly, several are shown. */
  #pollFailures = 0;
  #stopped = false;

  constructor(options: HistoryFeedOptions) {
    this.order = options.order;
    this.#fetch = options.fetch;
    this.#keep = options.keep;
    this.#window = options.window ?? 250;
    this.#minEvents = options.minEvents ?? 60;
  }

  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      if (this.order === 'newest') {
        const newest = await loadNewest(this.#fetch, this.#window, this.#keep, this.#minEvents);
        if (this.#stopped) return;
        this.events = newest.events;
        this.#startAfter = newest.startAfter;
        this.#lastSeq = newest.lastSeq ?? 0;
        this.hasMore = newest.startAfter > 0;
      } else {
        const page = await loadLater(this.#fetch, 0, this.#window, this.#keep);
        if (this.#stopped) return;
        this.events = page.events;
        this.#nextAfterSeq = page.nextAfterSeq;
        this.#lastSeq = page.lastSeq ?? 0;
        this.hasMore = page.nextAfterSeq !== null;
      }
      this.status = 'ready';
    } catch (error) {
      if (this.#stopped) return;
      this.error = toApiError(error);
      this.status = 'failed';
    }
  }

  /** "Load earlier events" (newest first) or "Load later events" (oldest first). Returns how many arrived. */
  async loadMore(): Promise<number> {
    if (this.loadingMore || !this.hasMore || this.status !== 'ready') return 0;
    this.loadingMore = true;
    this.error = null;
    try {
      if (this.order === 'newest') {
        const earlier = await loadEarlier(this.#fetch, this.#startAfter, this.#window, this.#keep, this.#minEvents);
        if (this.#stopped) return 0;
        this.events = [...earlier.events, ...this.events];
        this.#startAfter = earlier.startAfter;
        this.hasMore = earlier.startAfter > 0;
        return earlier.events.length;
      }
      const page = await loadLater(this.#fetch, this.#nextAfterSeq!, this.#window, this.#keep);
      if (this.#stopped) return 0;
      this.events = [...this.events, ...page.events];
      this.#nextAfterSeq = page.nextAfterSeq;
      this.#lastSeq = Math.max(this.#lastSeq, page.lastSeq ?? 0);
      this.hasMore = page.nextAfterSeq !== null;
      return page.events.length;
    } catch (error) {
      if (!this.#stopped) this.error = toApiError(error);
      return 0;
    } finally {
      this.loadingMore = false;
    }
  }

  /**
   * Asks for events after the newest seen (a poll, or right after a revert). Newest first they
   * wait in `incoming`; oldest first they are appended when the end is loaded (below the reader).
   */
  async checkNew(): Promise<void> {
    if (this.#checking || this.status !== 'ready' || (this.order === 'oldest' && this.hasMore)) return;
    this.#checking = true;
    try {
      const found: HistoryEventView[] = [];
      for (let more = true, requests = 0; more && requests < 4; requests++) {
        const page = await loadLater(this.#fetch, this.#lastSeq, this.#window, this.#keep);
        if (this.#stopped) return;
        found.push(...page.events);
        this.#lastSeq = Math.max(this.#lastSeq, page.lastSeq ?? 0);
        more = page.nextAfterSeq !== null;
      }
      if (this.#pollFailures > 0) {
        this.#pollFailures = 0;
        this.error = null;
      }
      if (found.length === 0) return;
      if (this.order === 'newest') this.incoming = [...this.incoming, ...found];
      else this.events = [...this.events, ...found];
    } catch (error) {
      // A missed poll is retried at the next one; only a run of misses is shown (and cleared by the next success).
      if (!this.#stopped && ++this.#pollFailures >= 3) this.error = toApiError(error);
    } finally {
      this.#checking = false;
    }
  }

  /** Puts the incoming events into the timeline. */
  showIncoming(): number {
    const count = this.incoming.length;
    if (count === 0) return 0;
    this.events = [...this.events, ...this.incoming];
    this.incoming = [];
    return count;
  }

  stop(): void {
    this.#stopped = true;
  }
}

import type { Conditional } from '../agreement/conditional-get.ts';

export interface ConditionalPollerOptions<T> {
  /** A conditional GET of `query`: a fresh body, or null for 304. */
  readonly fetch: (query: string, etag: string | null) => Promise<Conditional<T>>;
  /** A new body for the query currently asked for (never for a query since replaced). */
  readonly onBody: (body: T, query: string) => void;
  /** A failure for the current query; polling goes on with a growing pause. */
  readonly onError: (error: unknown, query: string) => void;
  /** The server answered (a body or 304) for the current query. */
  readonly onChecked?: (query: string) => void;
  /** A hidden tab does not poll (default: never hidden). */
  readonly isHidden?: () => boolean;
  readonly intervalMs?: number;
  readonly maxBackoffMs?: number;
}

/**
 * Asks for one query every `intervalMs` with `If-None-Match`, so an idle page costs a header a
 * second and a change shows within about one interval. One request at a time; a new query is asked
 * for at once, and an answer for a query since replaced is dropped (its ETag is not kept either).
 * Failures back off (2×, 4×… up to `maxBackoffMs`) and the next success resets the pace.
 *
 * @example
 * const poller = new ConditionalPoller({ fetch: (q, etag) => api.getPathways(id, q, etag), onBody, onError });
 * poller.start('layer=coders'); // … poller.setQuery('layer=consensus'); … poller.stop();
 */
export class ConditionalPoller<T> {
  #options: ConditionalPollerOptions<T>;
  #query = '';
  #etag: { query: string; etag: string | null } | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #inFlight = false;
  #failures = 0;

  constructor(options: ConditionalPollerOptions<T>) {
    this.#options = options;
  }

  get query(): string {
    return this.#query;
  }

  get running(): boolean {
    return this.#running;
  }

  start(query: string): void {
    this.#query = query;
    this.#running = true;
    this.#schedule(0);
  }

  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Asks for another query now; the previous one's answer, if still out, is dropped. */
  setQuery(query: string): void {
    if (query === this.#query) return;
    this.#query = query;
    this.#failures = 0;
    this.#schedule(0);
  }

  /** Polls now (the tab became visible, or someone pressed "Try again"). */
  pollNow(): void {
    this.#schedule(0);
  }

  #schedule(delay: number): void {
    if (!this.#running) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#poll(), delay);
  }

  async #poll(): Promise<void> {
    this.#timer = null;
    if (this.#options.isHidden?.()) return; // pollNow() when visible again
    if (this.#inFlight) return; // the request out reschedules when it returns
    this.#inFlight = true;
    const query = this.#query;
    try {
      const etag = this.#etag?.query === query ? this.#etag.etag : null;
      const fresh = await this.#options.fetch(query, etag);
      if (query !== this.#query || !this.#running) return;
      if (fresh) {
        this.#etag = { query, etag: fresh.etag };
        this.#options.onBody(fresh.body, query);
      }
      this.#failures = 0;
      this.#options.onChecked?.(query);
    } catch (error) {
      if (query !== this.#query || !this.#running) return;
      this.#failures++;
      this.#options.onError(error, query);
    } finally {
      this.#inFlight = false;
      const interval = this.#options.intervalMs ?? 1000;
      const stale = query !== this.#query;
      this.#schedule(stale ? 0 : this.#failures === 0 ? interval : Math.min(this.#options.maxBackoffMs ?? 8000, interval * 2 ** this.#failures));
    }
  }
}

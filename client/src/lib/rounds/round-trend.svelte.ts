import { SvelteMap } from 'svelte/reactivity';
import type { RoundView } from '../../../../shared/api/index.ts';
import { isRevealed } from '../../../../shared/model/round.ts';
import type { Api } from '../api.ts';
import { toApiError } from '../api-error.ts';
import { roundFigures, type RoundFigure, type RoundFigureState } from './round-figures.ts';

/** A round's figure is asked for again at most this often while nothing else changed (rounds are revealed rarely). */
const refreshMs = 15_000;

/**
 * The agreement trend's points per round (spec §3.2): each revealed round's agreement on its
 * submissions, with the dashboard's settings (`?round=`). Asked for with the dashboard's
 * polling — at once when its figures or settings changed, else every 15 s — each with its own
 * ETag, so an unchanged round costs a 304.
 */
export class RoundTrend {
  rounds = $state.raw<readonly RoundView[]>([]);
  readonly states = new SvelteMap<string, RoundFigureState>();
  readonly figures: readonly RoundFigure[] = $derived(roundFigures(this.rounds, this.states));
  #etags = new Map<string, { query: string; etag: string | null }>();
  #lastAt = 0;
  #lastQuery: string | null = null;
  #busy = false;

  constructor(
    private readonly api: Api,
    private readonly projectId: string,
  ) {}

  /** Fetches the rounds and the revealed rounds' figures for `query` (the dashboard's). */
  async refresh(query: string, changed: boolean): Promise<void> {
    if (this.#busy) return;
    if (!changed && query === this.#lastQuery && Date.now() - this.#lastAt < refreshMs) return;
    this.#busy = true;
    this.#lastAt = Date.now();
    const newQuery = query !== this.#lastQuery;
    this.#lastQuery = query;
    try {
      this.rounds = (await this.api.listRounds(this.projectId)).rounds;
      // One at a time: the server computes each round's report, and rounds are few.
      for (const round of this.rounds) {
        if (!isRevealed(round.phase)) continue;
        if (newQuery || !this.states.has(round.id)) this.states.set(round.id, { kind: 'loading' });
        await this.#loadRound(round.id, query);
      }
    } catch (error) {
      // Without the rounds list there is nothing to show per round; the live trend is unaffected.
      for (const round of this.rounds) if (isRevealed(round.phase)) this.states.set(round.id, { kind: 'failed', message: toApiError(error).message });
    } finally {
      this.#busy = false;
    }
  }

  async #loadRound(roundId: string, query: string): Promise<void> {
    const known = this.#etags.get(roundId);
    const etag = known?.query === query ? known.etag : null;
    try {
      const fresh = await this.api.getAgreement(this.projectId, `${query}${query ? '&' : ''}round=${encodeURIComponent(roundId)}`, etag);
      if (query !== this.#lastQuery) return;
      if (fresh) {
        this.#etags.set(roundId, { query, etag: fresh.etag });
        this.states.set(roundId, { kind: 'answered', snapshot: fresh.body });
      }
    } catch (error) {
      if (query === this.#lastQuery) this.states.set(roundId, { kind: 'failed', message: toApiError(error).message });
    }
  }
}

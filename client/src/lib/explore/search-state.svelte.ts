import type { Role } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import { formatCount } from '../format.ts';
import { CodeAllHits } from './search-code.svelte.ts';
import { groupHits, type HitGroup } from './search-hits.ts';
import type { SearchHitView, SearchResponse } from '../../../../shared/api/index.ts';
import { fetchSearchPage } from './search-request.ts';

export interface SearchStateOptions {
  readonly api: Api;
  readonly projectId: string;
  /** The query in the address when the page opened ('' for none). */
  readonly q: string;
  /** A search was run: keep the address a link to it. */
  readonly onQuery: (q: string) => void;
}

/** Hits per request: a few screens' worth; more load on request. */
const pageSize = 100;

/**
 * The Search view: the query as typed and as run (kept in the address), the hits loaded so far
 * (grouped by document, each group with its full count), loading more, and "code all hits". A new
 * search drops the hits and any request under way.
 */
export class SearchState {
  readonly projectId: string;
  /** The search box. */
  draft = $state('');
  /** The query the shown hits answer ('' before any search). */
  q = $state('');
  hits = $state.raw<readonly SearchHitView[]>([]);
  documents = $state.raw<SearchResponse['documents']>([]);
  /** Hits of `q` in all; null while the first page of a search is on its way. */
  total = $state<number | null>(null);
  pending = $state(0);
  loading = $state(false);
  loadingMore = $state(false);
  error = $state.raw<ApiError | null>(null);
  /** Said to screen readers when results arrive. */
  announcement = $state('');
  role = $state<Role | null>(null);
  readonly groups: readonly HitGroup[];
  readonly canCode: boolean;
  readonly codeAll: CodeAllHits;

  #api: Api;
  #onQuery: (q: string) => void;
  #controller: AbortController | null = null;

  constructor(options: SearchStateOptions) {
    this.projectId = options.projectId;
    this.#api = options.api;
    this.#onQuery = options.onQuery;
    this.draft = options.q;
    this.groups = $derived(groupHits(this.hits, this.documents));
    this.canCode = $derived(this.role === 'owner' || this.role === 'coder');
    this.codeAll = new CodeAllHits({ api: options.api, projectId: options.projectId });
    if (options.q.trim()) void this.run(options.q.trim());
  }

  /** Runs the search box's query (Enter or the button). */
  submit(): void {
    const q = this.draft.trim();
    this.#onQuery(q);
    void this.run(q);
  }

  /** Back, forward, or a link to another search while the page is open. */
  followAddress(q: string): void {
    if (q === this.q) return;
    this.draft = q;
    void this.run(q);
  }

  /** The next page of hits, after those shown. */
  async loadMore(): Promise<void> {
    if (this.loadingMore || this.total === null || this.hits.length >= this.total) return;
    const controller = this.#controller;
    this.loadingMore = true;
    try {
      const page = await fetchSearchPage(this.#api, this.projectId, this.q, { limit: pageSize, offset: this.hits.length }, controller?.signal);
      if (controller !== this.#controller) return;
      this.hits = [...this.hits, ...page.hits];
      this.documents = page.documents;
      this.total = page.total;
      this.announcement = `Showing ${formatCount(this.hits.length, 'hit')} of ${this.total.toLocaleString()}.`;
    } catch (error) {
      if (controller?.signal.aborted) return;
      this.error = toApiError(error);
    } finally {
      if (controller === this.#controller) this.loadingMore = false;
    }
  }

  destroy(): void {
    this.#controller?.abort();
    this.codeAll.destroy();
  }

  private async run(q: string): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.q = q;
    this.hits = [];
    this.documents = [];
    this.total = null;
    this.error = null;
    this.loadingMore = false;
    if (!q) {
      this.loading = false;
      return;
    }
    this.loading = true;
    try {
      const page = await fetchSearchPage(this.#api, this.projectId, q, { limit: pageSize, offset: 0 }, controller.signal);
      if (controller !== this.#controller) return;
      this.hits = page.hits;
      this.documents = page.documents;
      this.total = page.total;
      this.pending = page.pending;
      this.announcement = page.total === 0 ? `No hits for ${q}.` : `${formatCount(page.total, 'hit')} in ${formatCount(page.documents.length, 'document')}.`;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = toApiError(error);
      this.announcement = this.error.message;
    } finally {
      if (controller === this.#controller) this.loading = false;
    }
  }
}

import type { Code } from '../../../../shared/model/codebook.ts';
import { formatRoomName } from '../../../../shared/protocol/room-name.ts';
import type { Api } from '../api.ts';
import { ApiError, toApiError } from '../api-error.ts';
import { createCodesSource } from '../sync/codebook-source.ts';
import { RoomConnection } from '../sync/room-connection.ts';
import type { YjsValue } from '../sync/yjs-value.ts';
import { codeOptions, type CodeOption } from './search-code-options.ts';
import { groupHits, hitKey, type HitGroup } from './search-hits.ts';
import { maxCodedHits, maxSearchPageSize, type CodeHitsResponse, type SearchHitView, type SearchResponse } from '../../../../shared/api/index.ts';
import { fetchSearchPage, sendCodeHits } from './search-request.ts';

export interface CodeAllHitsOptions {
  readonly api: Api;
  readonly projectId: string;
  readonly serverUrl?: string;
}

/**
 * "Code all hits": the preview of every hit of a search (up to the server's 2,000), each with a
 * checkbox, the code to apply (from the live codebook, read only), and sending the chosen hits to
 * be coded in the caller's own layer. The server checks the role and the round; what it refuses
 * is shown as it says it.
 */
export class CodeAllHits {
  open = $state(false);
  q = $state('');
  codeId = $state('');
  hits = $state.raw<readonly SearchHitView[]>([]);
  documents = $state.raw<SearchResponse['documents']>([]);
  /** Hits of the search in all (may be more than can be coded at once). */
  total = $state(0);
  /** Keys of hits the researcher left out. */
  excluded = $state.raw<ReadonlySet<string>>(new Set());
  loading = $state(false);
  sending = $state(false);
  error = $state.raw<ApiError | null>(null);
  result = $state.raw<CodeHitsResponse | null>(null);
  readonly chosen: readonly SearchHitView[];
  readonly groups: readonly HitGroup[];
  readonly tooMany: boolean;
  readonly code: Code | null;
  /** The codebook in tree order (the code picker's options). */
  readonly codes: readonly CodeOption[];
  /** False until the codebook has arrived (the picker waits for it). */
  readonly codebookReady: boolean;

  #api: Api;
  #projectId: string;
  #serverUrl: string | undefined;
  #codebook = $state.raw<RoomConnection | null>(null);
  #codes = $state.raw<YjsValue<readonly Code[]> | null>(null);
  #ticket = 0;

  constructor(options: CodeAllHitsOptions) {
    this.#api = options.api;
    this.#projectId = options.projectId;
    this.#serverUrl = options.serverUrl;
    this.chosen = $derived(this.hits.filter((h) => !this.excluded.has(hitKey(h))));
    this.groups = $derived(groupHits(this.hits, this.documents));
    this.tooMany = $derived(this.total > maxCodedHits);
    this.codes = $derived(this.#codes ? codeOptions(this.#codes.current) : []);
    this.code = $derived(this.codes.find((f) => f.code.id === this.codeId)?.code ?? null);
    this.codebookReady = $derived(this.#codebook?.state.synced ?? false);
  }

  /** Opens the preview for `q` and loads every hit it can code. */
  async start(q: string): Promise<void> {
    if (!this.#codebook) {
      const codebook = new RoomConnection({ room: formatRoomName({ kind: 'project', projectId: this.#projectId }), ...(this.#serverUrl && { serverUrl: this.#serverUrl }) });
      this.#codebook = codebook;
      this.#codes = createCodesSource(codebook.doc);
    }
    const ticket = ++this.#ticket;
    this.open = true;
    this.q = q;
    this.hits = [];
    this.documents = [];
    this.total = 0;
    this.excluded = new Set();
    this.error = null;
    this.result = null;
    this.loading = true;
    try {
      let hits: SearchHitView[] = [];
      let page: SearchResponse;
      do {
        page = await fetchSearchPage(this.#api, this.#projectId, q, { limit: maxSearchPageSize, offset: hits.length });
        if (ticket !== this.#ticket) return;
        hits = [...hits, ...page.hits];
        this.total = page.total;
        this.documents = page.documents;
      } while (page.hits.length > 0 && hits.length < page.total && page.total <= maxCodedHits);
      this.hits = page.total <= maxCodedHits ? hits : [];
    } catch (error) {
      if (ticket === this.#ticket) this.error = toApiError(error);
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }

  close(): void {
    this.#ticket++;
    this.open = false;
    this.loading = false;
  }

  isChosen(hit: SearchHitView): boolean {
    return !this.excluded.has(hitKey(hit));
  }

  toggle(hit: SearchHitView): void {
    const key = hitKey(hit);
    const next = new Set(this.excluded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    this.excluded = next;
  }

  /** How many of a document's hits are chosen. */
  chosenIn(group: HitGroup): number {
    return group.hits.filter((h) => this.isChosen(h)).length;
  }

  /** Chooses every hit of a document, or none when all were chosen. */
  toggleDocument(group: HitGroup): void {
    const all = this.chosenIn(group) === group.hits.length;
    const next = new Set(this.excluded);
    for (const hit of group.hits) {
      if (all) next.add(hitKey(hit));
      else next.delete(hitKey(hit));
    }
    this.excluded = next;
  }

  chooseAll(chosen: boolean): void {
    this.excluded = chosen ? new Set() : new Set(this.hits.map(hitKey));
  }

  /** Codes the chosen hits; resolves once the server has written them (or said why not). */
  async confirm(): Promise<void> {
    if (this.sending || this.loading) return;
    if (!this.codeId) {
      this.error = ApiError.invalid('codeId', 'Pick the code to apply to the hits.');
      return;
    }
    if (this.chosen.length === 0) {
      this.error = ApiError.invalid('hits', 'Every hit is left out: tick the passages to code.');
      return;
    }
    this.sending = true;
    this.error = null;
    try {
      this.result = await sendCodeHits(this.#api, this.#projectId, { q: this.q, codeId: this.codeId, hits: this.chosen.map((h) => ({ documentId: h.documentId, start: h.start, end: h.end })) });
    } catch (error) {
      this.error = toApiError(error);
    } finally {
      this.sending = false;
    }
  }

  destroy(): void {
    this.#ticket++;
    this.#codes?.destroy();
    this.#codebook?.destroy();
  }
}

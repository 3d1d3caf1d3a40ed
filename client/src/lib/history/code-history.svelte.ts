import type { HistoryEventView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import { codeChanges, type CodeChange } from './code-changes.ts';

/** After a change is seen in the codebook, when to ask the server (it records the change as it stores it). */
const retryDelaysMs = [250, 750, 1500, 3000];

/**
 * One code's change history on the codebook page, from the server's record of the codebook
 * (`GET …/history?type=code.changed&codeId=`), never from anything a client wrote. `changed()`
 * is called when the code changes in the codebook: the server stores a change just after this
 * page sees it (its own edits at once), so it asks again, a few times, until a new event arrives.
 */
export class CodeHistory {
  events = $state.raw<readonly HistoryEventView[]>([]);
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  error = $state.raw<ApiError | null>(null);
  readonly changes: readonly CodeChange[] = $derived(codeChanges(this.events));
  #api: Api;
  #projectId: string;
  #codeId: string;
  #lastSeq = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #loading: Promise<number> | null = null;
  #destroyed = false;

  constructor(api: Api, projectId: string, codeId: string) {
    this.#api = api;
    this.#projectId = projectId;
    this.#codeId = codeId;
  }

  /** Reads the events after the last one shown; returns how many arrived. */
  refresh(): Promise<number> {
    this.#loading ??= this.#read().finally(() => (this.#loading = null));
    return this.#loading;
  }

  async #read(): Promise<number> {
    try {
      const arrived: HistoryEventView[] = [];
      for (let afterSeq: number | null = this.#lastSeq; afterSeq !== null; ) {
        const query = new URLSearchParams({ type: 'code.changed', codeId: this.#codeId, afterSeq: String(afterSeq), limit: '1000' });
        const page = await this.#api.getHistory(this.#projectId, query.toString());
        if (this.#destroyed) return 0;
        arrived.push(...page.events);
        afterSeq = page.nextAfterSeq;
      }
      if (arrived.length > 0) {
        this.events = [...this.events, ...arrived];
        this.#lastSeq = arrived.at(-1)!.seq;
      }
      this.status = 'ready';
      this.error = null;
      return arrived.length;
    } catch (error) {
      if (this.#destroyed) return 0;
      this.error = toApiError(error);
      if (this.status === 'loading') this.status = 'failed';
      return 0;
    }
  }

  /** The code changed in the codebook: ask until the server's record of it arrives. */
  changed(): void {
    this.#clearTimer();
    const attempt = (i: number) => {
      this.#timer = setTimeout(async () => {
        const arrived = await this.refresh();
        if (arrived === 0 && i + 1 < retryDelaysMs.length && !this.#destroyed) attempt(i + 1);
      }, retryDelaysMs[i]);
    };
    attempt(0);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#clearTimer();
  }
}

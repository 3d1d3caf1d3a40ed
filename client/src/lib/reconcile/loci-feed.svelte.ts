import type { DecisionView, LociResponse, LocusView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';

const pollMs = 3000;
const maxBackoffMs = 15_000;

/** What a decision makes of its locus's status (as the server's `lociView` says it). */
function statusAfter(decision: DecisionView): LocusView['status'] {
  if (decision.action === 'defer') return 'deferred';
  if (decision.action !== 'auto') return 'resolved';
  const dissent = (decision.strategy as { dissent?: unknown } | null)?.dissent;
  return Array.isArray(dissent) && dissent.length > 0 ? 'autoResolvedWithDissent' : 'autoResolved';
}

/**
 * One document's loci and decisions, kept current while several people reconcile at once: the
 * loci are asked for every 3 s (and at once after each action), the decisions whenever a locus's
 * current decision changed. A hidden tab does not poll. Answers can overtake each other (a poll
 * sent before a decision may arrive after the refresh sent after it): an answer older than the
 * one shown is dropped, so the queue never steps back in time.
 */
export class LociFeed {
  response = $state.raw<LociResponse | null>(null);
  decisions = $state.raw<readonly DecisionView[]>([]);
  /** The last failure, cleared by the next success. 403 is the blind round (`refused`). */
  error = $state.raw<ApiError | null>(null);
  checkedAt = $state<number | null>(null);
  readonly loci: readonly LocusView[] = $derived(this.response?.loci ?? []);
  readonly coderIds: readonly string[] = $derived(this.response?.coderIds ?? []);
  readonly decisionById: ReadonlyMap<string, DecisionView> = $derived(new Map(this.decisions.map((d) => [d.id, d])));
  /** The server keeps the coders' codings from this account until the blind round ends. */
  readonly refused: boolean = $derived(this.error?.status === 403);
  /** Called after each new answer is shown (the view re-checks its selection). */
  onUpdate: (() => void) | null = null;

  #issued = 0;
  #shown = 0;
  #decisionsIssued = 0;
  #decisionsShown = 0;
  /** Which current decisions the loaded decision list reflects. */
  #decisionsKey: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #failures = 0;

  constructor(
    private readonly api: Api,
    readonly projectId: string,
    readonly documentId: string,
  ) {}

  /** Starts polling; returns the function that stops it. */
  start(): () => void {
    this.#running = true;
    void this.refresh();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void this.refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      this.#running = false;
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      document.removeEventListener('visibilitychange', onVisible);
    };
  }

  /** Asks for the loci now (after an action, a 409, a 404), then goes on polling from here. */
  async refresh(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#running || document.visibilityState === 'hidden') return;
    const seq = ++this.#issued;
    try {
      const response = await this.api.getLoci(this.projectId, this.documentId);
      if (seq < this.#shown || !this.#running) return;
      this.#shown = seq;
      this.response = response;
      this.error = null;
      this.checkedAt = Date.now();
      this.#failures = 0;
      const key = response.loci.map((l) => `${l.id}:${l.decisionId ?? ''}`).join(',');
      if (key !== this.#decisionsKey) await this.loadDecisions(key);
      this.onUpdate?.();
    } catch (error) {
      if (seq < this.#shown || !this.#running) return;
      this.error = toApiError(error);
      // The blind round (403) is an answer, not an outage: keep asking at the usual pace for the reveal.
      if (this.error.status !== 403) this.#failures++;
    } finally {
      if (seq === this.#issued) this.#schedule();
    }
  }

  /** Loads every decision of the document (superseded ones too): the record and history of each locus. */
  async loadDecisions(key: string | null = null): Promise<void> {
    const seq = ++this.#decisionsIssued;
    try {
      const { decisions } = await this.api.listDecisions(this.projectId, this.documentId);
      if (seq < this.#decisionsShown) return;
      this.#decisionsShown = seq;
      this.decisions = decisions;
      this.#decisionsKey = key;
    } catch (error) {
      // The loci stay current without it; the next poll asks again (the key is left stale).
      if (seq >= this.#decisionsShown) this.error = toApiError(error);
    }
  }

  /** Shows a decision this page just made at once, before the next poll confirms it. */
  applyDecision(decision: DecisionView): void {
    const response = this.response;
    if (response) {
      this.response = {
        ...response,
        loci: response.loci.map((l) => (l.id === decision.locusId ? { ...l, status: statusAfter(decision), decisionId: decision.id } : l)),
      };
    }
    this.decisions = [...this.decisions.map((d) => (d.id === decision.supersedes ? { ...d, supersededBy: decision.id } : d)), decision];
  }

  #schedule(): void {
    if (!this.#running) return;
    if (this.#timer) clearTimeout(this.#timer);
    const delay = this.#failures === 0 ? pollMs : Math.min(maxBackoffMs, pollMs * 2 ** this.#failures);
    this.#timer = setTimeout(() => void this.refresh(), delay);
  }
}

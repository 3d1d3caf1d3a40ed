import type { DecideRequest, DecisionView, LocusView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError } from '../api-error.ts';
import type { LociFeed } from './loci-feed.svelte.ts';

/** Something the reconciler must read before going on, shown above the passage. */
export type ReconcileNotice =
  /** 409: someone else decided this locus first; `decision` is theirs (null until loaded). */
  | { readonly kind: 'conflict'; readonly locusId: string; readonly decision: DecisionView | null }
  /** 404, or the locus vanished from a poll: a coder edited a coding in it, so it is a new locus now. */
  | { readonly kind: 'changed' }
  | { readonly kind: 'error'; readonly message: string };

/** A decision waiting for the confirmation that it replaces the current one. */
export interface PendingSupersede {
  readonly feed: LociFeed;
  readonly request: DecideRequest;
  readonly current: DecisionView;
  /** "Reject every reading", "Accept Ana’s reading": what the new decision does. */
  readonly label: string;
}

export interface DecisionDeskHooks {
  /** A decision was saved; `replacing` when it corrected an earlier decision (not a deferral). */
  readonly onDecided: (decision: DecisionView, replacing: boolean) => void;
  /** A sentence for the live region. */
  readonly announce: (message: string) => void;
}

/**
 * Sending decisions (spec §3.3) and everything that can go wrong when several people reconcile at
 * once: the rationale typed per locus, one request at a time, the confirmation before replacing
 * a decision, and the server's answers — 409 (someone decided first: their decision is shown,
 * ours is never forced over it), 404 (the locus changed under us), 422 (which field), 403.
 */
export class DecisionDesk {
  busy = $state(false);
  notice = $state.raw<ReconcileNotice | null>(null);
  /** The server's 422 (or the editor's own check): which field, and its sentence. */
  fieldError = $state.raw<{ readonly field: string; readonly message: string } | null>(null);
  /** A rationale per locus, so stepping away and back keeps what was typed. */
  rationales = $state<Record<string, string>>({});
  pendingSupersede = $state.raw<PendingSupersede | null>(null);
  /** The confirmation dialog for `pendingSupersede` (closing it cancels). */
  supersedeOpen = $state(false);
  /** Bumped to ask the rationale box to take focus. */
  focusRationaleRequest = $state(0);
  /** The server refused a decision with 403 (the role changed): the view turns read-only. */
  refused = $state(false);

  constructor(
    private readonly api: Api,
    private readonly projectId: string,
    private readonly hooks: DecisionDeskHooks,
  ) {}

  rationaleFor(locusId: string): string {
    return this.rationales[locusId] ?? '';
  }

  setRationale(locusId: string, value: string): void {
    this.rationales[locusId] = value;
    if (this.fieldError?.field === 'rationale') this.fieldError = null;
  }

  /** Another locus is shown: its own errors only, and a 409 notice only while it is that locus's. */
  clearFor(locusId: string | null): void {
    this.fieldError = null;
    if (this.notice?.kind !== 'conflict' || this.notice.locusId !== locusId) this.notice = null;
  }

  /**
   * Decides `locus`: at once when it is open or deferred (a deferral is not a decision, so it is
   * replaced without asking), after a confirmation when it already has a decision.
   */
  decide(feed: LociFeed, locus: LocusView, current: DecisionView | null, request: DecideRequest, label: string): void {
    if (this.busy) {
      this.hooks.announce('Still saving the previous decision. Try again in a moment.');
      return;
    }
    if (locus.decisionId && current?.action !== 'defer') {
      // Changing a decided passage replaces its decision: asked first, never done by one stray key.
      if (current) {
        this.pendingSupersede = { feed, request, current, label };
        this.supersedeOpen = true;
      } else this.notice = { kind: 'error', message: 'This passage’s decision is still loading. Try again in a moment.' };
      return;
    }
    void this.#send(feed, locus.decisionId ? { ...request, supersedes: locus.decisionId } : request);
  }

  /** The reconciler confirmed replacing the current decision. */
  async confirmSupersede(): Promise<void> {
    const pending = this.pendingSupersede;
    this.pendingSupersede = null;
    this.supersedeOpen = false;
    if (pending) await this.#send(pending.feed, { ...pending.request, supersedes: pending.current.id });
  }

  reset(): void {
    this.notice = null;
    this.fieldError = null;
    this.pendingSupersede = null;
    this.supersedeOpen = false;
  }

  async #send(feed: LociFeed, request: DecideRequest): Promise<void> {
    if (this.busy) return;
    const rationale = this.rationaleFor(request.locusId).trim();
    this.busy = true;
    this.fieldError = null;
    this.notice = null;
    try {
      const { decision } = await this.api.decide(this.projectId, feed.documentId, rationale ? { ...request, rationale } : request);
      // Replacing a deferral is deciding for the first time; replacing a decision is a correction.
      const replacing = request.supersedes !== undefined && feed.decisionById.get(request.supersedes)?.action !== 'defer';
      feed.applyDecision(decision);
      delete this.rationales[request.locusId];
      this.hooks.onDecided(decision, replacing);
      void feed.refresh();
    } catch (raw) {
      await this.#explain(feed, request, toApiError(raw));
    } finally {
      this.busy = false;
    }
  }

  async #explain(feed: LociFeed, request: DecideRequest, error: ReturnType<typeof toApiError>): Promise<void> {
    switch (error.reason) {
      case 'alreadyDecided': {
        this.notice = { kind: 'conflict', locusId: request.locusId, decision: null };
        this.hooks.announce('Decided by someone else a moment ago. Their decision is shown; yours was not saved.');
        await feed.loadDecisions();
        const theirs = feed.decisions.filter((d) => d.locusId === request.locusId && d.supersededBy === null).at(-1) ?? null;
        if (this.notice?.kind === 'conflict' && this.notice.locusId === request.locusId) this.notice = { ...this.notice, decision: theirs };
        void feed.refresh();
        return;
      }
      case 'notFound':
        this.notice = { kind: 'changed' };
        this.hooks.announce('This passage changed while you were deciding. The queue was reloaded.');
        void feed.refresh();
        return;
      case 'validation':
        this.fieldError = { field: error.field ?? 'form', message: error.message };
        this.hooks.announce(error.message);
        if (error.field === 'rationale') this.focusRationaleRequest += 1;
        return;
      case 'forbidden':
        this.refused = true;
        this.notice = { kind: 'error', message: 'Only the project’s owners decide. Your role may have changed: the view is read-only now.' };
        return;
      default:
        this.notice = { kind: 'error', message: error.message };
    }
  }
}

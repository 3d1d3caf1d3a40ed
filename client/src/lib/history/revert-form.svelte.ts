import type { HistoryEventView } from '../../../../shared/api/index.ts';
import type { Api, RevertHistoryRequest } from '../api.ts';
import { toApiError } from '../api-error.ts';
import { describeRevertFailure } from './revert-words.ts';

/** What an owner is about to revert: one event, or everything one person did to codings after one of their events. */
export type RevertTarget =
  | { readonly kind: 'event'; readonly event: HistoryEventView }
  | { readonly kind: 'since'; readonly userId: string; readonly candidates: readonly HistoryEventView[] };

/**
 * The revert confirmation (owners): what is reverted, the reason (required: the history keeps
 * it), then the events the revert recorded, or the server's refusal in words.
 */
export class RevertForm {
  open = $state(false);
  target = $state.raw<RevertTarget | null>(null);
  /** For "everything since": the seq of the chosen event (its time is the moment). */
  sinceSeq = $state<number | null>(null);
  reason = $state('');
  busy = $state(false);
  error = $state.raw<{ readonly field: 'reason' | 'since' | null; readonly message: string } | null>(null);
  /** The events the revert recorded, once it is done. */
  result = $state.raw<readonly HistoryEventView[] | null>(null);
  readonly sinceEvent: HistoryEventView | null = $derived(this.target?.kind === 'since' ? (this.target.candidates.find((e) => e.seq === this.sinceSeq) ?? null) : null);
  #api: Api;
  #projectId: string;
  #onReverted: (events: readonly HistoryEventView[]) => void;

  constructor(api: Api, projectId: string, onReverted: (events: readonly HistoryEventView[]) => void) {
    this.#api = api;
    this.#projectId = projectId;
    this.#onReverted = onReverted;
  }

  showEvent(event: HistoryEventView): void {
    this.#show({ kind: 'event', event });
  }

  showSince(userId: string, candidates: readonly HistoryEventView[], chosen: number | null = null): void {
    this.#show({ kind: 'since', userId, candidates });
    this.sinceSeq = chosen;
  }

  #show(target: RevertTarget): void {
    this.target = target;
    this.sinceSeq = null;
    this.reason = '';
    this.error = null;
    this.result = null;
    this.busy = false;
    this.open = true;
  }

  /** The request the form would send, or the problem to fix first. */
  request(): RevertHistoryRequest | { readonly field: 'reason' | 'since'; readonly message: string } {
    const reason = this.reason.trim();
    const target = this.target;
    if (target?.kind === 'since' && !this.sinceEvent) return { field: 'since', message: 'Choose the event after which their changes are undone.' };
    if (!reason) return { field: 'reason', message: 'Say why: the history keeps the reason with the revert.' };
    if (target?.kind === 'event') return { seq: target.event.seq, reason };
    return { userId: (target as Extract<RevertTarget, { kind: 'since' }>).userId, since: this.sinceEvent!.at, reason };
  }

  async submit(): Promise<void> {
    if (this.busy || !this.target) return;
    const request = this.request();
    if ('field' in request) {
      this.error = request;
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      const { events } = await this.#api.revertHistory(this.#projectId, request);
      this.result = events;
      this.#onReverted(events);
    } catch (error) {
      const apiError = toApiError(error);
      this.error = { field: apiError.field === 'reason' ? 'reason' : null, message: describeRevertFailure(apiError, request) };
    } finally {
      this.busy = false;
    }
  }
}

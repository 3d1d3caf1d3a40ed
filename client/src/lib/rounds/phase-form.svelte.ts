import type { RoundView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import type { MissingSubmission } from './phase-request.ts';
import { nextAction, type PhaseAction, type PreMergeChoice } from './round-phases.ts';

/**
 * Moving a round on, with its confirmation (spec §3.2): what will happen, in words; for the
 * reveal, who has not submitted if the server refuses, and "reveal anyway"; for reconciliation,
 * the pre-merge. `step` is what the dialog shows.
 */
export class PhaseForm {
  open = $state(false);
  round = $state.raw<RoundView | null>(null);
  step = $state<'confirm' | 'missing' | 'done'>('confirm');
  missing = $state.raw<readonly MissingSubmission[]>([]);
  preMerge = $state<PreMergeChoice>('completeAgreement');
  busy = $state(false);
  error = $state.raw<ApiError | null>(null);
  readonly action: PhaseAction | null = $derived(this.round ? nextAction(this.round) : null);

  constructor(
    private readonly api: Api,
    private readonly projectId: string,
    private readonly onMoved: (round: RoundView) => void,
  ) {}

  show(round: RoundView): void {
    this.round = round;
    this.step = 'confirm';
    this.missing = [];
    this.preMerge = 'completeAgreement';
    this.error = null;
    this.open = true;
  }

  /** Asks the server to move on; `force` reveals although coders have not submitted. */
  async confirm(force = false): Promise<void> {
    const round = this.round;
    const action = this.action;
    if (!round || !action || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const change = await this.api.advanceRound(this.projectId, round.id, {
        phase: action.to,
        ...(force && { force: true }),
        ...(action.to === 'reconcile' && this.preMerge !== 'none' && { preMerge: { kind: this.preMerge } }),
      });
      if (change.kind === 'missingSubmissions') {
        this.missing = change.missing;
        this.step = 'missing';
        return;
      }
      this.onMoved(change.round);
      // Opening reconciliation ends on a link to the Reconcile view; the other moves simply close.
      if (action.to === 'reconcile') {
        this.round = change.round;
        this.step = 'done';
      } else {
        this.open = false;
      }
    } catch (error) {
      this.error = toApiError(error);
    } finally {
      this.busy = false;
    }
  }
}

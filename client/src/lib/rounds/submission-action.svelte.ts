import type { RoundView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';

/** A submission action waiting for its confirmation: submitting one's own document, or re-opening someone's. */
export interface PendingSubmissionAction {
  readonly kind: 'submit' | 'reopen';
  readonly round: RoundView;
  readonly documentId: string;
  readonly userId: string;
}

/**
 * Submitting and re-opening from the rounds page's grid, each confirmed first (ConfirmDialog runs
 * `run` and shows its error). `onDone` reloads the rounds.
 */
export class SubmissionAction {
  open = $state(false);
  pending = $state.raw<PendingSubmissionAction | null>(null);

  constructor(
    private readonly api: Api,
    private readonly projectId: string,
    private readonly onDone: () => Promise<void>,
  ) {}

  ask(action: PendingSubmissionAction): void {
    this.pending = action;
    this.open = true;
  }

  async run(self: string | null): Promise<void> {
    const action = this.pending;
    if (!action) return;
    if (action.kind === 'submit') await this.api.submitRoundDocument(this.projectId, action.round.id, action.documentId);
    else await this.api.reopenRoundDocument(this.projectId, action.round.id, action.documentId, action.userId === self ? undefined : action.userId);
    await this.onDone();
  }
}

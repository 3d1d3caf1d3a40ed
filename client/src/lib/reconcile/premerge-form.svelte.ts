import type { PreMergeResponse } from '../../../../shared/api/index.ts';
import type { PreMergeStrategy } from '../../../../shared/reconcile/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';

export type PreMergeKind = PreMergeStrategy['kind'];

/** What each strategy does, in the dialog's words (spec §3.3). */
export const preMergeDescriptions: Readonly<Record<PreMergeKind, { readonly label: string; readonly hint: string }>> = {
  completeAgreement: { label: 'Complete agreement', hint: 'Only passages where every coder used the same code with nearly the same range.' },
  incompleteAgreement: { label: 'Incomplete agreement', hint: 'Also passages where everyone who coded agrees, even if others coded nothing there.' },
  threshold: { label: 'Threshold', hint: 'The code most coders used, when enough coders used it and their ranges agree.' },
};

/**
 * The owner's pre-merge (spec §3.3): choose a strategy, run it on the shown document, and show what
 * was merged and why the rest stayed open. Decided passages are never touched (SPEC RC8).
 */
export class PreMergeForm {
  open = $state(false);
  kind = $state<PreMergeKind>('completeAgreement');
  userThreshold = $state(2);
  /** Percent in the form; a share (0, 1] on the wire. */
  confidencePercent = $state(75);
  denominator = $state<'annotated' | 'assigned'>('annotated');
  busy = $state(false);
  error = $state.raw<ApiError | null>(null);
  result = $state.raw<PreMergeResponse | null>(null);

  readonly strategy: PreMergeStrategy = $derived(
    this.kind === 'threshold' ? { kind: 'threshold', userThreshold: this.userThreshold, confidence: this.confidencePercent / 100, denominator: this.denominator } : { kind: this.kind },
  );

  constructor(
    private readonly api: Api,
    private readonly projectId: string,
    /** The document shown when the owner runs it, and what to refresh afterwards. */
    private readonly target: () => { documentId: string; refresh: () => Promise<void> } | null,
  ) {}

  show(): void {
    this.result = null;
    this.error = null;
    this.open = true;
  }

  async run(): Promise<void> {
    const target = this.target();
    if (!target || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      this.result = await this.api.preMerge(this.projectId, target.documentId, this.strategy);
      await target.refresh();
    } catch (error) {
      this.error = toApiError(error);
    } finally {
      this.busy = false;
    }
  }
}

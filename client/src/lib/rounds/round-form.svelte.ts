import { SvelteSet } from 'svelte/reactivity';
import type { RoundView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { ApiError } from '../api-error.ts';
import { FormState } from '../form-state.svelte.ts';

/**
 * The owner's round form, for a new round or an existing one: its name, its documents (only while
 * in setup) and whether coders may edit after the reveal. Documents held by another round that is
 * not locked are offered disabled, with that round's name (the server refuses them too, 409).
 */
export class RoundForm {
  open = $state(false);
  /** The round being edited; null for a new one. */
  round = $state.raw<RoundView | null>(null);
  name = $state('');
  readonly documentIds = new SvelteSet<string>();
  allowPostHocEdits = $state(false);
  readonly form = new FormState('round');
  readonly documentsEditable: boolean = $derived(this.round === null || this.round.phase === 'setup');

  constructor(
    private readonly api: Api,
    private readonly projectId: string,
    /** Called with the created or changed round. */
    private readonly onSaved: (round: RoundView, created: boolean) => void,
  ) {}

  create(): void {
    this.#show(null);
  }

  edit(round: RoundView): void {
    this.#show(round);
  }

  toggle(documentId: string, on: boolean): void {
    if (on) this.documentIds.add(documentId);
    else this.documentIds.delete(documentId);
  }

  async submit(): Promise<void> {
    const name = this.name.trim();
    if (!name) return this.form.fail(ApiError.invalid('name', 'Give the round a name, such as “Pilot” or “Round 2”.'));
    if (this.documentsEditable && this.documentIds.size === 0) return this.form.fail(ApiError.invalid('documentIds', 'Choose at least one document for the round.'));
    const round = this.round;
    const saved = await this.form.submit(() => {
      if (!round) return this.api.createRound(this.projectId, { name, documentIds: [...this.documentIds], allowPostHocEdits: this.allowPostHocEdits });
      return this.api.updateRound(this.projectId, round.id, {
        name,
        allowPostHocEdits: this.allowPostHocEdits,
        ...(round.phase === 'setup' && { documentIds: [...this.documentIds] }),
      });
    });
    if (!saved) return;
    this.open = false;
    this.onSaved(saved, round === null);
  }

  #show(round: RoundView | null): void {
    this.round = round;
    this.name = round?.name ?? '';
    this.documentIds.clear();
    for (const id of round?.documentIds ?? []) this.documentIds.add(id);
    this.allowPostHocEdits = round?.allowPostHocEdits ?? false;
    this.form.reset();
    this.open = true;
  }
}

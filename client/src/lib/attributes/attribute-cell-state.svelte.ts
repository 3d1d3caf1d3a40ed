import type { DocumentView } from '../../../../shared/api/index.ts';
import type { AttributeField } from '../../../../shared/model/attributes.ts';
import { toApiError } from '../api-error.ts';
import { attributeDraft } from './attribute-format.ts';
import type { AttributesState } from './attributes-state.svelte.ts';

/**
 * One editable cell of the documents table: shows the value, edits a draft, saves on Enter or blur,
 * cancels on Escape. On a refusal the stored value stays shown and the message sits beside it.
 */
export class AttributeCellState {
  editing = $state(false);
  draft = $state('');
  saving = $state(false);
  error = $state<string | null>(null);

  constructor(
    private readonly attributes: AttributesState,
    private readonly getDocument: () => DocumentView,
    private readonly getField: () => AttributeField,
  ) {}

  start(): void {
    this.draft = attributeDraft(this.getDocument().attributes[this.getField().key]);
    this.error = null;
    this.editing = true;
  }

  cancel(): void {
    this.editing = false;
  }

  /** A number input whose text is not a number reads as empty: refuse it instead of clearing the value. */
  refuse(message: string): void {
    if (!this.editing) return;
    this.error = message;
    this.editing = false;
  }

  async commit(): Promise<void> {
    // Enter then blur both commit; only the first one counts.
    if (!this.editing || this.saving) return;
    this.saving = true;
    try {
      await this.attributes.saveValue(this.getDocument(), this.getField(), this.draft);
      this.error = null;
    } catch (error) {
      this.error = toApiError(error).message;
    } finally {
      this.saving = false;
      this.editing = false;
    }
  }
}

import type { DocumentView } from '../../../shared/api/index.ts';
import type { Api } from './api.ts';
import { ApiError } from './api-error.ts';
import type { ProjectState } from './project-state.svelte.ts';

/**
 * Deleting documents from the project home (owners): which document is being confirmed, the
 * deletion itself, and a sentence saying what happened for the live region.
 */
export class DocumentDeletion {
  /** The document the confirmation is about; kept after it closes so the dialog's text stays put while it fades. */
  pending = $state.raw<DocumentView | null>(null);
  confirming = $state(false);
  /** Announced after a deletion, e.g. "Deleted “P01” and every coding of it." */
  done = $state('');

  constructor(
    private readonly api: Api,
    private readonly project: ProjectState,
  ) {}

  ask(document: DocumentView): void {
    this.pending = document;
    this.done = '';
    this.confirming = true;
  }

  /** Deletes the pending document, then reloads the project so the table and counts match the server. */
  async confirm(): Promise<void> {
    const document = this.pending;
    if (!document) return;
    try {
      await this.api.deleteDocument(this.project.id, document.id);
    } catch (error) {
      // Someone else deleted it meanwhile: the outcome is the one asked for.
      if (!(error instanceof ApiError && error.reason === 'notFound')) throw error;
    }
    await this.project.load();
    this.done = `Deleted “${document.name}” and every coding of it.`;
  }
}

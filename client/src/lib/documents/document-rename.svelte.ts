import type { DocumentView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError } from '../api-error.ts';
import type { ProjectState } from '../project-state.svelte.ts';
import { nameProblem } from './document-name.ts';
import { renameDocument } from './document-requests.ts';

/**
 * Renaming a document in place in the documents table (owners): one name edited at a time; Enter
 * saves, Escape cancels. A name taken by another document (whatever its case) is refused before
 * it is sent; the server checks again (409).
 */
export class DocumentRename {
  editingId = $state<string | null>(null);
  draft = $state('');
  error = $state<string | null>(null);
  saving = $state(false);

  readonly #api: Api;
  readonly #project: ProjectState;
  readonly #announce: (text: string) => void;

  constructor(api: Api, project: ProjectState, announce: (text: string) => void) {
    this.#api = api;
    this.#project = project;
    this.#announce = announce;
  }

  start(document: DocumentView): void {
    this.editingId = document.id;
    this.draft = document.name;
    this.error = null;
  }

  cancel(): void {
    this.editingId = null;
    this.error = null;
  }

  /** Saves the draft; true when the editor may close (saved, or nothing changed). */
  async commit(): Promise<boolean> {
    const id = this.editingId;
    const document = (this.#project.documents ?? []).find((d) => d.id === id);
    if (!document || this.saving) return false;
    const name = this.draft.trim();
    if (name === document.name) {
      this.cancel();
      return true;
    }
    const others = (this.#project.documents ?? []).filter((d) => d.id !== document.id).map((d) => d.name);
    this.error = nameProblem(name, others);
    if (this.error) return false;
    this.saving = true;
    try {
      const updated = await renameDocument(this.#api, this.#project.id, document.id, name);
      this.#project.documents = (this.#project.documents ?? []).map((d) => (d.id === updated.id ? updated : d));
      this.#announce(`Renamed “${document.name}” to “${updated.name}”.`);
      this.cancel();
      return true;
    } catch (error) {
      this.error = toApiError(error).message;
      return false;
    } finally {
      this.saving = false;
    }
  }
}

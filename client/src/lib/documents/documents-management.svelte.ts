import type { Api } from '../api.ts';
import type { ProjectState } from '../project-state.svelte.ts';
import type { Router } from '../router.svelte.ts';
import { DocumentFilterState } from './document-filter-state.svelte.ts';
import { DocumentRename } from './document-rename.svelte.ts';
import { DocumentSelection } from './document-selection.svelte.ts';
import { DocumentSets } from './document-sets.svelte.ts';

/**
 * Managing a project's documents on its home page: the filter bar (attributes and sets, kept in
 * the address), the owners' selection of documents, their sets and renaming in place. One per page,
 * shared with the table through `documentsContext`.
 */
export class DocumentsManagement {
  readonly sets: DocumentSets;
  readonly filter: DocumentFilterState;
  readonly selection = new DocumentSelection();
  readonly rename: DocumentRename;
  /** Read out after a change to sets or the selection's documents. */
  announcement = $state('');

  readonly #project: ProjectState;

  constructor(api: Api, project: ProjectState, router: Router) {
    this.#project = project;
    this.sets = new DocumentSets(api, project);
    this.filter = new DocumentFilterState(router, project, this.sets);
    this.rename = new DocumentRename(api, project, (text) => (this.announcement = text));
  }

  get isOwner(): boolean {
    return this.#project.isOwner;
  }
}

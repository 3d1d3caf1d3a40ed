import type { DocumentSetView, SetMembershipMode } from '../../../../shared/api/index.ts';
import { maxDocumentSetNameLength } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { ApiError, toApiError } from '../api-error.ts';
import type { ProjectState } from '../project-state.svelte.ts';
import { nameProblem } from './document-name.ts';
import { changeSetDocuments, createDocumentSet, deleteDocumentSet, fetchDocumentSets, renameDocumentSet } from './document-requests.ts';

/**
 * A project's sets of documents on its home page: loaded when the page opens, changed by owners
 * (each change takes the set as the server returns it). A name is checked before it is sent, as
 * the server will check it.
 */
export class DocumentSets {
  sets = $state.raw<readonly DocumentSetView[] | null>(null);
  loadError = $state.raw<ApiError | null>(null);

  readonly #api: Api;
  readonly #project: ProjectState;

  constructor(api: Api, project: ProjectState) {
    this.#api = api;
    this.#project = project;
  }

  /** Each set's documents, or null while loading (the filter then waits for them). */
  readonly members: ReadonlyMap<string, ReadonlySet<string>> | null = $derived.by(() => (this.sets ? new Map(this.sets.map((s) => [s.id, new Set(s.documentIds)])) : null));

  find(setId: string | null): DocumentSetView | null {
    return this.sets?.find((s) => s.id === setId) ?? null;
  }

  /** How many of the project's current documents a set holds (a document deleted meanwhile is not counted). */
  sizeOf(set: DocumentSetView): number {
    const present = new Set((this.#project.documents ?? []).map((d) => d.id));
    return set.documentIds.filter((id) => present.has(id)).length;
  }

  /** The names of the sets a document is in, by name. */
  namesOf(documentId: string): string[] {
    return (this.sets ?? []).filter((s) => s.documentIds.includes(documentId)).map((s) => s.name);
  }

  async load(): Promise<void> {
    try {
      this.sets = (await fetchDocumentSets(this.#api, this.#project.id)).sets;
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  async create(name: string, documentIds: readonly string[]): Promise<DocumentSetView> {
    this.#check(name, null);
    const set = await createDocumentSet(this.#api, this.#project.id, { name: name.trim(), documentIds });
    this.#put(set);
    return set;
  }

  async rename(setId: string, name: string): Promise<DocumentSetView> {
    this.#check(name, setId);
    const set = await renameDocumentSet(this.#api, this.#project.id, setId, name.trim());
    this.#put(set);
    return set;
  }

  async remove(setId: string): Promise<void> {
    await deleteDocumentSet(this.#api, this.#project.id, setId);
    this.sets = (this.sets ?? []).filter((s) => s.id !== setId);
  }

  async change(setId: string, documentIds: readonly string[], mode: SetMembershipMode): Promise<{ added: number; removed: number }> {
    const result = await changeSetDocuments(this.#api, this.#project.id, setId, { documentIds, mode });
    this.#put(result.set);
    return { added: result.added, removed: result.removed };
  }

  #check(name: string, setId: string | null): void {
    const others = (this.sets ?? []).filter((s) => s.id !== setId).map((s) => s.name);
    const problem = nameProblem(name, others, maxDocumentSetNameLength);
    if (problem) throw ApiError.invalid('name', problem);
  }

  /** Adds or replaces a set, keeping the list in the server's order (by name). */
  #put(set: DocumentSetView): void {
    const rest = (this.sets ?? []).filter((s) => s.id !== set.id);
    this.sets = [...rest, set].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) || (a.id < b.id ? -1 : 1));
  }
}

import type { DocumentView } from '../../../../shared/api/index.ts';
import type { AttributeField } from '../../../../shared/model/attributes.ts';
import type { ProjectState } from '../project-state.svelte.ts';
import type { Router } from '../router.svelte.ts';
import { filterDocuments, isFiltering, readDocumentFilter, writeDocumentFilter, type DocumentFilter } from './document-filter.ts';
import type { DocumentSets } from './document-sets.svelte.ts';

/**
 * The documents table's filter bar: the filter lives in the address (`document-filter.ts`), so
 * this only reads it from the router and writes changes back (the same history entry: filtering
 * is not navigating). An attribute just added, with no value ticked yet, is kept here until it has one.
 */
export class DocumentFilterState {
  /** An attribute whose values are being chosen but none is ticked yet. */
  added = $state<string | null>(null);

  readonly #router: Router;
  readonly #project: ProjectState;
  readonly #sets: DocumentSets;

  constructor(router: Router, project: ProjectState, sets: DocumentSets) {
    this.#router = router;
    this.#project = project;
    this.#sets = sets;
  }

  readonly filter: DocumentFilter = $derived.by(() => readDocumentFilter(this.#router.search));
  readonly fields: readonly AttributeField[] = $derived.by(() => this.#project.project?.attributeFields ?? []);
  readonly active: boolean = $derived(isFiltering(this.filter));

  /** The attributes with a filter shown: those in the address the project has, then the one just added. */
  get shownFields(): AttributeField[] {
    const keys = new Set(this.filter.attributes.keys());
    if (this.added) keys.add(this.added);
    return [...keys].flatMap((key) => this.fields.filter((f) => f.key === key));
  }

  /** Attributes one can still add a filter for. */
  get otherFields(): AttributeField[] {
    const shown = new Set(this.shownFields.map((f) => f.key));
    return this.fields.filter((f) => !shown.has(f.key));
  }

  /** The set in the address no longer exists (deleted since the link was made). */
  get missingSet(): boolean {
    return this.filter.setId !== null && this.#sets.sets !== null && this.#sets.find(this.filter.setId) === null;
  }

  apply(documents: readonly DocumentView[]): DocumentView[] {
    return filterDocuments(documents, this.filter, { fields: this.fields, sets: this.#sets.members });
  }

  valuesOf(key: string): readonly string[] {
    return this.filter.attributes.get(key) ?? [];
  }

  chooseSet(setId: string | null): void {
    this.#write({ ...this.filter, setId });
  }

  addField(key: string): void {
    this.added = key;
  }

  toggleValue(key: string, value: string, on: boolean): void {
    const current = this.valuesOf(key);
    const values = on ? [...current.filter((v) => v !== value), value] : current.filter((v) => v !== value);
    const attributes = new Map(this.filter.attributes);
    if (values.length > 0) attributes.set(key, values);
    else attributes.delete(key);
    // Unticking the last value keeps the attribute's filter open, to tick another.
    this.added = values.length === 0 ? key : this.added === key ? null : this.added;
    this.#write({ ...this.filter, attributes });
  }

  removeField(key: string): void {
    if (this.added === key) this.added = null;
    const attributes = new Map(this.filter.attributes);
    attributes.delete(key);
    this.#write({ ...this.filter, attributes });
  }

  clear(): void {
    this.added = null;
    this.#write({ setId: null, attributes: new Map() });
  }

  #write(filter: DocumentFilter): void {
    const search = writeDocumentFilter(filter, this.#router.search).toString();
    this.#router.showInAddress(`${this.#router.path}${search ? `?${search}` : ''}`);
  }
}

import { AttributeError, validateAttributeFields, validateAttributeValues, type AttributeField } from '../../../../shared/model/attributes.ts';
import type { DocumentView } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { ApiError, toApiError } from '../api-error.ts';
import type { ProjectState } from '../project-state.svelte.ts';
import type { AttributeImportResult } from './attribute-import-request.ts';

/**
 * The participant attributes of one project: its fields (owners edit the whole list) and each
 * document's values. Values are checked with the shared validator before they are sent, so a
 * mistake shows at once; the server checks again and its 422 message is shown the same way.
 */
export class AttributesState {
  /** The last CSV import's result, or null before any import. */
  lastImport = $state.raw<AttributeImportResult | null>(null);
  readonly #api: Api;
  readonly #project: ProjectState;

  constructor(api: Api, project: ProjectState) {
    this.#api = api;
    this.#project = project;
  }

  get fields(): readonly AttributeField[] {
    return this.#project.project?.attributeFields ?? [];
  }

  /**
   * Saves one document's value for one field; `raw` is what the person typed or chose. Resolves when
   * stored (the table shows the new value); throws an `ApiError` with the message to show otherwise.
   */
  async saveValue(document: DocumentView, field: AttributeField, raw: string): Promise<void> {
    const attributes = this.#checked(() => validateAttributeValues(this.fields, { [field.key]: raw }));
    if ((document.attributes[field.key] ?? null) === (attributes[field.key] ?? null)) return;
    const updated = await this.#api.updateDocumentAttributes(this.#project.id, document.id, attributes);
    this.#project.documents = (this.#project.documents ?? []).map((d) => (d.id === updated.id ? updated : d));
  }

  /** Adds a field, or replaces the one with the same key (`previousKey` when editing). */
  saveField(field: AttributeField, previousKey?: string): Promise<void> {
    const replaced = previousKey ?? null;
    const exists = replaced !== null && this.fields.some((f) => f.key === replaced);
    const next = exists ? this.fields.map((f) => (f.key === replaced ? field : f)) : [...this.fields, field];
    return this.#putFields(next);
  }

  removeField(key: string): Promise<void> {
    return this.#putFields(this.fields.filter((f) => f.key !== key));
  }

  /** Imports a CSV attribute table, then reloads the documents to show their new values. */
  async importTable(csv: string): Promise<AttributeImportResult> {
    this.lastImport = null;
    const result = await this.#api.importAttributes(this.#project.id, csv);
    this.#setFields(result.fields);
    this.#project.documents = await this.#api.listDocuments(this.#project.id);
    this.lastImport = result;
    return result;
  }

  async #putFields(fields: readonly AttributeField[]): Promise<void> {
    const checked = this.#checked(() => validateAttributeFields(fields));
    const response = await this.#api.setAttributeFields(this.#project.id, checked);
    this.#setFields(response.fields);
  }

  #setFields(fields: readonly AttributeField[]): void {
    const project = this.#project.project;
    if (project) this.#project.project = { ...project, attributeFields: fields };
  }

  /** The shared validator's errors become the same `ApiError` a server 422 would give. */
  #checked<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof AttributeError) throw ApiError.invalid('attributes', error.message);
      throw toApiError(error);
    }
  }
}


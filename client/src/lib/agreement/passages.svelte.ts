import { formatAgreementQuery, type AgreementPassages, type AgreementQuery } from '../../../../shared/agreement-export/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';

/** What was clicked: a code, a code in one document, or a coder pair, within the dashboard's selection. */
export type PassageTarget = {
  readonly title: string;
  readonly codes: readonly string[] | null;
  readonly documents: readonly string[] | null;
  readonly coders: readonly string[] | null;
};

/** The disagreeing passages behind a clicked value, loaded on demand. */
export class PassagesView {
  target = $state.raw<PassageTarget | null>(null);
  result = $state.raw<AgreementPassages | null>(null);
  error = $state.raw<ApiError | null>(null);
  loading = $state(false);
  #request = 0;

  constructor(
    private readonly api: Api,
    private readonly projectId: string,
  ) {}

  async open(target: PassageTarget, base: AgreementQuery): Promise<void> {
    const request = ++this.#request;
    this.target = target;
    this.result = null;
    this.error = null;
    this.loading = true;
    const query: AgreementQuery = { ...base, measures: null, bootstrap: null, codes: target.codes, documents: target.documents ?? base.documents, coders: target.coders ?? base.coders };
    try {
      const result = await this.api.getAgreementPassages(this.projectId, `${formatAgreementQuery(query)}&limit=200`);
      if (request === this.#request) this.result = result;
    } catch (error) {
      if (request === this.#request) this.error = toApiError(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  close(): void {
    this.#request++;
    this.target = null;
  }
}

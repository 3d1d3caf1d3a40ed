import type { Api } from '../api.ts';
import { ApiError, toApiError } from '../api-error.ts';
import { checkFile } from './check-file.ts';
import { ImportItem, ImportStatus } from './import-item.svelte.ts';

/** Files sent at once: enough to keep the connection busy, few enough that each shows progress. */
const concurrentUploads = 3;

/** Failures of the connection or the server, as opposed to a file Accord cannot read. */
const retryableReasons = new Set<string>(['network', 'internal', 'rateLimited']);

export interface ImportQueueOptions {
  readonly api: Api;
  readonly projectId: string;
  /** Called after files were imported, to refresh the documents; never runs twice at once. */
  readonly onImported: () => Promise<void>;
}

/**
 * The files a researcher chose or dropped, each sent in its own request so each has its own
 * progress and result. Failed files stay listed until removed; a summary is announced when the
 * queue falls idle.
 */
export class ImportQueue {
  items = $state.raw<readonly ImportItem[]>([]);
  /** The latest summary, for a polite live region. */
  announcement = $state('');
  readonly pending: number = $derived(this.items.filter((item) => !item.settled).length);
  readonly imported: number = $derived(this.items.filter((item) => item.status === ImportStatus.imported).length);
  readonly failed: number = $derived(this.items.filter((item) => item.status === ImportStatus.failed).length);
  readonly #options: ImportQueueOptions;
  /** The items added since the queue was last idle: the summary reports on these. */
  #batch: ImportItem[] = [];
  #active = 0;
  #refreshing: Promise<void> | null = null;
  #refreshAgain = false;

  constructor(options: ImportQueueOptions) {
    this.#options = options;
  }

  add(files: Iterable<File>): void {
    const added = [...files].map((file) => new ImportItem(file));
    if (added.length === 0) return;
    for (const item of added) {
      const refused = checkFile(item.file);
      if (refused) item.fail(refused);
    }
    this.items = [...this.items, ...added];
    this.#batch.push(...added);
    const sending = added.filter((item) => !item.settled).length;
    this.announcement = sending > 0 ? `Importing ${sending === 1 ? '1 file' : `${sending} files`}…` : '';
    this.#pump();
  }

  remove(item: ImportItem): void {
    if (!item.settled) return;
    this.items = this.items.filter((other) => other !== item);
  }

  retry(item: ImportItem): void {
    if (item.status !== ImportStatus.failed || !item.retryable) return;
    item.status = ImportStatus.waiting;
    item.error = null;
    this.#batch.push(item);
    this.#pump();
  }

  /** Clears the imported files from the list; failed ones stay until removed one by one. */
  clearImported(): void {
    this.items = this.items.filter((item) => item.status !== ImportStatus.imported);
  }

  #pump(): void {
    while (this.#active < concurrentUploads) {
      const next = this.items.find((item) => item.status === ImportStatus.waiting);
      if (!next) break;
      this.#active += 1;
      void this.#send(next).finally(() => {
        this.#active -= 1;
        this.#pump();
      });
    }
    if (this.#active === 0) this.#finishBatch();
  }

  async #send(item: ImportItem): Promise<void> {
    item.start();
    try {
      const result = await this.#options.api.importDocument(this.#options.projectId, item.file, (fraction) => item.advance(fraction));
      const [document] = result.documents;
      const [error] = result.errors;
      if (document) {
        item.succeed(document);
        void this.#refresh();
      } else {
        item.fail(error?.message ?? 'The server did not say why this file was not imported. Try again.', !error);
      }
    } catch (error) {
      const apiError: ApiError = toApiError(error);
      item.fail(apiError.message, retryableReasons.has(apiError.reason));
    }
  }

  #finishBatch(): void {
    const batch = this.#batch;
    if (batch.length === 0) return;
    this.#batch = [];
    const imported = batch.filter((item) => item.status === ImportStatus.imported).length;
    const failed = batch.filter((item) => item.status === ImportStatus.failed);
    const total = batch.length;
    const summary = failed.length === 0 ? `Imported ${total === 1 ? 'the file' : `all ${total} files`}.` : `Imported ${imported} of ${total} ${total === 1 ? 'file' : 'files'}.`;
    this.announcement = [summary, ...failed.map((item) => item.outcome)].join(' ');
  }

  /** Coalesces refreshes: one at a time, and one more if files arrived meanwhile. */
  async #refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return;
    }
    this.#refreshing = this.#options.onImported();
    try {
      await this.#refreshing;
    } finally {
      this.#refreshing = null;
    }
    if (this.#refreshAgain) {
      this.#refreshAgain = false;
      await this.#refresh();
    }
  }
}

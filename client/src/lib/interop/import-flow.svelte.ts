import { toApiError } from '../api-error.ts';
import { checkImportFiles, type ImportFileKind } from './import-file.ts';
import { answered, chooseStep, failed, isReading, progressed, startSending, type ImportPurpose, type ImportStep } from './import-steps.ts';

/** Sends the file once: for a preview (nothing changes) or for the import itself. */
export type SendImport<R> = (file: File, options: { readonly purpose: ImportPurpose; readonly onProgress: (sent: number, total: number) => void; readonly signal: AbortSignal }) => Promise<R>;

export interface ImportFlowOptions<R> {
  readonly accepts: ImportFileKind;
  /** Ask for a preview first, and import only on `confirm()`. */
  readonly previewFirst: boolean;
  readonly send: SendImport<R>;
  /** Called once an import (not a preview) has succeeded: to refresh what the page shows. */
  readonly onImported?: (response: R) => void;
}

/**
 * One import, from choosing a file to its report: refused files are said at once, the file is
 * sent with its progress, a preview waits for "Import", and a failure says why and offers another
 * file. One flow at a time: choosing again or cancelling abandons the send under way.
 */
export class ImportFlow<R> {
  step = $state.raw<ImportStep<File, R>>(chooseStep);
  readonly busy: boolean = $derived(this.step.kind === 'sending');
  readonly reading: boolean = $derived(isReading(this.step));
  readonly #options: ImportFlowOptions<R>;
  #run = 0;
  #abort: AbortController | null = null;

  constructor(options: ImportFlowOptions<R>) {
    this.#options = options;
  }

  get accepts(): ImportFileKind {
    return this.#options.accepts;
  }

  /** What was picked or dropped: refused here when it cannot be one importable file, else sent. */
  choose(files: readonly File[]): void {
    const [file] = files;
    if (this.busy || !file) return;
    const refused = checkImportFiles(files, this.#options.accepts);
    if (refused) {
      this.step = { kind: 'choose', refused };
      return;
    }
    void this.#send(file, this.#options.previewFirst ? 'preview' : 'import');
  }

  /** "Import" after the preview: the same file, for real. */
  confirm(): void {
    if (this.step.kind !== 'planned') return;
    void this.#send(this.step.file, 'import');
  }

  /** "Try again" after a failure of the connection or the server. */
  retry(): void {
    if (this.step.kind !== 'failed') return;
    void this.#send(this.step.file, this.step.purpose);
  }

  /** "Cancel", "Choose another file", "Done": back to choosing; a send under way is abandoned. */
  reset(): void {
    this.#abort?.abort();
    this.#abort = null;
    this.#run += 1;
    this.step = chooseStep;
  }

  async #send(file: File, purpose: ImportPurpose): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const run = ++this.#run;
    this.step = startSending(run, file, purpose);
    try {
      const response = await this.#options.send(file, { purpose, signal: abort.signal, onProgress: (sent, total) => (this.step = progressed(this.step, run, sent, total)) });
      this.step = answered(this.step, run, response);
      if (purpose === 'import' && this.step.kind === 'done' && this.step.run === run) this.#options.onImported?.(response);
    } catch (error) {
      this.step = failed(this.step, run, toApiError(error));
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }
}

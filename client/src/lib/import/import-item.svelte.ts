import type { DocumentView } from '../../../../shared/api/index.ts';

/** Where one file is on its way into the project. */
export const ImportStatus = {
  /** Queued behind other files. */
  waiting: 'waiting',
  /** Bytes on their way; `progress` says how far. */
  uploading: 'uploading',
  /** All bytes sent; the server is reading the transcript. */
  reading: 'reading',
  imported: 'imported',
  failed: 'failed',
} as const;
export type ImportStatus = (typeof ImportStatus)[keyof typeof ImportStatus];

let nextItemId = 0;

/** One file in the import list: its progress, then the document it became or why it did not. */
export class ImportItem {
  readonly id = ++nextItemId;
  status = $state<ImportStatus>(ImportStatus.waiting);
  /** Fraction of the bytes sent, 0…1. */
  progress = $state(0);
  document = $state.raw<DocumentView | null>(null);
  /** What went wrong, without the file name (the row shows it already). */
  error = $state<string | null>(null);
  /** A failure of the connection or server rather than of the file: trying again may work. */
  retryable = $state(false);
  readonly settled: boolean = $derived(this.status === ImportStatus.imported || this.status === ImportStatus.failed);

  constructor(readonly file: File) {}

  get name(): string {
    return this.file.name;
  }

  start(): void {
    this.status = ImportStatus.uploading;
    this.progress = 0;
    this.error = null;
    this.retryable = false;
  }

  advance(fraction: number): void {
    this.progress = Math.min(1, Math.max(this.progress, fraction));
    if (this.progress >= 1 && this.status === ImportStatus.uploading) this.status = ImportStatus.reading;
  }

  succeed(document: DocumentView): void {
    this.document = document;
    this.progress = 1;
    this.status = ImportStatus.imported;
  }

  fail(message: string, retryable = false): void {
    this.error = withoutFileName(message, this.file.name);
    this.retryable = retryable;
    this.status = ImportStatus.failed;
  }

  /** One sentence for screen readers: the file and its outcome. */
  get outcome(): string {
    if (this.status === ImportStatus.imported) return `${this.name} imported as “${this.document?.name}”.`;
    if (this.status === ImportStatus.failed) return `${this.name} was not imported: ${this.error}`;
    return '';
  }
}

/** The server's messages start with "name.txt: "; the row already shows the name. */
function withoutFileName(message: string, fileName: string): string {
  const detail = message.startsWith(`${fileName}: `) ? message.slice(fileName.length + 2) : message;
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}

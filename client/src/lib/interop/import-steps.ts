import type { ApiError } from '../api-error.ts';

/** The file of an import, as far as the steps are concerned: a `File` in the browser. */
export interface ImportFile {
  readonly name: string;
  readonly size: number;
}

/** Why a file is on its way: to see what it would do (preview), or to do it. */
export type ImportPurpose = 'preview' | 'import';

/**
 * Where an import is. Each send has a `run` number: an answer, progress or failure of an earlier
 * run (one cancelled, or superseded by another file) finds a different run and changes nothing.
 */
export type ImportStep<F extends ImportFile, R> =
  /** Waiting for a file; `refused` says why the last one was not sent. */
  | { readonly kind: 'choose'; readonly refused: string | null }
  /** Bytes on their way (`sent` of `total`), then, when all are sent, the server reading the file. */
  | { readonly kind: 'sending'; readonly run: number; readonly file: F; readonly purpose: ImportPurpose; readonly sent: number; readonly total: number }
  /** The preview's answer: what the import would do, waiting for "Import" or "Cancel". */
  | { readonly kind: 'planned'; readonly run: number; readonly file: F; readonly response: R }
  | { readonly kind: 'done'; readonly run: number; readonly file: F; readonly response: R }
  | { readonly kind: 'failed'; readonly run: number; readonly file: F; readonly purpose: ImportPurpose; readonly error: ApiError };

export const chooseStep = { kind: 'choose', refused: null } as const;

export function startSending<F extends ImportFile, R>(run: number, file: F, purpose: ImportPurpose): ImportStep<F, R> {
  return { kind: 'sending', run, file, purpose, sent: 0, total: file.size };
}

/** All bytes sent: the server is reading the file (and, for an import, writing the project). */
export function isReading(step: ImportStep<ImportFile, unknown>): boolean {
  return step.kind === 'sending' && step.total > 0 && step.sent >= step.total;
}

export function progressed<F extends ImportFile, R>(step: ImportStep<F, R>, run: number, sent: number, total: number): ImportStep<F, R> {
  if (step.kind !== 'sending' || step.run !== run || total <= 0) return step;
  // Never backwards: progress events may arrive out of step with each other.
  return { ...step, sent: Math.min(total, Math.max(step.sent, sent)), total };
}

/** The server's answer: a preview waits for confirmation; an import is done. */
export function answered<F extends ImportFile, R>(step: ImportStep<F, R>, run: number, response: R): ImportStep<F, R> {
  if (step.kind !== 'sending' || step.run !== run) return step;
  return step.purpose === 'preview' ? { kind: 'planned', run, file: step.file, response } : { kind: 'done', run, file: step.file, response };
}

export function failed<F extends ImportFile, R>(step: ImportStep<F, R>, run: number, error: ApiError): ImportStep<F, R> {
  if (step.kind !== 'sending' || step.run !== run) return step;
  return { kind: 'failed', run, file: step.file, purpose: step.purpose, error };
}

/** A failure of the connection or the server, as opposed to the file: sending it again may work. */
export function isRetryable(error: ApiError): boolean {
  return error.reason === 'network' || error.reason === 'internal' || error.reason === 'rateLimited';
}

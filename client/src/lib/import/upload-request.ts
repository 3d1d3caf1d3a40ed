import type { DocumentView } from '../../../../shared/api/index.ts';
import { ApiError, readApiError } from '../api-error.ts';

/** One file the server could not import, with its reason and a message that names the file. */
export interface FileImportError {
  readonly fileName: string;
  readonly code: string;
  readonly message: string;
}

/** `POST /api/projects/:id/documents` (multipart): what was imported and what was not. */
export interface ImportResponse {
  readonly documents: readonly DocumentView[];
  readonly errors: readonly FileImportError[];
}

export interface UploadRequest {
  readonly url: string;
  readonly file: File;
  readonly csrfToken: string | null;
  /** Called as the bytes leave the browser, with the fraction sent (0…1). */
  readonly onProgress: (fraction: number) => void;
}

/**
 * Sends one transcript file. Resolves with the server's per-file result, including the 422 "every
 * file failed" answer; rejects with an `ApiError` for everything else (signed out, too large, offline).
 */
export function sendUpload({ url, file, csrfToken, onProgress }: UploadRequest): Promise<ImportResponse> {
  return sendFile({
    url,
    file,
    csrfToken,
    onProgress: (sent, total) => onProgress(sent / total),
    read: (status, text) => (status === 201 || status === 422 ? readImportResponse(text) : null),
  });
}

export interface FileRequest<T> {
  readonly url: string;
  readonly file: File;
  readonly csrfToken: string | null;
  /** Called as the bytes leave the browser: bytes of the request body sent, of `total`. */
  readonly onProgress: (sent: number, total: number) => void;
  /** The answer for this status and body, or null to read it as an error response. */
  readonly read: (status: number, text: string) => T | null;
  /** Aborting stops the upload; the promise then rejects. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Sends one file as multipart/form-data in the field `file`. XMLHttpRequest, not fetch, because
 * only it reports upload progress. Resolves with what `read` makes of the answer; rejects with an
 * `ApiError` for everything else.
 */
export function sendFile<T>({ url, file, csrfToken, onProgress, read, signal }: FileRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded, event.total);
    };
    // A small body may be sent without any progress event: its end is the sign that all of it left.
    xhr.upload.onload = (event) => {
      const total = event.lengthComputable && event.total > 0 ? event.total : file.size;
      if (total > 0) onProgress(total, total);
    };
    xhr.onload = () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: { 'content-type': 'application/json' } });
      const result = read(xhr.status, xhr.responseText);
      if (result) resolve(result);
      else void readApiError(response).then(reject, reject);
    };
    xhr.onerror = () => reject(new ApiError('network', 'Accord could not reach the server. Check your connection and try again.'));
    const interrupted = () => reject(new ApiError('network', 'The upload was interrupted. Try again.'));
    xhr.onabort = interrupted;
    if (signal?.aborted) return interrupted();
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}

/** The per-file result, or null when the body is something else (an `{error}` body, say). */
function readImportResponse(text: string): ImportResponse | null {
  try {
    const body = JSON.parse(text) as Partial<ImportResponse> | null;
    if (body && Array.isArray(body.documents) && Array.isArray(body.errors)) return { documents: body.documents, errors: body.errors };
  } catch (cause) {
    // Not JSON: the caller reads it as an error response instead.
    void cause;
  }
  return null;
}

/** A JSON body, or null when it is not JSON (the caller then reads the answer as an error). */
export function readJsonAnswer<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    // Not JSON: a proxy's page, say.
    void cause;
    return null;
  }
}

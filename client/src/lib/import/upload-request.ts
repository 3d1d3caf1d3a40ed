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
 * Sends one file as multipart/form-data. XMLHttpRequest, not fetch, because only it reports upload
 * progress. Resolves with the server's per-file result, including the 422 "every file failed"
 * answer; rejects with an `ApiError` for everything else (signed out, too large, offline).
 */
export function sendUpload({ url, file, csrfToken, onProgress }: UploadRequest): Promise<ImportResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: { 'content-type': 'application/json' } });
      const result = xhr.status === 201 || xhr.status === 422 ? readImportResponse(xhr.responseText) : null;
      if (result) resolve(result);
      else void readApiError(response).then(reject, reject);
    };
    xhr.onerror = () => reject(new ApiError('network', 'Accord could not reach the server. Check your connection and try again.'));
    xhr.onabort = () => reject(new ApiError('network', 'The upload was interrupted. Try again.'));
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

import { exportSkippedHeader, type ProjectExportFormat } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { ApiError } from '../api-error.ts';
import { exportChoice } from './export-formats.ts';

/** A prepared export: the file and what the server said about it. */
export interface ExportDownload {
  readonly blob: Blob;
  readonly fileName: string;
  /** Codings the server left out of the file (`X-Accord-Skipped`); the file's project description lists them. */
  readonly skipped: number;
}

/** Where a download is: the server still preparing the file, or its bytes arriving (`fraction` null when the size is unknown). */
export type ExportProgress = { readonly phase: 'preparing' } | { readonly phase: 'receiving'; readonly fraction: number | null; readonly bytes: number };

/**
 * `GET /api/projects/:id/export?format=…` as a file (docs/api.md), through `Api.fetchFile` (its
 * credentials and errors): reports the server preparing the file and then its bytes arriving.
 * `signal` cancels it.
 *
 * @example
 * const file = await downloadExport(api, projectId, 'qdpx', { onProgress: (p) => (progress = p) });
 * saveFile(file.blob, file.fileName);
 */
export async function downloadExport(
  api: Pick<Api, 'fetchFile'>,
  projectId: string,
  format: ProjectExportFormat,
  options: { readonly onProgress?: (progress: ExportProgress) => void; readonly signal?: AbortSignal } = {},
): Promise<ExportDownload> {
  const { onProgress, signal } = options;
  const { mediaType, fallbackName } = exportChoice(format);
  onProgress?.({ phase: 'preparing' });
  const response = await api.fetchFile(`/api/projects/${encodeURIComponent(projectId)}/export?format=${format}`, { accept: `${mediaType}, application/json`, signal });
  const total = Number(response.headers.get('content-length')) || null;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  onProgress?.({ phase: 'receiving', fraction: total === null ? null : 0, bytes });
  try {
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      onProgress?.({ phase: 'receiving', fraction: total === null ? null : Math.min(1, bytes / total), bytes });
    }
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError('network', 'The connection broke while the file was arriving. Try again.', undefined, 0, { cause });
  }
  return {
    blob: new Blob(chunks, { type: response.headers.get('content-type') ?? mediaType }),
    fileName: fileNameOf(response.headers.get('content-disposition'), fallbackName),
    skipped: Number(response.headers.get(exportSkippedHeader)) || 0,
  };
}

/**
 * The file name a `Content-Disposition` header gives: `filename*` (RFC 5987, UTF-8) before
 * `filename`; `fallback` when it names none. Path separators are never kept.
 *
 * @example
 * fileNameOf(`attachment; filename="kit.qdpx"; filename*=UTF-8''kit%C3%A9.qdpx`, 'project.qdpx') // 'kité.qdpx'
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      name = decodeURIComponent(extended[1]!.trim());
    } catch {
      name = null; // a malformed escape: fall back to the plain name
    }
  }
  name ??= /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(disposition)?.[1] ?? null;
  const base = name?.split(/[/\\]/).pop()?.trim();
  return base ? base : fallback;
}

import type { ProjectExportFormat } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { toApiError } from '../api-error.ts';
import { downloadExport, type ExportDownload } from './download-export.ts';
import type { ExportStatus } from './export-status.ts';
import { saveFile } from '../save-file.ts';

/**
 * The Settings page's "Export project": one download at a time, fetched whole (with progress)
 * before it is handed to the browser, so a slow export shows that it is under way and a failure
 * says why instead of leaving a broken file in the downloads.
 */
export class ProjectExport {
  status = $state.raw<ExportStatus>({ kind: 'idle' });
  #abort: AbortController | null = null;

  constructor(
    private readonly api: Pick<Api, 'fetchFile'>,
    private readonly projectId: string,
  ) {}

  get busy(): boolean {
    return this.status.kind === 'working';
  }

  async download(format: ProjectExportFormat): Promise<void> {
    if (this.busy) return;
    const abort = (this.#abort = new AbortController());
    this.status = { kind: 'working', format, progress: { phase: 'preparing' } };
    let file: ExportDownload;
    try {
      file = await downloadExport(this.api, this.projectId, format, {
        signal: abort.signal,
        onProgress: (progress) => {
          if (!abort.signal.aborted) this.status = { kind: 'working', format, progress };
        },
      });
    } catch (error) {
      if (!abort.signal.aborted) this.status = { kind: 'failed', format, error: toApiError(error) };
      return;
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
    if (abort.signal.aborted) return;
    saveFile(file.blob, file.fileName);
    this.status = { kind: 'saved', format, fileName: file.fileName, bytes: file.blob.size, skipped: file.skipped };
  }

  /** Stops a download under way (the page is left); nothing is saved. */
  cancel(): void {
    this.#abort?.abort();
    this.#abort = null;
    if (this.busy) this.status = { kind: 'idle' };
  }
}

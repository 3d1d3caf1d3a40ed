import type { ProjectExportFormat } from '../../../../shared/api/index.ts';
import type { ApiError } from '../api-error.ts';
import { formatCount } from '../format.ts';
import type { ExportProgress } from './download-export.ts';
import { exportChoice } from './export-formats.ts';

/** Where the Settings page's export is. */
export type ExportStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working'; readonly format: ProjectExportFormat; readonly progress: ExportProgress }
  | { readonly kind: 'saved'; readonly format: ProjectExportFormat; readonly fileName: string; readonly bytes: number; readonly skipped: number }
  | { readonly kind: 'failed'; readonly format: ProjectExportFormat; readonly error: ApiError };

/** "1.2 MB", "830 KB", "412 bytes". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What to tell the researcher about the current state, in one sentence or two. */
export function describeExportStatus(status: ExportStatus): string {
  switch (status.kind) {
    case 'idle':
      return '';
    case 'working': {
      const what = exportChoice(status.format).noun;
      if (status.progress.phase === 'preparing') return `Preparing the ${what}… A large project takes a few seconds.`;
      const { fraction, bytes } = status.progress;
      return fraction === null ? `Downloading the ${what}… ${formatFileSize(bytes)}` : `Downloading the ${what}… ${Math.round(fraction * 100)}%`;
    }
    case 'saved':
      return `Saved ${status.fileName} (${formatFileSize(status.bytes)}) to your downloads.`;
    case 'failed':
      return status.error.message;
  }
}

/**
 * What a saved file left out, or '' when nothing: codings whose text was deleted or whose ends
 * fall inside an emoji (`X-Accord-Skipped`). The `.qdpx` lists them in its project description,
 * the workbook on its About sheet; the CSV cannot, so it points to those.
 */
export function describeSkipped(skipped: number, format: ProjectExportFormat = 'qdpx'): string {
  if (skipped === 0) return '';
  const one = skipped === 1;
  const what = one ? 'its text was deleted, or it starts or ends inside an emoji' : 'their text was deleted, or they start or end inside an emoji';
  const where: Partial<Record<ProjectExportFormat, string>> = {
    qdpx: `The file’s project description lists ${one ? 'it' : 'them'}.`,
    xlsx: `The workbook’s About sheet lists ${one ? 'it' : 'them'}.`,
    csv: `The .xlsx workbook’s About sheet lists ${one ? 'it' : 'them'}.`,
  };
  return `${formatCount(skipped, 'coding was', 'codings were')} left out of the file: ${what}.${where[format] ? ` ${where[format]}` : ''}`;
}

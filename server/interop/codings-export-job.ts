import { codingsTableOf, writeCodingsCsv } from '../../shared/interop-export/index.ts';
import { unpackRefiProject } from './export-job.ts';

/**
 * Writing the codings table (docs/refi.md, "Other exports") in the worker thread: the project
 * arrives as the `.qdpx` export gathers it (`packRefiProject`'s JSON text, copied in one move),
 * and the worker turns it into rows and writes them — CSV in one go, XLSX with exceljs, whose
 * writing and zipping would otherwise hold the event loop.
 */
export interface CodingsExportJob {
  readonly kind: 'codingsExport';
  readonly format: 'csv' | 'xlsx';
  readonly projectJson: string;
  /** The workbook's "About" sheet, one line per row (not used by the CSV). */
  readonly about: readonly string[];
  /** Who wrote the workbook (`Accord 0.1.0`) and when (ISO). */
  readonly creator: string;
  readonly createdAt: string;
}

/** The file's bytes (UTF-8 for the CSV). */
export async function runCodingsExportJob(job: CodingsExportJob): Promise<Uint8Array<ArrayBuffer>> {
  const table = codingsTableOf(unpackRefiProject(job.projectJson));
  if (job.format === 'csv') return new TextEncoder().encode(writeCodingsCsv(table)) as Uint8Array<ArrayBuffer>;
  // exceljs takes a third of a second to load: only a workbook export pays for it, not every worker job.
  const { writeCodingsXlsx } = await import('./codings-xlsx.ts');
  return writeCodingsXlsx(table, job.about, { creator: job.creator, created: new Date(job.createdAt) });
}

import { planAttributeImport, type AttributeField, type AttributeImport } from '../../shared/model/attributes.ts';
import { buildDetailsJson, buildExport, findPassages, type DetailsJob, type ExportJob, type FoundPassages, type PassagesJob } from './agreement-views.ts';
import { runPathwayJob, type PathwayJob } from '../pathways/pathway-job.ts';
import { runCodingsExportJob, type CodingsExportJob } from '../interop/codings-export-job.ts';
import { runRefiExportJob, type RefiExportJob } from '../interop/export-job.ts';
import { runRefiImportJob, type RefiImportJob } from '../interop/import-job.ts';
import { runReportJobAsJson, type ReportJob } from './report-job.ts';

/** Reading a participant-attribute table (up to 4 MiB of CSV) into what importing it would change. */
export interface AttributeImportJob {
  readonly kind: 'attributeImport';
  /** The table as uploaded (UTF-8); decoded in the worker too. */
  readonly csv: Uint8Array;
  /** The project's fields now. */
  readonly fields: readonly AttributeField[];
  readonly documents: readonly { readonly id: string; readonly name: string }[];
}

/** Every kind of work the worker thread does: anything that would hold the event loop for long. */
export type WorkerJob = ReportJob | DetailsJob | ExportJob | PassagesJob | AttributeImportJob | PathwayJob | RefiExportJob | RefiImportJob | CodingsExportJob;

/** Response bodies come back as UTF-8 bytes, moved (transferred) rather than copied out of the worker. */
interface Results {
  readonly report: Uint8Array<ArrayBuffer>;
  readonly details: Uint8Array<ArrayBuffer>;
  readonly export: Uint8Array<ArrayBuffer>;
  readonly passages: FoundPassages;
  readonly attributeImport: AttributeImport;
  readonly pathways: Uint8Array<ArrayBuffer>;
  readonly refiExport: Uint8Array<ArrayBuffer>;
  readonly refiImport: Uint8Array<ArrayBuffer>;
  /** Written asynchronously (exceljs): the worker awaits it before answering. */
  readonly codingsExport: Promise<Uint8Array<ArrayBuffer>>;
}
export type WorkerJobResult<J extends WorkerJob> = Results[J['kind']];

/** Runs one job; pure, so tests can call it without a worker. */
export function runWorkerJob<J extends WorkerJob>(job: J): WorkerJobResult<J> {
  const run = (): Results[WorkerJob['kind']] => {
    switch (job.kind) {
      case 'report':
        return runReportJobAsJson(job);
      case 'details':
        return buildDetailsJson(job);
      case 'export':
        return buildExport(job);
      case 'passages':
        return findPassages(job);
      case 'attributeImport':
        return planAttributeImport(new TextDecoder().decode(job.csv), job.fields, job.documents);
      case 'pathways':
        return runPathwayJob(job);
      case 'refiExport':
        return runRefiExportJob(job);
      case 'refiImport':
        return runRefiImportJob(job);
      case 'codingsExport':
        return runCodingsExportJob(job);
    }
  };
  return run() as WorkerJobResult<J>;
}

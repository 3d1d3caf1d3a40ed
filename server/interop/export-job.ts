import { writeCodebookXml, writeQdpx, type RefiCodebook, type RefiProject } from '../../shared/refi/index.ts';
import { TimeSlice } from '../agreement/time-slice.ts';

/**
 * Writing a REFI-QDA export: XML for 6,000 codings and a zip of 17 transcripts take longer than
 * the event loop may be held, so the worker thread writes them (`worker-job.ts`). The project
 * travels as JSON text (`packRefiProject`): a string is copied into the worker in one move, where
 * cloning the model's tens of thousands of small objects would hold the event loop for 15 ms.
 */
export type RefiExportJob =
  | { readonly kind: 'refiExport'; readonly format: 'qdpx'; readonly projectJson: string }
  | { readonly kind: 'refiExport'; readonly format: 'qdc'; readonly codebook: RefiCodebook };

/**
 * The project as JSON for the worker, one source at a time with the event loop served in between
 * (a source is one transcript with its codings; the model holds only JSON values).
 */
export async function packRefiProject(project: RefiProject, slice = new TimeSlice()): Promise<string> {
  const sources: string[] = [];
  for (const source of project.sources) {
    sources.push(JSON.stringify(source));
    await slice.yieldIfDue();
  }
  return `{"rest":${JSON.stringify({ ...project, sources: [] })},"sources":[${sources.join(',')}]}`;
}

/** The inverse of `packRefiProject`. */
export function unpackRefiProject(json: string): RefiProject {
  const { rest, sources } = JSON.parse(json) as { rest: RefiProject; sources: RefiProject['sources'] };
  return { ...rest, sources };
}

/** The file's bytes (moved out of the worker, not copied). Throws `RefiError('invalidModel')` for a model the schema would refuse. */
export function runRefiExportJob(job: RefiExportJob): Uint8Array<ArrayBuffer> {
  if (job.format === 'qdpx') return writeQdpx(unpackRefiProject(job.projectJson)) as Uint8Array<ArrayBuffer>;
  return new TextEncoder().encode(writeCodebookXml(job.codebook)) as Uint8Array<ArrayBuffer>;
}

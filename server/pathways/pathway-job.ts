import { buildPathwayGraph, renderPathwayExport, type GraphContext, type PathwayFormat, type PathwayInput } from '../../shared/pathways/index.ts';

/** Building a pathway graph and its export: for 200 participants × 3 coders, too long for the event loop. */
export interface PathwayJob {
  readonly kind: 'pathways';
  readonly input: PathwayInput;
  readonly context: GraphContext;
  readonly format: PathwayFormat;
  readonly provenance: boolean;
}

/** The job's response body, as UTF-8 bytes (moved out of the worker, not copied). */
export function runPathwayJob(job: PathwayJob): Uint8Array<ArrayBuffer> {
  const graph = buildPathwayGraph(job.input, job.context);
  return new TextEncoder().encode(renderPathwayExport(graph, job.input.stageSet, job.format, job.provenance)) as Uint8Array<ArrayBuffer>;
}

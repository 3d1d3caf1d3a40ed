// Public surface of the pathway core (Feature A): re-exported by name (STYLE rule 9).
export { buildPathwayGraph } from './build-graph.ts';
export type { GraphContext } from './build-graph.ts';
export { codebookStageSetId, stageSetOfCodebook } from './codebook-stage-set.ts';
export { PathwayInputError, PathwayInputErrorReason, readPathwayInput } from './pathway-input.ts';
export { pathwayFormats, pathwayMediaTypes, renderPathwayExport } from './render-export.ts';
export type { PathwayFormat } from './render-export.ts';
export type { PathwayInput } from './pathway-input.ts';
export { derivePathway, derivePathwayReport, derivePathwaysByCoder } from './derive-pathway.ts';
export { coderAgreement, coderQuorum, edgeIdOf, mergeCoders } from './merge-coders.ts';
export { levenshtein, medoid } from './medoid.ts';
export { affectsPathway, linkLoci, locusImpact } from './pathway-loci.ts';
export type { HeldCoding, LocusContext, LocusImpact, LocusReading } from './pathway-loci.ts';
export { aggregate } from './aggregate.ts';
export { groupVariants, formatVariant } from './variants.ts';
export { applyVisibility, filterEdges, filterStages, hideDisputed, showOnly } from './filter-edges.ts';
export type { Visibility } from './filter-edges.ts';
export { overflowStage, unrollBySteps } from './unroll-by-steps.ts';
export type { StepGraph, StepLink, StepNode } from './unroll-by-steps.ts';
export { PathwayError, PathwayFailure } from './stage-map.ts';
export { PathwayGraphError, PathwayGraphErrorReason } from './pathway-graph-error.ts';
export { toCsv, toDot, toElk, toJson, toMermaid, toMermaidSankey, toVariantsCsv, describeScope, elkLayoutOptions } from './export/index.ts';
export type { ElkGraph } from './export/index.ts';
export { defaultPathwayOptions, endId, startId } from './types.ts';
export type {
  CodedSegment,
  CoderMerge,
  EvidenceRef,
  Id,
  NodeId,
  ParticipantMerge,
  Pathway,
  PathwayEdge,
  PathwayGraph,
  PathwayNode,
  PathwayOptions,
  PathwayRequest,
  PathwayRun,
  PathwayTransition,
  PathwayVariant,
  StageSet,
} from './types.ts';

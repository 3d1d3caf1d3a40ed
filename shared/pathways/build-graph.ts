import { codeDomains, computeLoci, stageDomainId, type DomainCode, type LocusCoding } from '../reconcile/index.ts';
import { aggregate, type EvidenceResolver } from './aggregate.ts';
import { compareText } from './canonical-order.ts';
import { derivePathway, derivePathwaysByCoder } from './derive-pathway.ts';
import { evidenceRef } from './evidence.ts';
import { applyVisibility, type Visibility } from './filter-edges.ts';
import { coderQuorum, mergeCoders } from './merge-coders.ts';
import { linkLoci, type HeldCoding } from './pathway-loci.ts';
import type { PathwayInput } from './pathway-input.ts';
import { createStageMap } from './stage-map.ts';
import type { CodedSegment, Id, ParticipantPathways, PathwayGraph } from './types.ts';

/** What a graph is built from beyond its input: where it lives, which data revision, when. */
export interface GraphContext {
  readonly projectId: Id;
  /** The project's history seq the segments were read at (`scope.source`). */
  readonly eventSeq: number;
  readonly snapshotIds?: Readonly<Record<Id, string>>;
  readonly generatedAt: string;
  /** Visibility filters (never change counts), applied after aggregation and stated in `scope.visibility`. */
  readonly visibility?: Visibility;
  /** Per transcript, what the consensus holds for decided loci (spec §2.4 impact links); absent: nothing decided. */
  readonly held?: Readonly<Record<Id, Readonly<Record<Id, readonly HeldCoding[]>>>>;
}

interface Transcript {
  readonly transcriptId: Id;
  readonly participantId: Id;
  readonly segments: CodedSegment[];
}

/**
 * The whole of Feature A on plain data (spec §2.3–2.5): per transcript, the consensus pathway or
 * the assigned coders' pathways merged under the rule (with their links to open disagreement
 * loci), aggregated across the chosen participants, then the visibility filters. The CLI, the
 * server's endpoint and the view all build their graph here.
 *
 * @example
 * buildPathwayGraph(readPathwayInput(json), { projectId: 'p', eventSeq: 0, generatedAt: '2026-01-01T00:00:00.000Z' }).variants
 */
export function buildPathwayGraph(input: PathwayInput, context: GraphContext): PathwayGraph {
  const { stageSet, request } = input;
  const parents = input.parents ?? {};
  const wanted = request.participants === 'all' ? null : new Set(request.participants);
  const transcripts = transcriptsOf(input).filter((t) => wanted === null || wanted.has(t.participantId));
  const chosenCoders = request.coders ? new Set(request.coders) : null;
  const text = (transcriptId: Id) => input.texts?.[transcriptId];
  const stageMap = createStageMap(stageSet, parents);
  let largestPanel = 0;

  const participants: ParticipantPathways[] = transcripts.map((t): ParticipantPathways => {
    const subject = { participantId: t.participantId, transcriptId: t.transcriptId };
    if (request.layer === 'consensus') {
      const consensus = t.segments.filter((s) => s.layer.kind === 'consensus');
      return { kind: 'single', pathway: derivePathway({ ...subject, layer: 'consensus' }, consensus, stageSet, parents, request.options) };
    }
    const coders = (input.assignments[t.transcriptId] ?? []).filter((c) => chosenCoders === null || chosenCoders.has(c));
    largestPanel = Math.max(largestPanel, coders.length);
    const coderSegments = t.segments.filter((s) => s.layer.kind === 'coder' && coders.includes(s.layer.coderId));
    const pathways = derivePathwaysByCoder(subject, coders, coderSegments, stageSet, parents, request.options);
    const merge = mergeCoders(pathways, coders, request.coderMerge, stageSet, { ...subject, segments: coderSegments, ...(text(t.transcriptId) !== undefined && { text: text(t.transcriptId)! }) });
    if (coders.length < 2) return { kind: 'merged', merge };
    const codes = domainCodes(input, coderSegments);
    // Only loci that can reach the graph are computed. Here every code outside the stage domain is
    // a binary domain of its own (no codebook domains are given), so leaving out the codings of a
    // code that is neither in the stage domain nor maps onto a stage drops exactly that code's
    // loci and changes no other: those loci hold no stage segment (so no evidence) and no reading
    // of them can move a stage (so no impact), and a non-stage coding never enters a pathway.
    const domains = codeDomains(codes);
    const reachesGraph = (codeId: Id): boolean => domains.get(codeId)?.domainId === stageDomainId || stageMap.stageOf(codeId) !== null;
    const codings = coderSegments.filter((s) => s.status !== 'orphaned' && reachesGraph(s.codeId)).map(lociCoding);
    const loci = computeLoci({ documentId: t.transcriptId, coderIds: coders, codes, codings });
    const held = context.held?.[t.transcriptId];
    return { kind: 'merged', merge: linkLoci(merge, { ...subject, segments: coderSegments, loci, stageSet, parents, options: request.options, ...(held && { held }) }) };
  });

  // Per transcript, its first consensus segment of each id (as a search of its segments would find), indexed on first use.
  const consensusById = new Map<Id, Map<Id, CodedSegment>>();
  const consensusOf = (transcriptId: Id): Map<Id, CodedSegment> | undefined => {
    let byId = consensusById.get(transcriptId);
    if (byId) return byId;
    const transcript = transcripts.find((t) => t.transcriptId === transcriptId);
    if (!transcript) return undefined;
    byId = new Map();
    for (const s of transcript.segments) if (s.layer.kind === 'consensus' && !byId.has(s.id)) byId.set(s.id, s);
    consensusById.set(transcriptId, byId);
    return byId;
  };
  const evidenceOf: EvidenceResolver = ({ segmentId, role, pathway }) => {
    const segment = consensusOf(pathway.transcriptId)?.get(segmentId);
    return segment ? evidenceRef(segment, role, text(segment.transcriptId)) : null;
  };
  const visibility = context.visibility ?? {};
  const graph = aggregate(participants, {
    stageSet,
    evidenceOf,
    includePerParticipant: true,
    scope: {
      projectId: context.projectId,
      stageSetId: stageSet.id,
      layer: request.layer,
      ...(request.coders && { coders: [...request.coders].sort(compareText) }),
      ...(request.layer === 'coders' && { coderMerge: { ...request.coderMerge, quorum: coderQuorum(request.coderMerge, largestPanel) } }),
      options: request.options,
      visibility: { ...visibility },
      source: { eventSeq: context.eventSeq, ...(context.snapshotIds && { snapshotIds: context.snapshotIds }) },
      generatedAt: context.generatedAt,
    },
  });
  return Object.keys(visibility).length > 0 ? applyVisibility(graph, visibility) : graph;
}

/** Transcripts in id order, each with its participant; an assigned transcript without segments is an empty pathway, not a missing one. */
function transcriptsOf(input: PathwayInput): Transcript[] {
  const byId = new Map<Id, Transcript>();
  for (const segment of input.segments) {
    let t = byId.get(segment.transcriptId);
    if (!t) byId.set(segment.transcriptId, (t = { transcriptId: segment.transcriptId, participantId: segment.participantId, segments: [] }));
    t.segments.push(segment);
  }
  for (const transcriptId of Object.keys(input.assignments)) if (!byId.has(transcriptId)) byId.set(transcriptId, { transcriptId, participantId: transcriptId, segments: [] });
  return [...byId.values()].sort((a, b) => compareText(a.transcriptId, b.transcriptId));
}

/** The codes as loci see them: the stage set's codes and their sub-codes form the exclusive stage domain. */
function domainCodes(input: PathwayInput, segments: readonly CodedSegment[]): DomainCode[] {
  const stages = new Set(input.stageSet.stages.map((s) => s.codeId));
  const ids = new Set([...Object.keys(input.parents ?? {}), ...segments.map((s) => s.codeId)]);
  return [...ids].sort(compareText).map((id) => ({ id, parentId: input.parents?.[id] ?? null, isStage: stages.has(id), domain: null }));
}

const lociCoding = (s: CodedSegment): LocusCoding => ({ id: s.id, coderId: s.layer.kind === 'coder' ? s.layer.coderId : 'consensus', codeId: s.codeId, start: s.start, end: s.end });

/**
 * The plain data of merged pathway diagrams (spec §2.2 input, §2.6 output). Keys are exactly as
 * the spec names them: the CLI prints these objects as JSON, and exports state where they came from.
 */

export type Id = string;

export const startId = '__start__';
export const endId = '__end__';
export type NodeId = Id | typeof startId | typeof endId;

export type SegmentLayer = { readonly kind: 'coder'; readonly coderId: Id } | { readonly kind: 'consensus' };

/** One coded passage, its anchors already resolved to offsets (UTF-16 code units, half-open). */
export interface CodedSegment {
  readonly id: Id;
  readonly transcriptId: Id;
  /** A transcript belongs to exactly one participant (episode). */
  readonly participantId: Id;
  readonly layer: SegmentLayer;
  readonly codeId: Id;
  readonly start: number;
  readonly end: number;
  /** Optional narrated-time anchor (a career year, a phase index). */
  readonly storyTime?: number | null;
  /** `orphaned`: the anchor collapsed; excluded from pathways (and counted). */
  readonly status?: 'ok' | 'orphaned';
}

export interface Stage {
  readonly codeId: Id;
  readonly label: string;
  /** Canonical or theoretical order (push 1, pull 2, co-creation 3). */
  readonly order: number;
  readonly color?: string;
}

export interface StageSet {
  readonly id: Id;
  readonly name: string;
  readonly stages: readonly Stage[];
  /** Map sub-codes onto their stage (`push.training` → push); needs `parentOf`. */
  readonly includeDescendants: boolean;
}

export interface PathwayOptions {
  readonly orderBy: 'transcript' | 'storyTime';
  readonly overlapPolicy: 'start' | 'midpoint' | 'sweep';
  /** Drop stage segments shorter than this before ordering. */
  readonly minSegmentChars: number;
  /** Sweep only: drop fragments of a split segment shorter than this. */
  readonly minResidualChars: number;
  readonly selfLoops: boolean;
  /** With selfLoops: the most uncoded characters still merged into one run. */
  readonly mergeGap: number;
}

export const defaultPathwayOptions: PathwayOptions = { orderBy: 'transcript', overlapPolicy: 'start', minSegmentChars: 0, minResidualChars: 0, selfLoops: false, mergeGap: 0 };

export type CoderMerge = { readonly kind: 'union' | 'majority' | 'intersection' } | { readonly kind: 'kOfN'; readonly k: number };

export interface PathwayRequest {
  readonly stageSetId: Id;
  /** Case filter: changes the counts. */
  readonly participants: readonly Id[] | 'all';
  /** `coders`: per-coder pathways merged across coders; `consensus`: the consensus layer's pathway. */
  readonly layer: 'coders' | 'consensus';
  /** Default: every coder assigned to each transcript. */
  readonly coders?: readonly Id[];
  readonly coderMerge: CoderMerge;
  readonly options: PathwayOptions;
  readonly asOf?: { readonly seq: number } | { readonly time: string };
}

export interface EvidenceRef {
  readonly segmentId: Id;
  /** `consensus` or the coder's id. */
  readonly layer: 'consensus' | Id;
  readonly transcriptId: Id;
  readonly participantId: Id;
  readonly codeId: Id;
  readonly role: 'run' | 'exit' | 'entry';
  /** Absolute offsets at computation time. */
  readonly start: number;
  readonly end: number;
  /** ≤ 280 characters, ellipsised, whitespace-normalised; empty when no text was given. */
  readonly quote: string;
  /** Base64 `Y.encodeRelativePosition`s, stable across transcript edits. */
  readonly anchor?: { readonly start: string; readonly end: string };
}

export interface PathwayRun {
  readonly stage: Id;
  readonly start: number;
  readonly end: number;
  readonly segmentIds: readonly Id[];
}

export type TransitionDirection = 'forward' | 'backward' | 'lateral' | 'self' | 'start' | 'end';

export interface PathwayTransition {
  readonly from: Id | typeof startId;
  readonly to: Id | typeof endId;
  readonly direction: TransitionDirection;
  readonly exitSegmentId: Id | null;
  readonly entrySegmentId: Id | null;
  /** The exit and entry segments overlap in the text ("co-present"). */
  readonly overlap: boolean;
}

export interface Pathway {
  readonly participantId: Id;
  readonly transcriptId: Id;
  readonly layer: 'consensus' | Id;
  readonly sequence: readonly Id[];
  readonly runs: readonly PathwayRun[];
  readonly transitions: readonly PathwayTransition[];
}

export interface PathwayNode {
  readonly id: NodeId;
  readonly kind: 'stage' | 'start' | 'end';
  readonly label: string;
  readonly order: number;
  readonly color?: string;
  readonly participants: number;
  readonly occurrences: number | null;
  /** Single-participant coder merge. */
  readonly coderSupport?: { readonly support: number; readonly total: number };
  readonly evidence: readonly EvidenceRef[];
}

export type EdgeId = `${string}->${string}`;

export interface PathwayEdge {
  readonly id: EdgeId;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly direction: TransitionDirection;
  readonly participants: number;
  readonly occurrences: number | null;
  readonly participantIds: readonly Id[];
  readonly support?: number;
  readonly total?: number;
  readonly agreement?: 'unanimous' | 'majority' | 'minority';
  readonly disputed: boolean;
  readonly included: boolean;
  readonly keptForConnectivity?: boolean;
  readonly supportingCoders?: readonly Id[];
  readonly dissentingCoders?: readonly Id[];
  readonly coderSupport?: readonly { readonly participantId: Id; readonly support: number; readonly total: number }[];
  readonly meanSupportRatio?: number;
  readonly evidence: readonly EvidenceRef[];
  /** Impact: open loci whose resolution can add or remove this edge. */
  readonly disagreementIds: readonly Id[];
  /** Open loci containing any of this edge's evidence segments. */
  readonly evidenceLocusIds: readonly Id[];
}

export interface PathwayVariant {
  readonly sequence: readonly Id[];
  readonly count: number;
  readonly participantIds: readonly Id[];
}

export interface PathwayGraph {
  readonly schemaVersion: 1;
  readonly scope: {
    readonly projectId: Id;
    readonly stageSetId: Id;
    readonly participantIds: readonly Id[];
    readonly layer: 'coders' | 'consensus';
    readonly coders?: readonly Id[];
    readonly coderMerge?: CoderMerge & { readonly quorum: number };
    readonly options: PathwayOptions;
    readonly visibility: Readonly<Record<string, unknown>>;
    /** The exact data revision: the project's history seq (and round snapshots) it was built from. */
    readonly source: { readonly eventSeq: number; readonly snapshotIds?: Readonly<Record<Id, string>> };
    readonly generatedAt: string;
  };
  readonly totalParticipants: number;
  readonly nodes: readonly PathwayNode[];
  readonly edges: readonly PathwayEdge[];
  readonly variants: readonly PathwayVariant[];
  readonly perParticipant?: readonly Pathway[];
  /** e.g. "removed push->cocreation", "kept push->pull (connectivity)". */
  readonly filterLog?: readonly string[];
}

/**
 * Algorithm A-2's result for one participant (spec §2.4): the assigned coders' pathways merged
 * under a rule. `nodes` and `edges` carry the coder-merge fields (`support`, `total`, `agreement`,
 * `disputed`, `included`, `supportingCoders`, `dissentingCoders`; nodes' `coderSupport`), with
 * `participants` 1 and `occurrences` null; A-3 (`aggregate`) consumes it, as it consumes a single
 * `Pathway` (consensus, one coder, or the medoid).
 */
export interface ParticipantMerge {
  readonly participantId: Id;
  readonly transcriptId: Id;
  /** The assigned coders, sorted: the denominator n. */
  readonly coders: readonly Id[];
  readonly rule: CoderMerge;
  readonly quorum: number;
  /** Each assigned coder's pathway, in `coders` order (an empty one for a coder who found no stage). */
  readonly pathways: readonly Pathway[];
  readonly nodes: readonly PathwayNode[];
  readonly edges: readonly PathwayEdge[];
  /** The representative reading (not a consensus): the coder sequence nearest all others. */
  readonly medoid: { readonly coderId: Id; readonly sequence: readonly Id[] } | null;
  /**
   * Stages left dangling by the rule (intersection, majority): no included incoming or outgoing
   * edge while an excluded one exists. The view shows a gap marker with these counts.
   */
  readonly gaps: readonly { readonly stage: Id; readonly side: 'incoming' | 'outgoing'; readonly excludedEdges: number; readonly byCoder: Readonly<Record<Id, number>> }[];
}

/** One participant's input to A-3: a single sequence, or a coder merge. */
export type ParticipantPathways = { readonly kind: 'single'; readonly pathway: Pathway } | { readonly kind: 'merged'; readonly merge: ParticipantMerge };

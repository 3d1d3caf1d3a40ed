import { compareText, createEdgeComparator } from './canonical-order.ts';
import { evidenceRef, sortEvidence } from './evidence.ts';
import { medoid } from './medoid.ts';
import { createStageMap, PathwayError, transitionDirection, type StageMap } from './stage-map.ts';
import {
  endId,
  startId,
  type CodedSegment,
  type CoderMerge,
  type EdgeId,
  type EvidenceRef,
  type Id,
  type NodeId,
  type ParticipantMerge,
  type Pathway,
  type PathwayEdge,
  type PathwayNode,
  type StageSet,
  type TransitionDirection,
} from './types.ts';

/** Where A-2 reads evidence from: the participant's transcript, its coders' segments and (optionally) its text. */
export interface MergeSource {
  readonly participantId: Id;
  readonly transcriptId: Id;
  /** The coders' segments of this transcript (other transcripts' are ignored): codes and offsets of the evidence. */
  readonly segments: readonly CodedSegment[];
  /** The transcript text, for quotes; without it every quote is empty. */
  readonly text?: string;
}

/**
 * How many coders must share an edge for a rule to include it (spec §2.4): `union` 1, `majority`
 * ⌊n/2⌋+1, `intersection` n, `kOfN` k. A k above n is kept as is — nothing is then included —
 * rather than quietly lowered.
 *
 * @example
 * coderQuorum({ kind: 'majority' }, 2) // 2
 */
export function coderQuorum(rule: CoderMerge, n: number): number {
  switch (rule.kind) {
    case 'union':
      return 1;
    case 'majority':
      return Math.floor(n / 2) + 1;
    case 'intersection':
      return n;
    case 'kOfN':
      if (!Number.isInteger(rule.k) || rule.k < 1) throw new PathwayError('invalidQuorum', `kOfN needs a whole k ≥ 1, got ${rule.k}`);
      return rule.k;
  }
}

/**
 * `unanimous` (all n), `majority` (≥ ⌊n/2⌋+1) or `minority` — the same words whatever rule is chosen.
 *
 * @example
 * coderAgreement(1, 2) // 'minority'
 */
export function coderAgreement(support: number, n: number): 'unanimous' | 'majority' | 'minority' {
  return support === n ? 'unanimous' : support >= Math.floor(n / 2) + 1 ? 'majority' : 'minority';
}

/**
 * An edge's id, as exports and `data-edge-id` print it.
 *
 * @example
 * edgeIdOf('__start__', 'push') // '__start__->push'
 */
export const edgeIdOf = (from: NodeId, to: NodeId): EdgeId => `${from}->${to}`;

const emptyPathway = (source: MergeSource, coderId: Id): Pathway => ({
  participantId: source.participantId,
  transcriptId: source.transcriptId,
  layer: coderId,
  sequence: [],
  runs: [],
  transitions: [],
});

interface EdgeDraft {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly direction: TransitionDirection;
  readonly coders: Set<Id>;
  readonly evidence: EvidenceRef[];
}

/**
 * A map keyed by (coder, segment id) that behaves exactly as one keyed by the string
 * `${coderId}\u0000${segmentId}` would, without building that string for every lookup: a coder
 * id holding U+0000 is split where that string's first U+0000 is.
 *
 * @example
 * const m = new ByCoderSegment<number>(); m.set('A', 'a1', 1); m.get('A', 'a1') // 1
 */
export class ByCoderSegment<T> {
  private readonly byCoder = new Map<Id, Map<Id, T>>();

  private static split(coderId: Id, segmentId: Id): [Id, Id] {
    const joined = `${coderId}\u0000${segmentId}`;
    const at = joined.indexOf('\u0000');
    return [joined.slice(0, at), joined.slice(at + 1)];
  }

  get(coderId: Id, segmentId: Id): T | undefined {
    if (coderId.includes('\u0000')) [coderId, segmentId] = ByCoderSegment.split(coderId, segmentId);
    return this.byCoder.get(coderId)?.get(segmentId);
  }

  set(coderId: Id, segmentId: Id, value: T): void {
    if (coderId.includes('\u0000')) [coderId, segmentId] = ByCoderSegment.split(coderId, segmentId);
    let inner = this.byCoder.get(coderId);
    if (!inner) this.byCoder.set(coderId, (inner = new Map()));
    inner.set(segmentId, value);
  }

  /** Every entry, in no particular order. */
  forEach(visit: (coderId: Id, segmentId: Id, value: T) => void): void {
    for (const [coderId, inner] of this.byCoder) for (const [segmentId, value] of inner) visit(coderId, segmentId, value);
  }
}

/** Looks up a pathway's segment by (coder, id): ids need only be unique within one coder's layer. */
function segmentLookup(source: MergeSource): (coderId: Id, segmentId: Id) => CodedSegment {
  const byKey = new ByCoderSegment<CodedSegment>();
  for (const s of source.segments) {
    if (s.transcriptId !== source.transcriptId || s.layer.kind !== 'coder') continue;
    byKey.set(s.layer.coderId, s.id, s);
  }
  return (coderId, segmentId) => {
    const found = byKey.get(coderId, segmentId);
    if (!found) throw new PathwayError('unknownSegment', `coder ${coderId}'s pathway names segment "${segmentId}", which was not passed`);
    return found;
  };
}

function collectEdges(pathways: readonly Pathway[], map: StageMap, segment: ReturnType<typeof segmentLookup>, text: string | undefined): Map<EdgeId, EdgeDraft> {
  const edges = new Map<EdgeId, EdgeDraft>();
  for (const pathway of pathways) {
    const coderId = pathway.layer;
    for (const t of pathway.transitions) {
      const id = edgeIdOf(t.from, t.to);
      let draft = edges.get(id);
      if (!draft) edges.set(id, (draft = { from: t.from, to: t.to, direction: transitionDirection(map, t.from, t.to), coders: new Set(), evidence: [] }));
      // Support counts a coder once however often the edge recurs; every occurrence is evidence.
      draft.coders.add(coderId);
      if (t.exitSegmentId !== null) draft.evidence.push(evidenceRef(segment(coderId, t.exitSegmentId), 'exit', text));
      if (t.entrySegmentId !== null) draft.evidence.push(evidenceRef(segment(coderId, t.entrySegmentId), 'entry', text));
    }
  }
  return edges;
}

function terminalOrders(stageSet: StageSet): { start: number; end: number } {
  // The spec ranks Start 0 and End ∞; ∞ does not survive JSON, so End sits just past the last stage.
  const orders = stageSet.stages.map((s) => s.order);
  return { start: Math.min(0, ...orders.map((o) => o - 1)), end: Math.max(0, ...orders) + 1 };
}

function buildNodes(pathways: readonly Pathway[], stageSet: StageSet, map: StageMap, segment: ReturnType<typeof segmentLookup>, text: string | undefined): PathwayNode[] {
  const n = pathways.length;
  const visited = [...new Set(pathways.flatMap((p) => p.sequence))].map((id) => map.stage(id)).sort((a, b) => a.order - b.order || compareText(a.codeId, b.codeId));
  const nodes: PathwayNode[] = [];
  const walkers = pathways.filter((p) => p.sequence.length > 0).length;
  const orders = terminalOrders(stageSet);
  const terminal = (kind: 'start' | 'end'): PathwayNode => ({
    id: kind === 'start' ? startId : endId,
    kind,
    label: kind === 'start' ? 'Start' : 'End',
    order: orders[kind],
    participants: 1,
    occurrences: null,
    coderSupport: { support: walkers, total: n },
    evidence: [],
  });
  if (walkers > 0) nodes.push(terminal('start'));
  for (const stage of visited) {
    const supporting = pathways.filter((p) => p.sequence.includes(stage.codeId));
    const evidence: EvidenceRef[] = [];
    for (const p of supporting) for (const r of p.runs) if (r.stage === stage.codeId) for (const id of r.segmentIds) evidence.push(evidenceRef(segment(p.layer, id), 'run', text));
    nodes.push({
      id: stage.codeId,
      kind: 'stage',
      label: stage.label,
      order: stage.order,
      ...(stage.color === undefined ? {} : { color: stage.color }),
      participants: 1,
      occurrences: null,
      coderSupport: { support: supporting.length, total: n },
      evidence: sortEvidence(evidence),
    });
  }
  if (walkers > 0) nodes.push(terminal('end'));
  return nodes;
}

/** Stages the rule leaves dangling on one side while excluded edges exist there (spec §2.4: show a gap, never repair it). */
function findGaps(nodes: readonly PathwayNode[], edges: readonly PathwayEdge[], coders: readonly Id[]): ParticipantMerge['gaps'] {
  const gaps: ParticipantMerge['gaps'][number][] = [];
  for (const node of nodes) {
    if (node.kind !== 'stage') continue;
    for (const side of ['incoming', 'outgoing'] as const) {
      const touching = edges.filter((e) => (side === 'incoming' ? e.to : e.from) === node.id);
      const excluded = touching.filter((e) => !e.included);
      if (excluded.length === 0 || excluded.length < touching.length) continue;
      // Built with fromEntries, in coder order: any id (even `__proto__`) becomes a plain key.
      const byCoder = Object.fromEntries(coders.map((coder) => [coder, excluded.filter((e) => e.supportingCoders?.includes(coder)).length] as const).filter(([, count]) => count > 0));
      gaps.push({ stage: node.id, side, excludedEdges: excluded.length, byCoder });
    }
  }
  return gaps;
}

/**
 * Algorithm A-2 (spec §2.4): one participant's coder pathways merged under a rule. The
 * denominator n is the assigned coders; one without a pathway here (or with an empty one) found
 * no stage and counts as non-support. Pathways of coders who are not assigned are ignored.
 *
 * Every edge seen in any pathway is listed — `included` says whether the rule keeps it, and
 * `disputed` (support < n) holds whatever the rule. `disagreementIds` and `evidenceLocusIds` are
 * left empty here; `linkLoci` fills them from reconciliation's loci. Nodes and edges are in spec
 * §2.6 order; evidence is every supporting coder's exit/entry segments (runs for nodes), not
 * capped: one participant's evidence is bounded by its segments, and paging belongs to the view.
 *
 * @example
 * mergeCoders(derivePathwaysByCoder(p1, ['A', 'B'], segments, stageSet, parents), ['A', 'B'], { kind: 'majority' }, stageSet, { participantId: 'P1', transcriptId: 'P1', segments })
 *   .edges.filter((e) => e.included).map((e) => e.id)
 * // ['__start__->push', 'push->pull', 'cocreation->__end__']
 */
export function mergeCoders(pathwaysByCoder: Readonly<Record<Id, Pathway>>, assignedCoders: readonly Id[], rule: CoderMerge, stageSet: StageSet, source: MergeSource): ParticipantMerge {
  const coders = [...new Set(assignedCoders)].sort(compareText);
  const n = coders.length;
  const quorum = coderQuorum(rule, n);
  // The record's key is the coder; the layer is restated so evidence can never be misattributed.
  const pathways = coders.map((c): Pathway => (Object.hasOwn(pathwaysByCoder, c) ? { ...pathwaysByCoder[c]!, layer: c } : emptyPathway(source, c)));
  const map = createStageMap(stageSet, {});
  const segment = segmentLookup(source);
  const drafts = collectEdges(pathways, map, segment, source.text);
  const edges = [...drafts.entries()]
    .map(([id, d]) => ({ ...d, id }))
    .sort(createEdgeComparator(new Map(stageSet.stages.map((s) => [s.codeId, s.order]))))
    .map((d): PathwayEdge => {
      const supportingCoders = coders.filter((c) => d.coders.has(c));
      const support = supportingCoders.length;
      return {
        id: d.id,
        from: d.from,
        to: d.to,
        direction: d.direction,
        participants: 1,
        occurrences: null,
        participantIds: [source.participantId],
        support,
        total: n,
        agreement: coderAgreement(support, n),
        disputed: support < n,
        included: support >= quorum,
        supportingCoders,
        dissentingCoders: coders.filter((c) => !d.coders.has(c)),
        evidence: sortEvidence(d.evidence),
        disagreementIds: [],
        evidenceLocusIds: [],
      };
    });
  const nodes = buildNodes(pathways, stageSet, map, segment, source.text);
  return {
    participantId: source.participantId,
    transcriptId: source.transcriptId,
    coders,
    rule,
    quorum,
    pathways,
    nodes,
    edges,
    medoid: medoid(Object.fromEntries(coders.map((c, i) => [c, pathways[i]!]))),
    gaps: findGaps(nodes, edges, coders),
  };
}

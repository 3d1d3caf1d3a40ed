import { compareEvidence, compareText, createEdgeComparator, sortedUnique, sortInOrder } from './canonical-order.ts';
import { PathwayGraphError } from './pathway-graph-error.ts';
import {
  endId,
  startId,
  type EdgeId,
  type EvidenceRef,
  type Id,
  type NodeId,
  type ParticipantMerge,
  type ParticipantPathways,
  type Pathway,
  type PathwayEdge,
  type PathwayGraph,
  type PathwayNode,
  type StageSet,
  type TransitionDirection,
} from './types.ts';
import { groupVariants } from './variants.ts';

/** The caller's description of what the graph is built from; `participantIds` is filled in from the inputs. */
export type AggregateScope = Omit<PathwayGraph['scope'], 'participantIds'> & { readonly participantIds?: readonly Id[] };

/**
 * Turns a segment a single-sequence pathway cites into evidence (offsets, quote). A `Pathway` only
 * names segment ids; the quotes live with the segments and the transcript text, which A-3 does not
 * see. Without a resolver single inputs contribute no evidence (counts are unaffected).
 */
export type EvidenceResolver = (request: { readonly segmentId: Id; readonly role: EvidenceRef['role']; readonly pathway: Pathway }) => EvidenceRef | null;

export interface AggregateInput {
  readonly stageSet: StageSet;
  readonly scope: AggregateScope;
  readonly evidenceOf?: EvidenceResolver;
  /** Attach every input pathway (each coder's, for a merge) as `perParticipant`, for drill-down. */
  readonly includePerParticipant?: boolean;
}

interface Tally {
  readonly participantIds: Id[];
  occurrences: number;
  readonly evidence: EvidenceRef[];
}

interface EdgeTally extends Tally {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly coderSupport: { participantId: Id; support: number; total: number }[];
  readonly disagreementIds: Id[];
  readonly evidenceLocusIds: Id[];
  /** The A-2 edge itself, kept for the scalar coder fields of a one-participant graph. */
  source?: PathwayEdge;
}

/**
 * Algorithm A-3 (spec §2.5): aggregates one pathway input per participant into a `PathwayGraph`.
 *
 * - Edge and node `participants` count participants (case frequency); `occurrences` count
 *   occurrences and are `null` as soon as any input is a coder merge (only single sequences have
 *   them). Start and End count the participants with a Start (End) edge: a participant with no
 *   stage contributes no edge (§2.10) but is still counted in `totalParticipants` and the variants.
 * - A merged input contributes its `included` edges only, and the stages whose coder support reaches
 *   the merge's quorum (plus any endpoint of an included edge). Edges then carry `coderSupport` per
 *   participant and `meanSupportRatio`; `disputed` means some participant's coders disagreed on it.
 *   A one-participant merge also passes A-2's scalar fields through (`support`, `total`, `agreement`,
 *   coders; nodes' `coderSupport`), which is what the "k/n coders" exports show.
 * - Variants group single sequences as they are and a merge by its representative (medoid) sequence.
 * - Output is in the canonical order of §2.6 and does not depend on the order of `participants`.
 *
 * @example
 * aggregate(example3Pathways.map((pathway) => ({ kind: 'single', pathway })), { stageSet: exampleStageSet, scope })
 * // edges: __start__->push 4/4, __start__->pull 1/1, push->pull 3/4, … ; variants: push > pull > cocreation ×2, …
 */
export function aggregate(participants: readonly ParticipantPathways[], input: AggregateInput): PathwayGraph {
  const { stageSet } = input;
  const stageOrders = new Map<NodeId, number>(stageSet.stages.map((stage) => [stage.codeId, stage.order]));
  const inputs = [...participants].sort((a, b) => compareText(participantOf(a), participantOf(b)));
  const participantIds = inputs.map(participantOf);
  for (let i = 1; i < participantIds.length; i++) {
    if (participantIds[i] === participantIds[i - 1]) throw new PathwayGraphError('duplicateParticipant', `participant ${participantIds[i]} is given twice`);
  }
  const declared = input.scope.participantIds;
  if (declared && JSON.stringify(sortedUnique(declared)) !== JSON.stringify(participantIds)) {
    throw new PathwayGraphError('scopeMismatch', `scope lists participants ${sortedUnique(declared).join(', ')} but the inputs are ${participantIds.join(', ')}`);
  }
  const anyMerged = inputs.some((item) => item.kind === 'merged');
  const onlyMerge = inputs.length === 1 && inputs[0]?.kind === 'merged' ? inputs[0].merge : null;

  const nodeTallies = new Map<Id, Tally>();
  const edgeTallies = new Map<EdgeId, EdgeTally>();
  const requireStage = (id: NodeId, where: string): void => {
    if (!stageOrders.has(id)) throw new PathwayGraphError('unknownStage', `${where} names stage "${id}", which is not in stage set ${stageSet.id}`);
  };
  const nodeTally = (stage: Id): Tally => getOrCreate(nodeTallies, stage, () => ({ participantIds: [], occurrences: 0, evidence: [] }));
  const edgeTally = (from: NodeId, to: NodeId): EdgeTally => {
    if (from !== startId) requireStage(from, 'an edge');
    if (to !== endId) requireStage(to, 'an edge');
    return getOrCreate(edgeTallies, `${from}->${to}` as EdgeId, () => ({ from, to, participantIds: [], occurrences: 0, evidence: [], coderSupport: [], disagreementIds: [], evidenceLocusIds: [] }));
  };
  const countParticipant = (tally: Tally, participantId: Id): void => {
    if (tally.participantIds[tally.participantIds.length - 1] !== participantId) tally.participantIds.push(participantId);
  };

  for (const item of inputs) {
    if (item.kind === 'single') addSingle(item.pathway);
    else addMerge(item.merge);
  }

  function addSingle(pathway: Pathway): void {
    const id = pathway.participantId;
    const resolve = (segmentId: Id | null, role: EvidenceRef['role']): EvidenceRef[] => {
      const ref = segmentId === null || !input.evidenceOf ? null : input.evidenceOf({ segmentId, role, pathway });
      return ref ? [ref] : [];
    };
    for (const stage of pathway.sequence) {
      requireStage(stage, `the pathway of ${id}`);
      const tally = nodeTally(stage);
      countParticipant(tally, id);
      tally.occurrences++;
    }
    for (const run of pathway.runs) {
      requireStage(run.stage, `the pathway of ${id}`);
      for (const segmentId of run.segmentIds) append(nodeTally(run.stage).evidence, resolve(segmentId, 'run'));
    }
    for (const transition of pathway.transitions) {
      // Start→End of an empty pathway is implied, never an edge (§2.10).
      if (transition.from === startId && transition.to === endId) continue;
      const tally = edgeTally(transition.from, transition.to);
      countParticipant(tally, id);
      tally.occurrences++;
      append(tally.evidence, resolve(transition.exitSegmentId, 'exit'));
      append(tally.evidence, resolve(transition.entrySegmentId, 'entry'));
    }
  }

  function addMerge(merge: ParticipantMerge): void {
    const id = merge.participantId;
    const counted = new Set<Id>();
    for (const edge of merge.edges) {
      if (!edge.included || (edge.from === startId && edge.to === endId)) continue;
      const tally = edgeTally(edge.from, edge.to);
      countParticipant(tally, id);
      const total = edge.total ?? merge.coders.length;
      tally.coderSupport.push({ participantId: id, support: edge.support ?? edge.supportingCoders?.length ?? total, total });
      append(tally.evidence, edge.evidence);
      append(tally.disagreementIds, edge.disagreementIds);
      append(tally.evidenceLocusIds, edge.evidenceLocusIds);
      tally.source = edge;
      if (edge.from !== startId) counted.add(edge.from);
      if (edge.to !== endId) counted.add(edge.to);
    }
    const stageNodes = merge.nodes.filter((node) => node.kind === 'stage');
    for (const node of stageNodes) {
      // A stage visited by too few coders is left out, like the edges below quorum.
      if (node.coderSupport && node.coderSupport.support >= merge.quorum) counted.add(node.id);
    }
    for (const stage of [...counted].sort(compareText)) {
      requireStage(stage, `the merge of ${id}`);
      const tally = nodeTally(stage);
      countParticipant(tally, id);
      append(tally.evidence, stageNodes.find((node) => node.id === stage)?.evidence ?? []);
    }
  }

  const edges = [...edgeTallies.entries()].map(([id, tally]) => buildEdge(id, tally)).sort(createEdgeComparator(stageOrders));

  function buildEdge(id: EdgeId, tally: EdgeTally): PathwayEdge {
    const coderSupport = tally.coderSupport.sort((a, b) => compareText(a.participantId, b.participantId));
    const source = onlyMerge ? tally.source : undefined;
    return {
      id,
      from: tally.from,
      to: tally.to,
      direction: directionOf(tally.from, tally.to, stageOrders),
      participants: tally.participantIds.length,
      occurrences: anyMerged ? null : tally.occurrences,
      participantIds: tally.participantIds.sort(compareText),
      ...(source?.support !== undefined ? { support: source.support } : {}),
      ...(source?.total !== undefined ? { total: source.total } : {}),
      ...(source?.agreement !== undefined ? { agreement: source.agreement } : {}),
      disputed: coderSupport.some((entry) => entry.support < entry.total),
      included: true,
      ...(source?.supportingCoders ? { supportingCoders: [...source.supportingCoders].sort(compareText) } : {}),
      ...(source?.dissentingCoders ? { dissentingCoders: [...source.dissentingCoders].sort(compareText) } : {}),
      ...(coderSupport.length > 0 ? { coderSupport, meanSupportRatio: coderSupport.reduce((sum, entry) => sum + (entry.total === 0 ? 0 : entry.support / entry.total), 0) / coderSupport.length } : {}),
      evidence: sortedEvidence(tally.evidence),
      // Participants in id order, each one's loci in transcript order (as A-2 lists them): a reader's order.
      disagreementIds: [...new Set(tally.disagreementIds)],
      evidenceLocusIds: [...new Set(tally.evidenceLocusIds)],
    };
  }

  const terminal = (kind: 'start' | 'end'): PathwayNode => {
    const incident = edges.filter((edge) => (kind === 'start' ? edge.from === startId : edge.to === endId));
    // As A-2 does: Start just before the first stage (0 for orders ≥ 1), End just past the last; ±∞ does not survive JSON.
    const orders = stageSet.stages.map((stage) => stage.order);
    return {
      id: kind === 'start' ? startId : endId,
      kind,
      label: kind === 'start' ? 'Start' : 'End',
      order: kind === 'start' ? Math.min(0, ...orders.map((order) => order - 1)) : Math.max(0, ...orders) + 1,
      participants: sortedUnique(incident.flatMap((edge) => edge.participantIds)).length,
      occurrences: anyMerged ? null : incident.reduce((sum, edge) => sum + (edge.occurrences ?? 0), 0),
      evidence: [],
    };
  };
  const stageNodes: PathwayNode[] = [...stageSet.stages]
    .sort((a, b) => a.order - b.order || compareText(a.codeId, b.codeId))
    .flatMap((stage) => {
      const tally = nodeTallies.get(stage.codeId);
      if (!tally || tally.participantIds.length === 0) return [];
      const coderSupport = onlyMerge?.nodes.find((node) => node.id === stage.codeId)?.coderSupport;
      return [
        {
          id: stage.codeId,
          kind: 'stage' as const,
          label: stage.label,
          order: stage.order,
          ...(stage.color !== undefined ? { color: stage.color } : {}),
          participants: tally.participantIds.length,
          occurrences: anyMerged ? null : tally.occurrences,
          ...(coderSupport ? { coderSupport: { support: coderSupport.support, total: coderSupport.total } } : {}),
          evidence: sortedEvidence(tally.evidence),
        },
      ];
    });

  const perParticipant = inputs
    .flatMap((item) => (item.kind === 'single' ? [item.pathway] : item.merge.pathways))
    .sort((a, b) => compareText(a.participantId, b.participantId) || compareText(a.layer, b.layer));

  const { participantIds: _declared, ...scope } = input.scope;
  return {
    schemaVersion: 1,
    scope: { ...scope, participantIds },
    totalParticipants: inputs.length,
    nodes: [terminal('start'), ...stageNodes, terminal('end')],
    edges,
    variants: groupVariants(inputs.map((item) => (item.kind === 'single' ? item.pathway : { participantId: item.merge.participantId, sequence: item.merge.medoid?.sequence ?? [] }))),
    ...(input.includePerParticipant ? { perParticipant } : {}),
  };
}

/**
 * The direction of a transition relative to the canonical stage order (spec §2.1).
 *
 * @example
 * directionOf('pull', 'push', new Map([['push', 1], ['pull', 2]])) // 'backward'
 */
export function directionOf(from: NodeId, to: NodeId, stageOrders: ReadonlyMap<NodeId, number>): TransitionDirection {
  if (from === startId) return 'start';
  if (to === endId) return 'end';
  if (from === to) return 'self';
  const a = stageOrders.get(from) ?? 0;
  const b = stageOrders.get(to) ?? 0;
  return a < b ? 'forward' : a > b ? 'backward' : 'lateral';
}

function participantOf(item: ParticipantPathways): Id {
  return item.kind === 'single' ? item.pathway.participantId : item.merge.participantId;
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/** Appends in place; a spread of a large list into `push` could overflow the stack. */
function append<T>(to: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) to.push(items[i]!);
}

/**
 * Canonical order, each (participant, layer, role, segment) once — the first one given: a segment
 * can be cited twice by one edge. The keys are looked up level by level (participant, layer,
 * role, then the segment's set), which builds no key string; the list mostly arrives in order
 * (participants in id order, each already sorted by A-2), and then is not sorted again.
 */
function sortedEvidence(evidence: readonly EvidenceRef[]): EvidenceRef[] {
  const seen = new Map<Id, Map<Id, Map<string, Set<Id>>>>();
  let lastParticipant: Id | undefined;
  let byLayer: Map<Id, Map<string, Set<Id>>> | undefined;
  const unique: EvidenceRef[] = [];
  for (const ref of evidence) {
    if (byLayer === undefined || ref.participantId !== lastParticipant) {
      lastParticipant = ref.participantId;
      byLayer = seen.get(ref.participantId);
      if (!byLayer) seen.set(ref.participantId, (byLayer = new Map()));
    }
    let byRole = byLayer.get(ref.layer);
    if (!byRole) byLayer.set(ref.layer, (byRole = new Map()));
    let ids = byRole.get(ref.role);
    if (!ids) byRole.set(ref.role, (ids = new Set()));
    if (ids.has(ref.segmentId)) continue;
    ids.add(ref.segmentId);
    unique.push(ref);
  }
  return sortInOrder(unique, compareEvidence);
}

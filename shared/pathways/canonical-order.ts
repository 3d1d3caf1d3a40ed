import { endId, startId, type EvidenceRef, type Id, type NodeId, type PathwayNode } from './types.ts';

// The ordering rules of spec §2.6 in one place, so the aggregate, the filters and every exporter
// list nodes, edges and evidence identically (snapshot tests and diffs of exports stay stable).

/**
 * Ordinal comparison by UTF-16 code units: locale-independent, so every machine sorts alike.
 *
 * @example
 * ['push', 'pull'].sort(compareText) // ['pull', 'push']
 */
export function compareText(a: string, b: string): number {
  // Equal ids are the common case (same participant, same coder): one comparison instead of two.
  if (a === b) return 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Elementwise comparison of two id lists; a proper prefix sorts first.
 *
 * @example
 * compareSequences(['pull', 'cocreation'], ['push']) // -1
 */
export function compareSequences(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareText(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

// A node's rank (spec §2.6) as a pair (0 Start | 1 stage | 2 End, stage order), compared without
// building the pair (comparators run n log n times). An id without a known order sorts after the
// known stages, before End (never happens for graphs built by `aggregate`; keeps hand-made graphs
// deterministic).
const rankKind = (id: NodeId): number => (id === startId ? 0 : id === endId ? 2 : 1);

function compareRanks(a: NodeId, aOrder: number | undefined, b: NodeId, bOrder: number | undefined): number {
  const kind = rankKind(a) - rankKind(b);
  if (kind !== 0 || a === startId || a === endId) return kind;
  const x = aOrder ?? Number.MAX_VALUE;
  const y = bOrder ?? Number.MAX_VALUE;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Nodes: Start, then stages by `order` (ties by id), then End (§2.6).
 *
 * @example
 * nodes.slice().sort(compareNodes)
 */
export function compareNodes(a: PathwayNode, b: PathwayNode): number {
  // One id is one node: equal (as a lookup of both orders by id would make them).
  if (a.id === b.id) return 0;
  return compareRanks(a.id, a.order, b.id, b.order) || compareText(a.id, b.id);
}

/**
 * Edges by (rank(from), rank(to), id), rank(Start) = 0, rank(stage) = order, rank(End) = ∞ (§2.6).
 * `orderOf` maps stage ids to their order.
 *
 * @example
 * edges.slice().sort(createEdgeComparator(new Map([['push', 1], ['pull', 2]])))
 */
export function createEdgeComparator(orderOf: ReadonlyMap<NodeId, number>): (a: EdgeKey, b: EdgeKey) => number {
  return (a, b) => compareRanks(a.from, orderOf.get(a.from), b.from, orderOf.get(b.from)) || compareRanks(a.to, orderOf.get(a.to), b.to, orderOf.get(b.to)) || compareText(a.id, b.id);
}

/** What edge ordering needs to know of an edge. */
export interface EdgeKey {
  readonly id: string;
  readonly from: NodeId;
  readonly to: NodeId;
}

/**
 * The stage orders of a graph's nodes, for `createEdgeComparator`.
 *
 * @example
 * createEdgeComparator(nodeOrders(graph.nodes))
 */
export function nodeOrders(nodes: readonly PathwayNode[]): ReadonlyMap<NodeId, number> {
  return new Map(nodes.map((node) => [node.id, node.order]));
}

// Exit before entry before run: the same tie-break as A-2's evidence, so merged and aggregated
// evidence lists read alike.
const roleRank: Readonly<Record<EvidenceRef['role'], number>> = { exit: 0, entry: 1, run: 2 };

/**
 * Evidence by (participantId, coderId, start), then end, role (exit, entry, run) and segment id so
 * that ties are total (§2.6). The coder of an evidence item is its `layer` ('consensus' or the coder's id).
 *
 * @example
 * evidence.slice().sort(compareEvidence)
 */
export function compareEvidence(a: EvidenceRef, b: EvidenceRef): number {
  return (
    compareText(a.participantId, b.participantId) ||
    compareText(a.layer, b.layer) ||
    a.start - b.start ||
    a.end - b.end ||
    roleRank[a.role] - roleRank[b.role] ||
    compareText(a.segmentId, b.segmentId)
  );
}

/**
 * Sorted, duplicate-free ids.
 *
 * @example
 * sortedUnique(['P2', 'P1', 'P2']) // ['P1', 'P2']
 */
export function sortedUnique(ids: Iterable<Id>): Id[] {
  return [...new Set(ids)].sort(compareText);
}

/**
 * Sorts in place with a stable sort, skipping the sort when the list is already in order (a stable
 * sort leaves such a list as it is): evidence mostly arrives in order.
 *
 * @example
 * sortInOrder(refs, compareEvidence)
 */
export function sortInOrder<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1]!, items[i]!) > 0) return items.sort(compare);
  return items;
}

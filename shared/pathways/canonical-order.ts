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

/** A node's rank as a pair: (0 Start | 1 stage | 2 End, stage order). Pairs avoid storing ±∞. */
type Rank = readonly [number, number];

function rankOf(id: NodeId, orderOf: ReadonlyMap<NodeId, number>): Rank {
  if (id === startId) return [0, 0];
  if (id === endId) return [2, 0];
  // An id without a known order sorts after the known stages, before End (never happens for graphs
  // built by `aggregate`; keeps hand-made graphs deterministic).
  return [1, orderOf.get(id) ?? Number.MAX_VALUE];
}

function compareRank(a: Rank, b: Rank): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

/**
 * Nodes: Start, then stages by `order` (ties by id), then End (§2.6).
 *
 * @example
 * nodes.slice().sort(compareNodes)
 */
export function compareNodes(a: PathwayNode, b: PathwayNode): number {
  const orders = new Map<NodeId, number>([
    [a.id, a.order],
    [b.id, b.order],
  ]);
  return compareRank(rankOf(a.id, orders), rankOf(b.id, orders)) || compareText(a.id, b.id);
}

/**
 * Edges by (rank(from), rank(to), id), rank(Start) = 0, rank(stage) = order, rank(End) = ∞ (§2.6).
 * `orderOf` maps stage ids to their order.
 *
 * @example
 * edges.slice().sort(createEdgeComparator(new Map([['push', 1], ['pull', 2]])))
 */
export function createEdgeComparator(orderOf: ReadonlyMap<NodeId, number>): (a: EdgeKey, b: EdgeKey) => number {
  return (a, b) => compareRank(rankOf(a.from, orderOf), rankOf(b.from, orderOf)) || compareRank(rankOf(a.to, orderOf), rankOf(b.to, orderOf)) || compareText(a.id, b.id);
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

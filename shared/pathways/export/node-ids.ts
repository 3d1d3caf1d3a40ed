import { compareNodes, compareText } from '../canonical-order.ts';
import { endId, startId, type NodeId, type PathwayGraph } from '../types.ts';

/**
 * The stage ids of a graph in canonical order: its stage nodes, then any edge endpoint without a
 * node (hand-made graphs), by id. Export ids are assigned in this order, so collision suffixes are stable.
 *
 * @example
 * stageIdsOf(graph) // ['push', 'pull', 'cocreation']
 */
export function stageIdsOf(graph: PathwayGraph): NodeId[] {
  const stages = graph.nodes.filter((node) => node.kind === 'stage').sort(compareNodes).map((node) => node.id);
  const known = new Set<NodeId>([...stages, startId, endId]);
  const extra = graph.edges.flatMap((edge) => [edge.from, edge.to]).filter((id) => !known.has(id));
  return [...stages, ...[...new Set(extra)].sort(compareText)];
}

/**
 * Assigns each stage a unique export id: `candidate(stage)`, or with `_2`, `_3`, … appended when
 * that is taken (by a reserved id or an earlier stage).
 *
 * @example
 * uniqueIds(['a.b', 'a_b'], (id) => id.replace(/\W/g, '_'), ['START']) // Map { 'a.b' → 'a_b', 'a_b' → 'a_b_2' }
 */
export function uniqueIds(stages: readonly NodeId[], candidate: (stage: NodeId) => string, reserved: readonly string[]): Map<NodeId, string> {
  const taken = new Set<string>(reserved);
  const ids = new Map<NodeId, string>();
  for (const stage of stages) {
    const base = candidate(stage);
    let id = base;
    for (let suffix = 2; taken.has(id); suffix++) id = `${base}_${suffix}`;
    taken.add(id);
    ids.set(stage, id);
  }
  return ids;
}

import { compareEvidence, compareNodes, compareSequences, createEdgeComparator, nodeOrders } from '../canonical-order.ts';
import type { PathwayGraph } from '../types.ts';

export interface JsonOptions {
  /** Spaces per indentation level (default 2; 0 for one line). */
  readonly indent?: number;
}

/**
 * Stable JSON of a graph (spec §2.8 "graph JSON"): nodes, edges, evidence and variants in the
 * canonical order of §2.6, object keys sorted at every level, `undefined` fields left out. The same
 * graph therefore always gives the same bytes, whatever order its arrays or keys were built in, so
 * exports can be diffed and hashed. `scope` (inside the graph) states what it was built from.
 *
 * @example
 * toJson(graph).startsWith('{\n  "edges": [') // true
 */
export function toJson(graph: PathwayGraph, options: JsonOptions = {}): string {
  const compareEdges = createEdgeComparator(nodeOrders(graph.nodes));
  const canonical: PathwayGraph = {
    ...graph,
    nodes: [...graph.nodes].sort(compareNodes).map((node) => ({ ...node, evidence: [...node.evidence].sort(compareEvidence) })),
    edges: [...graph.edges].sort(compareEdges).map((edge) => ({ ...edge, evidence: [...edge.evidence].sort(compareEvidence) })),
    variants: [...graph.variants].sort((a, b) => b.count - a.count || compareSequences(a.sequence, b.sequence)),
  };
  return `${JSON.stringify(sortKeys(canonical), null, options.indent ?? 2)}\n`;
}

/** A copy with every object's keys in ordinal order (arrays keep their order). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

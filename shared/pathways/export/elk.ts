import { compareNodes, createEdgeComparator, nodeOrders } from '../canonical-order.ts';
import type { PathwayGraph } from '../types.ts';
import { edgeLabel, nodeCountLabel } from './edge-style.ts';
import { stageIdsOf } from './node-ids.ts';

/**
 * The layout options of the pathway map (spec §2.7, decision A7): layered, left to right, cycles
 * broken by model order so that, with children fed in canonical stage order, the back-transitions
 * are exactly the reversed edges.
 */
export const elkLayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.edgeRouting': 'SPLINES',
} as const;

export interface ElkLabel {
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

export interface ElkNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly labels: readonly ElkLabel[];
}

export interface ElkEdge {
  readonly id: string;
  readonly sources: readonly [string];
  readonly targets: readonly [string];
  readonly labels: readonly ElkLabel[];
}

/** elkjs's JSON graph; `scope` is ignored by ELK and carried so a saved layout input states its origin. */
export interface ElkGraph {
  readonly id: 'pathway';
  readonly layoutOptions: typeof elkLayoutOptions;
  readonly children: readonly ElkNode[];
  readonly edges: readonly ElkEdge[];
  readonly scope?: PathwayGraph['scope'];
}

export interface ElkOptions {
  /** Stage box size (px); fixed, per spec §2.7. Defaults 160 × 56. */
  readonly nodeWidth?: number;
  readonly nodeHeight?: number;
  /** Diameter of the Start and End circles (px). Default 36. */
  readonly terminalSize?: number;
  /** Carry `scope` (default true). */
  readonly provenance?: boolean;
}

// Labels need a size before layout; the worker has no font metrics, so estimate (the UI re-measures).
const charWidth = 7;
const lineHeight = 16;
const estimate = (text: string): ElkLabel => ({ text, width: text.length * charWidth, height: lineHeight });

/**
 * ELK JSON layout input (spec §2.7, §4 example 3): children in canonical order (Start, stages by
 * order, End), edges in canonical order, ids exactly the graph's (`__start__`, `push`, `push->pull`).
 *
 * @example
 * toElk(graph).children.map((child) => child.id) // ['__start__', 'push', 'pull', 'cocreation', '__end__']
 */
export function toElk(graph: PathwayGraph, options: ElkOptions = {}): ElkGraph {
  const width = options.nodeWidth ?? 160;
  const height = options.nodeHeight ?? 56;
  const terminal = options.terminalSize ?? 36;
  const nodes = [...graph.nodes].sort(compareNodes);
  const known = new Set(nodes.map((node) => node.id));
  const children: ElkNode[] = nodes.map((node) => {
    const count = nodeCountLabel(node);
    return node.kind === 'stage'
      ? { id: node.id, width, height, labels: [estimate(node.label), ...(count === null ? [] : [estimate(count)])] }
      : { id: node.id, width: terminal, height: terminal, labels: [estimate(node.label)] };
  });
  // An edge endpoint without a node (hand-made graphs) still needs a child, or elkjs throws.
  const missing = stageIdsOf(graph).filter((id) => !known.has(id));
  const end = children.findIndex((child) => child.id === '__end__');
  children.splice(end < 0 ? children.length : end, 0, ...missing.map((id) => ({ id, width, height, labels: [estimate(id)] })));
  const edges = [...graph.edges]
    .sort(createEdgeComparator(nodeOrders(graph.nodes)))
    .map((edge): ElkEdge => ({ id: edge.id, sources: [edge.from], targets: [edge.to], labels: [estimate(edgeLabel(edge))] }));
  return { id: 'pathway', layoutOptions: elkLayoutOptions, children, edges, ...((options.provenance ?? true) ? { scope: graph.scope } : {}) };
}

import { compareText } from './canonical-order.ts';
import { PathwayGraphError } from './pathway-graph-error.ts';
import { endId, startId, type Id, type NodeId, type PathwayEdge, type PathwayGraph } from './types.ts';

// Visibility filters (spec §2.5, decision A6): they hide edges and stages, never change a count.
// Every function returns a new graph whose remaining nodes and edges are the input's objects with
// their counts untouched, appends what it hid to `filterLog` and records its settings in
// `scope.visibility`, so an export states exactly which view it shows.

/** An edge threshold: an absolute number of participants, or a share (0–1) of all participants. */
export type EdgeThreshold = { readonly minParticipants: number; readonly minShare?: undefined } | { readonly minShare: number; readonly minParticipants?: undefined };

export type FilterEdgesOptions = EdgeThreshold & {
  /** Require every stage to stay connected, not only the stages of edges above the threshold. */
  readonly keepAllStages?: boolean;
};

/** Which edges `showOnly` keeps: forward hides back-transitions; backward shows back-transitions only. */
export type DirectionFilter = 'forward' | 'backward' | 'all';

export interface Visibility {
  readonly minParticipants?: number;
  readonly minShare?: number;
  readonly keepAllStages?: boolean;
  readonly minStageParticipants?: number;
  readonly hideDisputedBelow?: number;
  readonly showOnly?: DirectionFilter;
}

/**
 * Connectivity-preserving path filter, pm4py style (spec §2.5, the five steps):
 * 1. `mustKeep` = edges with participants ≥ the threshold;
 * 2. `required` = every stage if `keepAllStages`, else the stages incident to `mustKeep`;
 * 3. the other edges are candidates, ascending by (participants, occurrences, id);
 * 4. each candidate is removed for good ("removed a->b") if every required stage is still reachable
 *    from Start and still reaches End, else restored with `keptForConnectivity` ("kept a->b (connectivity)");
 * 5. stages left without edges are dropped. Start and End always stay.
 *
 * A required stage that was already cut off before filtering (by an earlier visibility filter) is not
 * required: no removal could reconnect it, and it must not pin every other edge.
 *
 * @example
 * filterEdges(example3Graph, { minParticipants: 4 }).filterLog
 * // ['removed __start__->pull', 'removed pull->push', 'removed push->cocreation', 'kept push->pull (connectivity)']
 */
export function filterEdges(graph: PathwayGraph, options: FilterEdgesOptions): PathwayGraph {
  const threshold = effectiveThreshold(graph, options);
  const keepAllStages = options.keepAllStages ?? false;
  const mustKeep = graph.edges.filter((edge) => edge.participants >= threshold);
  const stageIds = graph.nodes.filter((node) => node.kind === 'stage').map((node) => node.id);
  const wanted = keepAllStages ? stageIds : mustKeep.flatMap((edge) => [edge.from, edge.to]).filter((id) => id !== startId && id !== endId);
  const connectedAtFirst = connectedStages(graph.edges);
  const required = [...new Set(wanted)].filter((id) => connectedAtFirst.has(id)).sort(compareText);

  const candidates = graph.edges
    .filter((edge) => edge.participants < threshold)
    .sort((a, b) => a.participants - b.participants || (a.occurrences ?? 0) - (b.occurrences ?? 0) || compareText(a.id, b.id));
  const removed = new Set<string>();
  const kept = new Set<string>();
  const log: string[] = [];
  for (const candidate of candidates) {
    const remaining = graph.edges.filter((edge) => edge.id !== candidate.id && !removed.has(edge.id));
    const connected = connectedStages(remaining);
    if (required.every((id) => connected.has(id))) {
      removed.add(candidate.id);
      log.push(`removed ${candidate.id}`);
    } else {
      kept.add(candidate.id);
      log.push(`kept ${candidate.id} (connectivity)`);
    }
  }

  const edges = graph.edges
    .filter((edge) => !removed.has(edge.id))
    .map((edge) => {
      // A graph filtered before carries old flags; the flag describes this filter's decision only.
      const { keptForConnectivity: _previous, ...rest } = edge;
      return kept.has(edge.id) ? { ...rest, keptForConnectivity: true } : rest;
    });
  const setting = options.minShare !== undefined ? { minShare: options.minShare, effectiveMinParticipants: threshold } : { minParticipants: threshold };
  return withEdges(graph, edges, log, { ...setting, keepAllStages });
}

/**
 * Hides stages seen by fewer than `minStageParticipants` participants, and their edges.
 *
 * @example
 * filterStages(graph, 2).filterLog // ['removed stage lateral (participants 1 < 2)', 'removed push->lateral (stage hidden)', …]
 */
export function filterStages(graph: PathwayGraph, minStageParticipants: number): PathwayGraph {
  requireThreshold('minStageParticipants', minStageParticipants);
  const hidden = graph.nodes.filter((node) => node.kind === 'stage' && node.participants < minStageParticipants);
  const hiddenIds = new Set<NodeId>(hidden.map((node) => node.id));
  const log = hidden.map((node) => `removed stage ${node.id} (participants ${node.participants} < ${minStageParticipants})`);
  const edges: PathwayEdge[] = [];
  for (const edge of graph.edges) {
    if (hiddenIds.has(edge.from) || hiddenIds.has(edge.to)) log.push(`removed ${edge.id} (stage hidden)`);
    else edges.push(edge);
  }
  return withEdges({ ...graph, nodes: graph.nodes.filter((node) => !hiddenIds.has(node.id)) }, edges, log, { minStageParticipants });
}

/**
 * Hides coder-merged edges whose mean support ratio is below `threshold` (0–1). Edges without coder
 * support (consensus or single-coder input) are never disputed and stay.
 *
 * @example
 * hideDisputed(graph, 0.75).filterLog // ['removed pull->push (mean support 0.50 < 0.75)']
 */
export function hideDisputed(graph: PathwayGraph, threshold: number): PathwayGraph {
  requireThreshold('hideDisputedBelow', threshold, 1);
  const log: string[] = [];
  const edges = graph.edges.filter((edge) => {
    const ratio = edge.meanSupportRatio;
    if (ratio === undefined || ratio >= threshold) return true;
    log.push(`removed ${edge.id} (mean support ${ratio.toFixed(2)} < ${threshold})`);
    return false;
  });
  return withEdges(graph, edges, log, { hideDisputedBelow: threshold });
}

/**
 * Shows only forward flow (hides back-transitions) or only back-transitions.
 *
 * @example
 * showOnly(graph, 'forward').filterLog // ['removed pull->push (showOnly forward)']
 */
export function showOnly(graph: PathwayGraph, direction: DirectionFilter): PathwayGraph {
  const visible = (edge: PathwayEdge): boolean => direction === 'all' || (direction === 'forward' ? edge.direction !== 'backward' : edge.direction === 'backward');
  const log = graph.edges.filter((edge) => !visible(edge)).map((edge) => `removed ${edge.id} (showOnly ${direction})`);
  return withEdges(graph, graph.edges.filter(visible), log, { showOnly: direction });
}

/**
 * All visibility filters in a fixed order: direction, disputed, stages, then the
 * connectivity-preserving edge threshold (so connectivity is judged on what will be drawn).
 *
 * @example
 * applyVisibility(graph, { minParticipants: 2, showOnly: 'forward' })
 */
export function applyVisibility(graph: PathwayGraph, visibility: Visibility): PathwayGraph {
  if (visibility.minParticipants !== undefined && visibility.minShare !== undefined) {
    throw new PathwayGraphError('invalidThreshold', 'give minParticipants or minShare, not both');
  }
  let result = graph;
  if (visibility.showOnly !== undefined) result = showOnly(result, visibility.showOnly);
  if (visibility.hideDisputedBelow !== undefined) result = hideDisputed(result, visibility.hideDisputedBelow);
  if (visibility.minStageParticipants !== undefined) result = filterStages(result, visibility.minStageParticipants);
  const keepAllStages = visibility.keepAllStages ?? false;
  if (visibility.minParticipants !== undefined) result = filterEdges(result, { minParticipants: visibility.minParticipants, keepAllStages });
  else if (visibility.minShare !== undefined) result = filterEdges(result, { minShare: visibility.minShare, keepAllStages });
  return result;
}

/**
 * The stages reachable from Start that can also reach End along `edges`.
 *
 * @example
 * connectedStages(graph.edges).has('pull') // true
 */
export function connectedStages(edges: readonly Pick<PathwayEdge, 'from' | 'to'>[]): Set<NodeId> {
  const forward = reach(startId, edges, (edge) => edge.from, (edge) => edge.to);
  const backward = reach(endId, edges, (edge) => edge.to, (edge) => edge.from);
  const both = new Set<NodeId>();
  for (const id of [...forward].sort(compareText)) if (backward.has(id) && id !== startId && id !== endId) both.add(id);
  return both;
}

function reach(origin: NodeId, edges: readonly Pick<PathwayEdge, 'from' | 'to'>[], tail: (edge: Pick<PathwayEdge, 'from' | 'to'>) => NodeId, head: (edge: Pick<PathwayEdge, 'from' | 'to'>) => NodeId): Set<NodeId> {
  const seen = new Set<NodeId>([origin]);
  const queue: NodeId[] = [origin];
  while (queue.length > 0) {
    const id = queue.shift() as NodeId;
    for (const edge of edges) {
      if (tail(edge) === id && !seen.has(head(edge))) {
        seen.add(head(edge));
        queue.push(head(edge));
      }
    }
  }
  return seen;
}

function effectiveThreshold(graph: PathwayGraph, options: FilterEdgesOptions): number {
  if (options.minShare !== undefined) {
    requireThreshold('minShare', options.minShare, 1);
    // Shares are compared as counts; the epsilon absorbs 0.7 × 10 = 7.000000000000001.
    return Math.ceil(options.minShare * graph.totalParticipants - 1e-9);
  }
  requireThreshold('minParticipants', options.minParticipants);
  return options.minParticipants;
}

function requireThreshold(name: string, value: number, max = Number.POSITIVE_INFINITY): void {
  if (!(value >= 0 && value <= max)) throw new PathwayGraphError('invalidThreshold', `${name} must be a number in [0, ${max}], got ${value}`);
}

/** The graph with only `edges` visible; stages left without an edge are dropped and logged. */
function withEdges(graph: PathwayGraph, edges: readonly PathwayEdge[], log: readonly string[], visibility: Readonly<Record<string, unknown>>): PathwayGraph {
  const incident = new Set<NodeId>(edges.flatMap((edge) => [edge.from, edge.to]));
  const orphaned = graph.nodes.filter((node) => node.kind === 'stage' && !incident.has(node.id));
  const orphanedIds = new Set<Id>(orphaned.map((node) => node.id));
  return {
    ...graph,
    scope: { ...graph.scope, visibility: { ...graph.scope.visibility, ...visibility } },
    nodes: graph.nodes.filter((node) => !orphanedIds.has(node.id)),
    edges,
    filterLog: [...(graph.filterLog ?? []), ...log, ...orphaned.map((node) => `removed stage ${node.id} (no edges left)`)],
  };
}

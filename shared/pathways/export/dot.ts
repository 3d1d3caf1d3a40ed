import { compareNodes, createEdgeComparator, nodeOrders } from '../canonical-order.ts';
import { endId, startId, type NodeId, type PathwayEdge, type PathwayGraph } from '../types.ts';
import { edgeColor, edgeLabel, edgeWeight, maxEdgeWeight, nodeCountLabel, safeColor, scaledWidth } from './edge-style.ts';
import { stageIdsOf, uniqueIds } from './node-ids.ts';
import { describeGraph } from './provenance.ts';

export interface DotOptions {
  /**
   * Add `//` comment lines before `digraph` stating the scope, options and filter log (default
   * true). Graphviz ignores them; with `false` the output is exactly the spec's golden blocks.
   */
  readonly provenance?: boolean;
}

const keywords = new Set(['node', 'edge', 'graph', 'digraph', 'subgraph', 'strict']);

/**
 * The DOT ids of a graph's nodes: `START`, `END`, and each stage's own id, suffixed `_2`, `_3`, …
 * if it would collide with `START`/`END`. Ids that are not plain identifiers (or are DOT keywords)
 * are quoted where they are written.
 *
 * @example
 * dotNodeIds(graph).get('push') // 'push'
 */
export function dotNodeIds(graph: PathwayGraph): Map<NodeId, string> {
  const ids = uniqueIds(stageIdsOf(graph), (stage) => stage, ['START', 'END']);
  ids.set(startId, 'START');
  ids.set(endId, 'END');
  return ids;
}

/**
 * Graphviz DOT export (spec §2.8): `rankdir=LR`, Start a circle, End a double circle, stage order
 * pinned by an invisible weighted spine through the stages present, `penwidth = 1 + 5·w/max`,
 * disputed edges dashed, backward edges red with `constraint=false` so they never re-rank nodes,
 * and edges kept only for connectivity thin, grey, dotted, with a tooltip saying why.
 *
 * @example
 * toDot(graph, { provenance: false }) // 'digraph pathway {\n  rankdir=LR;\n …'
 */
export function toDot(graph: PathwayGraph, options: DotOptions = {}): string {
  const ids = dotNodeIds(graph);
  const idOf = (id: NodeId): string => quoteId(ids.get(id) as string);
  const nodes = [...graph.nodes].sort(compareNodes);
  const edges = [...graph.edges].sort(createEdgeComparator(nodeOrders(graph.nodes)));
  const labelOf = (kind: 'start' | 'end', fallback: string): string => nodes.find((node) => node.kind === kind)?.label ?? fallback;

  const lines: string[] = [];
  if (options.provenance ?? true) lines.push(...describeGraph(graph).map((line) => `// ${line}`));
  lines.push(
    'digraph pathway {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fillcolor="#f4f6f8", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
    `  START [shape=circle, label=${quote(labelOf('start', 'Start'))}, width=0.4];`,
    `  END [shape=doublecircle, label=${quote(labelOf('end', 'End'))}, width=0.4];`,
  );
  for (const node of nodes) {
    if (node.kind !== 'stage') continue;
    const count = nodeCountLabel(node);
    const color = safeColor(node.color);
    lines.push(`  ${idOf(node.id)} [label=${quote(node.label, count)}${color ? `, fillcolor=${quote(color)}` : ''}];`);
  }
  const stages = stageIdsOf(graph);
  for (const stage of stages.filter((id) => !nodes.some((node) => node.id === id))) lines.push(`  ${idOf(stage)} [label=${quote(stage)}];`);
  lines.push(`  ${['START', ...stages.map(idOf), 'END'].join(' -> ')} [style=invis, weight=10];`);

  const max = maxEdgeWeight(edges);
  for (const edge of edges) lines.push(`  ${idOf(edge.from)} -> ${idOf(edge.to)} [${edgeAttributes(edge, max).join(', ')}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function edgeAttributes(edge: PathwayEdge, max: number): string[] {
  const backward = edge.direction === 'backward';
  if (edge.keptForConnectivity) {
    return [
      `label=${quote(edgeLabel(edge))}`,
      'penwidth=1',
      'style=dotted',
      `color=${quote(edgeColor(edge))}`,
      ...(backward ? ['constraint=false'] : []),
      `tooltip=${quote('kept for connectivity: below the threshold, but removing it would cut a stage off from Start or End')}`,
    ];
  }
  return [
    `label=${quote(edgeLabel(edge))}`,
    `penwidth=${scaledWidth(edgeWeight(edge), max, 1, 5)}`,
    ...(edge.disputed ? ['style=dashed'] : []),
    ...(backward ? [`color=${quote(edgeColor(edge))}`, 'constraint=false'] : []),
  ];
}

/** A DOT id as written: bare if it is a plain identifier and not a keyword, else quoted. */
function quoteId(id: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(id) && !keywords.has(id.toLowerCase()) ? id : quote(id);
}

/**
 * A DOT string; `lines` after the first are joined with DOT's `\n` escape. Backslashes and quotes
 * are escaped and real line breaks become spaces, so user text cannot end the string early.
 */
function quote(text: string, ...more: (string | null)[]): string {
  const escape = (part: string): string => part.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n\u2028\u2029]+/g, ' ');
  return `"${[text, ...more.filter((part): part is string => part !== null)].map(escape).join('\\n')}"`;
}

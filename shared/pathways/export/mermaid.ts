import { compareNodes, createEdgeComparator, nodeOrders } from '../canonical-order.ts';
import { endId, startId, type NodeId, type PathwayEdge, type PathwayGraph } from '../types.ts';
import { edgeColor, edgeLabel, edgeWeight, maxEdgeWeight, nodeCountLabel, safeColor, scaledWidth } from './edge-style.ts';
import { stageIdsOf, uniqueIds } from './node-ids.ts';
import { describeGraph } from './provenance.ts';

export interface MermaidOptions {
  /**
   * Add `%%` comment lines after `flowchart LR` stating the scope, options and filter log
   * (default true). Mermaid ignores them; with `false` the output is exactly the spec's golden blocks.
   */
  readonly provenance?: boolean;
}

/**
 * The Mermaid ids of a graph's nodes: `n_START`, `n_END`, and `n_<id>` with every character outside
 * [A-Za-z0-9_] replaced by `_`; collisions get `_2`, `_3`, … in canonical stage order (spec §2.8).
 * The lowercase word `end` is reserved in flowcharts, hence the prefix.
 *
 * @example
 * mermaidNodeIds(graph).get('push.training') // 'n_push_training'
 */
export function mermaidNodeIds(graph: PathwayGraph): Map<NodeId, string> {
  const ids = uniqueIds(stageIdsOf(graph), (stage) => `n_${stage.replace(/[^A-Za-z0-9_]/g, '_')}`, ['n_START', 'n_END']);
  ids.set(startId, 'n_START');
  ids.set(endId, 'n_END');
  return ids;
}

/**
 * Mermaid `flowchart LR` export (spec §2.8): nodes in canonical order with counts after `<br/>`,
 * edges `-->` (or `-.->` when disputed or kept only for connectivity) labelled "k/n" or "n", then
 * one `linkStyle i` per edge — i is the 0-based order of definition, so they come last and are
 * counted over exactly the edges written. Width 1.5 + 8.5·w/max px; back edges red #c0392b.
 *
 * @example
 * toMermaid(graph, { provenance: false })
 * // 'flowchart LR\n  n_START(("Start"))\n  n_push["Push models<br/>n=4"]\n …'
 */
export function toMermaid(graph: PathwayGraph, options: MermaidOptions = {}): string {
  const ids = mermaidNodeIds(graph);
  const idOf = (id: NodeId): string => ids.get(id) as string;
  const nodes = [...graph.nodes].sort(compareNodes);
  const edges = [...graph.edges].sort(createEdgeComparator(nodeOrders(graph.nodes)));
  const labelOf = (kind: 'start' | 'end', fallback: string): string => nodes.find((node) => node.kind === kind)?.label ?? fallback;

  const lines = ['flowchart LR'];
  if (options.provenance ?? true) lines.push(...describeGraph(graph).map((line) => `  %% ${line}`));
  lines.push(`  n_START(("${escapeLabel(labelOf('start', 'Start'))}"))`);
  const styles: string[] = [];
  for (const node of nodes) {
    if (node.kind !== 'stage') continue;
    const count = nodeCountLabel(node);
    lines.push(`  ${idOf(node.id)}["${escapeLabel(node.label)}${count === null ? '' : `<br/>${count}`}"]`);
    const color = safeColor(node.color);
    if (color) styles.push(`  style ${idOf(node.id)} fill:${color}`);
  }
  // Edges naming a stage without a node (hand-made graphs) still need it declared.
  for (const stage of stageIdsOf(graph).filter((id) => !nodes.some((node) => node.id === id))) lines.push(`  ${idOf(stage)}["${escapeLabel(stage)}"]`);
  lines.push(`  n_END(("${escapeLabel(labelOf('end', 'End'))}"))`, ...styles);

  const max = maxEdgeWeight(edges);
  for (const edge of edges) lines.push(`  ${idOf(edge.from)} ${isDotted(edge) ? '-.->' : '-->'}|"${escapeLabel(edgeLabel(edge))}"| ${idOf(edge.to)}`);
  edges.forEach((edge, index) => lines.push(`  linkStyle ${index} ${linkStyle(edge, max)}`));
  return `${lines.join('\n')}\n`;
}

function isDotted(edge: PathwayEdge): boolean {
  return edge.disputed || edge.keptForConnectivity === true;
}

function linkStyle(edge: PathwayEdge, max: number): string {
  // Kept-for-connectivity edges are drawn thin (the minimum width) and dotted, whatever their weight.
  if (edge.keptForConnectivity) return `stroke:${edgeColor(edge)},stroke-width:1.5px,stroke-dasharray:2 3`;
  return `stroke:${edgeColor(edge)},stroke-width:${scaledWidth(edgeWeight(edge), max, 1.5, 8.5)}px`;
}

/**
 * A label safe inside Mermaid's `"…"`: `"` becomes `#quot;` (spec §2.8); `<` and `>` become entity
 * codes so a stage name is never read as HTML; line breaks become spaces.
 *
 * @example
 * escapeLabel('The "new" model') // 'The #quot;new#quot; model'
 */
export function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/[\r\n\u2028\u2029]+/g, ' ');
}

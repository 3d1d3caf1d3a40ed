import type { PathwayEdge, PathwayNode } from '../types.ts';

// The visual encoding shared by the Mermaid and DOT exports (spec §2.7–2.8), so both show the same
// numbers: width ∝ weight, dashed when disputed, red when backward, grey and dotted when kept only
// for connectivity.

export const EdgeColor = { normal: '#555555', backward: '#c0392b', keptForConnectivity: '#999999' } as const;
export type EdgeColor = (typeof EdgeColor)[keyof typeof EdgeColor];

/** A one-participant coder merge shows coder support ("k/n"); an aggregate shows participants. */
function coderSupportOf(edge: PathwayEdge): { support: number; total: number } | null {
  return edge.support !== undefined && edge.total !== undefined ? { support: edge.support, total: edge.total } : null;
}

/**
 * The weight that sets an edge's width: coder support for a one-participant merge, else participants.
 *
 * @example
 * edgeWeight(edge) // 3
 */
export function edgeWeight(edge: PathwayEdge): number {
  return coderSupportOf(edge)?.support ?? edge.participants;
}

/**
 * The largest weight among the edges shown (at least 1, so an empty graph never divides by 0).
 * Widths are relative to what is drawn, as in the spec's filtered example 3 (max 5).
 *
 * @example
 * maxEdgeWeight(graph.edges) // 5
 */
export function maxEdgeWeight(edges: readonly PathwayEdge[]): number {
  return edges.reduce((max, edge) => Math.max(max, edgeWeight(edge)), 1);
}

/**
 * The edge label: "k/n" (coder support) or "n" (participants).
 *
 * @example
 * edgeLabel(edge) // '2/2'
 */
export function edgeLabel(edge: PathwayEdge): string {
  const coders = coderSupportOf(edge);
  return coders ? `${coders.support}/${coders.total}` : String(edge.participants);
}

/**
 * The count line of a stage node: "k/n coders" or "n=4"; Start and End have none.
 *
 * @example
 * nodeCountLabel(node) // 'n=4'
 */
export function nodeCountLabel(node: PathwayNode): string | null {
  if (node.kind !== 'stage') return null;
  return node.coderSupport ? `${node.coderSupport.support}/${node.coderSupport.total} coders` : `n=${node.participants}`;
}

/**
 * The stroke colour of an edge.
 *
 * @example
 * edgeColor(backEdge) // '#c0392b'
 */
export function edgeColor(edge: PathwayEdge): EdgeColor {
  if (edge.keptForConnectivity) return EdgeColor.keptForConnectivity;
  return edge.direction === 'backward' ? EdgeColor.backward : EdgeColor.normal;
}

/**
 * `base + span · weight / max`, rounded to one decimal and printed without a trailing ".0"
 * (Mermaid 1.5 + 8.5·w/max → "10", "5.8"; DOT 1 + 5·w/max → "6", "3.5").
 *
 * @example
 * scaledWidth(1, 2, 1.5, 8.5) // '5.8'
 */
export function scaledWidth(weight: number, max: number, base: number, span: number): string {
  return formatDecimal(base + (span * weight) / max);
}

/**
 * One decimal, no trailing zero; halves round up (5.75 → 5.8).
 *
 * @example
 * formatDecimal(8.299999999999999) // '8.3'
 */
export function formatDecimal(value: number): string {
  return String(Math.round(value * 10 + 1e-9) / 10);
}

/**
 * A stage colour if it is safe to paste into DOT or Mermaid (hex or a colour name), else null.
 *
 * @example
 * safeColor('#1f77b4') // '#1f77b4'
 */
export function safeColor(color: string | undefined): string | null {
  return color !== undefined && /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30})$/.test(color) ? color : null;
}

import { edgeColor, edgeLabel, edgeWeight, maxEdgeWeight, nodeCountLabel, scaledWidth } from '../../../../shared/pathways/export/edge-style.ts';
import type { PathwayEdge, PathwayGraph, PathwayNode } from '../../../../shared/pathways/types.ts';
import { edgeTitle, nodeTitle, type PathwayNames } from './pathway-words.ts';

interface Point {
  readonly x: number;
  readonly y: number;
}

/** The part of elkjs's laid-out JSON the map reads (positions are relative to the root graph). */
export interface LaidOutGraph {
  readonly width?: number;
  readonly height?: number;
  readonly children?: readonly { readonly id: string; readonly x?: number; readonly y?: number; readonly width?: number; readonly height?: number }[];
  readonly edges?: readonly {
    readonly id: string;
    readonly sections?: readonly { readonly startPoint: Point; readonly endPoint: Point; readonly bendPoints?: readonly Point[] }[];
    readonly labels?: readonly { readonly x?: number; readonly y?: number; readonly width?: number; readonly height?: number }[];
  }[];
}

export interface MapNodeShape {
  readonly id: string;
  readonly kind: PathwayNode['kind'];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The stage name in at most two lines. */
  readonly lines: readonly string[];
  /** "n=4" or "2/2 coders"; null for Start and End. */
  readonly count: string | null;
  readonly colour: string | null;
  /** The rule left this stage without a transition in or out (spec §2.4, "gap" marker). */
  readonly gapIn: boolean;
  readonly gapOut: boolean;
  readonly title: string;
}

export interface MapEdgeShape {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** SVG path data, ending where the arrowhead begins. */
  readonly path: string;
  /** The arrowhead's polygon points. */
  readonly arrow: string;
  readonly width: number;
  readonly colour: string;
  /** `stroke-dasharray`: dashed when disputed, dotted when kept for connectivity. */
  readonly dash: string | null;
  readonly backward: boolean;
  readonly disputed: boolean;
  readonly kept: boolean;
  /** The count badge: "k/n" or "n", with "↩" on back-transitions. */
  readonly badge: { readonly x: number; readonly y: number; readonly width: number; readonly text: string } | null;
  readonly title: string;
}

export interface MapGeometry {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly MapNodeShape[];
  readonly edges: readonly MapEdgeShape[];
}

/**
 * Spacing added to the spec's layout options (which `toElk` carries unchanged): wider gaps between
 * layers leave room for a back-transition and its "↩ k/n" badge between two neighbouring stages.
 */
export const mapSpacing = {
  'elk.layered.spacing.nodeNodeBetweenLayers': '72',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeEdge': '14',
  'elk.layered.spacing.edgeNodeBetweenLayers': '18',
} as const;

/** Room around the laid-out graph: Start and End carry their names below the circle. */
export const mapPadding = 24;
const labelBelow = 20;
export const DashPattern = { disputed: '6 4', keptForConnectivity: '2 4' } as const;

const round = (n: number) => Math.round(n * 10) / 10;
const pt = (p: Point) => `${round(p.x)},${round(p.y)}`;

/** Splits a stage name into at most two lines of about `max` characters, ellipsising the rest. */
export function wrapLabel(label: string, max = 22): string[] {
  if (label.length <= max) return [label];
  const words = label.split(/\s+/);
  const lines: string[] = [''];
  for (const word of words) {
    const current = lines[lines.length - 1]!;
    if (current && (current + ' ' + word).length > max) lines.push(word);
    else lines[lines.length - 1] = current ? `${current} ${word}` : word;
  }
  const shown = lines.slice(0, 2).map((line) => (line.length > max ? `${line.slice(0, max - 1)}…` : line));
  if (lines.length > 2) shown[1] = `${shown[1]!.slice(0, max - 1).replace(/\s+$/, '')}…`;
  return shown;
}

/**
 * The path of one ELK edge section, cut back by `cut` pixels at its end so that the arrowhead, not
 * the thick stroke, marks the target. Spline routing gives control points in threes (a chain of
 * cubic Béziers); anything else is drawn as a polyline.
 */
function sectionPath(start: Point, bends: readonly Point[], end: Point, cut: number): { d: string; tip: Point; towards: Point } {
  const points = [start, ...bends, end];
  // The direction the edge arrives in: from the last point that differs from the end.
  let towards = start;
  for (let i = points.length - 2; i >= 0; i--) {
    const p = points[i]!;
    if (Math.hypot(p.x - end.x, p.y - end.y) > 0.5) {
      towards = p;
      break;
    }
  }
  const length = Math.hypot(end.x - towards.x, end.y - towards.y) || 1;
  const trimmed = { x: end.x - ((end.x - towards.x) / length) * cut, y: end.y - ((end.y - towards.y) / length) * cut };
  let d = `M${pt(start)}`;
  if (bends.length % 3 === 2) {
    const controls = [...bends, trimmed];
    for (let i = 0; i < controls.length; i += 3) d += ` C${pt(controls[i]!)} ${pt(controls[i + 1]!)} ${pt(controls[i + 2]!)}`;
  } else {
    for (const p of [...bends, trimmed]) d += ` L${pt(p)}`;
  }
  return { d, tip: end, towards };
}

function arrowHead(tip: Point, towards: Point, length: number, halfWidth: number): string {
  const dx = tip.x - towards.x;
  const dy = tip.y - towards.y;
  const norm = Math.hypot(dx, dy) || 1;
  const ux = dx / norm;
  const uy = dy / norm;
  const base = { x: tip.x - ux * length, y: tip.y - uy * length };
  return [tip, { x: base.x - uy * halfWidth, y: base.y + ux * halfWidth }, { x: base.x + uy * halfWidth, y: base.y - ux * halfWidth }].map(pt).join(' ');
}

function edgeShape(edge: PathwayEdge, laid: NonNullable<LaidOutGraph['edges']>[number] | undefined, max: number, offset: number, graph: PathwayGraph, names: PathwayNames): MapEdgeShape | null {
  const sections = laid?.sections ?? [];
  if (sections.length === 0) return null;
  const kept = edge.keptForConnectivity === true;
  // Kept-for-connectivity edges are drawn thin whatever their weight (spec §2.5).
  const width = kept ? 1.5 : Number(scaledWidth(edgeWeight(edge), max, 1.5, 8.5));
  const arrowLength = 7 + width * 1.1;
  const shift = (p: Point): Point => ({ x: p.x + offset, y: p.y + offset });
  const parts = sections.map((section, i) => sectionPath(shift(section.startPoint), (section.bendPoints ?? []).map(shift), shift(section.endPoint), i === sections.length - 1 ? arrowLength * 0.85 : 0));
  const last = parts[parts.length - 1]!;
  const backward = edge.direction === 'backward';
  const label = laid?.labels?.[0];
  const text = `${backward ? '↩ ' : ''}${edgeLabel(edge)}`;
  const badgeWidth = Math.max(22, text.length * 7.5 + 10);
  return {
    id: edge.id,
    from: edge.from,
    to: edge.to,
    path: parts.map((p) => p.d).join(' '),
    arrow: arrowHead(last.tip, last.towards, arrowLength, 3.5 + width * 0.7),
    width,
    colour: edgeColor(edge),
    dash: kept ? DashPattern.keptForConnectivity : edge.disputed ? DashPattern.disputed : null,
    backward,
    disputed: edge.disputed,
    kept,
    badge: label && label.x !== undefined && label.y !== undefined ? { x: round(label.x + (label.width ?? 0) / 2 + offset), y: round(label.y + (label.height ?? 0) / 2 + offset), width: round(badgeWidth), text } : null,
    title: edgeTitle(edge, graph, names),
  };
}

/**
 * What the pathway map draws: the graph's nodes and edges placed where ELK laid them out, with the
 * encodings of spec §2.7 taken from the exports' own helpers (`edge-style.ts`), so the map, the
 * Mermaid and the DOT files show the same widths, colours and labels.
 *
 * @example
 * mapGeometry(graph, await elk.layout(toElk(graph)), names).edges[0].title // 'Start → Push models: 5 of 5 participants (…)'
 */
export function mapGeometry(graph: PathwayGraph, laid: LaidOutGraph, names: PathwayNames): MapGeometry {
  const offset = mapPadding;
  const placed = new Map((laid.children ?? []).map((child) => [child.id, child]));
  const laidEdges = new Map((laid.edges ?? []).map((edge) => [edge.id, edge]));
  const max = maxEdgeWeight(graph.edges);
  const nodes: MapNodeShape[] = graph.nodes.flatMap((node) => {
    const at = placed.get(node.id);
    if (!at) return [];
    const stage = node.kind === 'stage';
    return [
      {
        id: node.id,
        kind: node.kind,
        x: round((at.x ?? 0) + offset),
        y: round((at.y ?? 0) + offset),
        width: at.width ?? 0,
        height: at.height ?? 0,
        lines: wrapLabel(node.label),
        count: nodeCountLabel(node),
        colour: node.color ?? null,
        gapIn: stage && !graph.edges.some((edge) => edge.to === node.id),
        gapOut: stage && !graph.edges.some((edge) => edge.from === node.id),
        title: nodeTitle(node, graph),
      },
    ];
  });
  const edges = graph.edges.flatMap((edge) => edgeShape(edge, laidEdges.get(edge.id), max, offset, graph, names) ?? []);
  return { width: Math.ceil((laid.width ?? 0) + 2 * offset), height: Math.ceil((laid.height ?? 0) + 2 * offset + labelBelow), nodes, edges };
}

/**
 * The order the map's elements take keyboard focus: each node (Start, the stages in order, End)
 * followed by the transitions that leave it, so Tab walks the diagram the way it is read.
 */
export function focusOrder(geometry: Pick<MapGeometry, 'nodes' | 'edges'>): ({ kind: 'node'; shape: MapNodeShape } | { kind: 'edge'; shape: MapEdgeShape })[] {
  return geometry.nodes.flatMap((node) => [{ kind: 'node' as const, shape: node }, ...geometry.edges.filter((edge) => edge.from === node.id).map((shape) => ({ kind: 'edge' as const, shape }))]);
}

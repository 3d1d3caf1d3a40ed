import { sankey, type SankeyGraph, type SankeyNode } from 'd3-sankey';
import { unrollBySteps, type StepGraph, type StepLink, type StepNode } from '../../../../shared/pathways/index.ts';
import type { PathwayGraph } from '../../../../shared/pathways/types.ts';
import { EdgeColor } from '../../../../shared/pathways/export/edge-style.ts';
import { stageLabel, type PathwayNames } from './pathway-words.ts';

export interface StepNodeShape {
  readonly id: string;
  readonly stage: string;
  readonly step: number;
  readonly overflow: boolean;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly colour: string;
  /** "Pull models n=15", shortened to fit between two columns; drawn above the node. */
  readonly label: string;
  readonly count: string;
  /** Labels start at the node's left edge, except in the last column (they end at its right edge). */
  readonly labelSide: 'right' | 'left';
  readonly title: string;
}

export interface StepLinkShape {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** The band's centre line, drawn with `stroke-width` = `width`. */
  readonly path: string;
  readonly width: number;
  readonly colour: string;
  /** A flow into an earlier stage than the one it leaves (spec §2.7's back-transitions, by step). */
  readonly backward: boolean;
  /** Where the band's "↩" mark goes, on back-steps. */
  readonly mid: { readonly x: number; readonly y: number };
  readonly title: string;
}

export interface StepSankeyGeometry {
  readonly width: number;
  readonly height: number;
  readonly columns: readonly { readonly x: number; readonly anchor: 'start' | 'end'; readonly label: string }[];
  readonly nodes: readonly StepNodeShape[];
  readonly links: readonly StepLinkShape[];
  readonly participants: number;
  /** Participants with no stage at all: counted, but they add no node. */
  readonly withoutStages: number;
  readonly backSteps: number;
}

/** Room for the column headings and, under them, the first node's label. */
const top = 44;
const bottom = 12;
const side = 8;
const nodeWidth = 14;
/** A label line fits between stacked nodes. */
const nodePadding = 26;
/** About the width of one character of the 12–13 px labels. */
const charWidth = 7;
const overflowColour = '#8a919c';
const fallbackColour = '#8a919c';
const maxNamesInTitle = 30;

const round = (n: number) => Math.round(n * 10) / 10;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Shortens `text` to at most `max` characters with an ellipsis (never below 3). */
export function fitText(text: string, max: number): string {
  const limit = Math.max(3, Math.floor(max));
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}

/** The participants' names for a title: all of them up to 30, then how many more. */
function nameList(ids: readonly string[], names: PathwayNames): string {
  const shown = ids.slice(0, maxNamesInTitle).map((id) => names.participant(id));
  return ids.length > maxNamesInTitle ? `${shown.join(', ')} and ${ids.length - maxNamesInTitle} more` : shown.join(', ');
}

/** Each participant once with the sequence the graph counts them by (as the Sankey export does). */
export function stepSequences(graph: Pick<PathwayGraph, 'variants'>): { participantId: string; sequence: readonly string[] }[] {
  return graph.variants.flatMap((v) => v.participantIds.map((participantId) => ({ participantId, sequence: v.sequence })));
}

type LaidNode = StepNode & { fixedValue: number };
type LaidLink = StepLink & { key: string };

/**
 * The step Sankey (spec §2.7, view 2): the graph's sequences unrolled by step (`unrollBySteps`,
 * each participant once), laid out by d3-sankey with one column per step and, within a column, the
 * stages in their canonical order, so a back-step shows as a band climbing to an earlier stage's
 * row. Band widths count participants; the figure's height grows with them (about 36 px for one,
 * a few px each for hundreds), so a small study is not drawn as a wall of colour.
 *
 * @example
 * stepSankeyGeometry(graph, 960, names).nodes[1].title // 'Step 2: Pull models — 15 participants'
 */
export function stepSankeyGeometry(graph: Pick<PathwayGraph, 'nodes' | 'variants'>, width: number, names: PathwayNames, maxSteps = 6): StepSankeyGeometry {
  const steps: StepGraph = unrollBySteps(stepSequences(graph), maxSteps);
  const participants = steps.participantIds.length;
  const withoutStages = participants - new Set(steps.nodes.filter((n) => n.step === 1).flatMap((n) => n.participantIds)).size;
  const order = new Map(graph.nodes.map((n) => [n.id, n.order]));
  const colour = new Map(graph.nodes.map((n) => [n.id, n.color ?? fallbackColour]));
  const stageOrder = (node: StepNode) => (node.overflow ? Number.POSITIVE_INFINITY : (order.get(node.stage) ?? Number.MAX_SAFE_INTEGER));
  const label = (node: StepNode) => (node.overflow ? 'Later steps' : stageLabel(graph, node.stage));
  const stepName = (node: StepNode) => (node.overflow ? `Step ${node.step} and later` : `Step ${node.step}`);
  const columnCount = steps.nodes.reduce((m, n) => Math.max(m, n.step), 0);
  if (columnCount === 0) return { width, height: top + bottom, columns: [], nodes: [], links: [], participants, withoutStages, backSteps: 0 };

  // Height: enough for every participant to get a band of 3–36 px in the fullest column.
  const perParticipant = Math.max(3, Math.min(36, 360 / Math.max(1, participants)));
  const byStep = new Map<number, StepNode[]>();
  for (const node of steps.nodes) byStep.set(node.step, [...(byStep.get(node.step) ?? []), node]);
  const inner = Math.max(...[...byStep.values()].map((column) => column.reduce((s, n) => s + n.participantIds.length, 0) * perParticipant + (column.length - 1) * nodePadding));
  const height = Math.ceil(top + inner + bottom);

  // Labels of the last column go left of its nodes, so the right margin only needs a little room.
  const right = width - side;
  const gap = columnCount > 1 ? (right - side - nodeWidth) / (columnCount - 1) : right - side;
  const labelChars = Math.max(6, (gap - 16) / charWidth);

  const layout = sankey<LaidNode, LaidLink>()
    .nodeId((node) => node.id)
    .nodeAlign((node) => node.step - 1)
    .nodeWidth(nodeWidth)
    .nodePadding(nodePadding)
    .nodeSort((a, b) => stageOrder(a) - stageOrder(b) || a.stage.localeCompare(b.stage))
    .extent([
      [side, top],
      [right, top + inner],
    ]);
  const input: SankeyGraph<LaidNode, LaidLink> = {
    nodes: steps.nodes.map((node) => ({ ...node, fixedValue: node.participantIds.length })),
    links: steps.links.map((link) => ({ ...link, key: `${link.source}->${link.target}` })),
  };
  const laid = layout(input);
  const byId = new Map(steps.nodes.map((n) => [n.id, n]));

  const nodes: StepNodeShape[] = laid.nodes.map((node) => {
    // d3-sankey divides by (columns − 1): one column is placed here instead.
    const x0 = columnCount === 1 ? side : (node.x0 ?? 0);
    const ending = node.participantIds.length - (node.sourceLinks ?? []).reduce((s, l) => s + l.value, 0);
    const last = node.step === columnCount && columnCount > 1;
    const fill = node.overflow ? overflowColour : (colour.get(node.stage) ?? fallbackColour);
    return {
      id: node.id,
      stage: node.stage,
      step: node.step,
      overflow: node.overflow,
      x: round(x0),
      y: round(node.y0 ?? 0),
      width: nodeWidth,
      height: round(Math.max(2, (node.y1 ?? 0) - (node.y0 ?? 0))),
      colour: fill,
      label: fitText(label(node), labelChars - String(node.participantIds.length).length - 3),
      count: `n=${node.participantIds.length}`,
      labelSide: last ? 'left' : 'right',
      title: `${stepName(node)}: ${label(node)} — ${plural(node.participantIds.length, 'participant')}${ending > 0 && !node.overflow && node.step < columnCount ? ` (${ending} end${ending === 1 ? 's' : ''} here)` : ''}`,
    };
  });

  const links: StepLinkShape[] = laid.links.map((link) => {
    // After the layout, a link's ends are its nodes.
    const from = link.source as SankeyNode<LaidNode, LaidLink>;
    const to = link.target as SankeyNode<LaidNode, LaidLink>;
    const source = byId.get(from.id)!;
    const target = byId.get(to.id)!;
    const x0 = from.x1 ?? 0;
    const x1 = to.x0 ?? 0;
    const y0 = link.y0 ?? 0;
    const y1 = link.y1 ?? 0;
    const mx = (x0 + x1) / 2;
    const backward = !source.overflow && !target.overflow && stageOrder(target) < stageOrder(source);
    const count = `${plural(link.value, 'participant')}: ${nameList(link.participantIds, names)}`;
    return {
      id: link.key,
      source: source.id,
      target: target.id,
      path: `M${round(x0)},${round(y0)} C${round(mx)},${round(y0)} ${round(mx)},${round(y1)} ${round(x1)},${round(y1)}`,
      width: round(Math.max(1, link.width ?? 1)),
      colour: backward ? EdgeColor.backward : source.overflow ? overflowColour : (colour.get(source.stage) ?? fallbackColour),
      backward,
      mid: { x: round(mx), y: round((y0 + y1) / 2) },
      title: `${label(source)} (${source.step}) → ${label(target)} (${target.overflow ? `${target.step}+` : target.step}): ${count}${backward ? '; a back-step to an earlier stage' : ''}`,
    };
  });

  // Headings line up with the labels: from the left edge of a column, to the right edge of the last.
  const columns = Array.from({ length: columnCount }, (_, i) => {
    const last = i === columnCount - 1 && columnCount > 1;
    const x = side + i * gap + (last ? nodeWidth : 0);
    return { x: round(x), anchor: last ? ('end' as const) : ('start' as const), label: i === maxSteps ? `Step ${i + 1}+` : `Step ${i + 1}` };
  });
  return { width, height, columns, nodes, links, participants, withoutStages, backSteps: links.filter((l) => l.backward).length };
}

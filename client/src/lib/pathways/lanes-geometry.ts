import { EdgeColor } from '../../../../shared/pathways/export/edge-style.ts';
import type { Pathway, PathwayEdge, PathwayGraph } from '../../../../shared/pathways/types.ts';
import { readableTextOn } from '../coding/colour.ts';
import { fitText } from './step-sankey-geometry.ts';
import { stageLabel, type PathwayNames } from './pathway-words.ts';

export interface LaneBlock {
  readonly key: string;
  readonly stage: string;
  readonly start: number;
  readonly end: number;
  readonly x: number;
  readonly width: number;
  readonly colour: string;
  readonly textColour: string;
  /** The stage name, or as much of it as fits; null when the block is too narrow. */
  readonly label: string | null;
  readonly title: string;
}

/** A transition between two consecutive runs: an arc over the lane, from one run to the next. */
export interface LaneArrow {
  readonly key: string;
  readonly path: string;
  /** The arrowhead's polygon points, at the next run. */
  readonly head: string;
  readonly backward: boolean;
  readonly colour: string;
  readonly title: string;
}

export interface Lane {
  readonly layer: string;
  readonly name: string;
  readonly transcriptId: string;
  /** The top of the lane's band (arcs above it, blocks below). */
  readonly y: number;
  readonly blocks: readonly LaneBlock[];
  readonly arrows: readonly LaneArrow[];
}

export interface LanesGeometry {
  readonly width: number;
  readonly height: number;
  /** Where the transcript axis starts and ends (x of offset 0 and of `length`). */
  readonly x0: number;
  readonly x1: number;
  readonly blockTop: number;
  readonly blockHeight: number;
  readonly ticks: readonly { readonly x: number; readonly label: string }[];
  readonly axisY: number;
  readonly length: number;
  readonly lanes: readonly Lane[];
  /** The stages drawn, in canonical order, with their colours: a narrow block has no room for its name. */
  readonly legend: readonly { readonly stage: string; readonly label: string; readonly colour: string; readonly x: number }[];
  readonly legendY: number;
}

export const laneLayout = { nameWidth: 132, arcRow: 18, blockHeight: 30, laneGap: 10, axisHeight: 30, legendHeight: 24, right: 14 } as const;
const charWidth = 7;
const fallbackColour = '#8a919c';
const round = (n: number) => Math.round(n * 10) / 10;

/** A "nice" tick step (1, 2 or 5 × 10ᵏ) giving about `count` ticks over `length`. */
export function tickStep(length: number, count: number): number {
  const raw = Math.max(1, length / Math.max(1, count));
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = raw / power;
  return (factor <= 1 ? 1 : factor <= 2 ? 2 : factor <= 5 ? 5 : 10) * power;
}

/** The lanes' order: the coders by name, then the consensus (the reconciled result) last. */
function byLane(names: PathwayNames) {
  return (a: Pathway, b: Pathway) => Number(a.layer === 'consensus') - Number(b.layer === 'consensus') || names.coder(a.layer).localeCompare(names.coder(b.layer)) || (a.layer < b.layer ? -1 : a.layer > b.layer ? 1 : 0);
}

/**
 * The lanes (spec §2.7, view 3) of one participant: one lane per coder (or the consensus) with
 * the stage runs of its pathway as coloured blocks along the transcript (x = character offset ×
 * width / length), the stage's name inside a block wide enough for it, and an arc from each run
 * to the next (red when it goes back to an earlier stage). `length` is the transcript's length;
 * runs beyond it (the text grew since) stretch the axis instead of leaving the figure.
 *
 * @example
 * lanesGeometry(graph.perParticipant.filter((p) => p.participantId === 'P1'), { width: 900, length: 700, graph, names }).lanes[1].blocks.map((b) => b.stage)
 * // ['push', 'pull', 'push', 'cocreation']
 */
export function lanesGeometry(pathways: readonly Pathway[], options: { width: number; length: number; graph: Pick<PathwayGraph, 'nodes'>; names: PathwayNames }): LanesGeometry {
  const { graph, names } = options;
  const { nameWidth, arcRow, blockHeight, laneGap, axisHeight, legendHeight, right } = laneLayout;
  const length = Math.max(1, options.length, ...pathways.flatMap((p) => p.runs.map((r) => r.end)));
  const width = Math.max(nameWidth + 160, Math.round(options.width));
  const x0 = nameWidth;
  const x1 = width - right;
  const scale = (offset: number) => x0 + (offset / length) * (x1 - x0);
  const order = new Map(graph.nodes.map((n) => [n.id, n.order]));
  const colours = new Map(graph.nodes.map((n) => [n.id, n.color ?? fallbackColour]));
  const laneHeight = arcRow + blockHeight + laneGap;

  const lanes = [...pathways].sort(byLane(names)).map((pathway, index): Lane => {
    const y = index * laneHeight;
    const coder = names.coder(pathway.layer);
    const blocks = pathway.runs.map((run, i): LaneBlock => {
      const left = scale(run.start);
      const blockWidth = Math.max(2, scale(run.end) - left);
      const name = stageLabel(graph, run.stage);
      const room = (blockWidth - 8) / charWidth;
      const colour = colours.get(run.stage) ?? fallbackColour;
      return {
        key: `${i}:${run.stage}:${run.start}`,
        stage: run.stage,
        start: run.start,
        end: run.end,
        x: round(left),
        width: round(blockWidth),
        colour,
        textColour: readableTextOn(colour),
        label: room >= name.length ? name : room >= 6 ? fitText(name, room) : null,
        title: `${coder}: ${name}, characters ${run.start}–${run.end}`,
      };
    });
    const arrows = blocks.slice(1).map((to, i): LaneArrow => {
      const from = blocks[i]!;
      const backward = (order.get(to.stage) ?? 0) < (order.get(from.stage) ?? 0);
      // From the middle of one run to the start of the next (its left edge, 6 px in), arching over the lane.
      const sx = from.x + from.width / 2;
      const tx = Math.max(sx + 6, to.x + Math.min(6, to.width / 2));
      const base = y + arcRow + 1;
      const peak = y + 3;
      const colour = backward ? EdgeColor.backward : '#424852';
      const head = [`${round(tx)},${round(base)}`, `${round(tx - 4.5)},${round(base - 6.5)}`, `${round(tx + 3)},${round(base - 7)}`].join(' ');
      return {
        key: `${i}:${from.stage}->${to.stage}`,
        path: `M${round(sx)},${round(base - 1)} C${round(sx)},${round(peak)} ${round(tx)},${round(peak)} ${round(tx)},${round(base - 5)}`,
        head,
        backward,
        colour,
        title: `${coder}: ${stageLabel(graph, from.stage)} → ${stageLabel(graph, to.stage)}${backward ? ' (a back-transition)' : ''}, at character ${to.start}`,
      };
    });
    return { layer: pathway.layer, name: coder, transcriptId: pathway.transcriptId, y, blocks, arrows };
  });

  const axisY = lanes.length * laneHeight + 4;
  const step = tickStep(length, Math.max(2, Math.floor((x1 - x0) / 110)));
  const ticks = [];
  for (let at = 0; at <= length; at += step) ticks.push({ x: round(scale(at)), label: at.toLocaleString('en') });
  const drawn = new Set(pathways.flatMap((p) => p.runs.map((r) => r.stage)));
  let legendX = x0;
  const legend = [...drawn]
    .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0) || a.localeCompare(b))
    .map((stage) => {
      const item = { stage, label: stageLabel(graph, stage), colour: colours.get(stage) ?? fallbackColour, x: round(legendX) };
      legendX += 14 + 6 + item.label.length * 6.5 + 20; // 12 px text is narrower than the 12.5 px bold labels
      return item;
    });
  const legendY = axisY + axisHeight + 4;
  return { width, height: legendY + (legend.length ? legendHeight : 0), x0, x1, blockTop: arcRow, blockHeight, ticks, axisY, length, lanes, legend, legendY };
}

/**
 * What may still change a participant's lanes (spec §2.7): the transitions of this participant
 * that open disagreements can add or remove, and one of those disagreements to link to when the
 * transition is this participant's alone (a shared transition's loci may be another document's).
 */
export function laneDisagreements(graph: Pick<PathwayGraph, 'edges'>, participantId: string): { edges: PathwayEdge[]; locusId: string | null } {
  const edges = graph.edges.filter((e) => e.disagreementIds.length > 0 && e.participantIds.includes(participantId));
  const own = edges.find((e) => e.participantIds.length === 1);
  return { edges, locusId: own?.disagreementIds[0] ?? null };
}

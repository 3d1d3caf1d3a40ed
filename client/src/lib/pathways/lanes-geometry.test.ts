import { describe, expect, it } from 'vitest';
import { buildPathwayGraph } from '../../../../shared/pathways/build-graph.ts';
import { defaultPathwayOptions } from '../../../../shared/pathways/types.ts';
import { example1Assignments, example1Segments, exampleParents, exampleStageSet } from '../../../../shared/pathways/worked-examples.ts';
import { laneDisagreements, lanesGeometry, laneLayout, tickStep } from './lanes-geometry.ts';
import { createPathwayNames } from './pathway-words.ts';

// Worked example 1 (spec §4): P1 (700 characters) coded by A (push → pull → co-creation) and B (push → pull → push → co-creation).
const stageSet = { ...exampleStageSet, stages: exampleStageSet.stages.map((s, i) => ({ ...s, color: ['#E69F00', '#0072B2', '#009E73'][i]! })) };
const graph = buildPathwayGraph(
  { stageSet, parents: exampleParents, segments: example1Segments, assignments: example1Assignments, request: { participants: 'all', layer: 'coders', coderMerge: { kind: 'union' }, options: defaultPathwayOptions } },
  { projectId: 'p', eventSeq: 1, generatedAt: '2026-01-01T00:00:00.000Z' },
);
const names = createPathwayNames([{ id: 'P1', name: 'P1' }], [
  { userId: 'A', name: 'Demo coder Ana' },
  { userId: 'B', name: 'Demo coder Ben' },
]);
const pathways = (graph.perParticipant ?? []).filter((p) => p.participantId === 'P1');

describe('the lanes geometry', () => {
  it('draws one lane per coder with its stage runs in transcript order', () => {
    const lanes = lanesGeometry(pathways, { width: 1000, length: 700, graph, names });
    expect(lanes.lanes.map((l) => l.name)).toEqual(['Demo coder Ana', 'Demo coder Ben']);
    expect(lanes.lanes.map((l) => l.blocks.map((b) => b.stage))).toEqual([
      ['push', 'pull', 'cocreation'],
      ['push', 'pull', 'push', 'cocreation'],
    ]);
    expect(lanes.lanes[1]!.y).toBeGreaterThanOrEqual(lanes.lanes[0]!.y + laneLayout.blockHeight + laneLayout.arcRow);
    // A key names every colour drawn, in stage order, below the axis.
    expect(lanes.legend.map((item) => [item.label, item.colour])).toEqual([
      ['Push models', '#E69F00'],
      ['Pull models', '#0072B2'],
      ['Co-creation / exchange', '#009E73'],
    ]);
    expect(lanes.legendY).toBeGreaterThan(lanes.axisY);
    expect(lanes.height).toBeGreaterThan(lanes.legendY);
  });

  it('places blocks by character offset scaled to the width, coloured by stage', () => {
    const lanes = lanesGeometry(pathways, { width: 1000, length: 700, graph, names });
    const [push, pull, back] = lanes.lanes[1]!.blocks;
    const perChar = (lanes.x1 - lanes.x0) / 700;
    expect(push!.x).toBe(lanes.x0);
    expect(push!.width).toBeCloseTo(250 * perChar, 0);
    expect(pull!.x).toBeCloseTo(lanes.x0 + 290 * perChar, 0);
    expect([push!.colour, pull!.colour]).toEqual(['#E69F00', '#0072B2']);
    // White text on the dark blue, dark text on the orange (WCAG contrast).
    expect([push!.textColour, pull!.textColour]).toEqual(['#1c1f24', '#ffffff']);
    expect(back!.title).toBe('Demo coder Ben: Push models, characters 440–480');
  });

  it('names a block only when its label fits, shortened if need be', () => {
    const wide = lanesGeometry(pathways, { width: 1400, length: 700, graph, names }).lanes[1]!.blocks;
    expect(wide.map((b) => b.label)).toEqual(['Push models', 'Pull models', 'Push mod…', 'Co-creation / exchange']);
    const narrow = lanesGeometry(pathways, { width: 600, length: 700, graph, names }).lanes[1]!.blocks;
    expect(narrow.map((b) => b.label)).toEqual(['Push models', 'Pull models', null, 'Co-creation…']);
  });

  it('leads an arc from each run to the next, marking a return to an earlier stage', () => {
    const ben = lanesGeometry(pathways, { width: 1000, length: 700, graph, names }).lanes[1]!;
    expect(ben.arrows.map((a) => [a.backward, a.colour])).toEqual([
      [false, '#424852'],
      [true, '#c0392b'],
      [false, '#424852'],
    ]);
    expect(ben.arrows[1]!.title).toBe('Demo coder Ben: Pull models → Push models (a back-transition), at character 440');
  });

  it('stretches the axis when runs go past the stated length, and puts round ticks on it', () => {
    const lanes = lanesGeometry(pathways, { width: 1000, length: 0, graph, names });
    expect(lanes.length).toBe(650);
    expect(Math.max(...lanes.lanes.flatMap((l) => l.blocks.map((b) => b.x + b.width)))).toBeLessThanOrEqual(lanes.x1 + 0.1);
    expect(tickStep(700, 8)).toBe(100);
    expect(tickStep(12_345, 6)).toBe(5000);
    expect(lanes.ticks[0]!.label).toBe('0');
  });

  it('finds the transitions open disagreements can change, for the participant alone', () => {
    // L3 (b3, push at 440–480, coded by B only) can add or remove three transitions of P1.
    const found = laneDisagreements(graph, 'P1');
    expect(found.edges.map((e) => e.id)).toEqual(['push->cocreation', 'pull->push', 'pull->cocreation']);
    expect(found.locusId).toMatch(/^locus-/);
    expect(laneDisagreements(graph, 'P2')).toEqual({ edges: [], locusId: null });
    // A transition shared with other participants may hang on their loci: no single one to link to.
    const shared = { edges: graph.edges.map((e) => ({ ...e, participantIds: [...e.participantIds, 'P2'] })) };
    expect(laneDisagreements(shared, 'P1').locusId).toBeNull();
  });
});

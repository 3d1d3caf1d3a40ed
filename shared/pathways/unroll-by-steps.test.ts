import { describe, expect, it } from 'vitest';
import { PathwayGraphError } from './pathway-graph-error.ts';
import { overflowStage, unrollBySteps } from './unroll-by-steps.ts';
import { example3Pathways } from './worked-examples.ts';

const flows = (graph: ReturnType<typeof unrollBySteps>) => graph.links.map((l) => `${l.source} ${l.target} ${l.value}`);

describe('unrollBySteps (spec §2.7)', () => {
  it('unrolls example 3 into the seven flows of the spec, in its row order', () => {
    expect(flows(unrollBySteps(example3Pathways))).toEqual([
      'pull@1 cocreation@2 1',
      'push@1 cocreation@2 1',
      'push@1 pull@2 3',
      'pull@2 cocreation@3 2',
      'pull@2 push@3 1',
      'push@3 pull@4 1',
      'pull@4 cocreation@5 1',
    ]);
  });

  it('lays out in five columns and lists nodes by step, then stage id', () => {
    const graph = unrollBySteps(example3Pathways);
    expect(new Set(graph.nodes.map((n) => n.step)).size).toBe(5);
    expect(graph.nodes.map((n) => n.id)).toEqual(['pull@1', 'push@1', 'cocreation@2', 'pull@2', 'cocreation@3', 'push@3', 'pull@4', 'cocreation@5']);
    expect(graph.nodes.find((n) => n.id === 'cocreation@2')?.participantIds).toEqual(['P3', 'P5']);
    expect(graph.links.find((l) => l.source === 'push@1' && l.target === 'pull@2')?.participantIds).toEqual(['P1', 'P2', 'P4']);
  });

  it('is acyclic: every link goes from step k to step k + 1', () => {
    const graph = unrollBySteps(example3Pathways, 2);
    const step = new Map(graph.nodes.map((n) => [n.id, n.step]));
    for (const link of graph.links) expect(step.get(link.target)).toBe((step.get(link.source) as number) + 1);
  });

  it('collapses steps after maxSteps into one overflow node and drops flows inside it', () => {
    const graph = unrollBySteps([{ participantId: 'P4', sequence: ['push', 'pull', 'push', 'pull', 'cocreation'] }], 2);
    expect(flows(graph)).toEqual(['push@1 pull@2 1', `pull@2 ${overflowStage}@3 1`]);
    expect(graph.nodes.at(-1)).toEqual({ id: `${overflowStage}@3`, stage: overflowStage, step: 3, overflow: true, participantIds: ['P4'] });
  });

  it('keeps every participant, even one without stages, and does not depend on input order', () => {
    const sequences = [
      { participantId: 'P2', sequence: ['push'] },
      { participantId: 'P1', sequence: [] },
      { participantId: 'P3', sequence: ['push', 'pull'] },
    ];
    expect(unrollBySteps(sequences)).toEqual(unrollBySteps([...sequences].reverse()));
    expect(unrollBySteps(sequences).participantIds).toEqual(['P1', 'P2', 'P3']);
    expect(unrollBySteps(sequences).nodes.find((n) => n.id === 'push@1')?.participantIds).toEqual(['P2', 'P3']);
  });

  it('rejects a maxSteps that is not a positive integer, and duplicate participants', () => {
    expect(() => unrollBySteps([], 0)).toThrow(PathwayGraphError);
    expect(() => unrollBySteps([], 2.5)).toThrow(PathwayGraphError);
    expect(() => unrollBySteps([{ participantId: 'P1', sequence: [] }, { participantId: 'P1', sequence: [] }])).toThrow(PathwayGraphError);
  });
});

import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.ts';
import { applyVisibility, connectedStages, filterEdges, filterStages, hideDisputed, showOnly } from './filter-edges.ts';
import { PathwayGraphError } from './pathway-graph-error.ts';
import { endId, startId, type PathwayGraph } from './types.ts';
import { example1Merge, example1Scope, example3Pathways, example3Scope, exampleStageSet, pathwayFromSequence } from './worked-examples.ts';

const example3 = aggregate(
  example3Pathways.map((pathway) => ({ kind: 'single' as const, pathway })),
  { stageSet: exampleStageSet, scope: example3Scope },
);
const example1 = aggregate([{ kind: 'merged', merge: example1Merge }], { stageSet: exampleStageSet, scope: example1Scope });
const visible = (graph: PathwayGraph) => graph.edges.map((e) => `${e.id} ${e.participants}${e.keptForConnectivity ? ' kept' : ''}`);
const counts = (graph: PathwayGraph) => graph.nodes.map((n) => `${n.id} ${n.participants}/${n.occurrences}`);

describe('filterEdges on worked example 3 (spec §2.5, §4)', () => {
  it('minParticipants = 2 removes the three single-participant edges, lowest first', () => {
    const filtered = filterEdges(example3, { minParticipants: 2 });
    expect(filtered.filterLog).toEqual(['removed __start__->pull', 'removed pull->push', 'removed push->cocreation']);
    expect(visible(filtered)).toEqual(['__start__->push 4', 'push->pull 3', 'pull->cocreation 4', 'cocreation->__end__ 5']);
  });

  it('minParticipants = 4 keeps push->pull for connectivity: without it pull and cocreation are cut off from Start', () => {
    const filtered = filterEdges(example3, { minParticipants: 4 });
    expect(filtered.filterLog).toEqual(['removed __start__->pull', 'removed pull->push', 'removed push->cocreation', 'kept push->pull (connectivity)']);
    expect(visible(filtered)).toEqual(['__start__->push 4', 'push->pull 3 kept', 'pull->cocreation 4', 'cocreation->__end__ 5']);
  });

  it('never changes a count: nodes stay push 4, pull 4, cocreation 5, and edges keep theirs', () => {
    for (const minParticipants of [0, 2, 4, 5, 6]) {
      const filtered = filterEdges(example3, { minParticipants });
      // Nodes may disappear (no edges left) but never change: every remaining one is the original.
      expect(counts(filtered)).toEqual(counts(example3).filter((line) => filtered.nodes.some((n) => line.startsWith(`${n.id} `))));
      for (const node of filtered.nodes) expect(node).toEqual(example3.nodes.find((n) => n.id === node.id));
      for (const edge of filtered.edges) {
        const { keptForConnectivity: _kept, ...rest } = edge;
        expect(rest).toEqual(example3.edges.find((e) => e.id === edge.id));
      }
      expect(filtered.totalParticipants).toBe(5);
      expect(filtered.variants).toEqual(example3.variants);
    }
  });

  it('records the threshold in scope.visibility and leaves the input graph untouched', () => {
    const before = JSON.stringify(example3);
    const filtered = filterEdges(example3, { minParticipants: 4 });
    expect(filtered.scope.visibility).toEqual({ minParticipants: 4, keepAllStages: false });
    expect(JSON.stringify(example3)).toBe(before);
  });

  it('turns minShare into a count of all participants (0.8 of 5 → 4)', () => {
    const filtered = filterEdges(example3, { minShare: 0.8 });
    expect(filtered.filterLog).toEqual(filterEdges(example3, { minParticipants: 4 }).filterLog);
    expect(filtered.scope.visibility).toEqual({ minShare: 0.8, effectiveMinParticipants: 4, keepAllStages: false });
  });

  it('rounds shares without floating-point surprises (0.7 of 10 is 7, not 8)', () => {
    const ten = aggregate(
      Array.from({ length: 10 }, (_, i) => ({ kind: 'single' as const, pathway: pathwayFromSequence(`P${i}`, i < 7 ? ['push'] : ['pull']) })),
      { stageSet: exampleStageSet, scope: example3Scope },
    );
    expect(filterEdges(ten, { minShare: 0.7 }).scope.visibility).toMatchObject({ effectiveMinParticipants: 7 });
  });

  it('drops stages left without edges, but never Start or End', () => {
    // Threshold 5 with keepAllStages = false: only cocreation is required; push and pull stay as its only route.
    const filtered = filterEdges(example3, { minParticipants: 5 });
    expect(filtered.nodes.map((n) => n.id)).toEqual([startId, 'push', 'pull', 'cocreation', endId]);
    const isolated = aggregate(
      [
        { kind: 'single', pathway: pathwayFromSequence('P1', ['push', 'cocreation']) },
        { kind: 'single', pathway: pathwayFromSequence('P2', ['push', 'cocreation']) },
        { kind: 'single', pathway: pathwayFromSequence('P3', ['pull']) },
      ],
      { stageSet: exampleStageSet, scope: example3Scope },
    );
    const cut = filterEdges(isolated, { minParticipants: 2 });
    expect(cut.nodes.map((n) => n.id)).toEqual([startId, 'push', 'cocreation', endId]);
    expect(cut.filterLog).toEqual(['removed __start__->pull', 'removed pull->__end__', 'removed stage pull (no edges left)']);
  });

  it('with keepAllStages keeps a lone stage connected', () => {
    const isolated = aggregate(
      [
        { kind: 'single', pathway: pathwayFromSequence('P1', ['push', 'cocreation']) },
        { kind: 'single', pathway: pathwayFromSequence('P2', ['push', 'cocreation']) },
        { kind: 'single', pathway: pathwayFromSequence('P3', ['pull']) },
      ],
      { stageSet: exampleStageSet, scope: example3Scope },
    );
    const kept = filterEdges(isolated, { minParticipants: 2, keepAllStages: true });
    expect(kept.filterLog).toEqual(['kept __start__->pull (connectivity)', 'kept pull->__end__ (connectivity)']);
    expect(kept.nodes.map((n) => n.id)).toContain('pull');
  });

  it('clears the flags of an earlier filter: keptForConnectivity describes this filter only', () => {
    const once = filterEdges(example3, { minParticipants: 4 });
    const twice = filterEdges(once, { minParticipants: 3 });
    expect(once.edges.find((e) => e.id === 'push->pull')?.keptForConnectivity).toBe(true);
    expect(twice.edges.find((e) => e.id === 'push->pull')?.keptForConnectivity).toBeUndefined();
    expect(twice.filterLog).toEqual(once.filterLog);
    expect(twice.scope.visibility).toEqual({ minParticipants: 3, keepAllStages: false });
  });

  it('rejects negative or non-numeric thresholds and shares above 1', () => {
    expect(() => filterEdges(example3, { minParticipants: -1 })).toThrow(PathwayGraphError);
    expect(() => filterEdges(example3, { minParticipants: Number.NaN })).toThrow(PathwayGraphError);
    expect(() => filterEdges(example3, { minShare: 1.5 })).toThrow(PathwayGraphError);
  });
});

describe('other visibility filters', () => {
  it('filterStages hides a stage below minStageParticipants with its edges, counts unchanged', () => {
    const filtered = filterStages(example3, 5);
    expect(filtered.nodes.map((n) => n.id)).toEqual([startId, 'cocreation', endId]);
    expect(visible(filtered)).toEqual(['cocreation->__end__ 5']);
    expect(filtered.filterLog?.slice(0, 3)).toEqual(['removed stage push (participants 4 < 5)', 'removed stage pull (participants 4 < 5)', 'removed __start__->push (stage hidden)']);
    expect(filtered.nodes.find((n) => n.id === 'cocreation')?.participants).toBe(5);
  });

  it('hideDisputed hides coder-merged edges below the mean support ratio and keeps the unanimous ones', () => {
    const filtered = hideDisputed(example1, 0.75);
    expect(visible(filtered)).toEqual(['__start__->push 1', 'push->pull 1', 'cocreation->__end__ 1']);
    expect(filtered.filterLog).toEqual(['removed push->cocreation (mean support 0.50 < 0.75)', 'removed pull->push (mean support 0.50 < 0.75)', 'removed pull->cocreation (mean support 0.50 < 0.75)']);
    expect(hideDisputed(example1, 0.5).edges).toHaveLength(6);
  });

  it('hideDisputed never hides single-sequence edges, which have no coder support', () => {
    expect(hideDisputed(example3, 1).edges).toEqual(example3.edges);
  });

  it('showOnly forward hides back-transitions; backward shows only them', () => {
    expect(showOnly(example3, 'forward').edges.map((e) => e.id)).not.toContain('pull->push');
    expect(showOnly(example3, 'forward').edges).toHaveLength(6);
    expect(showOnly(example3, 'backward').edges.map((e) => e.id)).toEqual(['pull->push']);
    expect(showOnly(example3, 'backward').nodes.map((n) => n.id)).toEqual([startId, 'push', 'pull', endId]);
    expect(showOnly(example3, 'all').edges).toEqual(example3.edges);
  });

  it('applyVisibility composes the filters and records every setting', () => {
    const filtered = applyVisibility(example3, { showOnly: 'forward', minParticipants: 4 });
    expect(filtered.filterLog).toEqual(['removed pull->push (showOnly forward)', 'removed __start__->pull', 'removed push->cocreation', 'kept push->pull (connectivity)']);
    expect(filtered.scope.visibility).toEqual({ showOnly: 'forward', minParticipants: 4, keepAllStages: false });
    expect(() => applyVisibility(example3, { minParticipants: 2, minShare: 0.5 })).toThrow(PathwayGraphError);
  });

  it('does not let a stage cut off by an earlier filter pin every other edge', () => {
    // P1 reaches pull and leaves it only by the back edge; hiding back edges cuts pull off from End.
    const graph = aggregate(
      ['push,pull,push', 'push', 'push'].map((sequence, i) => ({ kind: 'single' as const, pathway: pathwayFromSequence(`P${i + 1}`, sequence.split(',')) })),
      { stageSet: exampleStageSet, scope: example3Scope },
    );
    const filtered = applyVisibility(graph, { showOnly: 'forward', minParticipants: 2, keepAllStages: true });
    // Were pull still required, no removal could satisfy it and push->pull would be "kept for connectivity".
    expect(filtered.filterLog).toEqual(['removed pull->push (showOnly forward)', 'removed push->pull', 'removed stage pull (no edges left)']);
  });
});

describe('connectedStages', () => {
  it('lists stages on some Start→…→End route', () => {
    expect([...connectedStages(example3.edges)].sort()).toEqual(['cocreation', 'pull', 'push']);
    expect([...connectedStages(example3.edges.filter((e) => e.id !== 'push->pull' && e.id !== '__start__->pull'))].sort()).toEqual(['cocreation', 'push']);
  });
});

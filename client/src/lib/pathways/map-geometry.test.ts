import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { buildPathwayGraph } from '../../../../shared/pathways/build-graph.ts';
import { toElk } from '../../../../shared/pathways/export/elk.ts';
import { defaultPathwayOptions } from '../../../../shared/pathways/types.ts';
import { example1Assignments, example1Segments, exampleParents, exampleStageSet } from '../../../../shared/pathways/worked-examples.ts';
import { focusOrder, mapGeometry, mapSpacing, wrapLabel, type LaidOutGraph } from './map-geometry.ts';
import { createPathwayNames } from './pathway-words.ts';

// Worked example 1 (spec §4): P1 coded by A (push → pull → co-creation) and B (push → pull → push → co-creation), union.
const graph = buildPathwayGraph(
  { stageSet: exampleStageSet, parents: exampleParents, segments: example1Segments, assignments: example1Assignments, request: { participants: 'all', layer: 'coders', coderMerge: { kind: 'union' }, options: defaultPathwayOptions } },
  { projectId: 'p', eventSeq: 1, generatedAt: '2026-01-01T00:00:00.000Z' },
);
const names = createPathwayNames([{ id: 'P1', name: 'P1' }], [
  { userId: 'A', name: 'Ana' },
  { userId: 'B', name: 'Bo' },
]);

async function laidOut(): Promise<LaidOutGraph> {
  const input = toElk(graph, { provenance: false });
  return (await new ELK().layout(structuredClone({ ...input, layoutOptions: { ...input.layoutOptions, ...mapSpacing } }) as never)) as LaidOutGraph;
}

describe('the pathway map geometry', () => {
  it('places every node and edge ELK laid out, left to right in stage order', async () => {
    const map = mapGeometry(graph, await laidOut(), names);
    expect(map.nodes.map((n) => n.id)).toEqual(['__start__', 'push', 'pull', 'cocreation', '__end__']);
    const xs = map.nodes.map((n) => n.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(map.edges.map((e) => e.id).sort()).toEqual(graph.edges.map((e) => e.id).sort());
    for (const edge of map.edges) expect(edge.path).toMatch(/^M[\d.,-]+ [CL]/);
    expect(map.width).toBeGreaterThan(Math.max(...map.nodes.map((n) => n.x + n.width)));
  });

  it('encodes weight, disputes and back-transitions as the exports do, never by colour alone', async () => {
    const map = mapGeometry(graph, await laidOut(), names);
    const byId = new Map(map.edges.map((e) => [e.id, e]));
    // 1.5 + 8.5·w/max: 2 of 2 coders → 10 px, 1 of 2 → 5.8 px (the Mermaid export's linkStyle widths).
    expect(byId.get('push->pull')!.width).toBe(10);
    expect(byId.get('pull->cocreation')!.width).toBe(5.8);
    const back = byId.get('pull->push')!;
    expect([back.colour, back.dash, back.backward, back.badge?.text]).toEqual(['#c0392b', '6 4', true, '↩ 1/2']);
    expect(back.title).toBe('Pull models → Push models: 1 of 2 coders (Bo) in P1; a back-transition; disputed: Ana did not code it');
    // A back-transition is drawn from its source on the right to its target on the left.
    const [startX, tipX] = [Number(back.path.slice(1).split(',')[0]), Number(back.arrow.split(',')[0])];
    expect(startX).toBeGreaterThan(tipX);
    expect(byId.get('push->pull')!.dash).toBeNull();
    expect(map.nodes.find((n) => n.id === 'push')!.count).toBe('2/2 coders');
  });

  it('orders focus node by node, each followed by the transitions leaving it', async () => {
    const order = focusOrder(mapGeometry(graph, await laidOut(), names)).map((item) => item.shape.id);
    expect(order).toEqual(['__start__', '__start__->push', 'push', 'push->pull', 'push->cocreation', 'pull', 'pull->push', 'pull->cocreation', 'cocreation', 'cocreation->__end__', '__end__']);
  });

  it('marks stages the rule leaves without a way in or out', async () => {
    const cut = { ...graph, edges: graph.edges.filter((e) => e.id !== 'pull->cocreation' && e.id !== 'push->cocreation') };
    const map = mapGeometry(cut, await laidOut(), names);
    expect(map.nodes.filter((n) => n.gapIn || n.gapOut).map((n) => [n.id, n.gapIn, n.gapOut])).toEqual([['cocreation', true, false]]);
  });

  it('wraps long stage names in two lines at most', () => {
    expect(wrapLabel('Pull models')).toEqual(['Pull models']);
    expect(wrapLabel('Co-creation / exchange of knowledge')).toEqual(['Co-creation / exchange', 'of knowledge']);
    expect(wrapLabel('A very long stage name that goes on and on and on')).toEqual(['A very long stage name', 'that goes on and on…']);
  });
});

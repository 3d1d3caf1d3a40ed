import { describe, expect, it } from 'vitest';
import { aggregate } from '../aggregate.ts';
import { filterEdges } from '../filter-edges.ts';
import { example3Pathways, example3Scope, exampleStageSet } from '../worked-examples.ts';
import { elkLayoutOptions, toElk } from './elk.ts';

const example3 = aggregate(
  [...example3Pathways].reverse().map((pathway) => ({ kind: 'single' as const, pathway })),
  { stageSet: exampleStageSet, scope: example3Scope },
);

describe('toElk (spec §2.7, §4 example 3)', () => {
  it('sets the layered, model-order layout options of the spec', () => {
    expect(toElk(example3).layoutOptions).toEqual({
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.edgeRouting': 'SPLINES',
    });
    expect(elkLayoutOptions['elk.layered.cycleBreaking.strategy']).toBe('MODEL_ORDER');
  });

  it('gives the children in canonical order: __start__, push, pull, cocreation, __end__', () => {
    expect(toElk(example3).children.map((child) => child.id)).toEqual(['__start__', 'push', 'pull', 'cocreation', '__end__']);
  });

  it('gives every edge once, in canonical order, with the graph ids and a count label', () => {
    const elk = toElk(example3);
    expect(elk.edges.map((edge) => `${edge.id} ${edge.sources[0]}→${edge.targets[0]} ${edge.labels[0]?.text}`)).toEqual([
      '__start__->push __start__→push 4',
      '__start__->pull __start__→pull 1',
      'push->pull push→pull 3',
      'push->cocreation push→cocreation 1',
      'pull->push pull→push 1',
      'pull->cocreation pull→cocreation 4',
      'cocreation->__end__ cocreation→__end__ 5',
    ]);
  });

  it('sizes stages as fixed boxes and Start/End as circles, configurably', () => {
    const elk = toElk(example3, { nodeWidth: 120, nodeHeight: 40, terminalSize: 24 });
    expect(elk.children.map((child) => [child.width, child.height])).toEqual([[24, 24], [120, 40], [120, 40], [120, 40], [24, 24]]);
    expect(elk.children[1]?.labels.map((label) => label.text)).toEqual(['Push models', 'n=4']);
  });

  it('carries the scope unless asked not to, and follows the filtered graph', () => {
    expect(toElk(example3).scope).toEqual(example3.scope);
    expect(toElk(example3, { provenance: false }).scope).toBeUndefined();
    const filtered = toElk(filterEdges(example3, { minParticipants: 2 }));
    expect(filtered.edges.map((edge) => edge.id)).toEqual(['__start__->push', 'push->pull', 'pull->cocreation', 'cocreation->__end__']);
    expect(filtered.scope?.visibility).toEqual({ minParticipants: 2, keepAllStages: false });
  });
});

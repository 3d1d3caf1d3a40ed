import { describe, expect, it } from 'vitest';
import { aggregate } from '../../../../shared/pathways/aggregate.ts';
import { example3Pathways, example3Scope, exampleStageSet, pathwayFromSequence } from '../../../../shared/pathways/worked-examples.ts';
import { createPathwayNames } from './pathway-words.ts';
import { fitText, stepSankeyGeometry } from './step-sankey-geometry.ts';

// Worked example 3 (spec §4): five participants' consensus sequences, P4 going back from pull to push.
const graph = aggregate(
  example3Pathways.map((pathway) => ({ kind: 'single' as const, pathway })),
  { stageSet: { ...exampleStageSet, stages: exampleStageSet.stages.map((s, i) => ({ ...s, color: ['#E69F00', '#56B4E9', '#009E73'][i]! })) }, scope: example3Scope },
);
const names = createPathwayNames(['P1', 'P2', 'P3', 'P4', 'P5'].map((id) => ({ id, name: `Participant ${id.slice(1)}` })), []);

describe('the step Sankey geometry', () => {
  it('puts each step in its own column, left to right, with the stages in canonical order down each column', () => {
    const sankey = stepSankeyGeometry(graph, 900, names);
    expect(sankey.columns.map((c) => c.label)).toEqual(['Step 1', 'Step 2', 'Step 3', 'Step 4', 'Step 5']);
    const byStep = new Map<number, typeof sankey.nodes>();
    for (const node of sankey.nodes) byStep.set(node.step, [...(byStep.get(node.step) ?? []), node]);
    const xs = [...byStep.entries()].sort(([a], [b]) => a - b).map(([, nodes]) => nodes[0]!.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    for (const nodes of byStep.values()) {
      expect(new Set(nodes.map((n) => n.x)).size).toBe(1);
      const top = [...nodes].sort((a, b) => a.y - b.y).map((n) => n.stage);
      expect(top).toEqual([...top].sort((a, b) => ['push', 'pull', 'cocreation'].indexOf(a) - ['push', 'pull', 'cocreation'].indexOf(b)));
    }
    // Every node and band stays inside the figure.
    for (const node of sankey.nodes) {
      expect(node.x).toBeGreaterThanOrEqual(0);
      expect(node.x + node.width).toBeLessThanOrEqual(sankey.width);
      expect(node.y + node.height).toBeLessThanOrEqual(sankey.height);
    }
  });

  it('sizes nodes and bands by participants and colours them by stage', () => {
    const sankey = stepSankeyGeometry(graph, 900, names);
    const node = (id: string) => sankey.nodes.find((n) => n.id === id)!;
    expect(node('push@1').height / node('pull@1').height).toBeCloseTo(4, 1);
    expect(node('push@1').colour).toBe('#E69F00');
    expect(node('pull@2').count).toBe('n=3');
    const link = sankey.links.find((l) => l.id === 'push@1->pull@2')!;
    expect(link.width / sankey.links.find((l) => l.id === 'push@1->cocreation@2')!.width).toBeCloseTo(3, 1);
    expect(link.colour).toBe('#E69F00');
    expect(link.path).toMatch(/^M[\d.]+,[\d.]+ C/);
  });

  it('says what each node and band is, with its participants', () => {
    const sankey = stepSankeyGeometry(graph, 900, names);
    expect(sankey.nodes.find((n) => n.id === 'pull@2')!.title).toBe('Step 2: Pull models — 3 participants');
    expect(sankey.nodes.find((n) => n.id === 'push@1')!.title).toBe('Step 1: Push models — 4 participants');
    expect(sankey.nodes.find((n) => n.id === 'cocreation@2')!.title).toBe('Step 2: Co-creation / exchange — 2 participants (2 end here)');
    expect(sankey.links.find((l) => l.id === 'push@1->pull@2')!.title).toBe('Push models (1) → Pull models (2): 3 participants: Participant 1, Participant 2, Participant 4');
  });

  it('marks a flow back to an earlier stage as a back-step', () => {
    const sankey = stepSankeyGeometry(graph, 900, names);
    const back = sankey.links.filter((l) => l.backward);
    expect(back.map((l) => l.id)).toEqual(['pull@2->push@3']);
    expect(back[0]!.colour).toBe('#c0392b');
    expect(back[0]!.title).toBe('Pull models (2) → Push models (3): 1 participant: Participant 4; a back-step to an earlier stage');
    expect(sankey.backSteps).toBe(1);
  });

  it('gathers steps after the sixth into one column, and draws a single column without dividing by zero', () => {
    const long = aggregate([{ kind: 'single', pathway: pathwayFromSequence('P1', ['push', 'pull', 'push', 'pull', 'push', 'pull', 'cocreation', 'push']) }], { stageSet: exampleStageSet, scope: example3Scope });
    const sankey = stepSankeyGeometry(long, 900, names);
    expect(sankey.columns.at(-1)!.label).toBe('Step 7+');
    expect(sankey.nodes.at(-1)!.title).toBe('Step 7 and later: Later steps — 1 participant');
    const one = aggregate([{ kind: 'single', pathway: pathwayFromSequence('P1', ['pull']) }, { kind: 'single', pathway: pathwayFromSequence('P2', []) }], { stageSet: exampleStageSet, scope: example3Scope });
    const single = stepSankeyGeometry(one, 600, names);
    expect(single.nodes.map((n) => [n.id, Number.isFinite(n.x), n.height > 0])).toEqual([['pull@1', true, true]]);
    expect(single.withoutStages).toBe(1);
  });

  it('keeps a small study compact: one participant gets a band a few dozen pixels tall', () => {
    const one = aggregate([{ kind: 'single', pathway: pathwayFromSequence('P1', ['push', 'pull']) }], { stageSet: exampleStageSet, scope: example3Scope });
    const sankey = stepSankeyGeometry(one, 900, names);
    expect(sankey.nodes[0]!.height).toBeLessThanOrEqual(40);
    expect(sankey.height).toBeLessThan(120);
  });

  it('shortens labels with an ellipsis', () => {
    expect(fitText('Co-creation / exchange', 10)).toBe('Co-creati…');
    expect(fitText('Push', 10)).toBe('Push');
  });
});

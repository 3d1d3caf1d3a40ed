import { describe, expect, it } from 'vitest';
import { aggregate } from '../aggregate.ts';
import { unrollBySteps } from '../unroll-by-steps.ts';
import type { StageSet } from '../types.ts';
import { example3Pathways, example3Scope, exampleStageSet } from '../worked-examples.ts';
import { toMermaidSankey } from './mermaid-sankey.ts';
import { example3Sankey } from '../worked-example-exports.ts';

describe('toMermaidSankey (spec §2.8, §4 example 3)', () => {
  it('reproduces the sankey-beta block byte for byte, rows in the spec order', () => {
    expect(toMermaidSankey(unrollBySteps(example3Pathways), { stageSet: exampleStageSet, provenance: false })).toBe(example3Sankey);
  });

  it('gives the same rows whatever the order of the participants', () => {
    expect(toMermaidSankey(unrollBySteps([...example3Pathways].reverse()), { stageSet: exampleStageSet, provenance: false })).toBe(example3Sankey);
  });

  it('states the unrolling and the scope in %% lines after sankey-beta by default', () => {
    const graph = aggregate(example3Pathways.map((pathway) => ({ kind: 'single' as const, pathway })), { stageSet: exampleStageSet, scope: example3Scope });
    const text = toMermaidSankey(unrollBySteps(example3Pathways), { stageSet: exampleStageSet, scope: graph.scope });
    const lines = text.split('\n');
    expect(lines[0]).toBe('sankey-beta');
    expect(lines[1]).toBe('%% unrolled by step: maxSteps 6; participants (5): P1, P2, P3, P4, P5');
    expect(text).toContain('%% layer consensus');
    expect(lines.filter((line) => !line.startsWith('%%')).join('\n')).toBe(example3Sankey);
  });

  it('names the overflow node "… (maxSteps+1+)"', () => {
    const text = toMermaidSankey(unrollBySteps([{ participantId: 'P4', sequence: ['push', 'pull', 'push'] }], 2), { stageSet: exampleStageSet, provenance: false });
    expect(text).toContain('"Pull models (2)","… (3+)",1');
  });

  it('doubles quotes in names and tells apart two stages with the same label', () => {
    const stageSet: StageSet = { ...exampleStageSet, stages: [{ codeId: 'a', label: 'Say "x"', order: 1 }, { codeId: 'b', label: 'Same', order: 2 }, { codeId: 'c', label: 'Same', order: 3 }] };
    const text = toMermaidSankey(unrollBySteps([{ participantId: 'P1', sequence: ['a', 'b', 'c'] }]), { stageSet, provenance: false });
    expect(text).toContain('"Say ""x"" (1)","Same [b] (2)",1');
    expect(text).toContain('"Same [b] (2)","Same [c] (3)",1');
  });
});

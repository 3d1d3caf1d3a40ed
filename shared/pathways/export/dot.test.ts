import { describe, expect, it } from 'vitest';
import { aggregate } from '../aggregate.ts';
import { filterEdges } from '../filter-edges.ts';
import { endId, startId, type PathwayEdge, type PathwayGraph, type PathwayNode } from '../types.ts';
import { example1Merge, example1Scope, example3Pathways, example3Scope, exampleStageSet } from '../worked-examples.ts';
import { dotNodeIds, toDot } from './dot.ts';
import { example1Dot, example3Dot } from '../worked-example-exports.ts';


const example3 = aggregate(
  example3Pathways.map((pathway) => ({ kind: 'single' as const, pathway })),
  { stageSet: exampleStageSet, scope: example3Scope },
);
const example1 = aggregate([{ kind: 'merged', merge: example1Merge }], { stageSet: exampleStageSet, scope: example1Scope });
const withoutComments = (text: string) => text.split('\n').filter((line) => !line.startsWith('//')).join('\n');

const stage = (id: string, label: string, order: number): PathwayNode => ({ id, kind: 'stage', label, order, participants: 1, occurrences: 1, evidence: [] });
const edge = (from: string, to: string): PathwayEdge => ({ id: `${from}->${to}`, from, to, direction: 'forward', participants: 1, occurrences: 1, participantIds: ['P1'], disputed: false, included: true, evidence: [], disagreementIds: [], evidenceLocusIds: [] });
const handMade = (nodes: PathwayNode[], edges: PathwayEdge[]): PathwayGraph => ({ ...example3, nodes: [example3.nodes[0] as PathwayNode, ...nodes, example3.nodes.at(-1) as PathwayNode], edges });

describe('toDot golden exports (spec §4)', () => {
  it('reproduces example 1 (union coder merge) byte for byte', () => {
    expect(toDot(example1, { provenance: false })).toBe(example1Dot);
  });

  it('reproduces example 3 unfiltered byte for byte', () => {
    expect(toDot(example3, { provenance: false })).toBe(example3Dot);
  });

  it('adds // provenance lines before digraph by default, and the body is still the golden block', () => {
    const text = toDot(example1);
    expect(withoutComments(text)).toBe(example1Dot);
    expect(text.startsWith('// Accord pathway graph (schema 1)\n')).toBe(true);
    expect(text).toContain('// layer coders; coder merge union (quorum 1); coders A, B');
    expect(text).toContain('// options mergeGap=0, minResidualChars=0, minSegmentChars=0, orderBy=transcript, overlapPolicy=start, selfLoops=false');
  });
});

describe('toDot encoding', () => {
  it('lists only the stages present in the invisible spine', () => {
    const filtered = filterEdges(example3, { minParticipants: 6 });
    expect(toDot(filtered, { provenance: false })).toContain('  START -> END [style=invis, weight=10];');
    const twoStages = aggregate([{ kind: 'single', pathway: example3Pathways[2] as (typeof example3Pathways)[number] }], { stageSet: exampleStageSet, scope: example3Scope });
    expect(toDot(twoStages, { provenance: false })).toContain('  START -> push -> cocreation -> END [style=invis, weight=10];');
  });

  it('draws an edge kept for connectivity thin, grey and dotted with a tooltip', () => {
    const text = toDot(filterEdges(example3, { minParticipants: 4 }), { provenance: false });
    expect(text).toMatch(/^  push -> pull \[label="3", penwidth=1, style=dotted, color="#999999", tooltip="kept for connectivity: [^"]+"\];$/m);
  });

  it('quotes ids that are not plain identifiers or are keywords, and renames a stage called START', () => {
    const graph = handMade([stage('push.training', 'Training', 1), stage('node', 'Node', 2), stage('START', 'Start stage', 3)], [edge(startId, 'push.training'), edge('push.training', 'node'), edge('node', 'START'), edge('START', endId)]);
    expect(dotNodeIds(graph).get('START')).toBe('START_2');
    const text = toDot(graph, { provenance: false });
    expect(text).toContain('  "push.training" [label="Training\\nn=1"];');
    expect(text).toContain('  "push.training" -> "node" [label="1", penwidth=6];');
    expect(text).toContain('  "node" -> START_2 [label="1", penwidth=6];');
    expect(text).toContain('  START -> "push.training" -> "node" -> START_2 -> END [style=invis, weight=10];');
  });

  it('escapes quotes and backslashes in labels and keeps them on one line', () => {
    const text = toDot(handMade([stage('x', 'Say "hi" \\ bye\nnow', 1)], [edge(startId, 'x')]), { provenance: false });
    expect(text).toContain(String.raw`  x [label="Say \"hi\" \\ bye now\nn=1"];`);
  });
});

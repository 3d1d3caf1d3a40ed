import { describe, expect, it } from 'vitest';
import { aggregate } from '../aggregate.ts';
import { filterEdges } from '../filter-edges.ts';
import { endId, startId, type PathwayEdge, type PathwayGraph, type PathwayNode } from '../types.ts';
import { example1Merge, example1Scope, example3Pathways, example3Scope, exampleStageSet } from '../worked-examples.ts';
import { escapeLabel, mermaidNodeIds, toMermaid } from './mermaid.ts';
import { example1Mermaid, example3MermaidMinParticipants2 } from '../worked-example-exports.ts';


const example3 = aggregate(
  example3Pathways.map((pathway) => ({ kind: 'single' as const, pathway })),
  { stageSet: exampleStageSet, scope: example3Scope },
);
const example1 = aggregate([{ kind: 'merged', merge: example1Merge }], { stageSet: exampleStageSet, scope: example1Scope });
const withoutComments = (text: string) => text.split('\n').filter((line) => !line.trimStart().startsWith('%%')).join('\n');

const stage = (id: string, label: string, order: number): PathwayNode => ({ id, kind: 'stage', label, order, participants: 1, occurrences: 1, evidence: [] });
const edge = (from: string, to: string, extra: Partial<PathwayEdge> = {}): PathwayEdge => ({
  id: `${from}->${to}`,
  from,
  to,
  direction: 'forward',
  participants: 1,
  occurrences: 1,
  participantIds: ['P1'],
  disputed: false,
  included: true,
  evidence: [],
  disagreementIds: [],
  evidenceLocusIds: [],
  ...extra,
});
const handMade = (nodes: PathwayNode[], edges: PathwayEdge[]): PathwayGraph => ({ ...example3, nodes: [example3.nodes[0] as PathwayNode, ...nodes, example3.nodes.at(-1) as PathwayNode], edges });

describe('toMermaid golden exports (spec §4)', () => {
  it('reproduces example 1 (union coder merge) byte for byte', () => {
    expect(toMermaid(example1, { provenance: false })).toBe(example1Mermaid);
  });

  it('reproduces example 3 with minParticipants = 2 byte for byte', () => {
    expect(toMermaid(filterEdges(example3, { minParticipants: 2 }), { provenance: false })).toBe(example3MermaidMinParticipants2);
  });

  it('adds %% provenance lines by default, and the body is still the golden block', () => {
    const text = toMermaid(filterEdges(example3, { minParticipants: 2 }));
    expect(withoutComments(text)).toBe(example3MermaidMinParticipants2);
    expect(text.split('\n')[0]).toBe('flowchart LR');
    expect(text).toContain('  %% layer consensus');
    expect(text).toContain('  %% visibility keepAllStages=false, minParticipants=2');
    expect(text).toContain('  %% filter log: removed __start__->pull; removed pull->push; removed push->cocreation');
    expect(text).toContain('  %% source eventSeq 110');
    expect(toMermaid(example1)).toContain('  %% layer coders; coder merge union (quorum 1); coders A, B');
  });
});

describe('toMermaid encoding', () => {
  it('writes one linkStyle per edge, last, numbered in order of definition', () => {
    const lines = toMermaid(example3, { provenance: false }).trimEnd().split('\n');
    const edgeLines = lines.filter((line) => /-\.?->/.test(line));
    const styles = lines.filter((line) => line.trimStart().startsWith('linkStyle'));
    expect(edgeLines).toHaveLength(7);
    expect(styles.map((line) => line.split(' ').filter(Boolean)[1])).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(lines.slice(-7)).toEqual(styles);
    expect(styles[4]).toBe('  linkStyle 4 stroke:#c0392b,stroke-width:3.2px');
  });

  it('draws edges kept for connectivity dotted, grey and thin', () => {
    const text = toMermaid(filterEdges(example3, { minParticipants: 4 }), { provenance: false });
    expect(text).toContain('  n_push -.->|"3"| n_pull');
    expect(text).toContain('  linkStyle 1 stroke:#999999,stroke-width:1.5px,stroke-dasharray:2 3');
  });

  it('sanitises ids to n_[A-Za-z0-9_], suffixes collisions _2 in canonical order, reserves n_START/n_END', () => {
    const graph = handMade([stage('a.b', 'A dot', 1), stage('a_b', 'A under', 2), stage('START', 'Start stage', 3)], [edge(startId, 'a.b'), edge('a.b', 'a_b'), edge('a_b', 'START'), edge('START', endId)]);
    const ids = mermaidNodeIds(graph);
    expect([ids.get('a.b'), ids.get('a_b'), ids.get('START'), ids.get(startId), ids.get(endId)]).toEqual(['n_a_b', 'n_a_b_2', 'n_START_2', 'n_START', 'n_END']);
    const text = toMermaid(graph, { provenance: false });
    expect(text).toContain('  n_a_b -->|"1"| n_a_b_2');
    expect(text).toContain('  n_START_2 -->|"1"| n_END');
  });

  it('escapes quotes as #quot; and keeps labels on one line', () => {
    expect(escapeLabel('The "new" <model>\nnext')).toBe('The #quot;new#quot; #lt;model#gt; next');
    const text = toMermaid(handMade([stage('x', 'Say "hi"', 1)], [edge(startId, 'x')]), { provenance: false });
    expect(text).toContain('  n_x["Say #quot;hi#quot;<br/>n=1"]');
  });

  it('colours a stage with a safe colour and ignores an unsafe one', () => {
    const colored = { ...stage('x', 'X', 1), color: '#1f77b4' };
    const unsafe = { ...stage('y', 'Y', 2), color: 'red;stroke:url(x)' };
    const text = toMermaid(handMade([colored, unsafe], [edge(startId, 'x'), edge('x', 'y')]), { provenance: false });
    expect(text).toContain('  style n_x fill:#1f77b4');
    expect(text).not.toContain('style n_y');
  });

  it('keeps provenance on one comment line each even when ids contain line breaks', () => {
    const text = toMermaid({ ...example3, scope: { ...example3.scope, projectId: 'evil\nflowchart TD' } });
    expect(text).toContain('  %% project evil flowchart TD; stage set models');
    expect(text.split('\n').filter((line) => line.startsWith('flowchart'))).toEqual(['flowchart LR']);
  });
});

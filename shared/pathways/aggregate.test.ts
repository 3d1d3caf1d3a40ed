import { describe, expect, it } from 'vitest';
import { aggregate, directionOf, type EvidenceResolver } from './aggregate.ts';
import { derivePathwaysByCoder } from './derive-pathway.ts';
import { mergeCoders } from './merge-coders.ts';
import { PathwayGraphError } from './pathway-graph-error.ts';
import { endId, startId, type ParticipantMerge, type ParticipantPathways, type Pathway, type PathwayGraph } from './types.ts';
import { example1Merge, example1Scope, example1Segments, example3Pathways, example3Scope, exampleParents, exampleStageSet, pathwayFromSequence } from './worked-examples.ts';

const single = (pathway: Pathway): ParticipantPathways => ({ kind: 'single', pathway });
const merged = (merge: ParticipantMerge): ParticipantPathways => ({ kind: 'merged', merge });
const example3 = (): PathwayGraph => aggregate(example3Pathways.map(single), { stageSet: exampleStageSet, scope: example3Scope });

/** Example 1's merge under majority (quorum 2 of 2): only the unanimous edges are included. */
const example1Majority: ParticipantMerge = {
  ...example1Merge,
  rule: { kind: 'majority' },
  quorum: 2,
  edges: example1Merge.edges.map((edge) => ({ ...edge, included: (edge.support ?? 0) >= 2 })),
};

describe('aggregate on worked example 3 (spec §4)', () => {
  it('reproduces the edge table: participants, occurrences, direction, participantIds', () => {
    const rows = example3().edges.map((e) => [e.id, e.participants, e.occurrences, e.direction, e.participantIds.join(',')]);
    expect(rows).toEqual([
      ['__start__->push', 4, 4, 'start', 'P1,P2,P3,P4'],
      ['__start__->pull', 1, 1, 'start', 'P5'],
      ['push->pull', 3, 4, 'forward', 'P1,P2,P4'],
      ['push->cocreation', 1, 1, 'forward', 'P3'],
      ['pull->push', 1, 1, 'backward', 'P4'],
      ['pull->cocreation', 4, 4, 'forward', 'P1,P2,P4,P5'],
      ['cocreation->__end__', 5, 5, 'end', 'P1,P2,P3,P4,P5'],
    ]);
  });

  it('counts nodes: push 4/5, pull 4/5, cocreation 5/5; Start and End the 5 participants, in §2.6 order', () => {
    const nodes = example3().nodes.map((n) => [n.id, n.kind, n.participants, n.occurrences]);
    expect(nodes).toEqual([
      [startId, 'start', 5, 5],
      ['push', 'stage', 4, 5],
      ['pull', 'stage', 4, 5],
      ['cocreation', 'stage', 5, 5],
      [endId, 'end', 5, 5],
    ]);
  });

  it('lists the variants by count, then lexicographically', () => {
    expect(example3().variants).toEqual([
      { sequence: ['push', 'pull', 'cocreation'], count: 2, participantIds: ['P1', 'P2'] },
      { sequence: ['pull', 'cocreation'], count: 1, participantIds: ['P5'] },
      { sequence: ['push', 'cocreation'], count: 1, participantIds: ['P3'] },
      { sequence: ['push', 'pull', 'push', 'pull', 'cocreation'], count: 1, participantIds: ['P4'] },
    ]);
  });

  it('fills scope.participantIds from the inputs and counts totalParticipants', () => {
    const graph = example3();
    expect(graph.scope.participantIds).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect(graph.totalParticipants).toBe(5);
    expect(graph.scope.layer).toBe('consensus');
    expect(graph.schemaVersion).toBe(1);
  });

  it('gives the same graph whatever the order of the participants', () => {
    const reversed = aggregate([...example3Pathways].reverse().map(single), { stageSet: exampleStageSet, scope: example3Scope });
    expect(reversed).toEqual(example3());
  });

  it('single-sequence edges are never disputed and carry no coder fields', () => {
    for (const edge of example3().edges) {
      expect(edge.disputed).toBe(false);
      expect(edge.included).toBe(true);
      expect(edge.coderSupport).toBeUndefined();
      expect(edge.meanSupportRatio).toBeUndefined();
    }
  });
});

describe('aggregate of coder merges', () => {
  it('passes example 1 through: "k/n" support, agreement and coders on edges, 2/2 coders on stages', () => {
    const graph = aggregate([merged(example1Merge)], { stageSet: exampleStageSet, scope: example1Scope });
    expect(graph.edges.map((e) => [e.id, `${e.support}/${e.total}`, e.agreement, e.disputed, e.supportingCoders, e.occurrences])).toEqual([
      ['__start__->push', '2/2', 'unanimous', false, ['A', 'B'], null],
      ['push->pull', '2/2', 'unanimous', false, ['A', 'B'], null],
      ['push->cocreation', '1/2', 'minority', true, ['B'], null],
      ['pull->push', '1/2', 'minority', true, ['B'], null],
      ['pull->cocreation', '1/2', 'minority', true, ['A'], null],
      ['cocreation->__end__', '2/2', 'unanimous', false, ['A', 'B'], null],
    ]);
    expect(graph.nodes.map((n) => [n.id, n.coderSupport, n.occurrences])).toEqual([
      [startId, undefined, null],
      ['push', { support: 2, total: 2 }, null],
      ['pull', { support: 2, total: 2 }, null],
      ['cocreation', { support: 2, total: 2 }, null],
      [endId, undefined, null],
    ]);
    expect(graph.edges.find((e) => e.id === 'pull->push')).toMatchObject({ coderSupport: [{ participantId: 'P1', support: 1, total: 2 }], meanSupportRatio: 0.5, disagreementIds: ['L3'], evidenceLocusIds: ['L2', 'L3'] });
  });

  it('uses the representative (medoid) sequence as a merged participant’s variant', () => {
    const graph = aggregate([merged(example1Merge)], { stageSet: exampleStageSet, scope: example1Scope });
    expect(graph.variants).toEqual([{ sequence: ['push', 'pull', 'cocreation'], count: 1, participantIds: ['P1'] }]);
  });

  it('takes only included edges under majority, but keeps stages whose coder support reaches quorum (the gap stays visible)', () => {
    const graph = aggregate([merged(example1Majority)], { stageSet: exampleStageSet, scope: { ...example1Scope, coderMerge: { kind: 'majority', quorum: 2 } } });
    expect(graph.edges.map((e) => e.id)).toEqual(['__start__->push', 'push->pull', 'cocreation->__end__']);
    expect(graph.nodes.map((n) => n.id)).toEqual([startId, 'push', 'pull', 'cocreation', endId]);
  });

  it('leaves out a stage seen by fewer coders than the quorum', () => {
    const weak: ParticipantMerge = { ...example1Majority, nodes: example1Majority.nodes.map((n) => (n.id === 'cocreation' ? { ...n, coderSupport: { support: 1, total: 2 } } : n)), edges: example1Majority.edges.filter((e) => e.to !== endId) };
    const graph = aggregate([merged(weak)], { stageSet: exampleStageSet, scope: example1Scope });
    expect(graph.nodes.map((n) => n.id)).toEqual([startId, 'push', 'pull', endId]);
  });

  it('across participants: per-participant coderSupport, mean support ratio, disputed when any coders disagreed, no scalar fields', () => {
    const p2: ParticipantMerge = { ...example1Merge, participantId: 'P2', transcriptId: 'P2', edges: example1Merge.edges.map((e) => ({ ...e, participantIds: ['P2'], support: 2, agreement: 'unanimous' as const, disputed: false })) };
    const graph = aggregate([merged(p2), merged(example1Merge)], { stageSet: exampleStageSet, scope: example1Scope });
    const back = graph.edges.find((e) => e.id === 'pull->push');
    expect(back).toMatchObject({ participants: 2, occurrences: null, participantIds: ['P1', 'P2'], coderSupport: [{ participantId: 'P1', support: 1, total: 2 }, { participantId: 'P2', support: 2, total: 2 }], meanSupportRatio: 0.75, disputed: true });
    expect(back?.support).toBeUndefined();
    expect(back?.supportingCoders).toBeUndefined();
    expect(graph.edges.find((e) => e.id === 'push->pull')).toMatchObject({ meanSupportRatio: 1, disputed: false });
    expect(graph.nodes.find((n) => n.id === 'push')?.coderSupport).toBeUndefined();
  });

  it('makes every occurrence count null as soon as one input is a merge', () => {
    const graph = aggregate([merged(example1Merge), single(pathwayFromSequence('P2', ['push', 'pull']))], { stageSet: exampleStageSet, scope: example1Scope });
    expect(graph.edges.every((e) => e.occurrences === null)).toBe(true);
    expect(graph.nodes.every((n) => n.occurrences === null)).toBe(true);
    expect(graph.edges.find((e) => e.id === 'push->pull')?.participants).toBe(2);
  });

  it('matches what A-1 and A-2 compute for example 1 (the contract between the two halves)', () => {
    const byCoder = derivePathwaysByCoder({ participantId: 'P1', transcriptId: 'P1' }, ['A', 'B'], example1Segments, exampleStageSet, exampleParents);
    const merge = mergeCoders(byCoder, ['A', 'B'], { kind: 'union' }, exampleStageSet, { participantId: 'P1', transcriptId: 'P1', segments: example1Segments });
    const withoutLoci = (graph: PathwayGraph) => ({ ...graph, edges: graph.edges.map((e) => ({ ...e, disagreementIds: [], evidenceLocusIds: [] })) });
    const fromA2 = aggregate([merged(merge)], { stageSet: exampleStageSet, scope: example1Scope });
    expect(withoutLoci(fromA2)).toEqual(withoutLoci(aggregate([merged(example1Merge)], { stageSet: exampleStageSet, scope: example1Scope })));
  });
});

describe('aggregate evidence and edge cases', () => {
  const resolver: EvidenceResolver = ({ segmentId, role, pathway }) => ({ segmentId, layer: pathway.layer, transcriptId: pathway.transcriptId, participantId: pathway.participantId, codeId: 'x', role, start: Number(segmentId.split(':')[2]) * 100, end: 0, quote: `quote ${segmentId}` });

  it('resolves single pathways’ evidence and sorts it by (participant, coder, start)', () => {
    const graph = aggregate([...example3Pathways].reverse().map(single), { stageSet: exampleStageSet, scope: example3Scope, evidenceOf: resolver });
    const pushPull = graph.edges.find((e) => e.id === 'push->pull');
    expect(pushPull?.evidence.map((r) => `${r.participantId} ${r.role} ${r.segmentId}`)).toEqual([
      'P1 exit consensus:P1:0',
      'P1 entry consensus:P1:1',
      'P2 exit consensus:P2:0',
      'P2 entry consensus:P2:1',
      'P4 exit consensus:P4:0',
      'P4 entry consensus:P4:1',
      'P4 exit consensus:P4:2',
      'P4 entry consensus:P4:3',
    ]);
    expect(graph.nodes.find((n) => n.id === 'push')?.evidence.map((r) => r.segmentId)).toEqual(['consensus:P1:0', 'consensus:P2:0', 'consensus:P3:0', 'consensus:P4:0', 'consensus:P4:2']);
  });

  it('has no evidence for single pathways without a resolver, and the counts do not depend on it', () => {
    const graph = example3();
    expect(graph.edges.every((e) => e.evidence.length === 0)).toBe(true);
    const withEvidence = aggregate(example3Pathways.map(single), { stageSet: exampleStageSet, scope: example3Scope, evidenceOf: resolver });
    expect(withEvidence.edges.map((e) => [e.participants, e.occurrences])).toEqual(graph.edges.map((e) => [e.participants, e.occurrences]));
  });

  it('counts a participant with no stage in totalParticipants and as the empty variant, never as a Start→End edge (§2.10)', () => {
    const graph = aggregate([single(pathwayFromSequence('P0', [])), single(pathwayFromSequence('P1', ['push']))], { stageSet: exampleStageSet, scope: example3Scope });
    expect(graph.totalParticipants).toBe(2);
    expect(graph.edges.map((e) => e.id)).toEqual(['__start__->push', 'push->__end__']);
    expect(graph.nodes.map((n) => [n.id, n.participants])).toEqual([[startId, 1], ['push', 1], [endId, 1]]);
    expect(graph.variants).toEqual([
      { sequence: [], count: 1, participantIds: ['P0'] },
      { sequence: ['push'], count: 1, participantIds: ['P1'] },
    ]);
  });

  it('with no participants gives Start and End only', () => {
    const graph = aggregate([], { stageSet: exampleStageSet, scope: example3Scope });
    expect(graph.nodes.map((n) => [n.id, n.participants])).toEqual([[startId, 0], [endId, 0]]);
    expect(graph.edges).toEqual([]);
  });

  it('attaches every input pathway when asked, by participant then layer', () => {
    const graph = aggregate([merged(example1Merge), single(pathwayFromSequence('P0', ['pull']))], { stageSet: exampleStageSet, scope: example1Scope, includePerParticipant: true });
    expect(graph.perParticipant?.map((p) => `${p.participantId}/${p.layer}`)).toEqual(['P0/consensus', 'P1/A', 'P1/B']);
    expect(example3().perParticipant).toBeUndefined();
  });

  it('rejects a participant given twice, an unknown stage, and a scope listing other participants', () => {
    const p1 = example3Pathways[0] as (typeof example3Pathways)[number];
    const reason = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof PathwayGraphError ? error.reason : 'other';
      }
      return 'none';
    };
    expect(reason(() => aggregate([single(p1), single(p1)], { stageSet: exampleStageSet, scope: example3Scope }))).toBe('duplicateParticipant');
    expect(reason(() => aggregate([single(pathwayFromSequence('P9', ['push', 'barriers']))], { stageSet: exampleStageSet, scope: example3Scope }))).toBe('unknownStage');
    expect(reason(() => aggregate([single(p1)], { stageSet: exampleStageSet, scope: { ...example3Scope, participantIds: ['P2'] } }))).toBe('scopeMismatch');
    expect(reason(() => aggregate([single(p1)], { stageSet: exampleStageSet, scope: { ...example3Scope, participantIds: ['P1'] } }))).toBe('none');
  });
});

describe('directionOf', () => {
  const orders = new Map([
    ['push', 1],
    ['pull', 2],
    ['peer', 2],
  ]);
  it('names start, end, self, forward, backward and lateral transitions', () => {
    expect([directionOf(startId, 'push', orders), directionOf('push', endId, orders), directionOf('pull', 'pull', orders), directionOf('push', 'pull', orders), directionOf('pull', 'push', orders), directionOf('pull', 'peer', orders)]).toEqual(['start', 'end', 'self', 'forward', 'backward', 'lateral']);
  });
});

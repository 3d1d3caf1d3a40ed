import { describe, expect, it } from 'vitest';
import { derivePathwaysByCoder } from './derive-pathway.ts';
import { coderAgreement, coderQuorum, mergeCoders, type MergeSource } from './merge-coders.ts';
import { PathwayError } from './stage-map.ts';
import { defaultPathwayOptions, type CoderMerge, type ParticipantMerge } from './types.ts';
import { example1Assignments, example1Segments, example2Segments, exampleParents, exampleStageSet } from './worked-examples.ts';

const p1 = { participantId: 'P1', transcriptId: 'P1' };
const coders = example1Assignments.P1!;
/** 700 characters in which every position is recognisable: quotes can be checked against slices. */
const text = Array.from({ length: 700 }, (_, i) => String.fromCharCode(65 + (i % 26)) + (i % 7 === 6 ? ' ' : '')).join('').slice(0, 700);
const source: MergeSource = { ...p1, segments: example1Segments, text };
const pathways = derivePathwaysByCoder(p1, coders, example1Segments, exampleStageSet, exampleParents);
const merge = (rule: CoderMerge): ParticipantMerge => mergeCoders(pathways, coders, rule, exampleStageSet, source);

/** The spec's merge table: edge, support/n (supporters when disputed), agreement, disputed, included. */
const table = (m: ParticipantMerge) => m.edges.map((e) => [e.id, `${e.support}/${e.total}`, e.agreement, e.disputed, e.included]);

describe('A-2 on worked example 1 (§4, n = 2)', () => {
  it('union: every edge is included; the three single-coder edges are minority and disputed', () => {
    expect(table(merge({ kind: 'union' }))).toEqual([
      ['__start__->push', '2/2', 'unanimous', false, true],
      ['push->pull', '2/2', 'unanimous', false, true],
      ['push->cocreation', '1/2', 'minority', true, true],
      ['pull->push', '1/2', 'minority', true, true],
      ['pull->cocreation', '1/2', 'minority', true, true],
      ['cocreation->__end__', '2/2', 'unanimous', false, true],
    ]);
  });

  it('majority (quorum 2) and intersection keep only the unanimous edges; disputed does not depend on the rule', () => {
    for (const rule of [{ kind: 'majority' }, { kind: 'intersection' }] as const) {
      const m = merge(rule);
      expect(m.quorum).toBe(2);
      expect(table(m)).toEqual([
        ['__start__->push', '2/2', 'unanimous', false, true],
        ['push->pull', '2/2', 'unanimous', false, true],
        ['push->cocreation', '1/2', 'minority', true, false],
        ['pull->push', '1/2', 'minority', true, false],
        ['pull->cocreation', '1/2', 'minority', true, false],
        ['cocreation->__end__', '2/2', 'unanimous', false, true],
      ]);
    }
  });

  it('names the supporting and dissenting coders and the edge directions', () => {
    const edges = merge({ kind: 'union' }).edges;
    expect(edges.map((e) => [e.id, e.direction, e.supportingCoders, e.dissentingCoders])).toEqual([
      ['__start__->push', 'start', ['A', 'B'], []],
      ['push->pull', 'forward', ['A', 'B'], []],
      ['push->cocreation', 'forward', ['B'], ['A']],
      ['pull->push', 'backward', ['B'], ['A']],
      ['pull->cocreation', 'forward', ['A'], ['B']],
      ['cocreation->__end__', 'end', ['A', 'B'], []],
    ]);
    for (const e of edges) expect([e.participants, e.occurrences, e.participantIds]).toEqual([1, null, ['P1']]);
  });

  it('evidence is each supporting coder’s exit/entry pair, ordered by coder then start, with quotes', () => {
    const pushPull = merge({ kind: 'union' }).edges.find((e) => e.id === 'push->pull')!;
    expect(pushPull.evidence.map((r) => `${r.layer}:${r.segmentId}:${r.role}:${r.codeId}`)).toEqual(['A:a2:exit:push.training', 'A:a3:entry:pull', 'B:b1:exit:push', 'B:b2:entry:pull']);
    const a3 = pushPull.evidence[1]!;
    expect([a3.start, a3.end, a3.quote]).toEqual([300, 420, text.slice(300, 420).trim()]);
    const start = merge({ kind: 'union' }).edges[0]!;
    expect(start.evidence.map((r) => `${r.segmentId}:${r.role}`)).toEqual(['a1:entry', 'b1:entry']);
  });

  it('nodes: Start, push, pull, cocreation, End — each stage visited by 2/2 coders, with the runs as evidence', () => {
    const nodes = merge({ kind: 'union' }).nodes;
    expect(nodes.map((n) => [n.id, n.kind, n.label, `${n.coderSupport?.support}/${n.coderSupport?.total}`])).toEqual([
      ['__start__', 'start', 'Start', '2/2'],
      ['push', 'stage', 'Push models', '2/2'],
      ['pull', 'stage', 'Pull models', '2/2'],
      ['cocreation', 'stage', 'Co-creation / exchange', '2/2'],
      ['__end__', 'end', 'End', '2/2'],
    ]);
    expect(nodes[1]!.evidence.map((r) => `${r.layer}:${r.segmentId}:${r.role}`)).toEqual(['A:a1:run', 'A:a2:run', 'B:b1:run', 'B:b3:run']);
    // Start and End sit outside the stage orders (1–3), in JSON-safe numbers.
    expect([nodes[0]!.order, nodes[4]!.order]).toEqual([0, 4]);
  });

  it('the representative reading is A (distance 1 each; A has no backward transition)', () => {
    expect(merge({ kind: 'union' }).medoid).toEqual({ coderId: 'A', sequence: ['push', 'pull', 'cocreation'] });
  });

  it('gaps: under majority/intersection pull has no included outgoing edge and cocreation no incoming one (1 by A, 1 by B)', () => {
    const expected = [
      { stage: 'pull', side: 'outgoing', excludedEdges: 2, byCoder: { A: 1, B: 1 } },
      { stage: 'cocreation', side: 'incoming', excludedEdges: 2, byCoder: { A: 1, B: 1 } },
    ];
    expect(merge({ kind: 'majority' }).gaps).toEqual(expected);
    expect(merge({ kind: 'intersection' }).gaps).toEqual(expected);
    expect(merge({ kind: 'union' }).gaps).toEqual([]);
  });

  it('keeps the assigned coders (sorted) and their pathways in that order', () => {
    const m = mergeCoders(pathways, ['B', 'A'], { kind: 'union' }, exampleStageSet, source);
    expect(m.coders).toEqual(['A', 'B']);
    expect(m.pathways.map((p) => p.layer)).toEqual(['A', 'B']);
    expect(m).toMatchObject({ participantId: 'P1', transcriptId: 'P1', rule: { kind: 'union' } });
  });
});

describe('A-2 denominators and rules', () => {
  it('§2.2: an assigned coder without stages counts as non-support: n = 3 makes the unanimous edges 2/3 majority and disputed', () => {
    const m = mergeCoders(pathways, ['A', 'B', 'C'], { kind: 'majority' }, exampleStageSet, source);
    expect(m.quorum).toBe(2);
    expect(table(m)[0]).toEqual(['__start__->push', '2/3', 'majority', true, true]);
    expect(m.edges.find((e) => e.id === 'pull->push')).toMatchObject({ support: 1, agreement: 'minority', included: false, dissentingCoders: ['A', 'C'] });
    expect(m.pathways[2]).toEqual({ ...p1, layer: 'C', sequence: [], runs: [], transitions: [] });
    expect(m.nodes.find((n) => n.id === 'push')?.coderSupport).toEqual({ support: 2, total: 3 });
    // With an empty reading in the room, B's longer sequence is now the farthest: A stays the medoid.
    expect(m.medoid?.coderId).toBe('A');
  });

  it('ignores pathways of coders who are not assigned', () => {
    const m = mergeCoders(pathways, ['A'], { kind: 'intersection' }, exampleStageSet, source);
    expect(m.edges.map((e) => e.id)).toEqual(['__start__->push', 'push->pull', 'pull->cocreation', 'cocreation->__end__']);
    expect(m.edges.every((e) => e.included && !e.disputed && e.agreement === 'unanimous')).toBe(true);
  });

  it('quorums: union 1, majority ⌊n/2⌋+1, intersection n, kOfN k', () => {
    expect([1, 2, 3, 4, 5].map((n) => coderQuorum({ kind: 'majority' }, n))).toEqual([1, 2, 2, 3, 3]);
    expect(coderQuorum({ kind: 'union' }, 5)).toBe(1);
    expect(coderQuorum({ kind: 'intersection' }, 5)).toBe(5);
    expect(coderQuorum({ kind: 'kOfN', k: 3 }, 5)).toBe(3);
    expect(() => coderQuorum({ kind: 'kOfN', k: 0 }, 5)).toThrow(PathwayError);
    expect(() => coderQuorum({ kind: 'kOfN', k: 1.5 }, 5)).toThrow(PathwayError);
  });

  it('agreement words: unanimous at n, majority from ⌊n/2⌋+1, else minority', () => {
    expect([0, 1, 2, 3, 4].map((s) => coderAgreement(s, 4))).toEqual(['minority', 'minority', 'minority', 'majority', 'unanimous']);
    expect(coderAgreement(1, 1)).toBe('unanimous');
  });

  it('kOfN above n includes nothing rather than quietly lowering k', () => {
    expect(merge({ kind: 'kOfN', k: 3 }).edges.some((e) => e.included)).toBe(false);
  });

  it('no coder found a stage: no nodes, no edges, the empty medoid', () => {
    const m = mergeCoders({}, ['A', 'B'], { kind: 'union' }, exampleStageSet, { ...p1, segments: [] });
    expect([m.nodes, m.edges, m.gaps]).toEqual([[], [], []]);
    expect(m.medoid).toEqual({ coderId: 'A', sequence: [] });
  });

  it('an edge that recurs in one pathway is supported once, with each occurrence as evidence', () => {
    const c = derivePathwaysByCoder({ participantId: 'P2', transcriptId: 'P2' }, ['C'], example2Segments, exampleStageSet, exampleParents, {
      ...defaultPathwayOptions,
      overlapPolicy: 'sweep',
      minSegmentChars: 25,
      minResidualChars: 25,
    });
    const m = mergeCoders(c, ['C'], { kind: 'union' }, exampleStageSet, { participantId: 'P2', transcriptId: 'P2', segments: example2Segments });
    const edge = m.edges.find((e) => e.id === 'pull->cocreation')!;
    expect(edge.support).toBe(1);
    expect(edge.evidence.map((r) => `${r.segmentId}:${r.role}`)).toEqual(['u3:exit', 'u5:entry', 'u6:exit']);
  });

  it('a pathway with a stage the stage set lacks is an error: pathways and stage set are out of step', () => {
    const narrower = { ...exampleStageSet, stages: exampleStageSet.stages.filter((s) => s.codeId !== 'pull') };
    try {
      mergeCoders(pathways, coders, { kind: 'union' }, narrower, source);
      expect.unreachable();
    } catch (error) {
      expect((error as PathwayError).reason).toBe('unknownStage');
    }
  });

  it('a pathway naming a segment that was not passed is an error, not a silent gap in the evidence', () => {
    try {
      mergeCoders(pathways, coders, { kind: 'union' }, exampleStageSet, { ...p1, segments: example1Segments.filter((s) => s.id !== 'b3') });
      expect.unreachable();
    } catch (error) {
      expect((error as PathwayError).reason).toBe('unknownSegment');
    }
  });
});

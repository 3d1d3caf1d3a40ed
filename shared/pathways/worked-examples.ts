import { example1 as example1Codings } from '../reconcile/worked-examples.ts';
import { defaultPathwayOptions, endId, startId, type CodedSegment, type EvidenceRef, type Id, type ParticipantMerge, type Pathway, type PathwayEdge, type PathwayGraph, type StageSet, type TransitionDirection } from './types.ts';

/**
 * The pathway golden cases of ../shared/specs/pathways-and-reconciliation.md §4 (examples 1–3), as
 * plain data. Tests check the spec's expected sequences, tables and exports against these.
 */

/** The stage set of the examples; `push.training` is a sub-code of push. */
export const exampleStageSet: StageSet = {
  id: 'models',
  name: 'Models of implementation support',
  stages: [
    { codeId: 'push', label: 'Push models', order: 1 },
    { codeId: 'pull', label: 'Pull models', order: 2 },
    { codeId: 'cocreation', label: 'Co-creation / exchange', order: 3 },
  ],
  includeDescendants: true,
};

/** The examples' code hierarchy (child → parent), for `includeDescendants`. */
export const exampleParents: Readonly<Record<Id, Id | null>> = { push: null, 'push.training': 'push', pull: null, cocreation: null, barriers: null };

/** Worked example 1: transcript P1 (700 characters), participant P1, assigned coders A and B. */
export const example1Segments: readonly CodedSegment[] = example1Codings.map((c) => ({
  id: c.id,
  transcriptId: 'P1',
  participantId: 'P1',
  layer: { kind: 'coder', coderId: c.coderId },
  codeId: c.codeId,
  start: c.start,
  end: c.end,
}));
export const example1Assignments: Readonly<Record<Id, readonly Id[]>> = { P1: ['A', 'B'] };

const segment = (id: string, codeId: string, start: number, end: number, storyTime?: number | null): CodedSegment => ({
  id,
  transcriptId: 'P2',
  participantId: 'P2',
  layer: { kind: 'coder', coderId: 'C' },
  codeId,
  start,
  end,
  ...(storyTime === undefined ? {} : { storyTime }),
});

/** Worked example 2: coder C, transcript P2 — overlaps, nesting and a 20-character segment. */
export const example2Segments: readonly CodedSegment[] = [
  segment('u1', 'push', 0, 200),
  segment('u2', 'pull', 180, 260),
  segment('u3', 'pull', 270, 300),
  segment('u4', 'push', 310, 330),
  segment('u5', 'cocreation', 350, 500),
  segment('u6', 'pull', 400, 440),
];

/** Example 2's storyTime micro-case: in transcript order cocreation (2015), push (2005), pull (none). */
export const storyTimeSegments: readonly CodedSegment[] = [segment('t1', 'cocreation', 0, 100, 2015), segment('t2', 'push', 120, 200, 2005), segment('t3', 'pull', 220, 300)];

/** Worked example 3: five participants' consensus sequences. */
export const example3Sequences: Readonly<Record<Id, readonly Id[]>> = {
  P1: ['push', 'pull', 'cocreation'],
  P2: ['push', 'pull', 'cocreation'],
  P3: ['push', 'cocreation'],
  P4: ['push', 'pull', 'push', 'pull', 'cocreation'],
  P5: ['pull', 'cocreation'],
};

// ---- A-3 fixtures (aggregate, filters, exports) ----

const orderIn = (stageSet: StageSet, stage: Id): number => stageSet.stages.find((s) => s.codeId === stage)?.order ?? 0;

const fixtureDirection = (stageSet: StageSet, from: Id, to: Id): TransitionDirection => {
  if (from === startId) return 'start';
  if (to === endId) return 'end';
  if (from === to) return 'self';
  const [a, b] = [orderIn(stageSet, from), orderIn(stageSet, to)];
  return a < b ? 'forward' : a > b ? 'backward' : 'lateral';
};

/**
 * A `Pathway` for a given stage sequence: run i at [100·i, 100·i + 50) with the given segments, by
 * default one, `<layer>:<participant>:<i>` (entry = first, exit = last). A fixture for A-3 tests,
 * where only sequences matter — not a substitute for A-1.
 */
export function pathwayFromSequence(participantId: Id, sequence: readonly Id[], options: { layer?: Id; stageSet?: StageSet; runSegments?: readonly (readonly Id[])[] } = {}): Pathway {
  const layer = options.layer ?? 'consensus';
  const stageSet = options.stageSet ?? exampleStageSet;
  const runs = sequence.map((_, i) => options.runSegments?.[i] ?? [`${layer}:${participantId}:${i}`]);
  const first = (i: number): Id => runs[i]?.[0] as Id;
  const last = (i: number): Id => runs[i]?.[(runs[i]?.length ?? 1) - 1] as Id;
  const stops: Id[] = [startId, ...sequence, endId];
  return {
    participantId,
    transcriptId: participantId,
    layer,
    sequence: [...sequence],
    runs: sequence.map((stage, i) => ({ stage, start: 100 * i, end: 100 * i + 50, segmentIds: [...(runs[i] as readonly Id[])] })),
    transitions:
      sequence.length === 0
        ? []
        : stops.slice(1).map((to, i) => ({
            from: stops[i] as Id,
            to,
            direction: fixtureDirection(stageSet, stops[i] as Id, to),
            exitSegmentId: i === 0 ? null : last(i - 1),
            entrySegmentId: i === sequence.length ? null : first(i),
            overlap: false,
          })),
  };
}

/** Worked example 3's consensus pathways, P1–P5. */
export const example3Pathways: readonly Pathway[] = Object.entries(example3Sequences).map(([participantId, sequence]) => pathwayFromSequence(participantId, sequence));

const example1Ref = (segmentId: Id, role: EvidenceRef['role']): EvidenceRef => {
  const s = example1Segments.find((segment) => segment.id === segmentId) as CodedSegment;
  return { segmentId, layer: s.layer.kind === 'coder' ? s.layer.coderId : 'consensus', transcriptId: 'P1', participantId: 'P1', codeId: s.codeId, role, start: s.start, end: s.end, quote: '' };
};

const example1Edge = (from: Id, to: Id, direction: TransitionDirection, supportingCoders: readonly Id[], pairs: readonly (readonly [Id | null, Id | null])[], loci: { disagreementIds: Id[]; evidenceLocusIds: Id[] }): PathwayEdge => ({
  id: `${from}->${to}`,
  from,
  to,
  direction,
  participants: 1,
  occurrences: null,
  participantIds: ['P1'],
  support: supportingCoders.length,
  total: 2,
  agreement: supportingCoders.length === 2 ? 'unanimous' : 'minority',
  disputed: supportingCoders.length < 2,
  included: true,
  supportingCoders,
  dissentingCoders: ['A', 'B'].filter((c) => !supportingCoders.includes(c)),
  evidence: pairs.flatMap(([exit, entry]) => [...(exit ? [example1Ref(exit, 'exit')] : []), ...(entry ? [example1Ref(entry, 'entry')] : [])]),
  ...loci,
});

/**
 * Worked example 1's coder merge (union, n = 2), built by hand from the spec's merge table and loci
 * links: A `push > pull > cocreation`, B `push > pull > push > cocreation`; every stage 2/2 coders.
 */
export const example1Merge: ParticipantMerge = {
  participantId: 'P1',
  transcriptId: 'P1',
  coders: ['A', 'B'],
  rule: { kind: 'union' },
  quorum: 1,
  pathways: [
    { ...pathwayFromSequence('P1', ['push', 'pull', 'cocreation'], { layer: 'A', runSegments: [['a1', 'a2'], ['a3'], ['a4']] }), runs: [{ stage: 'push', start: 0, end: 260, segmentIds: ['a1', 'a2'] }, { stage: 'pull', start: 300, end: 420, segmentIds: ['a3'] }, { stage: 'cocreation', start: 500, end: 640, segmentIds: ['a4'] }] },
    { ...pathwayFromSequence('P1', ['push', 'pull', 'push', 'cocreation'], { layer: 'B', runSegments: [['b1'], ['b2'], ['b3'], ['b4']] }), runs: [{ stage: 'push', start: 0, end: 250, segmentIds: ['b1'] }, { stage: 'pull', start: 290, end: 430, segmentIds: ['b2'] }, { stage: 'push', start: 440, end: 480, segmentIds: ['b3'] }, { stage: 'cocreation', start: 500, end: 650, segmentIds: ['b4'] }] },
  ],
  nodes: (
    [
      ['push', 'Push models', 1, ['a1', 'a2', 'b1', 'b3']],
      ['pull', 'Pull models', 2, ['a3', 'b2']],
      ['cocreation', 'Co-creation / exchange', 3, ['a4', 'b4']],
    ] as const
  ).map(([id, label, order, segments]) => ({ id, kind: 'stage' as const, label, order, participants: 1, occurrences: null, coderSupport: { support: 2, total: 2 }, evidence: segments.map((segmentId) => example1Ref(segmentId, 'run')) })),
  edges: [
    example1Edge(startId, 'push', 'start', ['A', 'B'], [[null, 'a1'], [null, 'b1']], { disagreementIds: [], evidenceLocusIds: ['L1'] }),
    example1Edge('push', 'pull', 'forward', ['A', 'B'], [['a2', 'a3'], ['b1', 'b2']], { disagreementIds: [], evidenceLocusIds: ['L1', 'L2'] }),
    example1Edge('push', 'cocreation', 'forward', ['B'], [['b3', 'b4']], { disagreementIds: ['L3'], evidenceLocusIds: ['L3'] }),
    example1Edge('pull', 'push', 'backward', ['B'], [['b2', 'b3']], { disagreementIds: ['L3'], evidenceLocusIds: ['L2', 'L3'] }),
    example1Edge('pull', 'cocreation', 'forward', ['A'], [['a3', 'a4']], { disagreementIds: ['L3'], evidenceLocusIds: ['L2'] }),
    example1Edge('cocreation', endId, 'end', ['A', 'B'], [['a4', null], ['b4', null]], { disagreementIds: [], evidenceLocusIds: [] }),
  ],
  medoid: { coderId: 'A', sequence: ['push', 'pull', 'cocreation'] },
  gaps: [],
};

/** The scope A-3 tests pass to `aggregate` for example 3: the locked consensus layer. */
export const example3Scope: Omit<PathwayGraph['scope'], 'participantIds'> = {
  projectId: 'metz-2022',
  stageSetId: exampleStageSet.id,
  layer: 'consensus',
  options: defaultPathwayOptions,
  visibility: {},
  source: { eventSeq: 110 },
  generatedAt: '2025-01-01T00:00:00.000Z',
};

/** The scope of example 1's live view: coders A and B merged by union. */
export const example1Scope: Omit<PathwayGraph['scope'], 'participantIds'> = {
  ...example3Scope,
  layer: 'coders',
  coders: ['A', 'B'],
  coderMerge: { kind: 'union', quorum: 1 },
  source: { eventSeq: 102 },
};

/**
 * Example 3 as consensus codings, for the full path (input file → graph): each participant's
 * sequence as one 80-character stage coding per step, 100 characters apart.
 */
export const example3Segments: readonly CodedSegment[] = Object.entries(example3Sequences).flatMap(([participantId, sequence]) =>
  sequence.map((codeId, i): CodedSegment => ({ id: `${participantId}-k${i + 1}`, transcriptId: participantId, participantId, layer: { kind: 'consensus' }, codeId, start: i * 100, end: i * 100 + 80 })),
);

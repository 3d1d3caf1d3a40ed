import { describe, expect, it } from 'vitest';
import { buildPathwayGraph } from '../../../../shared/pathways/build-graph.ts';
import { defaultPathwayOptions, type CodedSegment, type EvidenceRef } from '../../../../shared/pathways/types.ts';
import { example1Segments, exampleParents, exampleStageSet } from '../../../../shared/pathways/worked-examples.ts';
import { coderReadings, readingsDiffer } from './coder-readings.ts';
import { evidenceSummary, groupEvidence, variantEvidence, variantKey } from './evidence-groups.ts';

const ref = (participantId: string, layer: string, role: EvidenceRef['role'], start: number): EvidenceRef => ({
  segmentId: `${layer}${start}`,
  layer,
  transcriptId: `doc-${participantId}`,
  participantId,
  codeId: 'push',
  role,
  start,
  end: start + 10,
  quote: `quote at ${start}`,
});

describe('the evidence drawer’s grouping', () => {
  it('groups a transition’s quotes by participant and coder, pairing each exit with its entry in text order', () => {
    const groups = groupEvidence({ evidence: [ref('P2', 'B', 'exit', 0), ref('P1', 'B', 'entry', 300), ref('P1', 'A', 'exit', 150), ref('P1', 'B', 'exit', 0), ref('P1', 'A', 'entry', 300), ref('P1', 'B', 'exit', 440), ref('P1', 'B', 'entry', 500)] });
    expect(groups.map((g) => [g.participantId, g.transcriptId, g.coders.map((c) => c.layer)])).toEqual([
      ['P1', 'doc-P1', ['A', 'B']],
      ['P2', 'doc-P2', ['B']],
    ]);
    const b = groups[0]!.coders[1]!;
    expect(b.pairs.map((p) => [p.exit?.start ?? null, p.entry?.start ?? null])).toEqual([
      [0, 300],
      [440, 500],
    ]);
    // End transitions have only an exit.
    expect(groups[1]!.coders[0]!.pairs).toEqual([{ exit: ref('P2', 'B', 'exit', 0), entry: null }]);
    expect(evidenceSummary(groups)).toEqual({ participants: 2, quotes: 7 });
  });

  it('lists a stage’s runs in text order', () => {
    const [group] = groupEvidence({ evidence: [ref('P1', 'consensus', 'run', 200), ref('P1', 'consensus', 'run', 10)] });
    expect(group!.coders[0]!.runs.map((r) => r.start)).toEqual([10, 200]);
    expect(group!.coders[0]!.pairs).toEqual([]);
  });

  it('lists each coder’s reading per participant and sees where they differ', () => {
    const pathway = (layer: string, sequence: string[]) => ({ participantId: 'P1', transcriptId: 'P1', layer, sequence, runs: [], transitions: [] });
    const readings = coderReadings({ perParticipant: [pathway('A', ['push', 'pull']), pathway('B', ['push', 'pull', 'push'])] });
    expect(readings.map((r) => [r.layer, r.sequence.join('>')])).toEqual([
      ['A', 'push>pull'],
      ['B', 'push>pull>push'],
    ]);
    expect(readingsDiffer(readings, 'P1')).toBe(true);
    expect(coderReadings({})).toEqual([]);
  });
});

describe('a variant’s quotes', () => {
  // Worked example 1's P1 (A: push → pull → co-creation) plus P2, whom coder A reads as push → co-creation.
  const p2: CodedSegment[] = [
    { id: 'p2a', transcriptId: 'P2', participantId: 'P2', layer: { kind: 'coder', coderId: 'A' }, codeId: 'push', start: 0, end: 50 },
    { id: 'p2b', transcriptId: 'P2', participantId: 'P2', layer: { kind: 'coder', coderId: 'A' }, codeId: 'cocreation', start: 100, end: 150 },
  ];
  const graph = buildPathwayGraph(
    {
      stageSet: exampleStageSet,
      parents: exampleParents,
      segments: [...example1Segments.filter((s) => s.layer.kind === 'coder' && s.layer.coderId === 'A'), ...p2],
      assignments: { P1: ['A'], P2: ['A'] },
      request: { participants: 'all', layer: 'coders', coderMerge: { kind: 'union' }, options: defaultPathwayOptions },
    },
    { projectId: 'p', eventSeq: 1, generatedAt: '2026-01-01T00:00:00.000Z' },
  );
  const variant = (sequence: string) => graph.variants.find((v) => variantKey(v) === sequence)!;

  it('lists the crossings between its consecutive stages, by its participants only, in text order', () => {
    const groups = variantEvidence(graph, variant('push>pull>cocreation'));
    expect(groups.map((g) => g.participantId)).toEqual(['P1']);
    const pairs = groups[0]!.coders[0]!.pairs;
    expect(pairs.map((p) => `${p.transition!.from}->${p.transition!.to}`)).toEqual(['push->pull', 'pull->cocreation']);
    // Each pair's exit leaves its transition's first stage and its entry enters the second, in the text's order.
    for (const pair of pairs) {
      expect(pair.exit!.start).toBeLessThanOrEqual(pair.entry!.start);
      expect(pair.exit!.segmentId).not.toBe(pair.entry!.segmentId);
    }
    expect(pairs[0]!.entry!.start).toBeLessThanOrEqual(pairs[1]!.exit!.start);
  });

  it('leaves out another participant’s crossing of a shared stage', () => {
    const groups = variantEvidence(graph, variant('push>cocreation'));
    expect(groups.map((g) => g.participantId)).toEqual(['P2']);
    expect(groups[0]!.coders[0]!.pairs.map((p) => [p.exit!.segmentId, p.entry!.segmentId])).toEqual([['p2a', 'p2b']]);
  });
});

import { describe, expect, it } from 'vitest';
import type { EvidenceRef } from '../../../../shared/pathways/types.ts';
import { coderReadings, readingsDiffer } from './coder-readings.ts';
import { evidenceSummary, groupEvidence } from './evidence-groups.ts';

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

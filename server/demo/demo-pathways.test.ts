import { describe, expect, it } from 'vitest';
import { createDemoCodebook } from './demo-codebook.ts';
import { demoCodingPlan } from './demo-coding-plan.ts';
import { deriveCodings, demoCoders } from './demo-codings.ts';
import { demoTranscripts } from './demo-transcripts.ts';

/**
 * The demo stands in for Metz et al. (2022): seventeen practitioners, most of whose support went
 * push → pull → co-creation, with a few other routes. These tests read each transcript's stage
 * pathway straight from the coding plan and the codebook (not from the pathway code elsewhere in
 * Accord), so they check the demo data itself.
 */

const codebook = createDemoCodebook({ createdBy: 'owner', createdAt: '2026-01-01T00:00:00.000Z' });
/** Stage code ids in the codebook's stage order: the canonical pathway. */
const canonical = codebook
  .filter((c) => c.isStage)
  .sort((a, b) => (a.stageOrder ?? 0) - (b.stageOrder ?? 0))
  .map((c) => c.id);
const isStage = (codeId: string) => canonical.includes(codeId);

/** Stage codes in text order, consecutive repeats merged into one run. */
function stageSequence(coded: readonly { readonly codeId: string; readonly start: number }[]): string[] {
  const runs: string[] = [];
  for (const { codeId } of [...coded].sort((a, b) => a.start - b.start)) {
    if (isStage(codeId) && runs.at(-1) !== codeId) runs.push(codeId);
  }
  return runs;
}

/** The plan's pathway for a transcript: its core (non-optional) passages, placed where their quotes are. */
function plannedSequence(participant: string, text: string): string[] {
  return stageSequence(demoCodingPlan[participant]!.filter((p) => !p.optional).map((p) => ({ codeId: p.codeId, start: text.indexOf(p.quote) })));
}

const key = (sequence: readonly string[]) => sequence.join(' → ');
const isCanonical = (sequence: readonly string[]) => key(sequence) === key(canonical);
/** True when `sequence` visits the stages of `wanted` in that order, possibly with other runs between. */
function passesThrough(sequence: readonly string[], wanted: readonly string[]): boolean {
  let next = 0;
  for (const stage of sequence) if (stage === wanted[next]) next++;
  return next === wanted.length;
}
function tally(sequences: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sequences) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
  return counts;
}

const planned = demoTranscripts.map((t) => ({ participant: t.participant, sequence: plannedSequence(t.participant, t.text) }));

describe('the demo plan’s stage pathways', () => {
  it('reads the canonical order push → pull → co-creation from the codebook', () => {
    expect(canonical).toHaveLength(3);
    expect(codebook.filter((c) => c.isStage).map((c) => c.name)).toEqual(['Push', 'Pull', 'Co-creation']);
  });

  it('give every one of the seventeen participants a non-empty pathway', () => {
    expect(planned).toHaveLength(17);
    for (const { participant, sequence } of planned) expect(sequence.length, participant).toBeGreaterThan(0);
  });

  it('go push → pull → co-creation for most participants, as in Metz et al. 2022', () => {
    const canonicalCount = planned.filter((p) => isCanonical(p.sequence)).length;
    expect(canonicalCount).toBeGreaterThanOrEqual(10);
    // Still the headline, not the only story.
    expect(canonicalCount).toBeLessThan(planned.length);
  });

  it('show at least three other routes among the rest', () => {
    const variants = [...tally(planned.map((p) => p.sequence)).keys()].filter((k) => k !== key(canonical));
    expect(variants.length).toBeGreaterThanOrEqual(3);
  });

  it('support every stage a participant visits with at least two core passages', () => {
    for (const t of demoTranscripts) {
      const core = demoCodingPlan[t.participant]!.filter((p) => !p.optional);
      for (const stage of plannedSequence(t.participant, t.text)) {
        expect(core.filter((p) => p.codeId === stage).length, `${t.participant} ${stage}`).toBeGreaterThanOrEqual(2);
      }
    }
  });
});

describe('the demo coders’ stage pathways', () => {
  const derived = demoCoders.map((coder) => ({
    coder: coder.key,
    sequences: demoTranscripts.map((t) => stageSequence(deriveCodings(t.participant, t.text, demoCodingPlan[t.participant]!, coder))),
  }));

  it('keep the headline for each coder: push → pull → co-creation is the commonest pathway, and most pass through all three in order', () => {
    for (const { coder, sequences } of derived) {
      const counts = tally(sequences);
      const commonest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
      expect(commonest[0], coder).toBe(key(canonical));
      expect(sequences.filter((s) => passesThrough(s, canonical)).length, coder).toBeGreaterThanOrEqual(10);
    }
  });

  it('differ between the coders for some participants (disputed transitions), not for most', () => {
    const [ana, ben] = derived.map((d) => d.sequences) as [string[][], string[][]];
    const disputed = demoTranscripts.filter((_, i) => key(ana[i]!) !== key(ben[i]!)).length;
    expect(disputed).toBeGreaterThanOrEqual(3);
    expect(disputed).toBeLessThan(demoTranscripts.length / 2);
  });
});

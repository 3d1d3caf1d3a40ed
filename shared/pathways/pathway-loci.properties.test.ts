// Seeded properties of the loci links' fast path (STYLE: lib0-style seeded tests): every failure
// names its seed and reproduces from it. `linkLoci` works from local windows of the ordered
// consensus where that is exact; `linkLociByReplay` re-derives the whole consensus pathway for
// every reading of every locus, as spec §2.4 states it. They must always agree.
import { describe, expect, it } from 'vitest';
import { createSeededRandom, type RandomSource } from '../agreement/index.ts';
import { computeLoci, preMerge, type Locus } from '../reconcile/index.ts';
import { exampleCodes } from '../reconcile/worked-examples.ts';
import { derivePathwaysByCoder } from './derive-pathway.ts';
import { mergeCoders } from './merge-coders.ts';
import { linkLoci, linkLociByReplay, type HeldCoding, type LocusContext } from './pathway-loci.ts';
import type { CodedSegment, Id, PathwayOptions, StageSet } from './types.ts';
import { exampleParents, exampleStageSet } from './worked-examples.ts';

const length = 400;
const codes = ['push', 'push.training', 'pull', 'cocreation', 'barriers'];
const stageCodes = ['push', 'pull', 'cocreation'];

/** Pull and co-creation share an order: their ties are settled by the segment id alone. */
const lateralStageSet: StageSet = {
  ...exampleStageSet,
  id: 'lateral',
  stages: exampleStageSet.stages.map((s) => (s.codeId === 'cocreation' ? { ...s, order: 2 } : s)),
};

const int = (random: RandomSource, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(random: RandomSource, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Segments on a coarse grid most of the time, so equal starts, ends, nestings and so ties are common. */
function randomSegments(random: RandomSource, coderIds: readonly Id[], perCoder: number, storyTime: boolean): CodedSegment[] {
  const segments: CodedSegment[] = [];
  for (const coderId of coderIds) {
    const count = int(random, 0, perCoder);
    for (let i = 0; i < count; i++) {
      const grid = random() < 0.7 ? 20 : 1;
      const start = Math.min(length - 1, int(random, 0, length / grid - 1) * grid);
      const end = Math.min(length, start + Math.max(1, int(random, 1, 5) * grid * (grid === 1 ? 10 : 1)));
      segments.push({
        id: `${coderId}-${i}`,
        transcriptId: 'T',
        participantId: 'P',
        layer: { kind: 'coder', coderId },
        codeId: pick(random, codes),
        start,
        end,
        ...(storyTime && random() < 0.3 ? { storyTime: int(random, 1, 4) } : {}),
        ...(random() < 0.05 ? { status: 'orphaned' as const } : {}),
      });
    }
  }
  return segments;
}

/** Mostly the fast path's options (`start`/`midpoint`, transcript order, no self loops); the rest take the replay. */
function randomOptions(random: RandomSource): PathwayOptions {
  const local = random() < 0.7;
  const overlapPolicy = local ? pick(random, ['start', 'midpoint'] as const) : pick(random, ['start', 'midpoint', 'sweep'] as const);
  return {
    orderBy: overlapPolicy === 'sweep' ? 'transcript' : local ? pick(random, ['transcript', 'transcript', 'storyTime'] as const) : pick(random, ['transcript', 'storyTime'] as const),
    overlapPolicy,
    minSegmentChars: pick(random, [0, 0, 10, 40]),
    minResidualChars: pick(random, [0, 15]),
    selfLoops: !local && random() < 0.5,
    mergeGap: pick(random, [0, 5, 30]),
  };
}

/** Some loci decided: pre-merged, rejected (empty) or resolved to another stage, and some held readings of unknown loci. */
function randomHeld(random: RandomSource, loci: readonly Locus[]): Record<Id, HeldCoding[]> {
  const held: Record<Id, HeldCoding[]> = {};
  for (const outcome of preMerge(loci, { kind: 'completeAgreement' })) if (outcome.merged && random() < 0.5) held[outcome.locusId] = [...outcome.result];
  for (const locus of loci) {
    if (random() < 0.85) continue;
    held[locus.id] = random() < 0.4 ? [] : [{ codeId: pick(random, stageCodes), start: locus.start, end: locus.end }];
  }
  if (random() < 0.2) held['not-a-locus'] = [{ codeId: pick(random, stageCodes), start: int(random, 0, length - 20), end: length }];
  return held;
}

describe('loci links: the fast path equals the replay (§2.4)', () => {
  it('on random transcripts, options, stage sets and held readings', () => {
    let fastPathRuns = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const random = createSeededRandom(7000 + seed);
      const coders = ['A', 'B', 'C'].slice(0, int(random, 2, 3));
      const options = randomOptions(random);
      const stageSet = random() < 0.3 ? lateralStageSet : exampleStageSet;
      const segments = randomSegments(random, coders, int(random, 2, 12), random() < 0.3);
      const loci = computeLoci({
        documentId: 'T',
        coderIds: coders,
        codes: exampleCodes,
        codings: segments.filter((s) => s.status !== 'orphaned').map((s) => ({ id: s.id, coderId: s.layer.kind === 'coder' ? s.layer.coderId : '', codeId: s.codeId, start: s.start, end: s.end })),
      });
      const held = random() < 0.5 ? randomHeld(random, loci) : undefined;
      const context: LocusContext = { participantId: 'P', transcriptId: 'T', segments, loci, stageSet, parents: exampleParents, options, ...(held && { held }) };
      const pathways = derivePathwaysByCoder({ participantId: 'P', transcriptId: 'T' }, coders, segments, stageSet, exampleParents, options);
      const merge = mergeCoders(pathways, coders, { kind: 'union' }, stageSet, { participantId: 'P', transcriptId: 'T', segments });
      expect(linkLoci(merge, context), `seed ${seed}`).toEqual(linkLociByReplay(merge, context));
      if (!options.selfLoops && options.overlapPolicy !== 'sweep') fastPathRuns++;
    }
    // The comparison is only worth something if most runs took the fast path.
    expect(fastPathRuns).toBeGreaterThan(200);
  });

  it('links every edge a locus can add or remove, including Start and End edges, on a crowded transcript', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = createSeededRandom(8000 + seed);
      const coders = ['A', 'B', 'C'];
      const segments = randomSegments(random, coders, 30, false);
      const loci = computeLoci({ documentId: 'T', coderIds: coders, codes: exampleCodes, codings: segments.filter((s) => s.status !== 'orphaned').map((s) => ({ id: s.id, coderId: s.layer.kind === 'coder' ? s.layer.coderId : '', codeId: s.codeId, start: s.start, end: s.end })) });
      const context: LocusContext = { participantId: 'P', transcriptId: 'T', segments, loci, stageSet: exampleStageSet, parents: exampleParents };
      const merge = mergeCoders(derivePathwaysByCoder({ participantId: 'P', transcriptId: 'T' }, coders, segments, exampleStageSet, exampleParents), coders, { kind: 'union' }, exampleStageSet, { participantId: 'P', transcriptId: 'T', segments });
      expect(linkLoci(merge, context), `seed ${seed}`).toEqual(linkLociByReplay(merge, context));
    }
  });
});

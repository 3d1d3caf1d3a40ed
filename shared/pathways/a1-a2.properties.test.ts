// Randomised properties of from a seeded generator (STYLE: lib0-style seeded tests):
// every failure names its seed and reproduces from it.
import { describe, expect, it } from 'vitest';
import { createSeededRandom, type RandomSource } from '../agreement/index.ts';
import { computeLoci } from '../reconcile/index.ts';
import { exampleCodes } from '../reconcile/worked-examples.ts';
import { derivePathway, derivePathwaysByCoder, sweepPieces } from './derive-pathway.ts';
import { mergeCoders } from './merge-coders.ts';
import { linkLoci } from './pathway-loci.ts';
import { createStageMap, resolveStageSegments } from './stage-map.ts';
import type { CodedSegment, CoderMerge, Id, Pathway, PathwayOptions } from './types.ts';
import { exampleParents, exampleStageSet } from './worked-examples.ts';

const length = 600;
const codes = ['push', 'push.training', 'pull', 'cocreation', 'barriers'];

const int = (random: RandomSource, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(random: RandomSource, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Fisher–Yates with the seeded source. */
function shuffle<T>(random: RandomSource, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Segments on a coarse grid (multiples of 10 half the time), so equal starts, ends and nestings are common. */
function randomSegments(random: RandomSource, coderIds: readonly Id[], perCoder: [number, number], extra: { storyTime?: boolean } = {}): CodedSegment[] {
  const segments: CodedSegment[] = [];
  for (const coderId of coderIds) {
    const count = int(random, perCoder[0], perCoder[1]);
    for (let i = 0; i < count; i++) {
      const grid = random() < 0.5 ? 10 : 1;
      const start = Math.min(length - 1, int(random, 0, length / grid - 1) * grid);
      const end = Math.min(length, start + Math.max(1, int(random, 1, 16) * grid * (grid === 1 ? 8 : 1)));
      segments.push({
        id: `${coderId}-${i}`,
        transcriptId: 'T',
        participantId: 'P',
        layer: { kind: 'coder', coderId },
        codeId: pick(random, codes),
        start,
        end,
        ...(extra.storyTime && random() < 0.5 ? { storyTime: int(random, 1, 4) } : {}),
        ...(random() < 0.05 ? { status: 'orphaned' as const } : {}),
      });
    }
  }
  return segments;
}

function randomOptions(random: RandomSource): PathwayOptions {
  const overlapPolicy = pick(random, ['start', 'midpoint', 'sweep'] as const);
  return {
    orderBy: overlapPolicy === 'sweep' ? 'transcript' : pick(random, ['transcript', 'storyTime'] as const),
    overlapPolicy,
    minSegmentChars: pick(random, [0, 0, 10, 40]),
    minResidualChars: pick(random, [0, 0, 15, 40]),
    selfLoops: random() < 0.3,
    mergeGap: pick(random, [0, 5, 30]),
  };
}

const subject = (layer: Id) => ({ participantId: 'P', transcriptId: 'T', layer });
const seeds = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

describe('A-1 properties', () => {
  it('§2.9: derivePathway does not depend on the order of its input segments', () => {
    for (const seed of seeds(300)) {
      const random = createSeededRandom(seed);
      const segments = randomSegments(random, ['X'], [0, 14], { storyTime: true });
      const options = randomOptions(random);
      const expected = derivePathway(subject('X'), segments, exampleStageSet, exampleParents, options);
      expect(derivePathway(subject('X'), shuffle(random, segments), exampleStageSet, exampleParents, options), `seed ${seed}`).toEqual(expected);
    }
  });

  it('§2.3: sweep gives every character of a kept stage segment to exactly one piece — its innermost segment’s — except dropped residual fragments', () => {
    const map = createStageMap(exampleStageSet, exampleParents);
    for (const seed of seeds(300)) {
      const random = createSeededRandom(1000 + seed);
      const segments = randomSegments(random, ['X'], [1, 12]);
      const minResidualChars = pick(random, [0, 0, 12, 30]);
      const { kept } = resolveStageSegments(segments, map, { minSegmentChars: 0 });

      // Reference, one character at a time: the innermost active segment (latest start, shortest, higher order, smaller id).
      const owner = Array.from({ length }, (_, c) => {
        const active = kept.filter((k) => k.segment.start <= c && c < k.segment.end);
        active.sort((a, b) => b.segment.start - a.segment.start || a.segment.end - b.segment.end || b.stage.order - a.stage.order || (a.segment.id < b.segment.id ? -1 : 1));
        return active[0] ?? null;
      });
      // Contiguous characters of one owner are a piece; a segment with several pieces loses the short ones.
      const pieces: { owner: (typeof kept)[number]; from: number; to: number }[] = [];
      owner.forEach((o, c) => {
        const last = pieces.at(-1);
        if (o && last && last.owner === o && last.to === c) last.to = c + 1;
        else if (o) pieces.push({ owner: o, from: c, to: c + 1 });
      });
      const kept2 = pieces.filter((p) => pieces.filter((q) => q.owner === p.owner).length === 1 || p.to - p.from >= minResidualChars);
      const expected = Array.from({ length }, (_, c) => kept2.find((p) => p.from <= c && c < p.to)?.owner.segment.id ?? null);

      // What the implementation gives each character: the ids of the pieces covering it.
      const covering: string[][] = Array.from({ length }, () => []);
      for (const p of sweepPieces(kept, minResidualChars)) for (let c = p.start; c < p.end; c++) covering[c]!.push(p.segment.id);
      expect(covering, `seed ${seed}`).toEqual(expected.map((id) => (id === null ? [] : [id])));

      // The runs built from the pieces: each such character lies in exactly one run, of its owner's stage.
      const pathway = derivePathway(subject('X'), segments, exampleStageSet, exampleParents, { orderBy: 'transcript', overlapPolicy: 'sweep', minSegmentChars: 0, minResidualChars, selfLoops: false, mergeGap: 0 });
      const inRuns: string[][] = Array.from({ length }, () => []);
      for (const r of pathway.runs) for (let c = r.start; c < r.end; c++) if (expected[c] !== null && r.segmentIds.includes(expected[c]!)) inRuns[c]!.push(r.stage);
      const runCount = Array.from({ length }, (_, c) => pathway.runs.filter((r) => expected[c] !== null && r.start <= c && c < r.end).length);
      expect(inRuns, `seed ${seed}`).toEqual(expected.map((id, c) => (id === null ? [] : [owner[c]!.stage.codeId])));
      expect(runCount, `seed ${seed}`).toEqual(expected.map((id) => (id === null ? 0 : 1)));
    }
  });
});

const rules: CoderMerge[] = [{ kind: 'union' }, { kind: 'majority' }, { kind: 'intersection' }];
const included = (pathways: Readonly<Record<Id, Pathway>>, coders: readonly Id[], rule: CoderMerge, segments: readonly CodedSegment[]) =>
  new Set(
    mergeCoders(pathways, coders, rule, exampleStageSet, { participantId: 'P', transcriptId: 'T', segments })
      .edges.filter((e) => e.included)
      .map((e) => e.id),
  );

describe('A-2 properties', () => {
  it('§2.9: the merge does not depend on the order of coders, of the pathway record, or of the segments', () => {
    for (const seed of seeds(200)) {
      const random = createSeededRandom(2000 + seed);
      const coders = ['A', 'B', 'C', 'D', 'E'].slice(0, int(random, 1, 5));
      const segments = randomSegments(random, coders, [0, 8], { storyTime: true });
      const options = randomOptions(random);
      const rule = pick<CoderMerge>(random, [...rules, { kind: 'kOfN', k: int(random, 1, 4) }]);
      const pathways = derivePathwaysByCoder({ participantId: 'P', transcriptId: 'T' }, coders, segments, exampleStageSet, exampleParents, options);
      const expected = mergeCoders(pathways, coders, rule, exampleStageSet, { participantId: 'P', transcriptId: 'T', segments });

      const reshuffled = shuffle(random, segments);
      const again = derivePathwaysByCoder({ participantId: 'P', transcriptId: 'T' }, shuffle(random, coders), reshuffled, exampleStageSet, exampleParents, options);
      const record = Object.fromEntries(shuffle(random, Object.keys(again)).map((c) => [c, again[c]!]));
      const actual = mergeCoders(record, shuffle(random, coders), rule, exampleStageSet, { participantId: 'P', transcriptId: 'T', segments: shuffle(random, reshuffled) });
      expect(actual, `seed ${seed}`).toEqual(expected);
    }
  });

  it('§2.9: included edges nest: union ⊇ majority ⊇ intersection, and k of n shrinks as k grows', () => {
    for (const seed of seeds(300)) {
      const random = createSeededRandom(3000 + seed);
      const coders = ['A', 'B', 'C', 'D', 'E'].slice(0, int(random, 1, 5));
      // Some assigned coders code nothing: they still count in n.
      const coding = coders.filter(() => random() < 0.85);
      const segments = randomSegments(random, coding, [0, 6]);
      const pathways = derivePathwaysByCoder({ participantId: 'P', transcriptId: 'T' }, coding, segments, exampleStageSet, exampleParents, randomOptions(random));
      const [union, majority, intersection] = rules.map((rule) => included(pathways, coders, rule, segments)) as [Set<string>, Set<string>, Set<string>];
      for (const id of majority) expect(union.has(id), `seed ${seed}: ${id}`).toBe(true);
      for (const id of intersection) expect(majority.has(id), `seed ${seed}: ${id}`).toBe(true);
      let previous = union;
      for (let k = 1; k <= coders.length + 1; k++) {
        const kOfN = included(pathways, coders, { kind: 'kOfN', k }, segments);
        for (const id of kOfN) expect(previous.has(id), `seed ${seed}, k ${k}: ${id}`).toBe(true);
        previous = kOfN;
      }
      expect(previous.size, `seed ${seed}: k > n includes nothing`).toBe(0);
    }
  });

  it('§2.4: support counts coders, once each, and disputed is support < n under every rule', () => {
    for (const seed of seeds(200)) {
      const random = createSeededRandom(4000 + seed);
      const coders = ['A', 'B', 'C'].slice(0, int(random, 1, 3));
      const segments = randomSegments(random, coders, [0, 8]);
      const pathways = derivePathwaysByCoder({ participantId: 'P', transcriptId: 'T' }, coders, segments, exampleStageSet, exampleParents, randomOptions(random));
      const merge = mergeCoders(pathways, coders, pick(random, rules), exampleStageSet, { participantId: 'P', transcriptId: 'T', segments });
      for (const edge of merge.edges) {
        const holders = coders.filter((c) => pathways[c]!.transitions.some((t) => `${t.from}->${t.to}` === edge.id));
        expect(edge.supportingCoders, `seed ${seed}: ${edge.id}`).toEqual(holders);
        expect(edge.support).toBe(holders.length);
        expect(edge.disputed).toBe(holders.length < coders.length);
      }
    }
  });

  it('§2.4: loci links do not depend on the order of segments or loci', () => {
    for (const seed of seeds(60)) {
      const random = createSeededRandom(5000 + seed);
      const coders = ['A', 'B', 'C'].slice(0, int(random, 2, 3));
      const segments = randomSegments(random, coders, [0, 6]);
      const options = randomOptions(random);
      const loci = computeLoci({
        documentId: 'T',
        coderIds: coders,
        codes: exampleCodes,
        codings: segments.filter((s) => s.status !== 'orphaned').map((s) => ({ id: s.id, coderId: s.layer.kind === 'coder' ? s.layer.coderId : '', codeId: s.codeId, start: s.start, end: s.end })),
      });
      const context = { participantId: 'P', transcriptId: 'T', segments, loci, stageSet: exampleStageSet, parents: exampleParents, options };
      const pathways = derivePathwaysByCoder({ participantId: 'P', transcriptId: 'T' }, coders, segments, exampleStageSet, exampleParents, options);
      const merge = mergeCoders(pathways, coders, { kind: 'union' }, exampleStageSet, { participantId: 'P', transcriptId: 'T', segments });
      const expected = linkLoci(merge, context);
      expect(linkLoci(merge, { ...context, segments: shuffle(random, segments), loci: shuffle(random, loci) }), `seed ${seed}`).toEqual(expected);
      // Impact only ever names open loci, and only for edges whose presence differs between readings.
      const open = new Set(loci.filter((l) => l.type !== 'agreed').map((l) => l.id));
      for (const edge of expected.edges) for (const id of [...edge.disagreementIds, ...edge.evidenceLocusIds]) expect(open.has(id), `seed ${seed}`).toBe(true);
    }
  });
});

import { compareText } from './canonical-order.ts';
import { createStageMap, PathwayError, resolveStageSegments, transitionDirection, type DroppedSegments, type StageMap, type StageParents, type StageSegment } from './stage-map.ts';
import { defaultPathwayOptions, endId, startId, type CodedSegment, type Id, type Pathway, type PathwayOptions, type PathwayRun, type PathwayTransition, type Stage, type StageSet } from './types.ts';

/** Whose pathway: one participant's transcript, read in one layer (a coder's id, or `consensus`). */
export interface PathwaySubject {
  readonly participantId: Id;
  readonly transcriptId: Id;
  readonly layer: 'consensus' | Id;
}

/**
 * One ordered item of step 2: a whole stage segment (`start`, `midpoint`), or one piece of a
 * segment cut by `sweep`. `start`/`end` are the item's own range, which for a piece is a part of
 * its segment's.
 */
export interface OrderedItem {
  readonly segment: CodedSegment;
  readonly stage: Stage;
  readonly start: number;
  readonly end: number;
}

type Compare<T> = (a: T, b: T) => number;

/** Plain `<` comparison: `a − b` would give NaN for −∞ − −∞ (storyTime before the first timed segment). */
const compareNumbers = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Spec §2.3 step 2, `start`: (start, end, stage order, segment id). */
export const byStart: Compare<StageSegment> = (a, b) =>
  a.segment.start - b.segment.start || a.segment.end - b.segment.end || a.stage.order - b.stage.order || compareText(a.segment.id, b.segment.id);

/** Spec §2.3 step 2, `midpoint`: ((start + end) / 2, end, stage order, segment id); the sums order alike and stay integers. */
export const byMidpoint: Compare<StageSegment> = (a, b) =>
  a.segment.start + a.segment.end - (b.segment.start + b.segment.end) || a.segment.end - b.segment.end || a.stage.order - b.stage.order || compareText(a.segment.id, b.segment.id);

/**
 * Sweep's "innermost wins" (spec §2.3): latest start, then shortest, then higher stage order, then
 * the smaller id. Negative when `a` is more inner than `b`.
 */
const innermostFirst: Compare<StageSegment> = (a, b) =>
  b.segment.start - a.segment.start ||
  a.segment.end - a.segment.start - (b.segment.end - b.segment.start) ||
  b.stage.order - a.stage.order ||
  compareText(a.segment.id, b.segment.id);

const asItem = (s: StageSegment): OrderedItem => ({ segment: s.segment, stage: s.stage, start: s.segment.start, end: s.segment.end });

/**
 * The `sweep` policy's pieces, in transcript order (spec §2.3): cut the transcript at every
 * segment boundary, give each elementary interval to its innermost active segment, join adjacent
 * intervals of one segment, and — where a segment was split into several pieces — drop those
 * shorter than `minResidualChars`. A segment left whole (or only truncated) is never dropped here;
 * that is `minSegmentChars`' job. O(m²) for m segments, fine for a transcript's few hundred.
 *
 * @example
 * // kept: u5 cocreation [350,500) with u6 pull [400,440) nested inside it
 * sweepPieces(kept, 0).map((p) => [p.segment.id, p.start, p.end])
 * // [['u5', 350, 400], ['u6', 400, 440], ['u5', 440, 500]]
 */
export function sweepPieces(kept: readonly StageSegment[], minResidualChars: number): OrderedItem[] {
  const bounds = [...new Set(kept.flatMap((s) => [s.segment.start, s.segment.end]))].sort((a, b) => a - b);
  const pieces: { owner: StageSegment; start: number; end: number }[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i]!;
    const hi = bounds[i + 1]!;
    let winner: StageSegment | null = null;
    for (const s of kept) if (s.segment.start <= lo && s.segment.end >= hi && (winner === null || innermostFirst(s, winner) < 0)) winner = s;
    if (!winner) continue;
    const last = pieces.at(-1);
    // An interval without any segment in between breaks the piece, so "touching" is exact here.
    if (last && last.owner === winner && last.end === lo) last.end = hi;
    else pieces.push({ owner: winner, start: lo, end: hi });
  }
  const pieceCount = new Map<StageSegment, number>();
  for (const p of pieces) pieceCount.set(p.owner, (pieceCount.get(p.owner) ?? 0) + 1);
  return pieces
    .filter((p) => pieceCount.get(p.owner) === 1 || p.end - p.start >= minResidualChars)
    .map((p) => ({ segment: p.owner.segment, stage: p.owner.stage, start: p.start, end: p.end }));
}

/**
 * Step 2 of A-1 (spec §2.3): the stage segments in pathway order, totally ordered by the stated
 * keys so that the input order never matters.
 *
 * `storyTime` order walks the segments in transcript order (the policy's key) carrying the last
 * known `storyTime` forward; segments before the first timed one get −∞ and so stay first. Then
 * it sorts by that effective time, ties by the transcript key.
 *
 * @example
 * // storyTime micro-case: cocreation (2015), push (2005), pull (untimed, inherits 2005)
 * orderStageSegments(kept, { ...defaultPathwayOptions, orderBy: 'storyTime' }).map((i) => i.stage.codeId) // ['push', 'pull', 'cocreation']
 */
export function orderStageSegments(kept: readonly StageSegment[], options: PathwayOptions): OrderedItem[] {
  if (options.overlapPolicy === 'sweep') return sweepPieces(kept, options.minResidualChars);
  const transcriptOrder = options.overlapPolicy === 'midpoint' ? byMidpoint : byStart;
  const inTranscript = [...kept].sort(transcriptOrder);
  if (options.orderBy === 'transcript') return inTranscript.map(asItem);
  let carried = -Infinity;
  const timed = inTranscript.map((s) => {
    const own = s.segment.storyTime;
    if (typeof own === 'number' && Number.isFinite(own)) carried = own;
    return { s, time: carried };
  });
  timed.sort((a, b) => compareNumbers(a.time, b.time) || transcriptOrder(a.s, b.s));
  return timed.map((t) => asItem(t.s));
}

interface RunDraft {
  readonly stage: Stage;
  start: number;
  end: number;
  readonly segmentIds: Id[];
  /** The ids in `segmentIds`, for the "list it once" test: `includes` on a long run was quadratic. */
  readonly listed: Set<Id>;
  readonly first: CodedSegment;
  last: CodedSegment;
}

/** Uncoded characters between an item and a run: 0 when they touch or overlap (storyTime order can go backwards). */
const gapBetween = (run: RunDraft, item: OrderedItem): number => Math.max(0, item.start - run.end, run.start - item.end);

/** Step 3 of A-1: maximal runs of one stage; with `selfLoops`, a gap over `mergeGap` starts a new run of the same stage. */
function buildRuns(items: readonly OrderedItem[], options: PathwayOptions): RunDraft[] {
  const runs: RunDraft[] = [];
  for (const item of items) {
    const run = runs.at(-1);
    if (run && run.stage.codeId === item.stage.codeId && (!options.selfLoops || gapBetween(run, item) <= options.mergeGap)) {
      run.start = Math.min(run.start, item.start);
      run.end = Math.max(run.end, item.end);
      // A segment split by sweep can return to the same run: list it once, where it first came.
      if (!run.listed.has(item.segment.id)) {
        run.listed.add(item.segment.id);
        run.segmentIds.push(item.segment.id);
      }
      run.last = item.segment;
    } else {
      runs.push({ stage: item.stage, start: item.start, end: item.end, segmentIds: [item.segment.id], listed: new Set([item.segment.id]), first: item.segment, last: item.segment });
    }
  }
  return runs;
}

const overlaps = (a: CodedSegment, b: CodedSegment): boolean => Math.max(a.start, b.start) < Math.min(a.end, b.end);

/** Step 4 of A-1: Start→run₁, runᵢ→runᵢ₊₁, runₖ→End; none at all for an empty pathway (spec §2.10). */
function buildTransitions(runs: readonly RunDraft[], map: StageMap): PathwayTransition[] {
  if (runs.length === 0) return [];
  const first = runs[0]!;
  const last = runs.at(-1)!;
  const transitions: PathwayTransition[] = [{ from: startId, to: first.stage.codeId, direction: 'start', exitSegmentId: null, entrySegmentId: first.first.id, overlap: false }];
  for (let i = 0; i + 1 < runs.length; i++) {
    const from = runs[i]!;
    const to = runs[i + 1]!;
    transitions.push({
      from: from.stage.codeId,
      to: to.stage.codeId,
      direction: transitionDirection(map, from.stage.codeId, to.stage.codeId),
      exitSegmentId: from.last.id,
      entrySegmentId: to.first.id,
      overlap: overlaps(from.last, to.first),
    });
  }
  transitions.push({ from: last.stage.codeId, to: endId, direction: 'end', exitSegmentId: last.last.id, entrySegmentId: null, overlap: false });
  return transitions;
}

/** Rejects options no pathway can be derived with (also checked by the loci links' fast path, which derives no pathway). */
export function validateOptions(options: PathwayOptions): void {
  const counts = { minSegmentChars: options.minSegmentChars, minResidualChars: options.minResidualChars, mergeGap: options.mergeGap };
  for (const [name, value] of Object.entries(counts)) {
    // mergeGap may be Infinity ("always merge"); the others are character counts.
    if (Number.isNaN(value) || value < 0 || (name !== 'mergeGap' && !Number.isFinite(value))) throw new PathwayError('invalidOptions', `${name} must be a number ≥ 0, got ${value}`);
  }
  if (options.overlapPolicy === 'sweep' && options.orderBy !== 'transcript') {
    throw new PathwayError('invalidOptions', 'the sweep policy cuts the transcript, so it orders by transcript position only');
  }
}

const inLayer = (subject: PathwaySubject) => (s: CodedSegment) =>
  s.transcriptId === subject.transcriptId && (s.layer.kind === 'consensus' ? subject.layer === 'consensus' : s.layer.coderId === subject.layer);

/**
 * A-1 with its warning counts: the pathway, and how many segments step 1 left out (orphaned ones
 * are reported to the user, spec §2.10).
 *
 * @example
 * derivePathwayReport({ participantId: 'P1', transcriptId: 'P1', layer: 'A' }, example1Segments, exampleStageSet, exampleParents).dropped
 * // { orphaned: 0, nonStage: 1, tooShort: 0 }
 */
export function derivePathwayReport(
  subject: PathwaySubject,
  segments: readonly CodedSegment[],
  stageSet: StageSet,
  parents: StageParents,
  options: PathwayOptions = defaultPathwayOptions,
): { pathway: Pathway; dropped: DroppedSegments } {
  validateOptions(options);
  const map = createStageMap(stageSet, parents);
  const { kept, dropped } = resolveStageSegments(segments.filter(inLayer(subject)), map, options);
  const runs = buildRuns(orderStageSegments(kept, options), options);
  const pathway: Pathway = {
    participantId: subject.participantId,
    transcriptId: subject.transcriptId,
    layer: subject.layer,
    sequence: runs.map((r) => r.stage.codeId),
    runs: runs.map((r): PathwayRun => ({ stage: r.stage.codeId, start: r.start, end: r.end, segmentIds: r.segmentIds })),
    transitions: buildTransitions(runs, map),
  };
  return { pathway, dropped };
}

/**
 * Algorithm A-1 (spec §2.3): one participant's pathway in one layer — resolve and filter the
 * stage segments, order them by the chosen policy, build stage runs, then the transitions with
 * Start and End. Segments of another transcript or layer are ignored, so a caller may hand over
 * every coding of a transcript. Deterministic: the input order never matters.
 *
 * @example
 * derivePathway({ participantId: 'P1', transcriptId: 'P1', layer: 'A' }, example1Segments, exampleStageSet, exampleParents).sequence
 * // ['push', 'pull', 'cocreation']
 */
export function derivePathway(subject: PathwaySubject, segments: readonly CodedSegment[], stageSet: StageSet, parents: StageParents, options: PathwayOptions = defaultPathwayOptions): Pathway {
  return derivePathwayReport(subject, segments, stageSet, parents, options).pathway;
}

/**
 * Every assigned coder's pathway of one transcript, keyed by coder id (A-2's input). A coder with
 * no stage segment gets an empty pathway, which counts as non-support.
 *
 * @example
 * derivePathwaysByCoder({ participantId: 'P1', transcriptId: 'P1' }, ['A', 'B'], example1Segments, exampleStageSet, exampleParents).B.sequence
 * // ['push', 'pull', 'push', 'cocreation']
 */
export function derivePathwaysByCoder(
  subject: Omit<PathwaySubject, 'layer'>,
  coders: readonly Id[],
  segments: readonly CodedSegment[],
  stageSet: StageSet,
  parents: StageParents,
  options: PathwayOptions = defaultPathwayOptions,
): Record<Id, Pathway> {
  const sorted = [...new Set(coders)].sort(compareText);
  // Each coder's segments of the transcript, in input order, found in one pass: `derivePathway`
  // keeps exactly these of the whole list, so it gets the same pathway from them.
  const byCoder = new Map<Id, CodedSegment[]>(sorted.map((coderId) => [coderId, []]));
  for (const s of segments) if (s.layer.kind === 'coder' && s.transcriptId === subject.transcriptId) byCoder.get(s.layer.coderId)?.push(s);
  // (A coder named `consensus` would also read the consensus layer: that one gets the whole list.)
  return Object.fromEntries(sorted.map((coderId) => [coderId, derivePathway({ ...subject, layer: coderId }, coderId === 'consensus' ? segments : byCoder.get(coderId)!, stageSet, parents, options)]));
}

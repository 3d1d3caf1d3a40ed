import { endId, startId, type CodedSegment, type Id, type NodeId, type PathwayOptions, type Stage, type StageSet, type TransitionDirection } from './types.ts';

/** Why the pathway core rejected its input. A closed set, translated at the boundary (HTTP 400, CLI exit code). */
export const PathwayFailure = {
  /** An option is not a number ≥ 0 (or `sweep` was combined with `storyTime` order, spec §2.3). */
  invalidOptions: 'invalidOptions',
  /** A `kOfN` rule whose k is not a whole number ≥ 1. */
  invalidQuorum: 'invalidQuorum',
  /** A pathway names a stage the stage set does not have: pathway and stage set are out of step. */
  unknownStage: 'unknownStage',
  /** A pathway names a segment the caller did not pass, so its evidence cannot be built. */
  unknownSegment: 'unknownSegment',
} as const;
export type PathwayFailure = (typeof PathwayFailure)[keyof typeof PathwayFailure];

/**
 * The one error type of the pathway core: a caller's mistake, reported loudly rather
 * than drawn as a silently wrong diagram.
 *
 * @example
 * throw new PathwayError('unknownStage', 'stage "ghost" is not in stage set "models"')
 */
export class PathwayError extends Error {
  constructor(
    readonly reason: PathwayFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PathwayError';
  }
}

/** The codebook's hierarchy, child → parent (`null` for a top-level code), for `includeDescendants`. */
export type StageParents = Readonly<Record<Id, Id | null>>;

/** A stage set made queryable: which stage a code counts as, and where a node sits in canonical order. */
export interface StageMap {
  readonly stageSet: StageSet;
  /** The stage a code counts as (itself, or its nearest stage ancestor with `includeDescendants`), or null. */
  stageOf(codeId: Id): Stage | null;
  /** The stage with this code id; throws `unknownStage` when the set has none. */
  stage(codeId: Id): Stage;
}

const own = (record: StageParents, key: Id): boolean => Object.hasOwn(record, key);

/**
 * Builds the lookup for one stage set. With `includeDescendants` a code counts as its nearest
 * stage ancestor (`push.training` → push), as the stage domain of reconciliation does; the walk
 * stops at a cycle, which concurrent codebook moves can create.
 *
 * @example
 * createStageMap(exampleStageSet, exampleParents).stageOf('push.training')?.codeId // 'push'
 */
export function createStageMap(stageSet: StageSet, parents: StageParents): StageMap {
  const byCode = new Map(stageSet.stages.map((s) => [s.codeId, s]));
  const resolved = new Map<Id, Stage | null>();
  const stageOf = (codeId: Id): Stage | null => {
    const cached = resolved.get(codeId);
    if (cached !== undefined) return cached;
    let found: Stage | null = byCode.get(codeId) ?? null;
    if (!found && stageSet.includeDescendants) {
      const seen = new Set<Id>([codeId]);
      for (let at = own(parents, codeId) ? parents[codeId] : null; at != null && !seen.has(at); at = own(parents, at) ? parents[at] : null) {
        seen.add(at);
        found = byCode.get(at) ?? null;
        if (found) break;
      }
    }
    resolved.set(codeId, found);
    return found;
  };
  const stage = (codeId: Id): Stage => {
    const found = byCode.get(codeId);
    if (!found) throw new PathwayError('unknownStage', `stage "${codeId}" is not in stage set "${stageSet.id}"`);
    return found;
  };
  return { stageSet, stageOf, stage };
}

/**
 * A transition's direction from the canonical orders of its stages (spec §2.1).
 *
 * @example
 * transitionDirection(createStageMap(exampleStageSet, {}), 'pull', 'push') // 'backward'
 */
export function transitionDirection(map: StageMap, from: NodeId, to: NodeId): TransitionDirection {
  if (from === startId) return 'start';
  if (to === endId) return 'end';
  if (from === to) return 'self';
  const delta = map.stage(to).order - map.stage(from).order;
  return delta > 0 ? 'forward' : delta < 0 ? 'backward' : 'lateral';
}

/** A segment that survived step 1 of A-1, with the stage it counts as. */
export interface StageSegment {
  readonly segment: CodedSegment;
  readonly stage: Stage;
}

/** What step 1 of A-1 left out, so the view can warn ("2 orphaned codings excluded"). */
export interface DroppedSegments {
  /** Anchors collapsed: `status: 'orphaned'`, or a range with end ≤ start (spec §3.6). */
  readonly orphaned: number;
  /** The code is no stage of the set (nor below one, with `includeDescendants`). */
  readonly nonStage: number;
  /** Shorter than `minSegmentChars`. */
  readonly tooShort: number;
}

/**
 * Step 1 of A-1 (spec §2.3): drop orphaned segments, map codes onto stages, drop non-stage codes
 * and segments shorter than `minSegmentChars`. Keeps the input order; ordering is step 2's job.
 *
 * @example
 * resolveStageSegments(example1Segments, createStageMap(exampleStageSet, exampleParents), defaultPathwayOptions).dropped
 * // { orphaned: 0, nonStage: 1, tooShort: 0 }   (a5 `barriers`)
 */
export function resolveStageSegments(segments: readonly CodedSegment[], map: StageMap, options: Pick<PathwayOptions, 'minSegmentChars'>): { kept: StageSegment[]; dropped: DroppedSegments } {
  const kept: StageSegment[] = [];
  let orphaned = 0;
  let nonStage = 0;
  let tooShort = 0;
  for (const segment of segments) {
    // An orphan is counted before its code is looked at: the warning is about lost anchors.
    if (segment.status === 'orphaned' || !(segment.end > segment.start)) orphaned++;
    else {
      const stage = map.stageOf(segment.codeId);
      if (!stage) nonStage++;
      else if (segment.end - segment.start < options.minSegmentChars) tooShort++;
      else kept.push({ segment, stage });
    }
  }
  return { kept, dropped: { orphaned, nonStage, tooShort } };
}

import { defaultPathwayOptions, type CodedSegment, type CoderMerge, type Id, type PathwayOptions, type PathwayRequest, type StageSet } from './types.ts';

/**
 * Everything one pathway graph is built from (the CLI's input file, and what the server gathers
 * for `GET …/pathways`): the stage set, the coded segments with resolved offsets, which coders are
 * assigned to each transcript (the denominator of coder support), the request, and optionally the
 * transcripts' texts (for quotes) and the code hierarchy (for `includeDescendants`).
 */
export interface PathwayInput {
  readonly stageSet: StageSet;
  readonly segments: readonly CodedSegment[];
  readonly assignments: Readonly<Record<Id, readonly Id[]>>;
  readonly request: Omit<PathwayRequest, 'stageSetId'>;
  readonly texts?: Readonly<Record<Id, string>>;
  /** Child → parent code ids; a sub-code maps onto its stage when the set includes descendants. */
  readonly parents?: Readonly<Record<Id, Id | null>>;
}

export const PathwayInputErrorReason = { invalid: 'invalid' } as const;
export type PathwayInputErrorReason = (typeof PathwayInputErrorReason)[keyof typeof PathwayInputErrorReason];

/** What is wrong with an input, and where (`path` like `segments[3].start`). */
export class PathwayInputError extends Error {
  readonly reason: PathwayInputErrorReason = PathwayInputErrorReason.invalid;
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PathwayInputError';
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function object(value: unknown, path: string): Json {
  if (!isObject(value)) throw new PathwayInputError(path, 'must be an object');
  return value;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new PathwayInputError(path, 'must be an array');
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw new PathwayInputError(path, 'must be a non-empty string');
  return value;
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new PathwayInputError(path, 'must be a whole number ≥ 0');
  return value;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new PathwayInputError(path, 'must be a number');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw new PathwayInputError(path, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function readStageSet(value: unknown): StageSet {
  const set = object(value, 'stageSet');
  const stages = array(set.stages, 'stageSet.stages').map((raw, i) => {
    const stage = object(raw, `stageSet.stages[${i}]`);
    return {
      codeId: text(stage.codeId, `stageSet.stages[${i}].codeId`),
      label: text(stage.label, `stageSet.stages[${i}].label`),
      order: finite(stage.order, `stageSet.stages[${i}].order`),
      ...(stage.color !== undefined && { color: text(stage.color, `stageSet.stages[${i}].color`) }),
    };
  });
  if (stages.length === 0) throw new PathwayInputError('stageSet.stages', 'must name at least one stage');
  const ids = new Set(stages.map((s) => s.codeId));
  if (ids.size !== stages.length) throw new PathwayInputError('stageSet.stages', 'names a code twice');
  return { id: text(set.id, 'stageSet.id'), name: typeof set.name === 'string' ? set.name : String(set.id), stages, includeDescendants: set.includeDescendants === true };
}

function readSegment(value: unknown, i: number): CodedSegment {
  const path = `segments[${i}]`;
  const raw = object(value, path);
  const layer = object(raw.layer, `${path}.layer`);
  const kind = oneOf(layer.kind, ['coder', 'consensus'] as const, `${path}.layer.kind`);
  const start = count(raw.start, `${path}.start`);
  const end = count(raw.end, `${path}.end`);
  if (end <= start) throw new PathwayInputError(`${path}.end`, 'must be greater than start');
  const storyTime = raw.storyTime === undefined || raw.storyTime === null ? raw.storyTime : finite(raw.storyTime, `${path}.storyTime`);
  return {
    id: text(raw.id, `${path}.id`),
    transcriptId: text(raw.transcriptId, `${path}.transcriptId`),
    participantId: text(raw.participantId, `${path}.participantId`),
    layer: kind === 'coder' ? { kind, coderId: text(layer.coderId, `${path}.layer.coderId`) } : { kind },
    codeId: text(raw.codeId, `${path}.codeId`),
    start,
    end,
    ...(storyTime !== undefined && { storyTime: storyTime as number | null }),
    ...(raw.status !== undefined && { status: oneOf(raw.status, ['ok', 'orphaned'] as const, `${path}.status`) }),
  };
}

function readMerge(value: unknown): CoderMerge {
  if (value === undefined) return { kind: 'union' };
  const merge = object(value, 'request.coderMerge');
  const kind = oneOf(merge.kind, ['union', 'majority', 'intersection', 'kOfN'] as const, 'request.coderMerge.kind');
  if (kind !== 'kOfN') return { kind };
  const k = count(merge.k, 'request.coderMerge.k');
  if (k < 1) throw new PathwayInputError('request.coderMerge.k', 'must be at least 1');
  return { kind, k };
}

function readOptions(value: unknown): PathwayOptions {
  if (value === undefined) return defaultPathwayOptions;
  const raw = object(value, 'request.options');
  const d = defaultPathwayOptions;
  return {
    orderBy: raw.orderBy === undefined ? d.orderBy : oneOf(raw.orderBy, ['transcript', 'storyTime'] as const, 'request.options.orderBy'),
    overlapPolicy: raw.overlapPolicy === undefined ? d.overlapPolicy : oneOf(raw.overlapPolicy, ['start', 'midpoint', 'sweep'] as const, 'request.options.overlapPolicy'),
    minSegmentChars: raw.minSegmentChars === undefined ? d.minSegmentChars : count(raw.minSegmentChars, 'request.options.minSegmentChars'),
    minResidualChars: raw.minResidualChars === undefined ? d.minResidualChars : count(raw.minResidualChars, 'request.options.minResidualChars'),
    selfLoops: raw.selfLoops === undefined ? d.selfLoops : raw.selfLoops === true,
    mergeGap: raw.mergeGap === undefined ? d.mergeGap : count(raw.mergeGap, 'request.options.mergeGap'),
  };
}

function readRequest(value: unknown): PathwayInput['request'] {
  const raw = value === undefined ? {} : object(value, 'request');
  const participants = raw.participants === undefined || raw.participants === 'all' ? 'all' : array(raw.participants, 'request.participants').map((p, i) => text(p, `request.participants[${i}]`));
  return {
    participants,
    layer: raw.layer === undefined ? 'coders' : oneOf(raw.layer, ['coders', 'consensus'] as const, 'request.layer'),
    ...(raw.coders !== undefined && { coders: array(raw.coders, 'request.coders').map((c, i) => text(c, `request.coders[${i}]`)) }),
    coderMerge: readMerge(raw.coderMerge),
    options: readOptions(raw.options),
  };
}

/**
 * Checks a parsed JSON value as a `PathwayInput`, filling the request's defaults (every
 * participant, the coders' layers, union, the default options). Throws `PathwayInputError`
 * naming the first field that is wrong.
 *
 * @example
 * readPathwayInput({ stageSet: { id: 's', stages: [{ codeId: 'push', label: 'Push', order: 1 }] }, segments: [], assignments: {} }).request.coderMerge // { kind: 'union' }
 */
export function readPathwayInput(value: unknown): PathwayInput {
  const raw = object(value, 'input');
  const stageSet = readStageSet(raw.stageSet);
  const segments = array(raw.segments, 'segments').map(readSegment);
  const ids = new Set<string>();
  for (const [i, s] of segments.entries()) {
    if (ids.has(s.id)) throw new PathwayInputError(`segments[${i}].id`, `${s.id} is used twice`);
    ids.add(s.id);
  }
  const assignments: Record<Id, readonly Id[]> = {};
  for (const [transcriptId, coders] of Object.entries(object(raw.assignments ?? {}, 'assignments'))) {
    assignments[transcriptId] = array(coders, `assignments.${transcriptId}`).map((c, i) => text(c, `assignments.${transcriptId}[${i}]`));
  }
  const texts: Record<Id, string> = {};
  if (raw.texts !== undefined) {
    for (const [transcriptId, body] of Object.entries(object(raw.texts, 'texts'))) {
      if (typeof body !== 'string') throw new PathwayInputError(`texts.${transcriptId}`, 'must be a string');
      texts[transcriptId] = body;
    }
  }
  const parents: Record<Id, Id | null> = {};
  if (raw.parents !== undefined) {
    for (const [codeId, parent] of Object.entries(object(raw.parents, 'parents'))) parents[codeId] = parent === null ? null : text(parent, `parents.${codeId}`);
  }
  return {
    stageSet,
    segments,
    assignments,
    request: readRequest(raw.request),
    ...(raw.texts !== undefined && { texts }),
    ...(raw.parents !== undefined && { parents }),
  };
}

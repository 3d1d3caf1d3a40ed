import type { Locus } from '../reconcile/index.ts';
import { compareText } from './canonical-order.ts';
import { derivePathway, validateOptions, type PathwaySubject } from './derive-pathway.ts';
import { ByCoderSegment, edgeIdOf } from './merge-coders.ts';
import { createStageMap, type StageMap, type StageParents } from './stage-map.ts';
import { defaultPathwayOptions, endId, startId, type CodedSegment, type EdgeId, type Id, type ParticipantMerge, type PathwayOptions, type StageSet } from './types.ts';

/** A consensus coding a locus currently holds: a pre-merge result or a decision's result. */
export interface HeldCoding {
  readonly codeId: Id;
  readonly start: number;
  readonly end: number;
}

/** Everything needed to replay one participant's consensus pathway under different locus outcomes. */
export interface LocusContext {
  readonly participantId: Id;
  readonly transcriptId: Id;
  /** The assigned coders' segments of the transcript — the coder layers the loci were computed from. */
  readonly segments: readonly CodedSegment[];
  /** All loci of the transcript (`computeLoci`), agreed ones included: they are held while another is evaluated. */
  readonly loci: readonly Locus[];
  readonly stageSet: StageSet;
  readonly parents: StageParents;
  readonly options?: PathwayOptions;
  /**
   * The current consensus of loci that have one — `preMerge` results, decisions' results (a
   * `rejectAll` is an empty list) — by locus id. A locus not listed has no consensus yet.
   */
  readonly held?: Readonly<Record<Id, readonly HeldCoding[]>>;
}

/** What one coder position of a locus does to the consensus pathway (also the "if accepted as …" preview). */
export interface LocusReading {
  /** The coders who proposed exactly this (sorted); for the empty reading, the coders who coded nothing there. */
  readonly coderIds: readonly Id[];
  readonly sequence: readonly Id[];
  readonly edgeIds: readonly EdgeId[];
}

export interface LocusImpact {
  readonly locusId: Id;
  /** The readings give different consensus pathways: the reconcile queue sorts these first (spec §3.3). */
  readonly affectsPathway: boolean;
  /** Edges present under some reading and absent under another: the edges this locus can add or remove. */
  readonly edgeIds: readonly EdgeId[];
  readonly readings: readonly LocusReading[];
}


const byPosition = (a: Locus, b: Locus): number => a.start - b.start || a.end - b.end || compareText(a.domainId, b.domainId) || compareText(a.id, b.id);

/**
 * Open loci are the non-agreed ones (spec §2.4) that have no consensus yet — a decided (or
 * pre-merged) locus is held at its result and is no longer a disagreement — in transcript order.
 */
const openLoci = (loci: readonly Locus[], held: LocusContext['held']): Locus[] => loci.filter((l) => l.type !== 'agreed' && !(held && Object.hasOwn(held, l.id))).sort(byPosition);

/** What a consensus segment takes over from its source (a coder's segment, a locus version or a held coding). */
type SegmentFields = Omit<CodedSegment, 'id' | 'transcriptId' | 'participantId' | 'layer'>;

/** One consensus-layer segment of the state as it stands, and the locus whose evaluation takes it out. */
interface BaseEntry {
  /** The locus the coder segment belongs to (undefined: none), or the held locus whose reading this is. */
  readonly group: Id | undefined;
  readonly segment: CodedSegment;
}

/** What one participant's loci are evaluated against; built once per `linkLoci` call. */
interface Replay {
  readonly subject: PathwaySubject;
  readonly stageSet: StageSet;
  readonly parents: StageParents;
  readonly map: StageMap;
  readonly options: PathwayOptions;
  readonly held: Readonly<Record<Id, readonly HeldCoding[]>>;
  /** By (coder, id): the coder segments of the transcript, and the locus each coding belongs to (passed or only a locus version). */
  readonly codings: ByCoderSegment<Coding>;
  /** `heldState`'s list before the evaluated locus is taken out; built on first use. */
  base?: readonly BaseEntry[];
}

/** A coder's segment, or another held reading, restated as a consensus-layer segment with an id unique across sources. */
const asConsensus = (subject: PathwaySubject, id: string, from: SegmentFields): CodedSegment => ({
  // Code, range, storyTime and status travel along: an orphaned coding stays out of the replay too.
  ...from,
  id,
  transcriptId: subject.transcriptId,
  participantId: subject.participantId,
  layer: { kind: 'consensus' },
});

/** What is known of one (coder, segment id): the segment when it was passed, the locus holding it when one does. */
interface Coding {
  segment: CodedSegment | undefined;
  locusId: Id | undefined;
}

function createReplay(context: LocusContext): Replay {
  const codings = new ByCoderSegment<Coding>();
  for (const s of context.segments) {
    if (s.layer.kind !== 'coder' || s.transcriptId !== context.transcriptId) continue;
    const known = codings.get(s.layer.coderId, s.id);
    if (known) known.segment = s;
    else codings.set(s.layer.coderId, s.id, { segment: s, locusId: undefined });
  }
  for (const locus of context.loci) {
    for (const v of locus.versions) {
      const known = codings.get(v.coderId, v.codingId);
      if (known) known.locusId = locus.id;
      else codings.set(v.coderId, v.codingId, { segment: undefined, locusId: locus.id });
    }
  }
  return {
    subject: { participantId: context.participantId, transcriptId: context.transcriptId, layer: 'consensus' },
    stageSet: context.stageSet,
    parents: context.parents,
    map: createStageMap(context.stageSet, context.parents),
    options: context.options ?? defaultPathwayOptions,
    held: context.held ?? {},
    codings,
  };
}

/**
 * Every locus at its current state, each segment tagged with the locus whose evaluation takes it
 * out: the coder segments outside held loci (by coder key), then the held readings (by locus id).
 */
function baseOf(replay: Replay): readonly BaseEntry[] {
  if (replay.base) return replay.base;
  const { held, subject } = replay;
  const base: BaseEntry[] = [];
  const keyed: { key: string; coderId: Id; segmentId: Id; segment: CodedSegment; locusId: Id | undefined }[] = [];
  replay.codings.forEach((coderId, segmentId, { segment, locusId }) => {
    if (segment) keyed.push({ key: `${coderId}\u0000${segmentId}`, coderId, segmentId, segment, locusId });
  });
  for (const { coderId, segmentId, segment, locusId } of keyed.sort((a, b) => compareText(a.key, b.key))) {
    if (locusId !== undefined && Object.hasOwn(held, locusId)) continue;
    base.push({ group: locusId, segment: asConsensus(subject, `coder/${coderId}/${segmentId}`, segment) });
  }
  for (const locusId of Object.keys(held).sort(compareText)) {
    held[locusId]!.forEach((c, i) => base.push({ group: locusId, segment: asConsensus(subject, `held/${locusId}/${i}`, { codeId: c.codeId, start: c.start, end: c.end }) }));
  }
  return (replay.base = base);
}

/**
 * The consensus as it stands, without the evaluated locus. "Current consensus state" of a locus:
 * its held reading when it has one; otherwise — no decision yet — every coder's proposal there,
 * as "accept all" would keep them. Nothing is discarded before someone decides, so a locus is
 * judged against its neighbours as the coders drew them, not against a gap (worked example 1:
 * L3 is judged between L1's push and L2's pull, which is what links it to pull→push).
 */
function heldState(replay: Replay, evaluated: Id): CodedSegment[] {
  const out: CodedSegment[] = [];
  for (const entry of baseOf(replay)) if (entry.group !== evaluated) out.push(entry.segment);
  return out;
}

/** One coding a coder proposed in a locus: its consensus id and what the segment takes over. */
interface Proposal {
  readonly coderId: Id;
  readonly codingId: Id;
  readonly from: SegmentFields;
}

/** One proposal's part of a position's signature. */
const signatureOf = ({ from: s }: Proposal): string => `${s.codeId}\u0000${s.start}\u0000${s.end}\u0000${s.storyTime ?? ''}\u0000${s.status ?? ''}`;

/** The distinct coder positions of a locus; the empty one only when some coder really proposed nothing there (spec §2.4). */
function readingsOf(replay: Replay, locus: Locus): { coderIds: Id[]; proposals: Proposal[] }[] {
  const byCoder = new Map<Id, Proposal[]>();
  for (const v of locus.versions) {
    const own = replay.codings.get(v.coderId, v.codingId)?.segment;
    const proposal: Proposal = { coderId: v.coderId, codingId: v.codingId, from: own ?? { codeId: v.appliedCodeId, start: v.start, end: v.end } };
    const list = byCoder.get(v.coderId);
    if (list) list.push(proposal);
    else byCoder.set(v.coderId, [proposal]);
  }
  const all = [...byCoder.keys()].sort(compareText).map((coderId) => ({ coderIds: [coderId], proposals: byCoder.get(coderId)! }));
  if (locus.missingCoderIds.length > 0) all.push({ coderIds: [...locus.missingCoderIds], proposals: [] });
  const distinct: { signature: string; coderIds: Id[]; proposals: Proposal[] }[] = [];
  for (const { coderIds, proposals } of all) {
    // Two coders who drew the same codings are one position: the pathway is computed once.
    const signature = proposals.length === 1 ? signatureOf(proposals[0]!) : proposals.map(signatureOf).sort(compareText).join('\u0001');
    const entry = distinct.find((d) => d.signature === signature);
    if (entry) entry.coderIds.push(...coderIds);
    else distinct.push({ signature, coderIds, proposals });
  }
  return distinct.map((d) => ({ coderIds: d.coderIds.sort(compareText), proposals: d.proposals }));
}

/** Whether `${x ?? ''}` can be compared field by field: no U+0000 to blur where a field ends. */
const plain = (x: unknown): boolean => x === undefined || x === null || typeof x === 'number' || (typeof x === 'string' && !x.includes('\u0000'));
/** `${a}` === `${b}` for numbers: equal values, or both NaN. */
const sameNumber = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/** Whether two positions have one signature, as `readingsOf` compares them; field by field when that is the same thing. */
function samePosition(a: readonly Proposal[], b: readonly Proposal[]): boolean {
  if (a.length === 0 || b.length === 0) return a.length === b.length; // only the empty position signs ''
  if (a.length === 1 && b.length === 1) {
    const x = a[0]!.from;
    const y = b[0]!.from;
    if (plain(x.codeId) && plain(y.codeId) && plain(x.storyTime) && plain(y.storyTime) && plain(x.status) && plain(y.status)) {
      return x.codeId === y.codeId && sameNumber(x.start, y.start) && sameNumber(x.end, y.end) && `${x.storyTime ?? ''}` === `${y.storyTime ?? ''}` && `${x.status ?? ''}` === `${y.status ?? ''}`;
    }
  }
  const sign = (ps: readonly Proposal[]): string => ps.map(signatureOf).sort(compareText).join('\u0001');
  return sign(a) === sign(b);
}

/**
 * `readingsOf` without the coder ids, for the fast path: the same distinct positions, in the same
 * order and with the same first proposals, found without building a map or the ids.
 */
function distinctProposals(replay: Replay, locus: Locus): Proposal[][] {
  const coderIds: Id[] = [];
  const groups: Proposal[][] = [];
  for (const v of locus.versions) {
    const own = replay.codings.get(v.coderId, v.codingId)?.segment;
    const proposal: Proposal = { coderId: v.coderId, codingId: v.codingId, from: own ?? { codeId: v.appliedCodeId, start: v.start, end: v.end } };
    const at = coderIds.indexOf(v.coderId);
    if (at >= 0) groups[at]!.push(proposal);
    else {
      coderIds.push(v.coderId);
      groups.push([proposal]);
    }
  }
  const all = coderIds.length > 1 ? coderIds.map((_, i) => i).sort((a, b) => compareText(coderIds[a]!, coderIds[b]!)).map((i) => groups[i]!) : groups;
  if (locus.missingCoderIds.length > 0) all.push([]);
  if (all.length < 2) return all;
  const distinct: Proposal[][] = [];
  for (const proposals of all) if (!distinct.some((other) => samePosition(proposals, other))) distinct.push(proposals);
  return distinct;
}

/** A locus of thematic codes can never move a stage. */
const touchesStages = (replay: Replay, locus: Locus): boolean => locus.versions.some((v) => replay.map.stageOf(v.appliedCodeId) || replay.map.stageOf(v.codeId));

/** The straightforward impact: the whole consensus pathway re-derived once per reading. */
function impactOf(replay: Replay, locus: Locus): LocusImpact {
  const none: LocusImpact = { locusId: locus.id, affectsPathway: false, edgeIds: [], readings: [] };
  if (locus.type === 'agreed') return none;
  // A locus of thematic codes can never move a stage: skip the replays.
  if (!touchesStages(replay, locus)) return none;
  const base = heldState(replay, locus.id);
  const readings: LocusReading[] = readingsOf(replay, locus).map(({ coderIds, proposals }) => {
    const segments = proposals.map((p) => asConsensus(replay.subject, `coder/${p.coderId}/${p.codingId}`, p.from));
    const pathway = derivePathway(replay.subject, [...base, ...segments], replay.stageSet, replay.parents, replay.options);
    const edgeIds = [...new Set(pathway.transitions.map((t) => edgeIdOf(t.from, t.to)))].sort(compareText);
    return { coderIds, sequence: pathway.sequence, edgeIds };
  });
  const everywhere = readings.reduce<EdgeId[] | null>((acc, r) => (acc === null ? [...r.edgeIds] : acc.filter((id) => r.edgeIds.includes(id))), null) ?? [];
  const edgeIds = [...new Set(readings.flatMap((r) => r.edgeIds))].filter((id) => !everywhere.includes(id)).sort(compareText);
  const sequences = new Set(readings.map((r) => r.sequence.join('\u0000')));
  return { locusId: locus.id, affectsPathway: sequences.size > 1, edgeIds, readings };
}

// ---------------------------------------------------------------------------------------------
// The fast path of `linkLoci`: each locus's edge changes from a local window of the ordered base.
//
// With the `start` or `midpoint` policy in transcript order and no self loops, a pathway's edges
// are fixed by its ordered stage items alone: an edge X→Y occurs once for every pair of
// neighbours in (Start, items…, End) whose stages differ. A-1 sorts the items of
// `[...base, ...reading]` by a total key with a stable sort, so they come out as the sorted base
// (less the evaluated locus's own items) with each reading item merged in after the base items
// it ties with. So the base — every locus at its current state — is ordered once per participant
// and its neighbour pairs are counted once; per reading only the window from the first to the
// last changed position (the locus's own items taken out, the reading's put in) is recounted. An
// edge is present iff its count stays above 0. This is exact, not an estimate: a locus whose items
// lie far apart only makes a wider window.
//
// Not local, so these keep the full replay (`impactOf`) for the whole participant:
// - `sweep`: a piece's extent depends on every segment around it (a container cut by a nested one);
// - `selfLoops`: whether a gap breaks a run depends on the run's extent back to its first item;
// - `storyTime` order when any coding carries a finite storyTime: a carried time reaches every
//   later segment (without one, every time is −∞ and the order is the transcript order);
// - two base items with the same sort key (ids that collide) but different stages, whose order
//   would then depend on the order the replay lists them in.
// ---------------------------------------------------------------------------------------------

/** A stage item of the fast path: just what ordering and edges need. */
interface Item {
  readonly start: number;
  readonly end: number;
  readonly order: number;
  /** Start 0, End 1, the stages from 2 (by code id). */
  readonly node: number;
  readonly group: Id | undefined;
  /** The consensus id as the replay names the segment, `${prefix}/${a}/${b}`: built only when a tie needs it. */
  readonly prefix: 'coder' | 'held';
  readonly a: string;
  readonly b: string;
  id: string | undefined;
}

const idOf = (item: Item): string => (item.id ??= `${item.prefix}/${item.a}/${item.b}`);

// A-1's step-2 keys (`byStart`, `byMidpoint` in derive-pathway.ts) on items.
const itemByStart = (a: Item, b: Item): number => a.start - b.start || a.end - b.end || a.order - b.order || compareText(idOf(a), idOf(b));
const itemByMidpoint = (a: Item, b: Item): number => a.start + a.end - (b.start + b.end) || a.end - b.end || a.order - b.order || compareText(idOf(a), idOf(b));

/** Whether this participant's loci can take the fast path (see above); the last condition is checked on the ordered base. */
function isLocal(replay: Replay): boolean {
  const { options, map } = replay;
  if (options.overlapPolicy === 'sweep' || options.selfLoops) return false;
  // A stage id equal to Start's or End's would make a stage pair and a Start/End pair one key.
  if (map.stageSet.stages.some((s) => s.codeId === startId || s.codeId === endId)) return false;
  if (options.orderBy !== 'transcript') {
    let timed = false;
    replay.codings.forEach((_c, _s, { segment }) => (timed ||= segment !== undefined && typeof segment.storyTime === 'number' && Number.isFinite(segment.storyTime)));
    if (timed) return false;
  }
  return true;
}

/** Neighbour pairs (a·N + b, stages differing) of a node sequence, appended to `out`. */
function pushPairs(nodes: readonly number[], N: number, out: number[]): void {
  for (let i = 1; i < nodes.length; i++) if (nodes[i - 1] !== nodes[i]) out.push(nodes[i - 1]! * N + nodes[i]!);
}

/**
 * The edges each open locus can add or remove, by locus id, from local windows (see above); null
 * when the ordered base has a tie that only the replay can settle.
 */
function localImpacts(replay: Replay, open: readonly Locus[]): Map<Id, readonly EdgeId[]> | null {
  const { map, options, held } = replay;
  const compare = options.overlapPolicy === 'midpoint' ? itemByMidpoint : itemByStart;
  const nodeIndex = new Map<Id, number>([
    [startId, 0],
    [endId, 1],
  ]);
  for (const s of map.stageSet.stages) if (!nodeIndex.has(s.codeId)) nodeIndex.set(s.codeId, nodeIndex.size);
  const names = [...nodeIndex.keys()];
  const N = names.length;
  const START = 0;
  const END = 1;
  const startToEnd = START * N + END; // an empty pathway's implied Start→End is never an edge (§2.10)
  // Step 1 of A-1 (`resolveStageSegments`) on one source: orphans, non-stage codes and short segments drop out.
  const itemOf = (from: SegmentFields, prefix: Item['prefix'], a: string, b: string, group: Id | undefined): Item | null => {
    if (from.status === 'orphaned' || !(from.end > from.start)) return null;
    const stage = map.stageOf(from.codeId);
    if (!stage || from.end - from.start < options.minSegmentChars) return null;
    return { start: from.start, end: from.end, order: stage.order, node: nodeIndex.get(stage.codeId)!, group, prefix, a, b, id: undefined };
  };

  // The base, ordered once.
  const base: Item[] = [];
  replay.codings.forEach((coderId, segmentId, { segment, locusId: group }) => {
    if (!segment) return;
    if (group !== undefined && Object.hasOwn(held, group)) return;
    const item = itemOf(segment, 'coder', coderId, segmentId, group);
    if (item) base.push(item);
  });
  for (const locusId of Object.keys(held)) {
    const codings = held[locusId]!;
    for (let i = 0; i < codings.length; i++) {
      const c = codings[i]!;
      const item = itemOf({ codeId: c.codeId, start: c.start, end: c.end }, 'held', locusId, String(i), locusId);
      if (item) base.push(item);
    }
  }
  base.sort(compare);
  const n = base.length;
  for (let i = 1; i < n; i++) if (base[i - 1]!.node !== base[i]!.node && compare(base[i - 1]!, base[i]!) === 0) return null;
  const members = new Map<Id, number[]>(); // each locus's own items in the base, ascending
  const counts = new Map<number, number>(); // neighbour pairs of the base
  let prev = START;
  for (let i = 0; i < n; i++) {
    const { node, group } = base[i]!;
    if (node !== prev) counts.set(prev * N + node, (counts.get(prev * N + node) ?? 0) + 1);
    prev = node;
    if (group === undefined) continue;
    const list = members.get(group);
    if (list) list.push(i);
    else members.set(group, [i]);
  }
  counts.set(prev * N + END, (counts.get(prev * N + END) ?? 0) + 1);
  const countOf = (pair: number): number => counts.get(pair) ?? 0;
  /** The first base position whose item sorts after `item`: a stable sort puts tied base items first. */
  const upperBound = (item: Item): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(base[mid]!, item) > 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const removed = new Uint8Array(n);
  const nodes: number[] = [];
  // Per locus, scratch: every reading's lost then gained pairs, one after another in `pairs`;
  // reading r's lost pairs are pairs[bounds[2r] .. bounds[2r+1]), its gained ones up to bounds[2r+2].
  const pairs: number[] = [];
  const bounds: number[] = [];
  const items: Item[] = [];
  const at: number[] = [];

  const out = new Map<Id, readonly EdgeId[]>();
  let validated = false;
  for (const locus of open) {
    if (locus.type === 'agreed' || !touchesStages(replay, locus)) {
      out.set(locus.id, []);
      continue;
    }
    const readings = distinctProposals(replay, locus);
    if (readings.length > 0 && !validated) {
      // Where the replay would have thrown, deriving its first pathway.
      validateOptions(options);
      validated = true;
    }
    // One reading (or none) cannot differ from itself.
    if (readings.length < 2) {
      out.set(locus.id, []);
      continue;
    }
    const own = members.get(locus.id) ?? [];
    for (const i of own) removed[i] = 1;
    pairs.length = 0;
    bounds.length = 0;
    for (const proposals of readings) {
      items.length = 0;
      for (const p of proposals) {
        const item = itemOf(p.from, 'coder', p.coderId, p.codingId, undefined);
        if (item) items.push(item);
      }
      if (items.length > 1) items.sort(compare);
      at.length = 0;
      let lo = own.length > 0 ? own[0]! : n + 1;
      let hi = own.length > 0 ? own[own.length - 1]! : -2;
      for (const item of items) {
        const p = upperBound(item);
        at.push(p);
        if (p < lo) lo = p;
        if (p - 1 > hi) hi = p - 1;
      }
      bounds.push(pairs.length);
      if (own.length === 0 && items.length === 0) {
        bounds.push(pairs.length);
        continue;
      }
      const left = lo > 0 ? base[lo - 1]!.node : START;
      const right = hi + 1 < n ? base[hi + 1]!.node : END;
      // Lost: left, base[lo..hi], right.
      nodes.length = 0;
      nodes.push(left);
      for (let i = lo; i <= hi; i++) nodes.push(base[i]!.node);
      nodes.push(right);
      pushPairs(nodes, N, pairs);
      bounds.push(pairs.length);
      // Gained: left, base[lo..hi] less the locus's own items with the reading's merged in, right.
      nodes.length = 0;
      nodes.push(left);
      let j = 0;
      for (let i = lo; i <= hi + 1; i++) {
        for (; j < items.length && at[j]! <= i; j++) nodes.push(items[j]!.node);
        if (i <= hi && removed[i] === 0) nodes.push(base[i]!.node);
      }
      nodes.push(right);
      pushPairs(nodes, N, pairs);
    }
    bounds.push(pairs.length);
    for (const i of own) removed[i] = 0;
    // Only pairs some window touched can differ between readings; every other pair is as in the base.
    let edgeIds: EdgeId[] | null = null;
    for (let k = 0; k < pairs.length; k++) {
      const pair = pairs[k]!;
      if (pair === startToEnd || pairs.indexOf(pair) !== k) continue;
      let present = 0;
      for (let r = 0; r < readings.length; r++) {
        let count = countOf(pair);
        for (let q = bounds[2 * r]!; q < bounds[2 * r + 1]!; q++) if (pairs[q] === pair) count--;
        for (let q = bounds[2 * r + 1]!; q < bounds[2 * r + 2]!; q++) if (pairs[q] === pair) count++;
        if (count > 0) present++;
      }
      if (present > 0 && present < readings.length) (edgeIds ??= []).push(edgeIdOf(names[Math.floor(pair / N)]!, names[pair % N]!));
    }
    out.set(locus.id, edgeIds ? edgeIds.sort(compareText) : []);
  }
  return out;
}

/**
 * A locus's pathway impact (spec §2.4): the participant's consensus pathway recomputed once per
 * distinct coder position in the locus — what each coder proposed, or nothing when some coder
 * coded nothing there ("reject all" is not tried otherwise) — with every other locus at its
 * current consensus state (its held reading, or all its proposals while undecided). Agreed loci
 * are not open and have no impact.
 *
 * @example
 * locusImpact(l3, context).edgeIds // ['pull->cocreation', 'pull->push', 'push->cocreation']
 */
export function locusImpact(locus: Locus, context: LocusContext): LocusImpact {
  return impactOf(createReplay(context), locus);
}

/**
 * Whether resolving the locus one way or another changes the participant's consensus pathway
 * (spec §2.4, §3.3's pathway-impact icon).
 *
 * @example
 * affectsPathway(l3, context) // true; affectsPathway(l1, context) // false (both readings give one push run)
 */
export function affectsPathway(locus: Locus, context: LocusContext): boolean {
  return locusImpact(locus, context).affectsPathway;
}

/** Writes each edge's links from the loci's edge lists (by locus id; a locus not listed moves no edge). */
function link(merge: ParticipantMerge, open: readonly Locus[], replay: Replay, edgesOf: ReadonlyMap<Id, readonly EdgeId[]>): ParticipantMerge {
  const openIds = new Set(open.map((l) => l.id));
  // Impact: per edge, the open loci that move it, in transcript order.
  const movers = new Map<EdgeId, Id[]>();
  for (const l of open) {
    for (const edgeId of new Set(edgesOf.get(l.id) ?? [])) {
      const list = movers.get(edgeId);
      if (list) list.push(l.id);
      else movers.set(edgeId, [l.id]);
    }
  }
  return {
    ...merge,
    edges: merge.edges.map((edge) => {
      const holding = new Set<Id>();
      for (const ref of edge.evidence) {
        const locusId = replay.codings.get(ref.layer, ref.segmentId)?.locusId;
        if (locusId !== undefined && openIds.has(locusId)) holding.add(locusId);
      }
      return {
        ...edge,
        disagreementIds: movers.get(edge.id) ?? [],
        evidenceLocusIds: holding.size === 0 ? [] : open.filter((l) => holding.has(l.id)).map((l) => l.id),
      };
    }),
  };
}

/**
 * Fills a coder merge's loci links (spec §2.4): each edge's `disagreementIds` (open loci whose
 * resolution adds or removes it) and `evidenceLocusIds` (open loci holding one of its evidence
 * segments: the edge survives either way, but its quotes are disputed). Both in transcript order.
 * Pass `impacts` when they were already computed (the reconcile queue needs them too).
 *
 * Gives what `linkLociByReplay` gives; for the `start` and `midpoint` policies in transcript order
 * without self loops it works from local windows of the ordered consensus instead of re-deriving
 * the whole pathway per reading (see `localImpacts`).
 *
 * @example
 * linkLoci(merge, context).edges.map((e) => [e.id, e.disagreementIds, e.evidenceLocusIds])
 */
export function linkLoci(merge: ParticipantMerge, context: LocusContext, impacts?: readonly LocusImpact[]): ParticipantMerge {
  const open = openLoci(context.loci, context.held);
  const replay = createReplay(context);
  if (impacts) return link(merge, open, replay, new Map(impacts.map((i) => [i.locusId, i.edgeIds])));
  const local = isLocal(replay) ? localImpacts(replay, open) : null;
  if (local) return link(merge, open, replay, local);
  return link(merge, open, replay, new Map(open.map((locus) => [locus.id, impactOf(replay, locus).edgeIds])));
}

/**
 * `linkLoci` the straightforward way — every reading of every open locus re-derives the whole
 * consensus pathway — kept as the reference the fast path is tested against.
 *
 * @example
 * linkLociByReplay(merge, context) // equal to linkLoci(merge, context)
 */
export function linkLociByReplay(merge: ParticipantMerge, context: LocusContext): ParticipantMerge {
  const open = openLoci(context.loci, context.held);
  const replay = createReplay(context);
  return link(merge, open, replay, new Map(open.map((locus) => [locus.id, impactOf(replay, locus).edgeIds])));
}

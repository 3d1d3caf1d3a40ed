import type { Locus } from '../reconcile/index.ts';
import { compareText } from './canonical-order.ts';
import { derivePathway, type PathwaySubject } from './derive-pathway.ts';
import { edgeIdOf } from './merge-coders.ts';
import { createStageMap, type StageParents } from './stage-map.ts';
import { defaultPathwayOptions, type CodedSegment, type EdgeId, type Id, type ParticipantMerge, type PathwayOptions, type StageSet } from './types.ts';

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

const key = (coderId: Id, segmentId: Id): string => `${coderId}\u0000${segmentId}`;

const byPosition = (a: Locus, b: Locus): number => a.start - b.start || a.end - b.end || compareText(a.domainId, b.domainId) || compareText(a.id, b.id);

/** Open loci are the non-agreed ones (spec §2.4), in transcript order. */
const openLoci = (loci: readonly Locus[]): Locus[] => loci.filter((l) => l.type !== 'agreed').sort(byPosition);

interface Replay {
  readonly subject: PathwaySubject;
  /** The coder segments of the transcript, by (coder, id). */
  readonly coderSegments: ReadonlyMap<string, CodedSegment>;
  /** Which locus each coder segment belongs to. */
  readonly locusOf: ReadonlyMap<string, Id>;
}

function createReplay(context: LocusContext): Replay {
  const coderSegments = new Map<string, CodedSegment>();
  for (const s of context.segments) if (s.layer.kind === 'coder' && s.transcriptId === context.transcriptId) coderSegments.set(key(s.layer.coderId, s.id), s);
  const locusOf = new Map<string, Id>();
  for (const locus of context.loci) for (const v of locus.versions) locusOf.set(key(v.coderId, v.codingId), locus.id);
  return { subject: { participantId: context.participantId, transcriptId: context.transcriptId, layer: 'consensus' }, coderSegments, locusOf };
}

/** A coder's segment, or another held reading, restated as a consensus-layer segment with an id unique across sources. */
const asConsensus = (replay: Replay, id: string, from: Omit<CodedSegment, 'id' | 'transcriptId' | 'participantId' | 'layer'>): CodedSegment => ({
  // Code, range, storyTime and status travel along: an orphaned coding stays out of the replay too.
  ...from,
  id,
  transcriptId: replay.subject.transcriptId,
  participantId: replay.subject.participantId,
  layer: { kind: 'consensus' },
});

/**
 * The consensus as it stands, without the evaluated locus. "Current consensus state" of a locus:
 * its held reading when it has one; otherwise — no decision yet — every coder's proposal there,
 * as "accept all" would keep them. Nothing is discarded before someone decides, so a locus is
 * judged against its neighbours as the coders drew them, not against a gap (worked example 1:
 * L3 is judged between L1's push and L2's pull, which is what links it to pull→push).
 */
function heldState(replay: Replay, context: LocusContext, evaluated: Id): CodedSegment[] {
  const held = context.held ?? {};
  const out: CodedSegment[] = [];
  const sortedKeys = [...replay.coderSegments.keys()].sort(compareText);
  for (const k of sortedKeys) {
    const locusId = replay.locusOf.get(k);
    if (locusId === evaluated || (locusId !== undefined && Object.hasOwn(held, locusId))) continue;
    const s = replay.coderSegments.get(k)!;
    out.push(asConsensus(replay, `coder/${k.replace('\u0000', '/')}`, s));
  }
  for (const locusId of Object.keys(held).sort(compareText)) {
    if (locusId === evaluated) continue;
    held[locusId]!.forEach((c, i) => out.push(asConsensus(replay, `held/${locusId}/${i}`, { codeId: c.codeId, start: c.start, end: c.end })));
  }
  return out;
}

/** The distinct coder positions of a locus; the empty one only when some coder really proposed nothing there (spec §2.4). */
function positions(replay: Replay, locus: Locus): { coderIds: Id[]; segments: CodedSegment[] }[] {
  const byCoder = new Map<Id, CodedSegment[]>();
  for (const v of locus.versions) {
    const own = replay.coderSegments.get(key(v.coderId, v.codingId));
    const segment = asConsensus(replay, `coder/${v.coderId}/${v.codingId}`, own ?? { codeId: v.appliedCodeId, start: v.start, end: v.end });
    byCoder.set(v.coderId, [...(byCoder.get(v.coderId) ?? []), segment]);
  }
  const proposals = [...byCoder.keys()].sort(compareText).map((coderId) => ({ coderIds: [coderId], segments: byCoder.get(coderId)! }));
  if (locus.missingCoderIds.length > 0) proposals.push({ coderIds: [...locus.missingCoderIds], segments: [] });
  const distinct: { signature: string; coderIds: Id[]; segments: CodedSegment[] }[] = [];
  for (const { coderIds, segments } of proposals) {
    // Two coders who drew the same codings are one position: the pathway is computed once.
    const signature = segments
      .map((s) => `${s.codeId}\u0000${s.start}\u0000${s.end}\u0000${s.storyTime ?? ''}\u0000${s.status ?? ''}`)
      .sort(compareText)
      .join('\u0001');
    const entry = distinct.find((d) => d.signature === signature);
    if (entry) entry.coderIds.push(...coderIds);
    else distinct.push({ signature, coderIds, segments });
  }
  return distinct.map((d) => ({ coderIds: d.coderIds.sort(compareText), segments: d.segments }));
}

function impactOf(replay: Replay, locus: Locus, context: LocusContext): LocusImpact {
  const none: LocusImpact = { locusId: locus.id, affectsPathway: false, edgeIds: [], readings: [] };
  if (locus.type === 'agreed') return none;
  // A locus of thematic codes can never move a stage: skip the replays.
  const map = createStageMap(context.stageSet, context.parents);
  if (!locus.versions.some((v) => map.stageOf(v.appliedCodeId) || map.stageOf(v.codeId))) return none;
  const base = heldState(replay, context, locus.id);
  const options = context.options ?? defaultPathwayOptions;
  const readings: LocusReading[] = positions(replay, locus).map(({ coderIds, segments }) => {
    const pathway = derivePathway(replay.subject, [...base, ...segments], context.stageSet, context.parents, options);
    const edgeIds = [...new Set(pathway.transitions.map((t) => edgeIdOf(t.from, t.to)))].sort(compareText);
    return { coderIds, sequence: pathway.sequence, edgeIds };
  });
  const everywhere = readings.reduce<EdgeId[] | null>((acc, r) => (acc === null ? [...r.edgeIds] : acc.filter((id) => r.edgeIds.includes(id))), null) ?? [];
  const edgeIds = [...new Set(readings.flatMap((r) => r.edgeIds))].filter((id) => !everywhere.includes(id)).sort(compareText);
  const sequences = new Set(readings.map((r) => r.sequence.join('\u0000')));
  return { locusId: locus.id, affectsPathway: sequences.size > 1, edgeIds, readings };
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
  return impactOf(createReplay(context), locus, context);
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

/**
 * Fills a coder merge's loci links (spec §2.4): each edge's `disagreementIds` (open loci whose
 * resolution adds or removes it) and `evidenceLocusIds` (open loci holding one of its evidence
 * segments: the edge survives either way, but its quotes are disputed). Both in transcript order.
 * Pass `impacts` when they were already computed (the reconcile queue needs them too).
 *
 * @example
 * linkLoci(merge, context).edges.map((e) => [e.id, e.disagreementIds, e.evidenceLocusIds])
 */
export function linkLoci(merge: ParticipantMerge, context: LocusContext, impacts?: readonly LocusImpact[]): ParticipantMerge {
  const open = openLoci(context.loci);
  const replay = createReplay(context);
  const computed = impacts ?? open.map((locus) => impactOf(replay, locus, context));
  const impactById = new Map(computed.map((i) => [i.locusId, i]));
  const openIds = new Set(open.map((l) => l.id));
  return {
    ...merge,
    edges: merge.edges.map((edge) => {
      const evidenceLoci = new Set(edge.evidence.map((ref) => replay.locusOf.get(key(ref.layer, ref.segmentId))).filter((id): id is Id => id !== undefined && openIds.has(id)));
      return {
        ...edge,
        disagreementIds: open.filter((l) => impactById.get(l.id)?.edgeIds.includes(edge.id)).map((l) => l.id),
        evidenceLocusIds: open.filter((l) => evidenceLoci.has(l.id)).map((l) => l.id),
      };
    }),
  };
}

import type { LocusView } from '../../../../shared/api/index.ts';

export interface LaneRange {
  readonly start: number;
  readonly end: number;
}

export interface LaneVersion extends LaneRange {
  readonly codingId: string;
  /** What the coding counts as in its domain (a stage's sub-code as the stage). */
  readonly codeId: string;
  /** The code as coded, which the lane shows. */
  readonly appliedCodeId: string;
}

/** One coder's reading of a locus: their codings in it, or none ("no coding here"). */
export interface CoderLane {
  readonly userId: string;
  readonly name: string;
  /** 1-based lane number; `1`…`9` accept lanes 1–9. */
  readonly position: number;
  readonly versions: readonly LaneVersion[];
}

/**
 * One lane per compared coder, in the order the server lists them (so lane k is the same coder
 * on every locus of a document), each with their codings in the locus, by position.
 *
 * @example
 * coderLanes(l3, ['A', 'B'], name) // [{ name: 'Ana', position: 1, versions: [] }, { name: 'Ben', position: 2, versions: [b3] }]
 */
export function coderLanes(locus: LocusView, coderIds: readonly string[], nameOf: (userId: string) => string): CoderLane[] {
  const ids = [...coderIds, ...new Set(locus.versions.map((v) => v.userId).filter((id) => !coderIds.includes(id)))];
  return ids.map((userId, i) => ({
    userId,
    name: nameOf(userId),
    position: i + 1,
    versions: locus.versions
      .filter((v) => v.userId === userId)
      .map(({ codingId, codeId, appliedCodeId, start, end }) => ({ codingId, codeId, appliedCodeId, start, end }))
      .sort((a, b) => a.start - b.start || a.end - b.end),
  }));
}

/** Where a range sits on a lane's track that spans `window`, in percent (clamped; never thinner than a hairline). */
export function barGeometry(range: LaneRange, window: { readonly from: number; readonly to: number }): { left: number; width: number } {
  const span = Math.max(1, window.to - window.from);
  const start = Math.min(Math.max(range.start, window.from), window.to);
  const end = Math.min(Math.max(range.end, window.from), window.to);
  const left = ((start - window.from) / span) * 100;
  return { left, width: Math.max(0.75, Math.min(100 - left, ((end - start) / span) * 100)) };
}

/** "300–420" */
export function formatRange(range: LaneRange): string {
  return `${range.start}–${range.end}`;
}

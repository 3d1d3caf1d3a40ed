import type { PlacedCoding } from './coding-index.ts';
import { keepUnchanged } from './keep-unchanged.ts';
import type { LabelPart } from './unit-label.ts';

export interface RemoteMark {
  readonly key: string;
  readonly name: string;
  readonly colour: string;
  readonly start: number;
  readonly end: number;
}

/** A run of a unit's text with the same codings, label style, remote selections and pending state. */
export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly codings: readonly PlacedCoding[];
  readonly label: LabelPart['kind'] | null;
  readonly remote: readonly RemoteMark[];
  /** Remote selections that begin here (their name tags are drawn at this point). */
  readonly tags: readonly RemoteMark[];
  /** Inside the selection the palette will code. */
  readonly pending: boolean;
  /** Inside the passage the page was opened at (`?at=`, e.g. from a pathway's quote). */
  readonly focused: boolean;
  /** The keyboard's caret (the moving end of a selection made by keys) is drawn before this run. */
  readonly caret: boolean;
}

export interface SegmentInput {
  readonly start: number;
  readonly end: number;
  readonly codings: readonly PlacedCoding[];
  readonly labels: readonly LabelPart[];
  readonly remote: readonly RemoteMark[];
  readonly pending: { readonly start: number; readonly end: number } | null;
  readonly focus?: { readonly start: number; readonly end: number } | null;
  /** Offset of the keyboard's caret, if any (a caret at the unit's end is drawn after the last run). */
  readonly caret?: number | null;
}

/**
 * Splits one unit's text [start, end) at every coding, label, remote-selection and pending
 * boundary. Work is proportional to the unit (and the codings touching it), never to the document.
 *
 * @example
 * unitSegments({ start: 0, end: 10, codings: [{ start: 2, end: 5, … }], labels: [], remote: [], pending: null })
 * // [{ start: 0, end: 2, codings: [] }, { start: 2, end: 5, codings: [c] }, { start: 5, end: 10, codings: [] }]
 */
export function unitSegments(input: SegmentInput): Segment[] {
  const { start, end } = input;
  const cuts = new Set<number>([start, end]);
  const clip = (n: number) => Math.min(end, Math.max(start, n));
  for (const c of input.codings) cuts.add(clip(c.start)).add(clip(c.end));
  for (const l of input.labels) cuts.add(clip(l.start)).add(clip(l.end));
  for (const r of input.remote) cuts.add(clip(r.start)).add(clip(r.end));
  if (input.pending) cuts.add(clip(input.pending.start)).add(clip(input.pending.end));
  if (input.focus) cuts.add(clip(input.focus.start)).add(clip(input.focus.end));
  if (input.caret != null) cuts.add(clip(input.caret));
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (b <= a) continue;
    const inside = (s: { start: number; end: number }) => s.start < b && s.end > a;
    segments.push({
      start: a,
      end: b,
      codings: input.codings.filter(inside),
      label: input.labels.find(inside)?.kind ?? null,
      remote: input.remote.filter(inside),
      tags: input.remote.filter((r) => r.start === a),
      pending: input.pending !== null && inside(input.pending),
      focused: input.focus != null && inside(input.focus),
      caret: input.caret === a,
    });
  }
  return segments;
}

/** The same codings of the same layers, in order: where their margin bars stand does not matter to the text. */
const sameCodings = (a: readonly PlacedCoding[], b: readonly PlacedCoding[]) =>
  a.length === b.length && a.every((p, i) => p.coding === b[i]!.coding && p.layerKey === b[i]!.layerKey);
const sameMark = (a: RemoteMark, b: RemoteMark) => a.key === b.key && a.name === b.name && a.colour === b.colour && a.start === b.start && a.end === b.end;
const sameMarks = (a: readonly RemoteMark[], b: readonly RemoteMark[]) => a.length === b.length && a.every((m, i) => sameMark(m, b[i]!));

/**
 * `next` with each segment equal to the one at the same offset in `previous` kept as that earlier
 * object: when a coding arrives in a dense unit, only the runs it covers re-render. Codings compare
 * by their value's identity (a layer keeps a coding's object until it changes) and layer, not by
 * placement: a coding arriving in a pile moves the margin columns of many codings after it, which
 * changes nothing in their text's runs (in bench/client's pile, re-rendering those was some 160
 * runs a frame). Remote selections compare by value (presence is re-read whole).
 */
export function keepUnchangedSegments(next: readonly Segment[], previous: readonly Segment[]): Segment[] {
  return keepUnchanged(
    next,
    previous,
    (s) => s.start,
    (a, b) =>
      a.end === b.end &&
      a.label === b.label &&
      a.pending === b.pending &&
      a.focused === b.focused &&
      a.caret === b.caret &&
      sameCodings(a.codings, b.codings) &&
      sameMarks(a.remote, b.remote) &&
      sameMarks(a.tags, b.tags),
  );
}

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
  const codingsOf = codingsPerSegment(input.codings, points, clip);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const inside = (s: { start: number; end: number }) => s.start < b && s.end > a;
    segments.push({
      start: a,
      end: b,
      codings: codingsOf[i]!,
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

/**
 * For each segment between consecutive `points`, the codings over it, in the order given. Both
 * ends of every coding are points, so a coding lies over the segments from its start's point to
 * its end's: filling those lists costs what they hold, where testing every coding against every
 * segment cost their product (in a pile, hundreds of codings times hundreds of segments per row).
 */
function codingsPerSegment(codings: readonly PlacedCoding[], points: readonly number[], clip: (n: number) => number): PlacedCoding[][] {
  const indexOf = new Map(points.map((point, i) => [point, i]));
  const lists = points.slice(1).map((): PlacedCoding[] => []);
  for (const coding of codings) {
    const last = indexOf.get(clip(coding.end))!;
    for (let i = indexOf.get(clip(coding.start))!; i < last; i++) lists[i]!.push(coding);
  }
  return lists;
}

/** How a segment is drawn: its class and inline style, everything that decides how it looks. */
export interface RunLook {
  readonly className: string;
  readonly style: string;
}

/** A run of text as drawn: one or more adjacent segments that look alike, as one element. */
export interface Run extends Segment, RunLook {}

/**
 * The segments as drawn: adjacent segments that look alike (the same class and inline style) as
 * one run. In a pile of overlapping codings the text is cut at both ends of every coding, often
 * every few characters, while only the first three codings of a layer are drawn
 * (layer-highlight.ts): an element per cut made a dense passage hundreds of elements to re-render,
 * restyle, lay out and paint whenever a coding arrived. A run holds every coding and remote
 * selection of its segments, in order of first appearance (its title names them all). A remote
 * name tag or the keyboard's caret begins a run of its own, since it is drawn before it.
 *
 * @example
 * drawnRuns(unitSegments(unit), (s) => ({ className: classOf(s), style: styleOf(s) }))
 */
export function drawnRuns(segments: readonly Segment[], look: (segment: Segment) => RunLook): Run[] {
  const runs: Run[] = [];
  let parts: Segment[] = [];
  const close = () => {
    const first = runs.at(-1);
    if (!first || parts.length < 2) return;
    runs[runs.length - 1] = { ...first, end: parts.at(-1)!.end, codings: union(parts.map((p) => p.codings)), remote: union(parts.map((p) => p.remote)) };
  };
  for (const segment of segments) {
    const { className, style } = look(segment);
    const last = runs.at(-1);
    if (last && last.className === className && last.style === style && parts.at(-1)!.end === segment.start && segment.tags.length === 0 && !segment.caret) {
      parts.push(segment);
      continue;
    }
    close();
    runs.push({ ...segment, className, style });
    parts = [segment];
  }
  close();
  return runs;
}

/** Every item of the lists, once, in order of first appearance (the lists hold shared objects). */
function union<T>(lists: readonly (readonly T[])[]): T[] {
  const seen = new Set<T>();
  for (const list of lists) for (const item of list) seen.add(item);
  return [...seen];
}

/** The same codings of the same layers, in order: where their margin bars stand does not matter to the text. */
const sameCodings = (a: readonly PlacedCoding[], b: readonly PlacedCoding[]) =>
  a.length === b.length && a.every((p, i) => p.coding === b[i]!.coding && p.layerKey === b[i]!.layerKey);
const sameMark = (a: RemoteMark, b: RemoteMark) => a.key === b.key && a.name === b.name && a.colour === b.colour && a.start === b.start && a.end === b.end;
const sameMarks = (a: readonly RemoteMark[], b: readonly RemoteMark[]) => a.length === b.length && a.every((m, i) => sameMark(m, b[i]!));

/**
 * `next` with each run equal to the one at the same offset in `previous` kept as that earlier
 * object: when a coding arrives in a dense unit, only the runs it changes re-render. Codings
 * compare by their value's identity (a layer keeps a coding's object until it changes) and layer,
 * not by placement: a coding arriving in a pile moves the margin columns of many codings after it,
 * which changes nothing in their text's runs (in bench/client's pile, re-rendering those was some
 * 160 runs a frame). Remote selections compare by value (presence is re-read whole).
 */
export function keepUnchangedRuns(next: readonly Run[], previous: readonly Run[]): Run[] {
  return keepUnchanged(
    next,
    previous,
    (s) => s.start,
    (a, b) =>
      a.end === b.end &&
      a.className === b.className &&
      a.style === b.style &&
      a.label === b.label &&
      a.pending === b.pending &&
      a.focused === b.focused &&
      a.caret === b.caret &&
      sameCodings(a.codings, b.codings) &&
      sameMarks(a.remote, b.remote) &&
      sameMarks(a.tags, b.tags),
  );
}

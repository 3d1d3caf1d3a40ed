/**
 * Code co-occurrence: which codings of one coder in one document sit together. Two codings
 * co-occur when they overlap by at least one character (`overlap`) or both touch the same
 * transcript unit (`unit`: a speaker turn, cue or paragraph). Only codings of the same layer — one
 * coder, one document — are compared: across coders, two codes on the same words are a
 * disagreement (or agreement), not a co-occurrence. Pure: plain spans in, plain numbers out.
 */
export const cooccurrenceModes = ['overlap', 'unit'] as const;
export type CooccurrenceMode = (typeof cooccurrenceModes)[number];

/** A coding reduced to what co-occurrence needs: its code's index and its [start, end) span. */
export interface CooccurrenceSpan {
  readonly code: number;
  readonly start: number;
  readonly end: number;
}

/** A transcript unit as [start, end) offsets; units are sorted and never overlap. */
export interface UnitSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * The units a span touches by at least one character, as a half-open range of unit indices
 * [first, last + 1); empty when it touches none (text between units).
 *
 * @example
 * unitRange([{ start: 0, end: 10 }, { start: 10, end: 20 }], 5, 12) // [0, 2]
 */
export function unitRange(units: readonly UnitSpan[], start: number, end: number): [number, number] {
  // The first unit that ends after `start`, then every unit that starts before `end`.
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (units[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  // Units are sorted and disjoint: from `lo` on, each ends after `start`, so it touches the span
  // by at least one character exactly when it also starts before `end`.
  let last = lo;
  while (last < units.length && units[last]!.start < end) last++;
  return [lo, last];
}

/**
 * Whether two spans of the same layer co-occur under `mode`.
 *
 * @example
 * cooccurs({ start: 0, end: 5 }, { start: 4, end: 9 }, 'overlap', []) // true
 * cooccurs({ start: 0, end: 5 }, { start: 5, end: 9 }, 'overlap', []) // false: they only touch
 */
export function cooccurs(a: UnitSpan, b: UnitSpan, mode: CooccurrenceMode, units: readonly UnitSpan[]): boolean {
  if (a.end <= a.start || b.end <= b.start) return false;
  if (mode === 'overlap') return a.start < b.end && b.start < a.end;
  const [a0, a1] = unitRange(units, a.start, a.end);
  const [b0, b1] = unitRange(units, b.start, b.end);
  return a0 < a1 && b0 < b1 && a0 < b1 && b0 < a1;
}

/**
 * Adds one layer's co-occurrences to `cells` (a square matrix over code indices, symmetric,
 * diagonal left alone). `count`: one per pair of codings of two different codes that co-occur.
 * `chars`: for `overlap`, the characters both codes cover (each code's codings merged first, so a
 * character counts once per pair of codes); for `unit`, the length of the units both codes touch.
 *
 * @example
 * const cells = [[0, 0], [0, 0]];
 * addLayerCooccurrence(cells, [{ code: 0, start: 0, end: 10 }, { code: 1, start: 5, end: 20 }], [], 'overlap', 'chars');
 * cells // [[0, 5], [5, 0]]
 */
export function addLayerCooccurrence(cells: number[][], spans: readonly CooccurrenceSpan[], units: readonly UnitSpan[], mode: CooccurrenceMode, measure: 'count' | 'chars'): void {
  const real = spans.filter((s) => s.end > s.start);
  if (real.length < 2) return;
  if (mode === 'overlap') {
    if (measure === 'count') countPairs(cells, real);
    else sharedCharacters(cells, real);
    return;
  }
  // In unit mode a span stands for the units it touches: [first unit, last unit + 1).
  const inUnits: CooccurrenceSpan[] = [];
  for (const s of real) {
    const [first, end] = unitRange(units, s.start, s.end);
    if (first < end) inUnits.push({ code: s.code, start: first, end });
  }
  if (measure === 'count') countPairs(cells, inUnits);
  else sharedUnits(cells, inUnits, units);
}

/** One per pair of overlapping spans of different codes: a sweep in start order, O(n log n + pairs). */
function countPairs(cells: number[][], spans: readonly CooccurrenceSpan[]): void {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let active: CooccurrenceSpan[] = [];
  for (const span of sorted) {
    // Every active span starts at or before this one; it overlaps it if it ends after its start.
    active = active.filter((a) => a.end > span.start);
    for (const a of active) {
      if (a.code === span.code) continue;
      cells[a.code]![span.code]! += 1;
      cells[span.code]![a.code]! += 1;
    }
    active.push(span);
  }
}

/** Per pair of codes, the characters both cover: each code's spans merged, then a sweep over the boundaries. */
function sharedCharacters(cells: number[][], spans: readonly CooccurrenceSpan[]): void {
  const events: [position: number, code: number, delta: 1 | -1][] = [];
  const byCode = new Map<number, CooccurrenceSpan[]>();
  for (const s of spans) {
    const list = byCode.get(s.code) ?? [];
    list.push(s);
    byCode.set(s.code, list);
  }
  for (const [code, list] of byCode) {
    for (const [start, end] of mergeSpans(list)) events.push([start, code, 1], [end, code, -1]);
  }
  // Ends before starts at one position: spans that only touch share nothing.
  events.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
  const active: number[] = [];
  let previous = 0;
  for (const [position, code, delta] of events) {
    const length = position - previous;
    if (length > 0 && active.length > 1) {
      for (let i = 0; i < active.length; i++) {
        for (let j = i + 1; j < active.length; j++) {
          cells[active[i]!]![active[j]!]! += length;
          cells[active[j]!]![active[i]!]! += length;
        }
      }
    }
    previous = position;
    if (delta === 1) active.push(code);
    else active.splice(active.indexOf(code), 1);
  }
}

/** Per pair of codes, the length of the units both touch. `spans` are in unit indices. */
function sharedUnits(cells: number[][], spans: readonly CooccurrenceSpan[], units: readonly UnitSpan[]): void {
  const codesInUnit = new Map<number, Set<number>>();
  for (const s of spans) {
    for (let u = s.start; u < s.end; u++) {
      let set = codesInUnit.get(u);
      if (!set) codesInUnit.set(u, (set = new Set()));
      set.add(s.code);
    }
  }
  for (const [u, set] of codesInUnit) {
    if (set.size < 2) continue;
    const length = units[u]!.end - units[u]!.start;
    const codes = [...set];
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        cells[codes[i]!]![codes[j]!]! += length;
        cells[codes[j]!]![codes[i]!]! += length;
      }
    }
  }
}

/**
 * Spans merged into their union, as sorted disjoint [start, end) pairs; spans that only touch are
 * joined (the union is the same either way).
 *
 * @example
 * mergeSpans([{ start: 5, end: 9 }, { start: 0, end: 6 }]) // [[0, 9]]
 */
export function mergeSpans(spans: readonly UnitSpan[]): [number, number][] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: [number, number][] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last[1]) last[1] = Math.max(last[1], s.end);
    else out.push([s.start, s.end]);
  }
  return out;
}

/** A coding as the retrieval list and the matrix see it. */
export interface LayerSegment {
  readonly documentId: string;
  readonly userId: string;
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The segments of `codeId` that co-occur with at least one segment of `withCodeId` by the same
 * coder in the same document: what a co-occurrence cell (codeId, withCodeId) drills down to.
 * `unitsOf` gives a document's units (needed for `unit` only). Keeps the input's order.
 *
 * @example
 * cooccurringSegments(segments, () => [], 'hope', 'fear', 'overlap') // hope's segments that overlap a fear segment of their coder
 */
export function cooccurringSegments<T extends LayerSegment>(segments: readonly T[], unitsOf: (documentId: string) => readonly UnitSpan[], codeId: string, withCodeId: string, mode: CooccurrenceMode): T[] {
  if (codeId === withCodeId) return [];
  const partners = new Map<string, UnitSpan[]>();
  const layerKey = (s: LayerSegment) => `${s.documentId}\u0000${s.userId}`;
  for (const s of segments) {
    if (s.codeId !== withCodeId) continue;
    const list = partners.get(layerKey(s)) ?? [];
    list.push(s);
    partners.set(layerKey(s), list);
  }
  return segments.filter((s) => {
    if (s.codeId !== codeId) return false;
    const list = partners.get(layerKey(s));
    if (!list) return false;
    const units = mode === 'unit' ? unitsOf(s.documentId) : [];
    return list.some((other) => cooccurs(s, other, mode, units));
  });
}

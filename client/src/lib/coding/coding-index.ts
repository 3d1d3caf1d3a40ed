import type { Coding } from '../../../../shared/model/coding.ts';
import type { TranscriptUnit } from '../../../../shared/model/transcript.ts';
import { sameItems } from './keep-unchanged.ts';
import { marginLayout, type MarginLayout } from './margin-layout.ts';

/** A coding with resolved offsets, placed in its layer's margin lane. */
export interface PlacedCoding {
  readonly coding: Coding;
  readonly start: number;
  readonly end: number;
  /** Which visible layer it belongs to (its lane). */
  readonly layerKey: string;
  /** Sub-column inside the lane: codings that overlap never share one; an earlier-made coding never moves for a later one. */
  readonly column: number;
}

export interface IndexedLayer {
  readonly key: string;
  readonly codings: readonly Coding[];
}

/**
 * The codings of the visible layers arranged for rendering: per transcript unit (so a unit on
 * screen finds its codings without scanning all of them), in document order (for `[` and `]`),
 * with margin columns assigned per layer. Building it for 5,000 codings takes a few milliseconds;
 * it is rebuilt when a layer changes, and the per-unit work (segments, geometry) happens only for
 * units on screen.
 *
 * Built from the `previous` index of the same units, it keeps what did not change: a coding with
 * the same value and column keeps its `PlacedCoding`, and a unit whose codings are all kept keeps
 * its `forUnit` array. A row on screen can then tell by identity that nothing of it changed and
 * skip re-rendering and re-measuring: a coding arriving in one unit re-renders one row, not all.
 */
export class CodingIndex {
  readonly units: readonly TranscriptUnit[];
  /** All placed (non-orphaned) codings, by start then longest first. */
  readonly ordered: readonly PlacedCoding[];
  #perUnit: PlacedCoding[][];
  /** By the coding value itself: layers keep a coding's object until it changes (LayerCodings). */
  #byCoding = new Map<Coding, PlacedCoding>();
  /** Layer key → coding id → placement (not one map keyed by the two joined: building those long keys was most of a rebuild). */
  #byLayer = new Map<string, Map<string, PlacedCoding>>();
  /** Each layer's margin columns, for the next index to extend. */
  #layouts = new Map<string, MarginLayout>();

  constructor(units: readonly TranscriptUnit[], layers: readonly IndexedLayer[], previous?: CodingIndex) {
    this.units = units;
    const before = previous?.units === units ? previous : undefined;
    const earlier = before ? before.#byCoding : new Map<Coding, PlacedCoding>();
    const placed: PlacedCoding[] = [];
    for (const layer of layers) {
      const spans = layer.codings
        .filter((c): c is Coding & { start: number; end: number } => !c.orphaned && c.start !== null && c.end !== null && c.end > c.start)
        .sort(byPosition);
      const layout = marginLayout(spans, before ? before.#layouts.get(layer.key) : undefined);
      this.#layouts.set(layer.key, layout);
      const byId = new Map<string, PlacedCoding>();
      this.#byLayer.set(layer.key, byId);
      for (const coding of spans) {
        const column = layout.columnOf.get(coding)!;
        const kept = earlier.get(coding);
        const p = kept && kept.layerKey === layer.key && kept.column === column ? kept : { coding, start: coding.start, end: coding.end, layerKey: layer.key, column };
        this.#byCoding.set(coding, p);
        byId.set(coding.id, p);
        placed.push(p);
      }
    }
    placed.sort(byPosition);
    this.ordered = placed;
    this.#perUnit = units.map(() => []);
    for (const p of placed) {
      for (let i = firstUnitEndingAfter(units, p.start); i < units.length && units[i]!.start < p.end; i++) this.#perUnit[i]!.push(p);
    }
    if (before) this.#perUnit = this.#perUnit.map((list, i) => (sameItems(list, before.#perUnit[i]!) ? before.#perUnit[i]! : list));
  }

  /** Codings overlapping unit `index`, in document order. */
  forUnit(index: number): readonly PlacedCoding[] {
    return this.#perUnit[index] ?? [];
  }

  find(layerKey: string, codingId: string): PlacedCoding | undefined {
    return this.#byLayer.get(layerKey)?.get(codingId);
  }

  /** Index of the unit that contains `offset`, or the next unit after it. */
  unitAt(offset: number): number {
    return Math.min(firstUnitEndingAfter(this.units, offset), Math.max(0, this.units.length - 1));
  }

  /** The coding after (direction 1) or before (−1) the given one in document order, wrapping around. */
  step(from: PlacedCoding | undefined, direction: 1 | -1, fromOffset = 0): PlacedCoding | undefined {
    const list = this.ordered;
    if (list.length === 0) return undefined;
    if (!from) {
      const next = list.findIndex((p) => p.start >= fromOffset);
      if (direction === 1) return list[next === -1 ? 0 : next];
      return list[(next === -1 ? list.length : next) - 1] ?? list[list.length - 1];
    }
    const at = list.indexOf(from);
    return list[(at + direction + list.length) % list.length];
  }
}

function byPosition(a: { start: number | null; end: number | null }, b: { start: number | null; end: number | null }): number {
  return a.start! - b.start! || b.end! - a.end!;
}

/** Binary search: the first unit whose end is after `offset`. */
function firstUnitEndingAfter(units: readonly TranscriptUnit[], offset: number): number {
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (units[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

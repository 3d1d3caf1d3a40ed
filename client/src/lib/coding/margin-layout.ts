import type { Coding } from '../../../../shared/model/coding.ts';

type Span = Coding & { readonly start: number; readonly end: number };

/** One layer's margin columns (`marginLayout`). */
export interface MarginLayout {
  /** The codings placed, in order of creation. */
  readonly order: readonly Span[];
  readonly columnOf: ReadonlyMap<Coding, number>;
  /** Each column's spans, by start; they never overlap, so they are also in order of end. */
  readonly columns: readonly (readonly Span[])[];
}

/**
 * Margin columns for one layer's codings, in order of creation: each takes the first column that
 * is free along its whole span among the codings made before it. A coding that arrives (however
 * early in the text it starts) therefore never moves the bar of an earlier one: in a pile, placing
 * by position moved dozens of bars, and re-rendered them, for every coding added above them.
 *
 * From the `previous` layout of the same layer, when every coding it placed is still there
 * unchanged and the others were all made after them (codings arriving as people code), only the
 * new ones are placed: the result is the same as placing all of them, without sorting them again
 * and searching every column for each (in bench/client's pile, most of an index rebuild).
 */
export function marginLayout(spans: readonly Span[], previous?: MarginLayout): MarginLayout {
  return (previous && extended(previous, spans)) ?? place([...spans].sort(byCreation), { order: [], columnOf: new Map(), columns: [] });
}

function extended(previous: MarginLayout, spans: readonly Span[]): MarginLayout | null {
  if (spans.length < previous.order.length) return null;
  const now = new Set(spans);
  if (!previous.order.every((coding) => now.has(coding))) return null;
  if (spans.length === previous.order.length) return previous;
  const added = spans.filter((coding) => !previous.columnOf.has(coding)).sort(byCreation);
  const newest = previous.order.at(-1);
  if (newest && byCreation(added[0]!, newest) <= 0) return null;
  return place(added, previous);
}

/** `base` with `additions` (in order of creation, all made after `base`'s) placed; `base` is left as it was. */
function place(additions: readonly Span[], base: MarginLayout): MarginLayout {
  const order = [...base.order];
  const columnOf = new Map(base.columnOf);
  const columns = [...base.columns];
  const copied = new Set<number>();
  for (const coding of additions) {
    let column = columns.findIndex((taken) => !overlapsAny(taken, coding));
    if (column === -1) column = columns.push([]) - 1;
    // A column of `base` is copied before it changes, once.
    const taken = copied.has(column) ? (columns[column] as Span[]) : [...columns[column]!];
    copied.add(column);
    taken.splice(firstStartingAtOrAfter(taken, coding.start), 0, coding);
    columns[column] = taken;
    columnOf.set(coding, column);
    order.push(coding);
  }
  return { order, columnOf, columns };
}

function byCreation(a: Coding, b: Coding): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether `span` overlaps any of `taken` (disjoint spans, by start). */
function overlapsAny(taken: readonly Span[], span: Span): boolean {
  // Only the last span starting before `span` ends can reach into it.
  const before = taken[firstStartingAtOrAfter(taken, span.end) - 1];
  return before !== undefined && before.end > span.start;
}

/** Binary search: the index of the first span starting at or after `offset`. */
function firstStartingAtOrAfter(taken: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = taken.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (taken[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

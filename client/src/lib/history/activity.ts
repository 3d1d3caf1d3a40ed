import type { HistoryEventView } from '../../../../shared/api/index.ts';
import { localDay } from './event-groups.ts';

/** Counts per kind of change (spec §3.5 "per-coder activity"). */
export interface ActivityCounts {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly codebook: number;
  readonly decisions: number;
  readonly reverts: number;
  readonly other: number;
}

export interface PersonActivity {
  readonly userId: string;
  readonly total: number;
  readonly counts: ActivityCounts;
  /** Events per day, one number for each of the days passed in. */
  readonly daily: readonly number[];
}

type CountKey = keyof ActivityCounts;

function countKey(type: string): CountKey {
  switch (type) {
    case 'coding.added':
      return 'added';
    case 'coding.changed':
      return 'changed';
    case 'coding.removed':
      return 'removed';
    case 'code.changed':
    case 'code.merged':
    case 'code.unmerged':
      return 'codebook';
    case 'decision.made':
      return 'decisions';
    case 'history.reverted':
      return 'reverts';
    default:
      return 'other';
  }
}

/** `YYYY-MM-DD` of the local day after `day`. */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localDay(new Date(y, m - 1, d + 1, 12).toISOString());
}

/** `YYYY-MM-DD` of the local day `n` days before `day`. */
function dayBefore(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localDay(new Date(y, m - 1, d - n, 12).toISOString());
}

/**
 * The consecutive local days the events span (oldest first): at most the last `maxDays`, and at
 * least `minDays` ending on the last one, so a sparkline always has a week to compare against.
 *
 * @example
 * activityDays([{ at: '2026-03-10T12:00:00Z' }, { at: '2026-03-12T09:00:00Z' }], 30, 3) // ['2026-03-10', '2026-03-11', '2026-03-12'] (in a European zone)
 */
export function activityDays(events: readonly Pick<HistoryEventView, 'at'>[], maxDays = 30, minDays = 7): string[] {
  if (events.length === 0) return [];
  const sorted = events.map((e) => localDay(e.at)).sort();
  const first = sorted[0]! < dayBefore(sorted.at(-1)!, minDays - 1) ? sorted[0]! : dayBefore(sorted.at(-1)!, minDays - 1);
  const days = [first];
  while (days.at(-1)! < sorted.at(-1)!) days.push(nextDay(days.at(-1)!));
  return days.slice(-maxDays);
}

/** Per person: events by kind and per day over `days`; the busiest first, then by id for a stable order. */
export function personActivity(events: readonly HistoryEventView[], days: readonly string[]): PersonActivity[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const people = new Map<string, { counts: Record<CountKey, number>; daily: number[]; total: number }>();
  for (const event of events) {
    let person = people.get(event.userId);
    if (!person) {
      person = { counts: { added: 0, changed: 0, removed: 0, codebook: 0, decisions: 0, reverts: 0, other: 0 }, daily: days.map(() => 0), total: 0 };
      people.set(event.userId, person);
    }
    person.counts[countKey(event.type)] += 1;
    person.total += 1;
    const i = index.get(localDay(event.at));
    if (i !== undefined) person.daily[i]! += 1;
  }
  return [...people.entries()]
    .map(([userId, p]) => ({ userId, total: p.total, counts: p.counts, daily: p.daily }))
    .sort((a, b) => b.total - a.total || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

export interface SparkBar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly count: number;
}

/**
 * Bars for a sparkline of `counts` in a `width`×`height` box: one bar per day, heights scaled to
 * `max` (default: the largest count, so people can be compared when the caller passes one `max`).
 * A day with events is at least 1 unit high, so it never vanishes next to a busy one.
 */
export function sparklineBars(counts: readonly number[], width: number, height: number, max = Math.max(0, ...counts)): SparkBar[] {
  if (counts.length === 0) return [];
  const slot = width / counts.length;
  const gap = slot > 3 ? Math.min(2, slot * 0.2) : 0;
  return counts.map((count, i) => {
    const h = count === 0 || max === 0 ? 0 : Math.max(1, (count / max) * height);
    return { x: i * slot + gap / 2, y: height - h, width: slot - gap, height: h, count };
  });
}

/** The sparkline in words, for screen readers and the tooltip: "14 events over 3 days; most on 12 Mar (9)". */
export function describeDaily(daily: readonly number[], days: readonly string[], formatDay: (day: string) => string): string {
  const total = daily.reduce((a, b) => a + b, 0);
  const active = daily.filter((n) => n > 0).length;
  if (total === 0) return 'No events in these days';
  let best = 0;
  daily.forEach((n, i) => {
    if (n > daily[best]!) best = i;
  });
  return `${total} ${total === 1 ? 'event' : 'events'} on ${active} ${active === 1 ? 'day' : 'days'}; most on ${formatDay(days[best]!)} (${daily[best]})`;
}

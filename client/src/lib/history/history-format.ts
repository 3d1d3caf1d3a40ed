import { localDay } from './event-groups.ts';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "10:04" today, else "12 Mar 10:04": times inside sentences and run summaries. */
export function formatMoment(iso: string, now: number): string {
  const time = clock.format(new Date(iso));
  return localDay(iso) === localDay(new Date(now).toISOString()) ? time : `${dayMonth.format(new Date(iso))} ${time}`;
}

/** "12 Mar 10:04", always with the day: the as-of banner. */
export function formatDayAndTime(iso: string): string {
  return `${dayMonth.format(new Date(iso))} ${clock.format(new Date(iso))}`;
}

/** "10:04". */
export function formatClock(iso: string): string {
  return clock.format(new Date(iso));
}

/** "12 Mar 2026, 10:04:12": exact, for hovers and screen readers. */
export function formatExact(iso: string): string {
  return exact.format(new Date(iso));
}

/** "Thursday 12 March 2026": a day heading. */
export function formatLongDay(date: Date): string {
  return longDay.format(date);
}

/** "12 Mar" for a `YYYY-MM-DD` local day. */
export function formatShortDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayMonth.format(new Date(y, m - 1, d));
}

import type { HistoryEventView } from '../../../../shared/api/index.ts';
import { personName, type HistoryVocabulary } from './event-sentence.ts';

/** One line of the timeline: an event, or a run of one person's events close together (collapsed). */
export type TimelineItem =
  | { readonly kind: 'event'; readonly key: string; readonly event: HistoryEventView }
  | {
      readonly kind: 'run';
      readonly key: string;
      readonly userId: string;
      /** In display order. */
      readonly events: readonly HistoryEventView[];
      /** The documents it touched, in first-seen order (codebook changes add none). */
      readonly documentIds: readonly string[];
      readonly touchesCodebook: boolean;
      /** The earliest and the latest time. */
      readonly from: string;
      readonly to: string;
    };

/** The timeline of one local calendar day. */
export interface TimelineDay {
  /** `YYYY-MM-DD` (local). */
  readonly day: string;
  readonly items: readonly TimelineItem[];
}

export interface GroupingOptions {
  /** The largest gap between two events of a run (default 5 minutes). */
  readonly gapMs?: number;
  /** The fewest events that make a run (default 3); fewer are listed one by one. */
  readonly minRun?: number;
}

/** The local calendar day of a time, `YYYY-MM-DD`. */
export function localDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Reverts are never folded into a run: each says why, and that is what a reader looks for. */
const canJoinRun = (event: HistoryEventView) => event.type !== 'history.reverted';

/**
 * Splits events (in display order, either direction) into days and, within a day, folds runs of
 * one person's changes — consecutive, each within `gapMs` of the next — into one item.
 *
 * @example
 * groupTimeline([ana1, ana2, ana3, ben1]) // [{ day, items: [{ kind: 'run', events: [ana1, ana2, ana3] }, { kind: 'event', event: ben1 }] }]
 */
export function groupTimeline(events: readonly HistoryEventView[], options: GroupingOptions = {}): TimelineDay[] {
  const gapMs = options.gapMs ?? 5 * 60_000;
  const minRun = options.minRun ?? 3;
  const days: { day: string; items: TimelineItem[] }[] = [];
  let run: HistoryEventView[] = [];
  const flush = () => {
    const day = days.at(-1);
    if (!day || run.length === 0) return;
    if (run.length < minRun) {
      for (const event of run) day.items.push({ kind: 'event', key: `e${event.seq}`, event });
    } else {
      const times = run.map((e) => e.at).sort();
      const documentIds = [...new Set(run.map((e) => e.documentId).filter((d): d is string => d !== null))];
      day.items.push({ kind: 'run', key: `r${run[0]!.seq}-${run.at(-1)!.seq}`, userId: run[0]!.userId, events: run, documentIds, touchesCodebook: run.some((e) => e.layer === null), from: times[0]!, to: times.at(-1)! });
    }
    run = [];
  };
  for (const event of events) {
    const day = localDay(event.at);
    if (days.at(-1)?.day !== day) {
      flush();
      days.push({ day, items: [] });
    }
    const previous = run.at(-1);
    const joins = previous !== undefined && canJoinRun(event) && canJoinRun(previous) && previous.userId === event.userId && Math.abs(Date.parse(event.at) - Date.parse(previous.at)) <= gapMs;
    if (!joins) flush();
    run.push(event);
  }
  flush();
  return days;
}

/** "Ana Ortiz made 12 changes in P01, 10:02–10:09". */
export function describeRun(run: Extract<TimelineItem, { kind: 'run' }>, vocab: HistoryVocabulary): string {
  const places = run.documentIds.map((id) => vocab.documentName(id) ?? 'a deleted document');
  const docs = places.length === 0 ? '' : places.length === 1 ? places[0]! : `${places.length} documents`;
  const where = docs && run.touchesCodebook ? ` in ${docs} and the codebook` : docs ? ` in ${docs}` : run.touchesCodebook ? ' to the codebook' : '';
  const from = vocab.formatTime(run.from);
  const to = vocab.formatTime(run.to);
  return `${personName(run.userId, vocab.names)} made ${run.events.length} changes${where}, ${from === to ? from : `${from}–${to}`}`;
}

/** "Today", "Yesterday", else the date ("Thursday 12 March 2026"). */
export function dayLabel(day: string, now: Date, format: (date: Date) => string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.round((today.getTime() - date.getTime()) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return format(date);
}

import type { LocusView } from '../../../../shared/api/index.ts';
import { locusSeverity, type LocusStatus, type LocusType } from './locus-vocabulary.ts';

/** Which statuses a filter keeps: `auto` is both kinds of pre-merge decision. */
export type StatusFilter = 'all' | 'open' | 'deferred' | 'resolved' | 'auto';
export type QueueSort = 'position' | 'severity';

export interface QueueFilter {
  readonly type: LocusType | 'all';
  readonly status: StatusFilter;
  /** Agreed loci are not disagreements: hidden unless asked for. */
  readonly showAgreed: boolean;
  readonly sort: QueueSort;
}

export const defaultQueueFilter: QueueFilter = { type: 'all', status: 'all', showAgreed: false, sort: 'position' };

function statusMatches(status: LocusStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'auto') return status === 'autoResolved' || status === 'autoResolvedWithDissent';
  return status === filter;
}

const byPosition = (a: LocusView, b: LocusView) => a.start - b.start || a.end - b.end || a.id.localeCompare(b.id);

/**
 * The queue: loci that pass the filter, in transcript order (for reading in context) or by
 * severity (code conflicts first), transcript order within a type.
 *
 * @example
 * queueLoci(loci, { ...defaultQueueFilter, sort: 'severity' }) // code conflicts, omissions, …, each by position
 */
export function queueLoci(loci: readonly LocusView[], filter: QueueFilter): LocusView[] {
  const kept = loci.filter((l) => (filter.showAgreed || l.type !== 'agreed') && (filter.type === 'all' || l.type === filter.type) && statusMatches(l.status, filter.status));
  return kept.sort(filter.sort === 'severity' ? (a, b) => locusSeverity[a.type] - locusSeverity[b.type] || byPosition(a, b) : byPosition);
}

/** The locus `direction` steps from `currentId` in the queue (clamped at its ends); the first when none is current. */
export function stepLocus(queue: readonly LocusView[], currentId: string | null, direction: 1 | -1): LocusView | null {
  if (queue.length === 0) return null;
  const index = queue.findIndex((l) => l.id === currentId);
  if (index < 0) return direction === 1 ? queue[0]! : queue[queue.length - 1]!;
  return queue[Math.min(queue.length - 1, Math.max(0, index + direction))]!;
}

/** The next open locus after `currentId` in queue order, wrapping round; null when no other is open. */
export function nextOpenLocus(queue: readonly LocusView[], currentId: string | null): LocusView | null {
  const index = queue.findIndex((l) => l.id === currentId);
  for (let step = 1; step <= queue.length; step++) {
    const candidate = queue[(index + step + queue.length) % queue.length]!;
    if (candidate.id !== currentId && candidate.status === 'open') return candidate;
  }
  return null;
}

/** A replacement for a locus that disappeared (a coder edited a coding in it): the nearest by position. */
export function nearestLocus(queue: readonly LocusView[], start: number): LocusView | null {
  let best: LocusView | null = null;
  for (const locus of queue) if (!best || Math.abs(locus.start - start) < Math.abs(best.start - start)) best = locus;
  return best;
}

export interface ReconcileProgress {
  /** Disagreements (every locus that is not agreed). */
  readonly total: number;
  readonly decided: number;
  readonly deferred: number;
  readonly open: number;
  /** Agreed loci not yet in the consensus: the pre-merge would take them. */
  readonly agreedUnmerged: number;
}

/** Decided / remaining counts over the disagreements; agreed loci are counted apart. */
export function reconcileProgress(loci: readonly LocusView[]): ReconcileProgress {
  let total = 0;
  let decided = 0;
  let deferred = 0;
  let agreedUnmerged = 0;
  for (const locus of loci) {
    if (locus.type === 'agreed') {
      if (locus.status === 'open') agreedUnmerged++;
      continue;
    }
    total++;
    if (locus.status === 'deferred') deferred++;
    else if (locus.status !== 'open') decided++;
  }
  return { total, decided, deferred, open: total - decided - deferred, agreedUnmerged };
}

import type { HistoryEventView } from '../../../../shared/api/index.ts';

/** The kinds of event the type filter offers (ux.md item 8). */
export const HistoryKind = { all: 'all', codings: 'codings', decisions: 'decisions', codebook: 'codebook', rounds: 'rounds', reverts: 'reverts', memos: 'memos', transcripts: 'transcripts' } as const;
export type HistoryKind = (typeof HistoryKind)[keyof typeof HistoryKind];

export const historyKindLabels: Readonly<Record<HistoryKind, string>> = {
  all: 'Every change',
  codings: 'Codings',
  decisions: 'Decisions',
  codebook: 'Codebook',
  rounds: 'Rounds',
  reverts: 'Reverts',
  memos: 'Memos',
  transcripts: 'Transcript corrections',
};

export type HistoryOrder = 'newest' | 'oldest';

/** What the timeline shows, as the address keeps it (`?document=&user=&type=&since=&until=&order=`). */
export interface HistoryFilter {
  readonly documentId: string | null;
  /** Who made the changes (the event's `userId`). */
  readonly userId: string | null;
  readonly kind: HistoryKind;
  /** Local calendar days, `YYYY-MM-DD`, both inclusive. */
  readonly since: string | null;
  readonly until: string | null;
  readonly order: HistoryOrder;
}

export const defaultHistoryFilter: HistoryFilter = { documentId: null, userId: null, kind: 'all', since: null, until: null, order: 'newest' };

const kinds = new Set<string>(Object.values(HistoryKind));

function isDay(value: string | null): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d;
}

/** The filter an address asks for; anything malformed is left out rather than refused. */
export function readHistoryFilter(search: URLSearchParams): HistoryFilter {
  const type = search.get('type');
  const since = search.get('since');
  const until = search.get('until');
  return {
    documentId: search.get('document') || null,
    userId: search.get('user') || null,
    kind: type && kinds.has(type) ? (type as HistoryKind) : 'all',
    since: isDay(since) ? since : null,
    until: isDay(until) ? until : null,
    order: search.get('order') === 'oldest' ? 'oldest' : 'newest',
  };
}

/** The address's query for a filter: only what differs from the default, in a stable order. */
export function writeHistoryFilter(filter: HistoryFilter): URLSearchParams {
  const search = new URLSearchParams();
  if (filter.documentId) search.set('document', filter.documentId);
  if (filter.userId) search.set('user', filter.userId);
  if (filter.kind !== 'all') search.set('type', filter.kind);
  if (filter.since) search.set('since', filter.since);
  if (filter.until) search.set('until', filter.until);
  if (filter.order !== 'newest') search.set('order', filter.order);
  return search;
}

/** The start (or, with `end`, the last millisecond) of a local calendar day, as an ISO time. */
export function dayBoundary(day: string, end = false): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return (end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d)).toISOString();
}

/**
 * The server's `type` for a kind. The server matches one type exactly, so kinds of several types
 * ("codings", the codebook's changes and merges, rounds) are asked for unfiltered and narrowed here
 * by `matchesKind`.
 */
function serverType(kind: HistoryKind): string | null {
  if (kind === 'decisions') return 'decision.made';
  if (kind === 'reverts') return 'history.reverted';
  return null;
}

/**
 * The query string of `GET /api/projects/:id/history` for a filter and a page.
 *
 * @example
 * historyQuery({ ...defaultHistoryFilter, userId: 'u1', kind: 'decisions' }, { afterSeq: 200, limit: 200 })
 * // 'userId=u1&type=decision.made&afterSeq=200&limit=200'
 */
export function historyQuery(filter: HistoryFilter, page: { afterSeq: number; limit: number }): string {
  const query = new URLSearchParams();
  if (filter.documentId) query.set('documentId', filter.documentId);
  if (filter.userId) query.set('userId', filter.userId);
  const type = serverType(filter.kind);
  if (type) query.set('type', type);
  if (filter.since) query.set('since', dayBoundary(filter.since));
  if (filter.until) query.set('until', dayBoundary(filter.until, true));
  query.set('afterSeq', String(page.afterSeq));
  query.set('limit', String(page.limit));
  return query.toString();
}

export function isCodingEvent(event: Pick<HistoryEventView, 'type'>): boolean {
  return event.type.startsWith('coding.');
}

/** Whether an event the server sent belongs to the kind (the part of the filter the server cannot apply). */
export function matchesKind(event: Pick<HistoryEventView, 'type'>, kind: HistoryKind): boolean {
  switch (kind) {
    case 'all':
      return true;
    case 'codings':
      return isCodingEvent(event);
    case 'decisions':
      return event.type === 'decision.made';
    case 'codebook':
      return event.type.startsWith('code.');
    case 'rounds':
      return event.type.startsWith('round.');
    case 'reverts':
      return event.type === 'history.reverted';
    case 'memos':
      return event.type.startsWith('memo.');
    case 'transcripts':
      return event.type === 'transcript.changed';
  }
}

/** Whether any filter narrows the timeline (an empty result then means "nothing matches", not "nothing yet"). */
export function isFiltered(filter: HistoryFilter): boolean {
  return filter.documentId !== null || filter.userId !== null || filter.kind !== 'all' || filter.since !== null || filter.until !== null;
}

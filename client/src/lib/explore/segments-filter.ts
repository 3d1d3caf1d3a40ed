/** How co-occurrence is judged: the codings overlap, or lie in the same transcript unit. */
export type Cooccurrence = 'overlap' | 'unit';

/**
 * What the coded-segments list shows, as the address keeps it. The address uses the names of
 * `GET /api/projects/:id/segments` (`codeId`, `includeSubcodes`, `userId`, `documentId`, `q`,
 * `attr.<field>`, `from`, `to`, `cooccursWith`, `cooccurrence`, `cooccurrenceBy`), so any view can link to a
 * filtered list with `paths.explore(projectId, 'segments', params)`.
 */
export interface SegmentFilter {
  readonly codeIds: readonly string[];
  readonly includeSubcodes: boolean;
  /** Coders' user ids, or `consensus`. */
  readonly userIds: readonly string[];
  readonly documentIds: readonly string[];
  /** Attribute key → the values any of which a document must have. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** Memo text. */
  readonly q: string;
  /** Local calendar days, `YYYY-MM-DD`, both inclusive; '' when open. */
  readonly from: string;
  readonly to: string;
  /** A code id, or '' for no co-occurrence condition. */
  readonly cooccursWith: string;
  readonly cooccurrence: Cooccurrence;
  /** Whose codings of `cooccursWith` count: anyone's the reader may see, or the segment's own coder's (as the matrix counts). */
  readonly cooccurrenceBy: 'any' | 'same';
}

export const emptySegmentFilter: SegmentFilter = { codeIds: [], includeSubcodes: false, userIds: [], documentIds: [], attributes: {}, q: '', from: '', to: '', cooccursWith: '', cooccurrence: 'overlap', cooccurrenceBy: 'any' };

const dayPattern = /^\d{4}-\d{2}-\d{2}/;
const attributePrefix = 'attr.';

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

/**
 * The filter an address asks for. Lenient: repeated values are any of, a malformed date is left
 * out (the list then explains nothing was filtered on it), unknown ids are kept for the server to name.
 *
 * @example
 * readSegmentFilter(new URLSearchParams('codeId=cost&attr.sector=Health')).attributes // { sector: ['Health'] }
 */
export function readSegmentFilter(search: URLSearchParams): SegmentFilter {
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of search) {
    if (!name.startsWith(attributePrefix) || value === '') continue;
    const key = name.slice(attributePrefix.length);
    attributes[key] = unique([...(attributes[key] ?? []), value]);
  }
  const day = (value: string | null) => (value && dayPattern.test(value) ? value.slice(0, 10) : '');
  return {
    codeIds: unique(search.getAll('codeId')),
    includeSubcodes: search.get('includeSubcodes') === 'true',
    userIds: unique(search.getAll('userId')),
    documentIds: unique(search.getAll('documentId')),
    attributes,
    q: search.get('q') ?? '',
    from: day(search.get('from')),
    to: day(search.get('to')),
    cooccursWith: search.get('cooccursWith') ?? '',
    cooccurrence: search.get('cooccurrence') === 'unit' ? 'unit' : 'overlap',
    cooccurrenceBy: search.get('cooccurrenceBy') === 'same' ? 'same' : 'any',
  };
}

/** The address's query for a filter: only what is set, in a stable order. */
export function writeSegmentFilter(filter: SegmentFilter): URLSearchParams {
  const search = new URLSearchParams();
  for (const id of filter.codeIds) search.append('codeId', id);
  if (filter.includeSubcodes) search.set('includeSubcodes', 'true');
  for (const id of filter.userIds) search.append('userId', id);
  for (const id of filter.documentIds) search.append('documentId', id);
  for (const key of Object.keys(filter.attributes).sort()) for (const value of filter.attributes[key]!) search.append(`${attributePrefix}${key}`, value);
  if (filter.q.trim()) search.set('q', filter.q.trim());
  if (filter.from) search.set('from', filter.from);
  if (filter.to) search.set('to', filter.to);
  if (filter.cooccursWith) {
    search.set('cooccursWith', filter.cooccursWith);
    if (filter.cooccurrence === 'unit') search.set('cooccurrence', 'unit');
    if (filter.cooccurrenceBy === 'same') search.set('cooccurrenceBy', 'same');
  }
  return search;
}

/** Local midnight of a `YYYY-MM-DD` day (or of the day after, for an inclusive end), as an ISO instant. */
function localDayBoundary(day: string, end: boolean): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const boundary = end ? new Date(y, m - 1, d + 1, 0, 0, 0, -1) : new Date(y, m - 1, d);
  return boundary.toISOString();
}

/**
 * The API query for a filter: the address's, with the days turned into the reader's local day
 * boundaries (the server reads a bare date as a UTC day), plus a page or an export format.
 */
export function segmentsApiQuery(filter: SegmentFilter, extra: { limit?: number; offset?: number; format?: 'csv' | 'xlsx' | 'html' } = {}): string {
  const search = writeSegmentFilter(filter);
  if (filter.from) search.set('from', localDayBoundary(filter.from, false));
  if (filter.to) search.set('to', localDayBoundary(filter.to, true));
  if (extra.limit !== undefined) search.set('limit', String(extra.limit));
  if (extra.offset !== undefined) search.set('offset', String(extra.offset));
  if (extra.format) search.set('format', extra.format);
  return search.toString();
}

/** True when some condition narrows the list. */
export function isSegmentFilterSet(filter: SegmentFilter): boolean {
  return writeSegmentFilter(filter).toString() !== '';
}

/** How many conditions are set (a repeated id counts once per kind), for the "n filters" summary. */
export function countSegmentFilters(filter: SegmentFilter): number {
  return [filter.codeIds.length > 0, filter.userIds.length > 0, filter.documentIds.length > 0, filter.q.trim() !== '', filter.from !== '' || filter.to !== '', filter.cooccursWith !== ''].filter(Boolean).length + Object.keys(filter.attributes).length;
}

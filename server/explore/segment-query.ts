import { ApiErrorCode } from '../../shared/api/index.ts';
import { ApiError } from '../http/api-error.ts';

export const segmentFormats = ['json', 'csv', 'xlsx', 'html'] as const;
export type SegmentFormat = (typeof segmentFormats)[number];

export const cooccurrenceModes = ['overlap', 'unit'] as const;
export type CooccurrenceMode = (typeof cooccurrenceModes)[number];

/** Most segments one JSON page holds. */
export const maxSegmentPage = 500;
export const defaultSegmentPage = 100;
/** Most rows an export holds, whatever the selection (the file says when it was cut). */
export const maxExportRows = 50_000;
/** Most values one repeatable parameter may carry. */
const maxValues = 500;
const maxIdLength = 128;
const maxMemoQuery = 200;

/** One attribute condition: the document's value of `key` is one of `values`. */
export interface AttributeCondition {
  readonly key: string;
  readonly values: readonly string[];
}

/** A retrieval request, as `GET …/segments` takes it (docs/api.md). Null: not filtered on that. */
export interface SegmentQuery {
  readonly codeIds: readonly string[] | null;
  readonly includeSubcodes: boolean;
  readonly userIds: readonly string[] | null;
  readonly documentIds: readonly string[] | null;
  /** Text the memo must contain (compared case- and accent-insensitively). */
  readonly q: string | null;
  readonly attributes: readonly AttributeCondition[];
  /** Codings made at or after / at or before, in ms since the epoch. */
  readonly from: number | null;
  readonly to: number | null;
  readonly cooccursWith: string | null;
  readonly cooccurrence: CooccurrenceMode;
  /** Whose codings of `cooccursWith` count: anyone's the reader may see (default), or the segment's own coder's. */
  readonly cooccurrenceBy: 'any' | 'same';
  readonly limit: number;
  readonly offset: number;
  readonly format: SegmentFormat;
  /** Exports start with lines saying what produced them (CSV: `# ` lines); `provenance=false` leaves them out of the CSV. */
  readonly provenance: boolean;
}

const known = new Set(['codeId', 'includeSubcodes', 'userId', 'documentId', 'q', 'from', 'to', 'cooccursWith', 'cooccurrence', 'cooccurrenceBy', 'limit', 'offset', 'format', 'provenance']);
const attributePrefix = 'attr.';
const attributeKey = /^[A-Za-z0-9_-]{1,40}$/;

const invalid = (field: string, message: string) => new ApiError(ApiErrorCode.validation, message, field);

function ids(raw: readonly string[] | undefined, field: string): string[] | null {
  const values = (raw ?? []).filter((v) => v !== '');
  if (values.length === 0) return null;
  if (values.length > maxValues) throw invalid(field, `${field} may be given at most ${maxValues} times`);
  const bad = values.find((v) => v.length > maxIdLength);
  if (bad !== undefined) throw invalid(field, `${field} must be an id of at most ${maxIdLength} characters`);
  return [...new Set(values)];
}

function single(raw: readonly string[] | undefined, field: string): string | undefined {
  if (raw === undefined || raw.length === 0) return undefined;
  if (raw.length > 1) throw invalid(field, `${field} may be given once`);
  return raw[0];
}

function whole(raw: string | undefined, field: string, min: number, max: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) throw invalid(field, `${field} must be a whole number from ${min} to ${max}`);
  return value;
}

function flag(raw: string | undefined, field: string, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw invalid(field, `${field} must be true or false`);
}

const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const dayMs = 24 * 60 * 60 * 1000;

/**
 * A moment of `from`/`to`: an ISO date-time with its zone, or a date (`YYYY-MM-DD`, a UTC day) —
 * `from` then starts at its first millisecond and `to` ends with its last, so `from=to=` a day is that day.
 */
function moment(raw: string | undefined, field: 'from' | 'to'): number | null {
  if (raw === undefined || raw === '') return null;
  const day = dateOnly.exec(raw);
  const ms = day ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : dateTime.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(ms) || (day && new Date(ms).toISOString().slice(0, 10) !== raw)) {
    throw invalid(field, `${field} must be a date (2024-05-31) or an ISO date-time with a time zone (2024-05-31T14:00:00Z)`);
  }
  return day && field === 'to' ? ms + dayMs - 1 : ms;
}

function oneOf<T extends string>(raw: string | undefined, allowed: readonly T[], field: string, fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw invalid(field, `${field} must be one of ${allowed.join(', ')}`);
  return raw as T;
}

/**
 * Reads and bounds a retrieval query (every parameter as given, repeats included, e.g. Hono's
 * `c.req.queries()`). Shapes only: whether the ids and attribute keys exist in the project is
 * checked against its data (`checkSegmentQuery`). Unknown parameters are refused, so a misspelt
 * filter never silently returns everything.
 *
 * @example
 * readSegmentQuery({ codeId: ['pull', 'push'], 'attr.sector': ['health'], limit: ['50'] }).codeIds // ['pull', 'push']
 */
export function readSegmentQuery(raw: Readonly<Record<string, readonly string[]>>): SegmentQuery {
  const attributes: AttributeCondition[] = [];
  for (const [name, values] of Object.entries(raw)) {
    if (name.startsWith(attributePrefix)) {
      const key = name.slice(attributePrefix.length);
      if (!attributeKey.test(key)) throw invalid(name, `${name} does not name an attribute: keys are 1–40 letters, digits, _ or -`);
      const kept = values.filter((v) => v !== '');
      if (kept.length > maxValues) throw invalid(name, `${name} may be given at most ${maxValues} times`);
      if (kept.some((v) => v.length > 200)) throw invalid(name, `${name} values are at most 200 characters`);
      if (kept.length > 0) attributes.push({ key, values: [...new Set(kept)] });
      continue;
    }
    if (!known.has(name)) throw invalid(name, `${name} is not a filter of this list; use ${[...known].join(', ')} or attr.<field>`);
  }
  const q = single(raw.q, 'q') ?? '';
  if (q.length > maxMemoQuery) throw invalid('q', `q is at most ${maxMemoQuery} characters`);
  const from = moment(single(raw.from, 'from'), 'from');
  const to = moment(single(raw.to, 'to'), 'to');
  if (from !== null && to !== null && from > to) throw invalid('to', 'to must not be before from');
  const cooccursWith = single(raw.cooccursWith, 'cooccursWith') || null;
  if (cooccursWith !== null && cooccursWith.length > maxIdLength) throw invalid('cooccursWith', `cooccursWith must be a code id of at most ${maxIdLength} characters`);
  return {
    codeIds: ids(raw.codeId, 'codeId'),
    includeSubcodes: flag(single(raw.includeSubcodes, 'includeSubcodes'), 'includeSubcodes', false),
    userIds: ids(raw.userId, 'userId'),
    documentIds: ids(raw.documentId, 'documentId'),
    q: q.trim() === '' ? null : q.trim(),
    attributes,
    from,
    to,
    cooccursWith,
    cooccurrence: oneOf(single(raw.cooccurrence, 'cooccurrence'), cooccurrenceModes, 'cooccurrence', 'overlap'),
    cooccurrenceBy: oneOf(single(raw.cooccurrenceBy, 'cooccurrenceBy'), ['any', 'same'] as const, 'cooccurrenceBy', 'any'),
    limit: whole(single(raw.limit, 'limit'), 'limit', 1, maxSegmentPage, defaultSegmentPage),
    offset: whole(single(raw.offset, 'offset'), 'offset', 0, 10_000_000, 0),
    format: oneOf(single(raw.format, 'format'), segmentFormats, 'format', 'json'),
    provenance: flag(single(raw.provenance, 'provenance'), 'provenance', true),
  };
}

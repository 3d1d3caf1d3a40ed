import { maxMemoPageSize, maxMemoQueryLength, memoKinds, type MemoKind } from '../../shared/api/index.ts';

/** What `GET /api/projects/:id/memos` asks for, checked. */
export interface MemoQuery {
  readonly documentId: string | null;
  readonly authorId: string | null;
  /** Matched against title and text, whatever the case and accents; '' matches everything. */
  readonly q: string;
  readonly kind: MemoKind | null;
  readonly limit: number;
  readonly offset: number;
}

/** A query parameter that cannot be read, with the field it names (the route answers 422). */
export class MemoQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'MemoQueryError';
  }
}

const known = new Set(['documentId', 'authorId', 'q', 'kind', 'limit', 'offset']);
const maxIdLength = 64;
const maxOffset = 1_000_000;

function wholeNumber(raw: string | undefined, field: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new MemoQueryError(field, `${field} must be a whole number from ${min} to ${max.toLocaleString('en')}`);
  return value;
}

function id(raw: string | undefined, field: string): string | null {
  if (raw === undefined || raw === '') return null;
  if (raw.length > maxIdLength) throw new MemoQueryError(field, `${field} must be an id of at most ${maxIdLength} characters`);
  return raw;
}

/**
 * Reads the query (each parameter once); unknown parameters are refused, so a misspelt filter is
 * not silently ignored.
 *
 * @example
 * readMemoQuery({ q: ['county'], kind: ['document'] }) // { q: 'county', kind: 'document', limit: 50, offset: 0, documentId: null, authorId: null }
 */
export function readMemoQuery(params: Record<string, readonly string[]>): MemoQuery {
  for (const [name, values] of Object.entries(params)) {
    if (!known.has(name)) throw new MemoQueryError(name, `Unknown parameter ${name}: memos are filtered by documentId, authorId, q and kind, and paged with limit and offset`);
    if (values.length > 1) throw new MemoQueryError(name, `Give ${name} once`);
  }
  const one = (name: string) => params[name]?.[0];
  const q = one('q') ?? '';
  if (q.length > maxMemoQueryLength) throw new MemoQueryError('q', `q must be at most ${maxMemoQueryLength} characters`);
  const kind = one('kind');
  if (kind !== undefined && kind !== '' && !(memoKinds as readonly string[]).includes(kind)) throw new MemoQueryError('kind', `kind must be one of ${memoKinds.join(', ')}`);
  return {
    documentId: id(one('documentId'), 'documentId'),
    authorId: id(one('authorId'), 'authorId'),
    q: q.trim(),
    kind: kind ? (kind as MemoKind) : null,
    limit: wholeNumber(one('limit'), 'limit', 50, 1, maxMemoPageSize),
    offset: wholeNumber(one('offset'), 'offset', 0, 0, maxOffset),
  };
}

/** Text folded for matching: lower case, accents removed ("Café" → "cafe"). */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

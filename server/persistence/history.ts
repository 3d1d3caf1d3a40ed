import crypto from 'node:crypto';

/**
 * The coding history (spec §3.5): per project an append-only, gap-free sequence of events, each
 * chained to the one before by `hash = sha256(prevHash + canonical JSON of the event without its
 * hash and `redacted`)`. Derived by the server from the updates it accepts (server/history/room-history.ts) and
 * stored in the same transaction as those updates, so history and documents never disagree.
 */

/** An event as the engine derives it; the store gives it its project, `seq`, `at` and hashes. */
export interface HistoryEventInput {
  readonly userId: string;
  /**
   * Whose codings changed: a coder's id for their layer, `consensus`, or null (the codebook). For a
   * document or project memo's events (`memo.added`, `memo.changed`, `memo.removed`): its author.
   */
  readonly layer: string | null;
  readonly type: string;
  readonly documentId: string | null;
  readonly codingId: string | null;
  readonly codeId: string | null;
  readonly before: unknown;
  readonly after: unknown;
  /**
   * Unique to the event (a room gives each event it derives one): a write that is tried again —
   * its thread or connection lost after the commit, before the answer — stores it once. Not
   * hashed, not read back.
   */
  readonly id?: string | undefined;
}

export interface HistoryEvent extends Omit<HistoryEventInput, 'id'> {
  readonly seq: number;
  /** Server time the event was stored (ISO 8601). */
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
  /**
   * Its document was deleted: `before`, `after` (memos, code names) and `codingId` are gone, the
   * rest stays so that the chain still links; its own hash can no longer be recomputed.
   */
  readonly redacted: boolean;
}

export interface HistoryQuery {
  readonly documentId?: string | undefined;
  readonly codeId?: string | undefined;
  readonly userId?: string | undefined;
  readonly type?: string | undefined;
  /** ISO times, inclusive. */
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly afterSeq?: number | undefined;
  readonly limit: number;
  /**
   * Documents whose events are left out (a blind round's, for a coder), except those by or about
   * `exceptUserId` — the caller's own.
   */
  readonly hiddenDocuments?: { readonly documentIds: readonly string[]; readonly exceptUserId: string | null } | undefined;
}

/** The hash before a project's first event. */
export const genesisHash = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  return canonicalJsonParts(value).join('');
}

/**
 * A string this long (as JSON) stays a part of its own in `canonicalJsonParts`: a pasted
 * transcript's text is put into JSON once and then hashed and stored as it is, never copied into
 * one more string. The writer thread held four such copies of each paste until it collected them
 * (bench/compare 20x10 peak RSS, issue 14).
 */
const longPart = 64 * 1024;

/** JSON already in parts, put in as it is (so one value's JSON serves both hash and body). */
class JsonParts {
  constructor(readonly parts: readonly string[]) {}
}

/**
 * `canonicalJson(value)`, with `start` before it, as a few strings in order: every long string
 * value on its own, everything between two of them as one. Their concatenation is the JSON.
 */
function canonicalJsonParts(value: unknown, start = ''): string[] {
  const parts: string[] = [];
  let run = start;
  const put = (json: string) => {
    if (json.length < longPart) {
      run += json;
      return;
    }
    if (run) parts.push(run);
    parts.push(json);
    run = '';
  };
  const write = (v: unknown): void => {
    if (v instanceof JsonParts) for (const part of v.parts) put(part);
    else if (v === null || typeof v !== 'object') put(JSON.stringify(v ?? null));
    else if (Array.isArray(v)) {
      put('[');
      v.forEach((item, i) => {
        if (i > 0) put(',');
        write(item);
      });
      put(']');
    } else {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      put('{');
      entries.forEach(([key, item], i) => {
        put(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`);
        write(item);
      });
      put('}');
    }
  };
  write(value);
  if (run || parts.length === 0) parts.push(run);
  return parts;
}

function sha256Of(parts: readonly string[]): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

type HashedFields = Omit<HistoryEvent, 'hash' | 'prevHash' | 'redacted'>;

function hashFields(prevHash: string, event: HashedFields, before: unknown, after: unknown): string {
  const { seq, at, userId, layer, type, documentId, codingId, codeId } = event;
  return sha256Of(canonicalJsonParts({ seq, at, userId, layer, type, documentId, codingId, codeId, before, after }, prevHash));
}

/** The hash an event must carry, given the hash of the event before it. */
export function hashEvent(prevHash: string, event: HashedFields): string {
  return hashFields(prevHash, event, event.before, event.after);
}

/**
 * An event's hash and its stored body, the JSON of `{ before, after }` (keys sorted, as in the
 * hash): one JSON encoding of `before` and `after` serves both. The body is one string, or — when
 * it holds a long string — its parts, which the caller writes out without joining them.
 */
export function hashedEvent(prevHash: string, event: HashedFields): { hash: string; body: readonly string[] } {
  const before = event.before === undefined ? undefined : new JsonParts(canonicalJsonParts(event.before));
  const after = event.after === undefined ? undefined : new JsonParts(canonicalJsonParts(event.after));
  return { hash: hashFields(prevHash, event, before, after), body: canonicalJsonParts({ before, after }) };
}

/** The first event of a chain that does not hold, or null when every link and every hash holds. */
export function firstBrokenLink(events: readonly HistoryEvent[], startHash = genesisHash, startSeq = 0): { seq: number; problem: string } | null {
  let prevHash = startHash;
  let expectedSeq = startSeq + 1;
  for (const event of events) {
    if (event.seq !== expectedSeq) return { seq: event.seq, problem: `expected seq ${expectedSeq}` };
    if (event.prevHash !== prevHash) return { seq: event.seq, problem: 'prevHash is not the previous event’s hash' };
    if (!event.redacted && hashEvent(event.prevHash, event) !== event.hash) return { seq: event.seq, problem: 'hash does not match the event' };
    prevHash = event.hash;
    expectedSeq++;
  }
  return null;
}

/**
 * A stored `history` row (snake_case columns, the body as JSON text) as the event it records —
 * the same for SQLite (`redacted` 0/1) and PostgreSQL (`redacted` boolean), and for the stores and
 * `accord history verify` alike.
 */
export function toHistoryEvent(r: Record<string, unknown>): HistoryEvent {
  const body = r.body === null ? { before: null, after: null } : (JSON.parse(r.body as string) as { before: unknown; after: unknown });
  return {
    seq: Number(r.seq),
    at: r.at as string,
    userId: r.user_id as string,
    layer: (r.layer as string | null) ?? null,
    type: r.type as string,
    documentId: (r.document_id as string | null) ?? null,
    codingId: (r.coding_id as string | null) ?? null,
    codeId: (r.code_id as string | null) ?? null,
    before: body.before,
    after: body.after,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
    redacted: r.redacted === true || r.redacted === 1,
  };
}

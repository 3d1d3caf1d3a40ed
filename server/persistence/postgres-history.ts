import { genesisHash, hashedEvent, toHistoryEvent, type HistoryEvent, type HistoryEventInput, type HistoryQuery } from './history.ts';
import { LockClass, lockKey, type Sql } from './postgres-database.ts';

/**
 * The `history` table on PostgreSQL: `sqlite-history.ts`'s logic, statement for statement, so a
 * chain written here verifies with the same code (`firstBrokenLink`). Both PostgreSQL stores
 * append to it inside their own transactions — the document store with the updates that caused
 * the events, the directory store with memos — so a record and its event are stored together or
 * not at all.
 *
 * Appends events to a project's chain: numbered after its last event and hashed onto it, all with
 * one server time. Call it inside a transaction. Unlike SQLite, two servers may append to one
 * project at once: a transaction-scoped advisory lock per project makes them take turns, and the
 * last event is read only once the lock is held (READ COMMITTED: each statement sees what the
 * previous holder committed), so the chain never forks and no seq is given twice. `room` is what
 * the events are stored under (deleting those rooms redacts them).
 */
export async function appendHistory(tx: Sql, projectId: string, room: string, events: readonly HistoryEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await lockKey(tx, LockClass.history, projectId);
  // Events an earlier try of this write stored already: its answer was lost after the commit.
  const ids = events.flatMap((event) => (event.id === undefined ? [] : [event.id]));
  const stored = new Set(ids.length === 0 ? [] : (await tx.all('SELECT event_id FROM history WHERE event_id = ANY($1::text[])', [ids])).map((r) => r.event_id as string));
  const fresh = events.filter((event) => event.id === undefined || !stored.has(event.id));
  if (fresh.length === 0) return;
  const last = await tx.one('SELECT seq, hash FROM history WHERE project_id = $1 ORDER BY seq DESC LIMIT 1', [projectId]);
  let prevHash = (last?.hash as string | undefined) ?? genesisHash;
  let seq = (last?.seq as number | undefined) ?? 0;
  const at = new Date().toISOString();
  const rows: unknown[][] = [];
  for (const input of fresh) {
    const event = { ...input, seq: ++seq, at };
    const { hash, body } = hashedEvent(prevHash, event);
    rows.push([projectId, seq, at, room, event.userId, event.layer, event.type, event.documentId, event.codingId, event.codeId, body.join(''), prevHash, hash, input.id ?? null]);
    prevHash = hash;
  }
  // Chunks keep a statement under PostgreSQL's 65,535 parameters.
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await tx.run(
      `INSERT INTO history (project_id, seq, at, room, user_id, layer, type, document_id, coding_id, code_id, body, prev_hash, hash, event_id) VALUES ${placeholders(chunk.length, 14)}`,
      chunk.flat(),
    );
  }
}

/** `($1, $2, …), ($n+1, …)` for `rows` rows of `columns` parameters. */
export function placeholders(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(', ');
}

/** A project's events matching `query`, oldest first (the SQLite store's filters, in PostgreSQL's terms). */
export async function readHistory(sql: Sql, projectId: string, query: HistoryQuery): Promise<HistoryEvent[]> {
  const params: unknown[] = [projectId, query.afterSeq ?? 0];
  const where = ['project_id = $1', 'seq > $2'];
  const add = (column: string, value: unknown, operator = '=') => {
    params.push(value);
    where.push(`${column} ${operator} $${params.length}`);
  };
  if (query.documentId !== undefined) add('document_id', query.documentId);
  if (query.codeId !== undefined) add('code_id', query.codeId);
  if (query.userId !== undefined) add('user_id', query.userId);
  if (query.type !== undefined) add('type', query.type);
  if (query.since !== undefined) add('at', query.since, '>=');
  if (query.until !== undefined) add('at', query.until, '<=');
  const hidden = query.hiddenDocuments && query.hiddenDocuments.documentIds.length > 0 ? query.hiddenDocuments : null;
  if (hidden) {
    params.push([...hidden.documentIds], hidden.exceptUserId ?? '');
    const ids = `$${params.length - 1}`;
    const except = `$${params.length}`;
    where.push(`(document_id IS NULL OR NOT (document_id = ANY(${ids}::text[])) OR user_id = ${except} OR layer = ${except})`);
  }
  params.push(query.limit);
  const rows = await sql.all(`SELECT * FROM history WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`, params);
  return rows.map(toHistoryEvent);
}

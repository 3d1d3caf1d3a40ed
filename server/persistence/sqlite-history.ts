import type Database from 'better-sqlite3';
import { genesisHash, hashedEvent, type HistoryEventInput } from './history.ts';

/**
 * The `history` table of the SQLite database (server/persistence/history.ts): one chain per
 * project. Both stores append to it — the document store with the updates that caused its events,
 * the directory store with the records the server states itself (memos) — each inside its own
 * write transaction, so a record and its event are stored together or not at all. They share one
 * database file (`sqlite-storage.ts`); a store opened on its own file gets a table of its own.
 */
export function createHistoryTable(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS history (
      project_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, room TEXT NOT NULL, user_id TEXT NOT NULL, layer TEXT,
      type TEXT NOT NULL, document_id TEXT, coding_id TEXT, code_id TEXT, body TEXT, redacted INTEGER NOT NULL DEFAULT 0,
      prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (project_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS history_room ON history (room);
  `);
  // The first history tables (one development build) had no `layer` column.
  if (!(db.prepare('PRAGMA table_info(history)').all() as { name: string }[]).some((c) => c.name === 'layer')) db.exec('ALTER TABLE history ADD COLUMN layer TEXT');
  addHistoryEventIds(db);
}

/**
 * The `event_id` column and its unique index (migration 3; also made by a store on a database
 * nobody migrated, such as `:memory:`): a retried write finds the events it stored already.
 */
export function addHistoryEventIds(db: Database.Database): void {
  if (!(db.prepare('PRAGMA table_info(history)').all() as { name: string }[]).some((c) => c.name === 'event_id')) db.exec('ALTER TABLE history ADD COLUMN event_id TEXT');
  db.exec('CREATE UNIQUE INDEX IF NOT EXISTS history_event_id ON history (event_id)');
}

/**
 * Appends events to a project's chain: numbered after its last event and hashed onto it, all with
 * one server time. Call it inside a write transaction: the sequence numbers come from the table
 * itself, never from process memory, so a restart or a second writer can never reuse one.
 * `room` is what the events are stored under (deleting those rooms redacts them).
 */
export function historyAppender(db: Database.Database): (projectId: string, room: string, events: readonly HistoryEventInput[]) => void {
  const selectLastEvent = db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM history WHERE project_id = ? ORDER BY seq DESC LIMIT 1');
  const insertEvent = db.prepare(
    'INSERT INTO history (project_id, seq, at, room, user_id, layer, type, document_id, coding_id, code_id, body, prev_hash, hash, event_id) VALUES (@projectId, @seq, @at, @room, @userId, @layer, @type, @documentId, @codingId, @codeId, CAST(@body AS TEXT), @prevHash, @hash, @eventId)',
  );
  const selectStoredId = db.prepare<[string], { found: number }>('SELECT 1 AS found FROM history WHERE event_id = ?');
  return (projectId, room, events) => {
    // Events an earlier try of this write stored already: its answer was lost after the commit.
    const fresh = events.filter((event) => event.id === undefined || selectStoredId.get(event.id) === undefined);
    if (fresh.length === 0) return;
    const last = selectLastEvent.get(projectId);
    let prevHash = last?.hash ?? genesisHash;
    let seq = last?.seq ?? 0;
    const at = new Date().toISOString();
    for (const input of fresh) {
      const event = { ...input, seq: ++seq, at };
      const { hash, body } = hashedEvent(prevHash, event);
      insertEvent.run({ projectId, seq, at, room, userId: event.userId, layer: event.layer, type: event.type, documentId: event.documentId, codingId: event.codingId, codeId: event.codeId, body: bodyValue(body), prevHash, hash, eventId: input.id ?? null });
      prevHash = hash;
    }
  };
}

/**
 * A body of one part as it is; one of several written into one buffer, bound as bytes and stored
 * as text (`CAST`): joining a pasted transcript's parts into a string would copy it once more,
 * and binding that string once again.
 */
function bodyValue(parts: readonly string[]): string | Buffer {
  if (parts.length === 1) return parts[0]!;
  const bytes = Buffer.allocUnsafe(parts.reduce((length, part) => length + Buffer.byteLength(part), 0));
  let offset = 0;
  for (const part of parts) offset += bytes.write(part, offset);
  return bytes;
}

import type Database from 'better-sqlite3';

/**
 * The SQLite `updates` table as the document store creates it since schema version 2.
 *
 * A rowid table with a unique `(room, seq)` index, not a `WITHOUT ROWID` table keyed by
 * `(room, seq)`: in the latter every row lives in the key's B-tree, so a room's compacted row — a
 * whole transcript, megabytes — sat in the tree that every append searches (for `MAX(seq)`) and
 * inserts into. With twenty such rooms an append took 1.18 ms against 0.20 ms for this layout,
 * and it was most of the server's busy time (issue 14). The index now holds only keys.
 */
export const sqliteUpdatesTable = `
  CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY, room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL);
  CREATE UNIQUE INDEX IF NOT EXISTS updates_room_seq ON updates (room, seq);
`;

/**
 * Migration 2 on SQLite: rebuilds a `WITHOUT ROWID` `updates` table in the layout above, every row
 * copied in order. Secure delete is on for the copy, so the old table's pages are zeroed as they
 * are freed — a later deletion of a room must not find an old copy of its rows there.
 */
export function sqliteUpdatesByRowid(db: Database.Database): void {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get() as { sql: string } | undefined;
  // A store that created the file on its own already made the new layout.
  if (table && !/WITHOUT\s+ROWID/i.test(table.sql)) {
    db.exec(sqliteUpdatesTable);
    return;
  }
  db.pragma('secure_delete = ON');
  db.exec(`
    ALTER TABLE updates RENAME TO updates_before_v2;
    ${sqliteUpdatesTable}
    INSERT INTO updates (room, seq, data) SELECT room, seq, data FROM updates_before_v2 ORDER BY room, seq;
    DROP TABLE updates_before_v2;
  `);
}

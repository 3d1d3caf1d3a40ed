import type Database from 'better-sqlite3';

/**
 * Schema version 1 in both dialects: the schema as it stood when versioned migrations began.
 * Frozen — never edit it; a change is a new migration in `migrations.ts`.
 *
 * SQLite: exactly what the stores created on their own at that time (`sqlite-document-store.ts`,
 * `sqlite-history.ts`, `sqlite-directory-store.ts`, `sqlite-account-admin.ts`,
 * `sqlite-document-sets.ts`), idempotent, with the columns added in place that early development
 * builds lacked: a database created before versioning gains nothing it already has and loses
 * nothing, and is then recorded as version 1.
 */
export function sqliteBaseline(db: Database.Database): void {
  const columnsOf = (table: string) => new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));

  // The document store: update logs, the history chain, the write probe behind /readyz.
  db.exec(`
    CREATE TABLE IF NOT EXISTS updates (
      room TEXT NOT NULL,
      seq INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (room, seq)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS history (
      project_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, room TEXT NOT NULL, user_id TEXT NOT NULL, layer TEXT,
      type TEXT NOT NULL, document_id TEXT, coding_id TEXT, code_id TEXT, body TEXT, redacted INTEGER NOT NULL DEFAULT 0,
      prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (project_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS history_room ON history (room);
    CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
  `);
  if (!columnsOf('history').has('layer')) db.exec('ALTER TABLE history ADD COLUMN layer TEXT');

  // The directory store.
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (
      id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT NOT NULL,
      password_hash TEXT NOT NULL, is_admin INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS sessions (
      id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL, expires_at TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS api_tokens (
      id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name TEXT NOT NULL, created_at TEXT NOT NULL, last_used_at TEXT);
    CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at);
    CREATE TABLE IF NOT EXISTS projects (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
      coding_mode TEXT NOT NULL DEFAULT 'open', coders_edit_codebook INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS members (
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role TEXT NOT NULL, joined_at TEXT NOT NULL, PRIMARY KEY (project_id, user_id));
    CREATE INDEX IF NOT EXISTS members_user ON members (user_id);
    CREATE TABLE IF NOT EXISTS invites (
      code_hash TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE, role TEXT NOT NULL,
      max_uses INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 0, expires_at TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS code_merges (
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE, id TEXT NOT NULL, record TEXT NOT NULL,
      undone_at TEXT, undone_by TEXT, legacy INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (project_id, id));
    CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS decisions (
      project_id TEXT NOT NULL, document_id TEXT NOT NULL, id TEXT NOT NULL, locus_id TEXT NOT NULL, record TEXT NOT NULL,
      decided_at TEXT NOT NULL, supersedes TEXT, superseded_by TEXT, PRIMARY KEY (project_id, id),
      FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE);
    CREATE INDEX IF NOT EXISTS decisions_locus ON decisions (project_id, document_id, locus_id);
    CREATE TABLE IF NOT EXISTS locus_comments (
      project_id TEXT NOT NULL, document_id TEXT NOT NULL, id TEXT NOT NULL, locus_id TEXT NOT NULL,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, body TEXT NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (project_id, id), FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE);
    CREATE INDEX IF NOT EXISTS locus_comments_document ON locus_comments (project_id, document_id, created_at);
    CREATE TABLE IF NOT EXISTS rounds (
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE, id TEXT NOT NULL, name TEXT NOT NULL,
      document_ids TEXT NOT NULL, phase TEXT NOT NULL, allow_post_hoc_edits INTEGER NOT NULL, created_at TEXT NOT NULL,
      created_by TEXT NOT NULL, phase_changed_at TEXT, revealed_at TEXT, PRIMARY KEY (project_id, id));
    CREATE TABLE IF NOT EXISTS round_submissions (
      project_id TEXT NOT NULL, round_id TEXT NOT NULL, id TEXT NOT NULL, document_id TEXT NOT NULL,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, submitted_at TEXT NOT NULL, snapshot BLOB NOT NULL,
      reopened_at TEXT, reopened_by TEXT, PRIMARY KEY (project_id, id),
      FOREIGN KEY (project_id, round_id) REFERENCES rounds(project_id, id) ON DELETE CASCADE,
      FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE);
    CREATE INDEX IF NOT EXISTS round_submissions_round ON round_submissions (project_id, round_id, document_id, user_id);
    CREATE TABLE IF NOT EXISTS documents (
      id TEXT NOT NULL, project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE, name TEXT NOT NULL,
      length INTEGER NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (project_id, id));
    CREATE TABLE IF NOT EXISTS document_assignments (
      project_id TEXT NOT NULL, document_id TEXT NOT NULL, user_id TEXT NOT NULL, assigned_by TEXT NOT NULL, assigned_at TEXT NOT NULL,
      PRIMARY KEY (project_id, document_id, user_id),
      FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE,
      FOREIGN KEY (project_id, user_id) REFERENCES members(project_id, user_id) ON DELETE CASCADE) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS memos (
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE, id TEXT NOT NULL, document_id TEXT,
      author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, title TEXT NOT NULL, text TEXT NOT NULL,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (project_id, id),
      FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE);
    CREATE INDEX IF NOT EXISTS memos_document ON memos (project_id, document_id);
    CREATE INDEX IF NOT EXISTS memos_author ON memos (author_id);
  `);
  const projectColumns = columnsOf('projects');
  if (!projectColumns.has('agreement_visible_in_blind')) db.exec('ALTER TABLE projects ADD COLUMN agreement_visible_in_blind INTEGER NOT NULL DEFAULT 0');
  if (!projectColumns.has('attribute_fields')) db.exec("ALTER TABLE projects ADD COLUMN attribute_fields TEXT NOT NULL DEFAULT '[]'");
  if (!columnsOf('documents').has('attributes')) db.exec("ALTER TABLE documents ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'");

  // Account administration and sets of documents.
  db.exec(`
    CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS password_resets (
      id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_by TEXT, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS password_resets_user ON password_resets (user_id);
    CREATE TABLE IF NOT EXISTS document_sets (
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE, id TEXT NOT NULL, name TEXT NOT NULL,
      created_at TEXT NOT NULL, PRIMARY KEY (project_id, id));
    CREATE UNIQUE INDEX IF NOT EXISTS document_sets_name ON document_sets (project_id, name COLLATE NOCASE);
    CREATE TABLE IF NOT EXISTS document_set_members (
      project_id TEXT NOT NULL, set_id TEXT NOT NULL, document_id TEXT NOT NULL, added_at TEXT NOT NULL,
      PRIMARY KEY (project_id, set_id, document_id),
      FOREIGN KEY (project_id, set_id) REFERENCES document_sets(project_id, id) ON DELETE CASCADE,
      FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS document_set_members_document ON document_set_members (project_id, document_id);
  `);
  if (!columnsOf('users').has('last_sign_in_at')) db.exec('ALTER TABLE users ADD COLUMN last_sign_in_at TEXT');
}

/**
 * PostgreSQL: the same tables and rules, in PostgreSQL's terms.
 * - Names, ids, rooms and ISO times are `text COLLATE "C"`: compared and sorted by code point,
 *   as SQLite's BINARY does, whatever the database's locale (room prefixes are key ranges).
 * - SQLite's `COLLATE NOCASE` uniqueness (emails, set names) is a unique index on `lower(…)`.
 * - Where SQLite breaks ties by `rowid` (same millisecond), a table has an identity column `ord`.
 * - `rooms.last_seq` numbers each room's updates: appenders lock that row (see
 *   `postgres-document-store.ts`), so two servers can never hand out one number twice.
 * - Partial unique indexes state "one current decision per locus" and "one current submission per
 *   coder, document and round", which SQLite got from running one writer at a time.
 * - History bodies stay `text`, byte for byte as hashed; document attributes and round document
 *   lists are `jsonb` (merged and searched in SQL).
 */
export const postgresBaseline = `
CREATE TABLE rooms (room text COLLATE "C" PRIMARY KEY, last_seq bigint NOT NULL);
CREATE TABLE updates (
  room text COLLATE "C" NOT NULL, seq bigint NOT NULL, data bytea NOT NULL, PRIMARY KEY (room, seq));
CREATE TABLE history (
  project_id text COLLATE "C" NOT NULL, seq bigint NOT NULL, at text COLLATE "C" NOT NULL, room text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL, layer text COLLATE "C", type text COLLATE "C" NOT NULL, document_id text COLLATE "C",
  coding_id text COLLATE "C", code_id text COLLATE "C", body text, redacted boolean NOT NULL DEFAULT false,
  prev_hash text NOT NULL, hash text NOT NULL, PRIMARY KEY (project_id, seq));
CREATE INDEX history_room ON history (room);
CREATE TABLE health_probe (id integer PRIMARY KEY CHECK (id = 1), at text NOT NULL);

CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY, email text COLLATE "C" NOT NULL, name text NOT NULL, password_hash text NOT NULL,
  is_admin boolean NOT NULL DEFAULT false, created_at text COLLATE "C" NOT NULL, last_sign_in_at text,
  ord bigint GENERATED ALWAYS AS IDENTITY);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE TABLE sessions (
  id text COLLATE "C" PRIMARY KEY, token_hash text NOT NULL UNIQUE, user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL, expires_at text NOT NULL, created_at text NOT NULL);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_tokens (
  id text COLLATE "C" PRIMARY KEY, token_hash text NOT NULL UNIQUE, user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL, created_at text COLLATE "C" NOT NULL, last_used_at text);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE TABLE login_failures (key text COLLATE "C" NOT NULL, at text COLLATE "C" NOT NULL);
CREATE INDEX login_failures_key ON login_failures (key, at);
CREATE TABLE projects (
  id text COLLATE "C" PRIMARY KEY, name text NOT NULL, archived boolean NOT NULL DEFAULT false,
  coding_mode text NOT NULL DEFAULT 'open', coders_edit_codebook boolean NOT NULL DEFAULT true,
  created_at text COLLATE "C" NOT NULL, updated_at text COLLATE "C" NOT NULL,
  agreement_visible_in_blind boolean NOT NULL DEFAULT false, attribute_fields text NOT NULL DEFAULT '[]');
CREATE TABLE members (
  project_id text COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id text COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL, joined_at text COLLATE "C" NOT NULL, PRIMARY KEY (project_id, user_id));
CREATE INDEX members_user ON members (user_id);
CREATE TABLE invites (
  code_hash text COLLATE "C" PRIMARY KEY, project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE, role text NOT NULL,
  max_uses integer NOT NULL, uses integer NOT NULL DEFAULT 0, expires_at text COLLATE "C" NOT NULL, created_by text NOT NULL,
  created_at text COLLATE "C" NOT NULL);
CREATE INDEX invites_project ON invites (project_id);
CREATE TABLE code_merges (
  project_id text COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE, id text COLLATE "C" NOT NULL, record text NOT NULL,
  undone_at text, undone_by text, legacy boolean NOT NULL DEFAULT false, PRIMARY KEY (project_id, id));
CREATE TABLE migrations (name text PRIMARY KEY, at text NOT NULL);
CREATE TABLE documents (
  id text COLLATE "C" NOT NULL, project_id text COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL, length integer NOT NULL, created_at text COLLATE "C" NOT NULL,
  attributes jsonb NOT NULL DEFAULT '{}', PRIMARY KEY (project_id, id));
CREATE TABLE decisions (
  project_id text COLLATE "C" NOT NULL, document_id text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL,
  locus_id text COLLATE "C" NOT NULL, record text NOT NULL, decided_at text COLLATE "C" NOT NULL,
  supersedes text, superseded_by text, ord bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (project_id, id),
  FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE);
CREATE INDEX decisions_locus ON decisions (project_id, document_id, locus_id);
CREATE UNIQUE INDEX decisions_current ON decisions (project_id, document_id, locus_id) WHERE superseded_by IS NULL;
CREATE TABLE locus_comments (
  project_id text COLLATE "C" NOT NULL, document_id text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL,
  locus_id text COLLATE "C" NOT NULL, user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE, body text NOT NULL,
  created_at text COLLATE "C" NOT NULL, ord bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (project_id, id),
  FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE);
CREATE INDEX locus_comments_document ON locus_comments (project_id, document_id, created_at);
CREATE INDEX locus_comments_user ON locus_comments (user_id);
CREATE TABLE rounds (
  project_id text COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE, id text COLLATE "C" NOT NULL, name text NOT NULL,
  document_ids jsonb NOT NULL, phase text NOT NULL, allow_post_hoc_edits boolean NOT NULL, created_at text COLLATE "C" NOT NULL,
  created_by text NOT NULL, phase_changed_at text, revealed_at text, ord bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (project_id, id));
CREATE TABLE round_submissions (
  project_id text COLLATE "C" NOT NULL, round_id text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL,
  document_id text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  submitted_at text COLLATE "C" NOT NULL, snapshot bytea NOT NULL, reopened_at text, reopened_by text,
  ord bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (project_id, id),
  FOREIGN KEY (project_id, round_id) REFERENCES rounds(project_id, id) ON DELETE CASCADE,
  FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE);
CREATE INDEX round_submissions_round ON round_submissions (project_id, round_id, document_id, user_id);
CREATE UNIQUE INDEX round_submissions_current ON round_submissions (project_id, round_id, document_id, user_id) WHERE reopened_at IS NULL;
CREATE INDEX round_submissions_document ON round_submissions (project_id, document_id);
CREATE INDEX round_submissions_user ON round_submissions (user_id);
CREATE TABLE document_assignments (
  project_id text COLLATE "C" NOT NULL, document_id text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL,
  assigned_by text NOT NULL, assigned_at text NOT NULL, PRIMARY KEY (project_id, document_id, user_id),
  FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE,
  FOREIGN KEY (project_id, user_id) REFERENCES members(project_id, user_id) ON DELETE CASCADE);
CREATE INDEX document_assignments_member ON document_assignments (project_id, user_id);
CREATE TABLE memos (
  project_id text COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE, id text COLLATE "C" NOT NULL,
  document_id text COLLATE "C", author_id text COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title text NOT NULL, text text NOT NULL, created_at text COLLATE "C" NOT NULL, updated_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (project_id, id), FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE);
CREATE INDEX memos_document ON memos (project_id, document_id);
CREATE INDEX memos_author ON memos (author_id);

CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL, updated_at text NOT NULL);
CREATE TABLE password_resets (
  id text PRIMARY KEY, secret_hash text NOT NULL UNIQUE, user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_by text, created_at text NOT NULL, expires_at text COLLATE "C" NOT NULL);
CREATE INDEX password_resets_user ON password_resets (user_id);
CREATE TABLE document_sets (
  project_id text COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE, id text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL, created_at text NOT NULL, PRIMARY KEY (project_id, id));
CREATE UNIQUE INDEX document_sets_name ON document_sets (project_id, lower(name));
CREATE TABLE document_set_members (
  project_id text COLLATE "C" NOT NULL, set_id text COLLATE "C" NOT NULL, document_id text COLLATE "C" NOT NULL,
  added_at text NOT NULL, PRIMARY KEY (project_id, set_id, document_id),
  FOREIGN KEY (project_id, set_id) REFERENCES document_sets(project_id, id) ON DELETE CASCADE,
  FOREIGN KEY (project_id, document_id) REFERENCES documents(project_id, id) ON DELETE CASCADE);
CREATE INDEX document_set_members_document ON document_set_members (project_id, document_id);
`;

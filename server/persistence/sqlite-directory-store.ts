import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AssignmentMode, Role } from '../../shared/api/index.ts';
import type { AttributeField, AttributeValues } from '../../shared/model/attributes.ts';
import { StoreError } from './document-store.ts';
import { createHistoryTable, historyAppender } from './sqlite-history.ts';
import { writeTransaction } from './sqlite-transaction.ts';
import { createLockWaitingRunner, type LockWaitOptions, type WorkOutcome } from './sqlite-lock-wait.ts';
import { installAccountAdminSchema, sqliteAccountAdmin } from './sqlite-account-admin.ts';
import { installDocumentSetSchema, sqliteDocumentSets } from './sqlite-document-sets.ts';
import type { RoundPhase } from '../../shared/model/round.ts';
import { isSameName } from '../../shared/api/index.ts';
import { hasRole } from '../access/room-access.ts';
import { canonicalJson } from './history.ts';
import type { InviteAcceptance, MemberChange, MemoHistory, MemoRecord, NewUser } from './directory-store.ts';
import { submissionColumns, summaryColumns, toDecision, toDocument, toListedInvite, toLocusComment, toMember, toMemo, toProject, toRound, toSubmission, toSummary, toToken, toUser, type Row } from './directory-rows.ts';
import type { CodeMergeRecord, DecisionRecord, RoundRecord, SubmissionRecord, AttributeUpdate, DeletedUser, DirectoryStore, DocumentRecord, ProjectRecord, UserRecord } from './directory-store.ts';

const schema = `
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
`;

/** Columns added after the first release, added in place to existing databases. */
function migrate(db: Database.Database): void {
  const columns = new Set((db.prepare('PRAGMA table_info(projects)').all() as { name: string }[]).map((c) => c.name));
  if (!columns.has('agreement_visible_in_blind')) db.exec('ALTER TABLE projects ADD COLUMN agreement_visible_in_blind INTEGER NOT NULL DEFAULT 0');
  if (!columns.has('attribute_fields')) db.exec("ALTER TABLE projects ADD COLUMN attribute_fields TEXT NOT NULL DEFAULT '[]'");
  const documentColumns = new Set((db.prepare('PRAGMA table_info(documents)').all() as { name: string }[]).map((c) => c.name));
  if (!documentColumns.has('attributes')) db.exec("ALTER TABLE documents ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'");
}

const now = () => new Date().toISOString();

export function createSqliteDirectoryStore(file: string, options: LockWaitOptions = {}): DirectoryStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Deleted rows are overwritten with zeros, not just unlinked: a deleted account's email must not linger in free pages.
  db.pragma('secure_delete = ON');
  db.exec(schema);
  migrate(db);
  installAccountAdminSchema(db);
  installDocumentSetSchema(db);
  // Opened; from now on no busy timeout: work that meets the writer thread's lock waits on a
  // timer, not on the event loop (sqlite-lock-wait.ts).
  db.pragma('busy_timeout = 0');

  const locked = createLockWaitingRunner(options);
  const settle = <T>(outcome: WorkOutcome<T>): Promise<T> => {
    if (!('error' in outcome)) return Promise.resolve(outcome.value);
    const { error } = outcome;
    if (error instanceof StoreError) return Promise.reject(error); // a rule of ours, already said in our words
    const code = (error as { code?: string }).code ?? '';
    const reason = code.startsWith('SQLITE_CONSTRAINT') ? 'conflict' : 'unavailable';
    return Promise.reject(new StoreError(reason, `SQLite: ${(error as Error).message}`, { cause: error }));
  };
  const closedError = () => new StoreError('closed', 'the SQLite directory store is closed');
  const run = <T>(work: () => T): Promise<T> => {
    if (!db.open) return Promise.reject(closedError());
    const outcome = locked.attempt(() => {
      // Closed while it waited for the lock.
      if (!db.open) throw closedError();
      return work();
    });
    return outcome instanceof Promise ? outcome.then(settle) : settle(outcome);
  };
  // Prepared once per distinct SQL text: preparing on every call showed up in profiles when many
  // sockets connect at once (each connection runs a few lookups).
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const one = (sql: string, ...params: unknown[]) => prepared(sql).get(...params) as Row | undefined;
  const all = (sql: string, ...params: unknown[]) => prepared(sql).all(...params) as Row[];
  const exec = (sql: string, ...params: unknown[]) => prepared(sql).run(...params);

  // accounts: the first one administers the server, counted in the insert's transaction
  const insertUser = (u: NewUser): UserRecord => {
    const createdAt = now();
    exec('INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)', u.id, u.email, u.name, u.passwordHash, u.isAdmin ? 1 : 0, createdAt);
    return { ...u, createdAt };
  };
  const createUserAdminIfFirst = writeTransaction(db, (u: Omit<NewUser, 'isAdmin'>, onlyIfFirst: boolean): UserRecord | null => {
    const first = one('SELECT 1 AS found FROM users LIMIT 1') === undefined;
    if (onlyIfFirst && !first) return null;
    return insertUser({ ...u, isAdmin: first });
  });

  // members: a project keeps at least one owner, checked in the transaction that writes
  const memberRole = (projectId: string, userId: string) => one('SELECT role FROM members WHERE project_id = ? AND user_id = ?', projectId, userId)?.role as Role | undefined;
  const isOnlyOwner = (projectId: string, userId: string) =>
    memberRole(projectId, userId) === 'owner' && (one("SELECT COUNT(*) AS n FROM members WHERE project_id = ? AND role = 'owner'", projectId)!.n as number) === 1;
  const writeMember = (projectId: string, userId: string, role: Role) => {
    exec('INSERT INTO members (project_id, user_id, role, joined_at) VALUES (?, ?, ?, ?) ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role', projectId, userId, role, now());
    // A viewer codes nothing: made one, a member is no longer assigned (made a coder again, they start unassigned).
    if (role === 'viewer') exec('DELETE FROM document_assignments WHERE project_id = ? AND user_id = ?', projectId, userId);
  };
  const putMember = writeTransaction(db, writeMember);
  const changeMemberRole = writeTransaction(db, (projectId: string, userId: string, role: Role): MemberChange => {
    if (memberRole(projectId, userId) === undefined) return 'notMember';
    if (role !== 'owner' && isOnlyOwner(projectId, userId)) return 'lastOwner';
    writeMember(projectId, userId, role);
    return 'changed';
  });
  const removeMemberUnlessLastOwner = writeTransaction(db, (projectId: string, userId: string): MemberChange => {
    if (memberRole(projectId, userId) === undefined) return 'notMember';
    if (isOnlyOwner(projectId, userId)) return 'lastOwner';
    // The member's assignments go with the row (ON DELETE CASCADE).
    exec('DELETE FROM members WHERE project_id = ? AND user_id = ?', projectId, userId);
    return 'changed';
  });

  // invites: checked, spent and joined in one transaction
  const acceptInvite = writeTransaction(db, (codeHash: string, userId: string, at: string): InviteAcceptance => {
    const invite = one('SELECT project_id, role, max_uses, uses, expires_at FROM invites WHERE code_hash = ?', codeHash);
    if (!invite) return { outcome: 'unknown' };
    if ((invite.expires_at as string) <= at) return { outcome: 'expired' };
    const projectId = invite.project_id as string;
    const role = invite.role as Role;
    const existing = memberRole(projectId, userId);
    if (existing && hasRole(existing, role)) return { outcome: 'alreadyMember', projectId, role: existing };
    if ((invite.uses as number) >= (invite.max_uses as number)) return { outcome: 'usedUp' };
    exec('UPDATE invites SET uses = uses + 1 WHERE code_hash = ?', codeHash);
    writeMember(projectId, userId, role);
    return { outcome: 'joined', projectId, role };
  });

  // deleting documents and accounts
  const deleteDocument = writeTransaction(db, (projectId: string, id: string) => {
    const deleted = exec('DELETE FROM documents WHERE project_id = ? AND id = ?', projectId, id).changes === 1;
    if (deleted) exec('UPDATE projects SET updated_at = ? WHERE id = ?', now(), projectId);
    return deleted;
  });
  const deleteUser = writeTransaction(db, (userId: string): DeletedUser | null => {
    const user = one('SELECT email FROM users WHERE id = ?', userId);
    if (!user) return null;
    const stranded = one(
      `SELECT m.project_id FROM members m WHERE m.user_id = ? AND m.role = 'owner'
         AND NOT EXISTS (SELECT 1 FROM members o WHERE o.project_id = m.project_id AND o.user_id != m.user_id AND o.role = 'owner')
         AND EXISTS (SELECT 1 FROM members o WHERE o.project_id = m.project_id AND o.user_id != m.user_id) LIMIT 1`,
      userId,
    );
    if (stranded) throw new StoreError('conflict', `the account is the only owner of project ${stranded.project_id as string}, which has other members`);
    const ids = (sql: string, column: string) => all(sql, userId).map((r) => r[column] as string);
    const deleted: DeletedUser = {
      sessionIds: ids('SELECT id FROM sessions WHERE user_id = ? ORDER BY id', 'id'),
      tokenIds: ids('SELECT id FROM api_tokens WHERE user_id = ? ORDER BY id', 'id'),
      projectIds: ids('SELECT project_id FROM members WHERE user_id = ? ORDER BY project_id', 'project_id'),
    };
    // Failed sign-ins are keyed by the email, last, after `:` or `|` (auth-service.ts): they go with the account.
    const email = (user.email as string).toLowerCase();
    exec('DELETE FROM login_failures WHERE substr(key, -length(?)) IN (?, ?)', `:${email}`, `:${email}`, `|${email}`);
    // Sessions, tokens and memberships go by ON DELETE CASCADE (foreign_keys is on).
    exec('DELETE FROM users WHERE id = ?', userId);
    return deleted;
  });

  // participant attributes: an imported table, in one transaction
  // A missing row throws, which rolls the whole transaction back; the caller turns it into a conflict.
  class MissingRow extends Error {}
  const importAttributes = writeTransaction(db, (projectId: string, fields: readonly AttributeField[], updates: readonly AttributeUpdate[], ifFieldsAre: readonly AttributeField[] | undefined) => {
    if (ifFieldsAre !== undefined) {
      const current = one('SELECT attribute_fields FROM projects WHERE id = ?', projectId);
      if (current && canonicalJson(JSON.parse(current.attribute_fields as string)) !== canonicalJson(ifFieldsAre)) throw new StoreError('conflict', 'nothing was imported: the project’s attribute fields changed meanwhile');
    }
    if (exec('UPDATE projects SET attribute_fields = ? WHERE id = ?', JSON.stringify(fields), projectId).changes !== 1) throw new MissingRow(`project ${projectId}`);
    for (const { documentId, attributes } of updates) {
      // json_patch is RFC 7396 merge: values replace, a null value removes the attribute (as
      // updateDocument clears it), other attributes stay. Merged in SQLite, not parsed here.
      const changed = exec('UPDATE documents SET attributes = json_patch(attributes, ?) WHERE project_id = ? AND id = ?', JSON.stringify(attributes), projectId, documentId).changes;
      if (changed !== 1) throw new MissingRow(`document ${documentId}`);
    }
  });

  const createDecision = writeTransaction(db, (d: DecisionRecord) => {
    const current = one('SELECT id FROM decisions WHERE project_id = ? AND document_id = ? AND locus_id = ? AND superseded_by IS NULL', d.projectId, d.documentId, d.locusId);
    if (current && current.id !== d.supersedes) throw new StoreError('conflict', `locus ${d.locusId} already has decision ${current.id as string}`);
    if (d.supersedes && exec('UPDATE decisions SET superseded_by = ? WHERE project_id = ? AND id = ? AND superseded_by IS NULL', d.id, d.projectId, d.supersedes).changes !== 1) {
      throw new StoreError('conflict', `decision ${d.supersedes} is not the current decision of locus ${d.locusId}`);
    }
    const { projectId, documentId, id, locusId, decidedAt, supersedes, supersededBy, ...record } = d;
    void supersededBy;
    exec('INSERT INTO decisions (project_id, document_id, id, locus_id, record, decided_at, supersedes) VALUES (?, ?, ?, ?, ?, ?, ?)', projectId, documentId, id, locusId, JSON.stringify(record), decidedAt, supersedes);
  });
  const createSubmission = writeTransaction(db, (s: SubmissionRecord, snapshot: Uint8Array) => {
    exec('UPDATE round_submissions SET reopened_at = ?, reopened_by = ? WHERE project_id = ? AND round_id = ? AND document_id = ? AND user_id = ? AND reopened_at IS NULL', s.submittedAt, s.userId, s.projectId, s.roundId, s.documentId, s.userId);
    exec('INSERT INTO round_submissions (project_id, round_id, id, document_id, user_id, submitted_at, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)', s.projectId, s.roundId, s.id, s.documentId, s.userId, s.submittedAt, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength));
  });
  const reopenSubmission = writeTransaction(db, (projectId: string, roundId: string, documentId: string, userId: string, by: string, at: string) => {
    const current = one(`SELECT ${submissionColumns} FROM round_submissions WHERE project_id = ? AND round_id = ? AND document_id = ? AND user_id = ? AND reopened_at IS NULL`, projectId, roundId, documentId, userId);
    if (!current) return null;
    exec('UPDATE round_submissions SET reopened_at = ?, reopened_by = ? WHERE project_id = ? AND id = ?', at, by, projectId, current.id);
    return { ...toSubmission(current), reopenedAt: at, reopenedBy: by };
  });
  // document assignments: the cross products are built by SQLite from JSON arrays, so 5,000
  // documents × 50 members are a few statements, not 250,000 calls from JavaScript.
  const assignable = `SELECT user_id FROM members WHERE project_id = ? AND role IN ('coder', 'owner')`;
  const checkAssignable = (projectId: string, documentIds: string, userIds: string) => {
    const missing = one(`SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM documents WHERE project_id = ?) LIMIT 1`, documentIds, projectId);
    if (missing) throw new StoreError('conflict', `nothing was assigned: there is no document ${missing.value as string}`);
    const outsider = one(`SELECT value FROM json_each(?) WHERE value NOT IN (${assignable}) LIMIT 1`, userIds, projectId);
    if (outsider) throw new StoreError('conflict', `nothing was assigned: ${outsider.value as string} is not a coder or owner of the project`);
  };
  const assignDocuments = writeTransaction(db, (projectId: string, documentIds: readonly string[], userIds: readonly string[], mode: AssignmentMode, by: string) => {
    const documents = JSON.stringify([...new Set(documentIds)]);
    const users = JSON.stringify([...new Set(userIds)]);
    checkAssignable(projectId, documents, users);
    let removed = 0;
    let added = 0;
    if (mode === 'remove') {
      removed = exec('DELETE FROM document_assignments WHERE project_id = ? AND document_id IN (SELECT value FROM json_each(?)) AND user_id IN (SELECT value FROM json_each(?))', projectId, documents, users).changes;
    } else {
      if (mode === 'replace') removed = exec('DELETE FROM document_assignments WHERE project_id = ? AND document_id IN (SELECT value FROM json_each(?)) AND user_id NOT IN (SELECT value FROM json_each(?))', projectId, documents, users).changes;
      added = exec('INSERT OR IGNORE INTO document_assignments (project_id, document_id, user_id, assigned_by, assigned_at) SELECT ?, d.value, u.value, ?, ? FROM json_each(?) d, json_each(?) u', projectId, by, now(), documents, users).changes;
    }
    return { added, removed };
  });
  // documents: a name unique in the project, attributes merged in SQL (json_patch, RFC 7396: a null clears one)
  const updateDocument = writeTransaction(db, (projectId: string, id: string, changes: { name?: string; attributes?: AttributeValues; length?: number }): DocumentRecord | null => {
    const before = one('SELECT name FROM documents WHERE project_id = ? AND id = ?', projectId, id);
    if (!before) return null;
    if (changes.name !== undefined && changes.name !== before.name) {
      const taken = all('SELECT name FROM documents WHERE project_id = ? AND id != ?', projectId, id).find((r) => isSameName(r.name as string, changes.name!));
      if (taken) throw new StoreError('conflict', `another document is already named ${taken.name as string}`);
      exec('UPDATE documents SET name = ? WHERE project_id = ? AND id = ?', changes.name, projectId, id);
    }
    if (changes.length !== undefined) exec('UPDATE documents SET length = ? WHERE project_id = ? AND id = ?', changes.length, projectId, id);
    if (changes.attributes !== undefined) exec('UPDATE documents SET attributes = json_patch(attributes, ?) WHERE project_id = ? AND id = ?', JSON.stringify(changes.attributes), projectId, id);
    return toDocument(one('SELECT * FROM documents WHERE project_id = ? AND id = ?', projectId, id)!);
  });
  const updateProject = writeTransaction(db, (id: string, sets: readonly string[], values: readonly unknown[]): ProjectRecord | null => {
    exec(`UPDATE projects SET ${sets.join(', ')} WHERE id = ?`, ...values, id);
    const r = one('SELECT * FROM projects WHERE id = ?', id);
    return r ? toProject(r) : null;
  });
  const createProject = writeTransaction(db, (id: string, name: string, ownerId: string | null): ProjectRecord => {
    const at = now();
    exec('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)', id, name, at, at);
    if (ownerId) exec('INSERT INTO members (project_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)', id, ownerId, 'owner', at);
    return toProject(one('SELECT * FROM projects WHERE id = ?', id)!);
  });
  const createDocument = writeTransaction(db, (d: { id: string; projectId: string; name: string; length: number }): DocumentRecord => {
    const createdAt = now();
    exec('INSERT INTO documents (id, project_id, name, length, created_at) VALUES (?, ?, ?, ?, ?)', d.id, d.projectId, d.name, d.length, createdAt);
    exec('UPDATE projects SET updated_at = ? WHERE id = ?', createdAt, d.projectId);
    return { ...d, attributes: {}, createdAt };
  });

  // rounds: a phase moves on once (compare-and-set on the phase the caller read)
  const updateRound = writeTransaction(db, (projectId: string, id: string, sets: readonly string[], values: readonly unknown[], ifPhase: RoundPhase | undefined): RoundRecord | null => {
    const before = one('SELECT phase FROM rounds WHERE project_id = ? AND id = ?', projectId, id);
    if (!before) return null;
    if (ifPhase !== undefined && before.phase !== ifPhase) throw new StoreError('conflict', `the round is no longer in ${ifPhase} (it is in ${before.phase as string})`);
    if (sets.length > 0) exec(`UPDATE rounds SET ${sets.join(', ')} WHERE project_id = ? AND id = ?`, ...values, projectId, id);
    return toRound(one('SELECT * FROM rounds WHERE project_id = ? AND id = ?', projectId, id)!);
  });

  // memos: each write and its history event in one transaction (the event is appended to the
  // project's chain in the `history` table the document store reads, in this same database file).
  createHistoryTable(db);
  const appendHistory = historyAppender(db);
  const createMemo = writeTransaction(db, (m: MemoRecord, history: MemoHistory) => {
    exec('INSERT INTO memos (project_id, id, document_id, author_id, title, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', m.projectId, m.id, m.documentId, m.authorId, m.title, m.text, m.createdAt, m.updatedAt);
    appendHistory(m.projectId, history.room, [history.event]);
  });
  const updateMemo = writeTransaction(db, (projectId: string, id: string, changes: { readonly title?: string; readonly text?: string; readonly updatedAt: string }, history: MemoHistory) => {
    const changed = exec('UPDATE memos SET title = coalesce(?, title), text = coalesce(?, text), updated_at = ? WHERE project_id = ? AND id = ?', changes.title ?? null, changes.text ?? null, changes.updatedAt, projectId, id).changes;
    if (changed !== 1) return null;
    appendHistory(projectId, history.room, [history.event]);
    return toMemo(one('SELECT * FROM memos WHERE project_id = ? AND id = ?', projectId, id)!);
  });
  const deleteMemo = writeTransaction(db, (projectId: string, id: string, history: MemoHistory) => {
    if (exec('DELETE FROM memos WHERE project_id = ? AND id = ?', projectId, id).changes !== 1) return false;
    appendHistory(projectId, history.room, [history.event]);
    return true;
  });

  const removeDecision = writeTransaction(db, (projectId: string, id: string) => {
    exec('UPDATE decisions SET superseded_by = NULL WHERE project_id = ? AND superseded_by = ?', projectId, id);
    exec('DELETE FROM decisions WHERE project_id = ? AND id = ?', projectId, id);
  });

  return {
    // administering accounts: the list, profiles, sign-ins, runtime settings, reset links (sqlite-account-admin.ts)
    ...sqliteAccountAdmin(db, { run, one, all, exec }),
    // sets of documents (sqlite-document-sets.ts)
    ...sqliteDocumentSets(db, { run, one, all, exec }),
    createUser: (u) => run(() => insertUser(u)),
    createUserAdminIfFirst: (u, { onlyIfFirst }) => run(() => createUserAdminIfFirst(u, onlyIfFirst)),
    findUserByEmail: (email) => run(() => { const r = one('SELECT * FROM users WHERE email = ?', email); return r ? toUser(r) : null; }),
    findUserById: (id) => run(() => { const r = one('SELECT * FROM users WHERE id = ?', id); return r ? toUser(r) : null; }),
    setPasswordHash: (userId, hash) => run(() => void exec('UPDATE users SET password_hash = ? WHERE id = ?', hash, userId)),
    countUsers: () => run(() => one('SELECT COUNT(*) AS n FROM users')!.n as number),
    findFirstAdmin: () => run(() => { const r = one('SELECT * FROM users WHERE is_admin = 1 ORDER BY created_at, id LIMIT 1'); return r ? toUser(r) : null; }),

    createSession: (s) => run(() => void exec('INSERT INTO sessions (id, token_hash, user_id, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)', s.id, s.tokenHash, s.userId, s.csrfToken, s.expiresAt, now())),
    findSession: (tokenHash) =>
      run(() => {
        const r = one('SELECT * FROM sessions WHERE token_hash = ?', tokenHash);
        return r ? { id: r.id as string, userId: r.user_id as string, csrfToken: r.csrf_token as string, expiresAt: r.expires_at as string } : null;
      }),
    deleteSession: (id) => run(() => void exec('DELETE FROM sessions WHERE id = ?', id)),
    // One statement: the ids reported are exactly the rows deleted, whatever another connection does meanwhile.
    deleteSessionsOfUser: (userId, except) => run(() => all('DELETE FROM sessions WHERE user_id = ? AND id != ? RETURNING id', userId, except ?? '').map((r) => r.id as string).sort()),
    liveSessionIds: (ids, at) => run(() => new Set(all('SELECT id FROM sessions WHERE id IN (SELECT value FROM json_each(?)) AND expires_at > ?', JSON.stringify(ids), at).map((r) => r.id as string))),

    createApiToken: (t) =>
      run(() => {
        const createdAt = now();
        exec('INSERT INTO api_tokens (id, token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?, ?)', t.id, t.tokenHash, t.userId, t.name, createdAt);
        return { id: t.id, userId: t.userId, name: t.name, createdAt, lastUsedAt: null };
      }),
    findApiToken: (tokenHash) => run(() => { const r = one('SELECT * FROM api_tokens WHERE token_hash = ?', tokenHash); return r ? toToken(r) : null; }),
    listApiTokens: (userId) => run(() => all('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at', userId).map(toToken)),
    touchApiToken: (id, at) => run(() => void exec('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', at, id)),
    deleteApiToken: (userId, id) => run(() => exec('DELETE FROM api_tokens WHERE id = ? AND user_id = ?', id, userId).changes === 1),

    recordLoginFailure: (key, at) => run(() => void exec('INSERT INTO login_failures (key, at) VALUES (?, ?)', key, at)),
    countLoginFailures: (key, since) => run(() => one('SELECT COUNT(*) AS n FROM login_failures WHERE key = ? AND at >= ?', key, since)!.n as number),
    clearLoginFailures: (key) => run(() => void exec('DELETE FROM login_failures WHERE key = ?', key)),

    createProject: ({ id, name, ownerId }) => run(() => createProject(id, name, ownerId)),
    findProject: (id) => run(() => { const r = one('SELECT * FROM projects WHERE id = ?', id); return r ? toProject(r) : null; }),
    updateProject: (id, changes) =>
      run(() => {
        const sets: string[] = [];
        const values: unknown[] = [];
        if (changes.name !== undefined) (sets.push('name = ?'), values.push(changes.name));
        if (changes.archived !== undefined) (sets.push('archived = ?'), values.push(changes.archived ? 1 : 0));
        if (changes.codingMode !== undefined) (sets.push('coding_mode = ?'), values.push(changes.codingMode));
        if (changes.codersEditCodebook !== undefined) (sets.push('coders_edit_codebook = ?'), values.push(changes.codersEditCodebook ? 1 : 0));
        if (changes.agreementVisibleInBlind !== undefined) (sets.push('agreement_visible_in_blind = ?'), values.push(changes.agreementVisibleInBlind ? 1 : 0));
        sets.push('updated_at = ?');
        values.push(now());
        return updateProject(id, sets, values);
      }),
    deleteProject: (id) => run(() => void exec('DELETE FROM projects WHERE id = ?', id)),
    listProjectsOfUser: (userId) =>
      run(() => all(`SELECT ${summaryColumns}, m.role AS role FROM projects p JOIN members m ON m.project_id = p.id AND m.user_id = ? ORDER BY p.updated_at DESC`, userId).map(toSummary)),
    listAllProjects: () => run(() => all(`SELECT ${summaryColumns}, NULL AS role FROM projects p ORDER BY p.updated_at DESC`).map(toSummary)),
    findMember: (projectId, userId) =>
      run(() => {
        const r = one('SELECT m.*, u.name, u.email FROM members m JOIN users u ON u.id = m.user_id WHERE m.project_id = ? AND m.user_id = ?', projectId, userId);
        return r ? toMember(r) : null;
      }),
    listMembers: (projectId) => run(() => all('SELECT m.*, u.name, u.email FROM members m JOIN users u ON u.id = m.user_id WHERE m.project_id = ? ORDER BY m.joined_at', projectId).map(toMember)),
    putMember: (projectId, userId, role) => run(() => putMember(projectId, userId, role)),
    // The member's assignments go with the row (ON DELETE CASCADE).
    removeMember: (projectId, userId) => run(() => exec('DELETE FROM members WHERE project_id = ? AND user_id = ?', projectId, userId).changes === 1),
    changeMemberRole: (projectId, userId, role) => run(() => changeMemberRole(projectId, userId, role)),
    removeMemberUnlessLastOwner: (projectId, userId) => run(() => removeMemberUnlessLastOwner(projectId, userId)),

    createInvite: (i) => run(() => void exec('INSERT INTO invites (code_hash, project_id, role, max_uses, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', i.codeHash, i.projectId, i.role, i.maxUses, i.expiresAt, i.createdBy, now())),
    findInvite: (codeHash) =>
      run(() => {
        const r = one('SELECT * FROM invites WHERE code_hash = ?', codeHash);
        return r ? { projectId: r.project_id as string, role: r.role as Role, maxUses: r.max_uses as number, uses: r.uses as number, expiresAt: r.expires_at as string } : null;
      }),
    acceptInvite: (codeHash, userId, at) => run(() => acceptInvite(codeHash, userId, at)),
    listInvites: (projectId, at) =>
      run(() =>
        all('SELECT * FROM invites WHERE project_id = ? AND expires_at > ? AND uses < max_uses ORDER BY created_at DESC', projectId, at).map(toListedInvite),
      ),
    deleteInvite: (projectId, id) => run(() => exec('DELETE FROM invites WHERE project_id = ? AND substr(code_hash, 1, 16) = ?', projectId, id).changes > 0),

    // participant attributes: an imported table, in one transaction
    importAttributes: async (projectId, fields, updates, options) => {
      const missing = await run(() => {
        try {
          importAttributes(projectId, fields, updates, options?.ifFieldsAre);
          return null;
        } catch (error) {
          if (error instanceof MissingRow) return error.message;
          throw error;
        }
      });
      if (missing) throw new StoreError('conflict', `nothing was imported: there is no ${missing}`);
    },

    createDocument: (d) => run(() => createDocument(d)),
    updateDocument: (projectId, id, changes) => run(() => updateDocument(projectId, id, changes)),
    setAttributeFields: (projectId, fields) => run(() => void exec('UPDATE projects SET attribute_fields = ? WHERE id = ?', JSON.stringify(fields), projectId)),
    findDocument: (projectId, id) => run(() => { const r = one('SELECT * FROM documents WHERE project_id = ? AND id = ?', projectId, id); return r ? toDocument(r) : null; }),
    listDocuments: (projectId) => run(() => all('SELECT * FROM documents WHERE project_id = ? ORDER BY created_at, name', projectId).map(toDocument)),

    // document assignments
    listAssignments: (projectId) =>
      run(() => {
        const assignments: Record<string, string[]> = {};
        // One row per document (not per pair): building a quarter of a million row objects took 300 ms.
        const rows = all(`SELECT document_id, json_group_array(user_id) AS user_ids FROM document_assignments WHERE project_id = ? AND user_id IN (${assignable}) GROUP BY document_id ORDER BY document_id`, projectId, projectId);
        for (const r of rows) assignments[r.document_id as string] = (JSON.parse(r.user_ids as string) as string[]).sort();
        return assignments;
      }),
    setAssignments: (projectId, documentId, userIds, by) =>
      run(() => (one('SELECT 1 AS found FROM documents WHERE project_id = ? AND id = ?', projectId, documentId) ? assignDocuments(projectId, [documentId], userIds, 'replace', by) : null)),
    assignDocuments: (projectId, documentIds, userIds, mode, by) => run(() => assignDocuments(projectId, documentIds, userIds, mode, by)),

    // deleting documents and accounts (a document's assignments go with its row: ON DELETE CASCADE)
    deleteDocument: (projectId, id) => run(() => deleteDocument(projectId, id)),
    deleteUser: (userId) => run(() => deleteUser(userId)),

    createCodeMerge: (m) =>
      run(() => {
        const { projectId, mergeId, undoneAt, undoneBy, legacy, ...record } = m;
        exec('INSERT INTO code_merges (project_id, id, record, undone_at, undone_by, legacy) VALUES (?, ?, ?, ?, ?, ?)', projectId, mergeId, JSON.stringify(record), undoneAt, undoneBy, legacy ? 1 : 0);
      }),
    findCodeMerge: (projectId, mergeId) =>
      run(() => {
        const r = one('SELECT * FROM code_merges WHERE project_id = ? AND id = ?', projectId, mergeId);
        if (!r) return null;
        return { ...(JSON.parse(r.record as string) as Omit<CodeMergeRecord, 'projectId' | 'mergeId' | 'undoneAt' | 'undoneBy' | 'legacy'>), projectId, mergeId, undoneAt: (r.undone_at as string | null) ?? null, undoneBy: (r.undone_by as string | null) ?? null, legacy: r.legacy === 1 };
      }),
    markCodeMergeUndone: (projectId, mergeId, by, at) =>
      run(() => exec('UPDATE code_merges SET undone_at = ?, undone_by = ? WHERE project_id = ? AND id = ? AND undone_at IS NULL', at, by, projectId, mergeId).changes === 1),
    createDecision: (d) => run(() => createDecision(d)),
    listDecisions: (projectId, documentId, options) =>
      run(() =>
        all(`SELECT * FROM decisions WHERE project_id = ? AND document_id = ?${options?.current ? ' AND superseded_by IS NULL' : ''} ORDER BY decided_at, rowid`, projectId, documentId).map(toDecision),
      ),
    removeDecision: (projectId, id) => run(() => removeDecision(projectId, id)),
    createLocusComment: (c) =>
      run(() => void exec('INSERT INTO locus_comments (project_id, document_id, id, locus_id, user_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', c.projectId, c.documentId, c.id, c.locusId, c.userId, c.body, c.createdAt)),
    listLocusComments: (projectId, documentId) =>
      run(() =>
        all('SELECT * FROM locus_comments WHERE project_id = ? AND document_id = ? ORDER BY created_at, rowid', projectId, documentId).map(toLocusComment),
      ),
    createRound: (r) =>
      run(() => {
        exec('INSERT INTO rounds (project_id, id, name, document_ids, phase, allow_post_hoc_edits, created_at, created_by, phase_changed_at, revealed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', r.projectId, r.id, r.name, JSON.stringify(r.documentIds), r.phase, r.allowPostHocEdits ? 1 : 0, r.createdAt, r.createdBy, r.phaseChangedAt, r.revealedAt);
      }),
    updateRound: (projectId, id, changes, options) =>
      run(() => {
        const sets: string[] = [];
        const values: unknown[] = [];
        if (changes.name !== undefined) (sets.push('name = ?'), values.push(changes.name));
        if (changes.documentIds !== undefined) (sets.push('document_ids = ?'), values.push(JSON.stringify(changes.documentIds)));
        if (changes.allowPostHocEdits !== undefined) (sets.push('allow_post_hoc_edits = ?'), values.push(changes.allowPostHocEdits ? 1 : 0));
        if (changes.phase !== undefined) (sets.push('phase = ?'), values.push(changes.phase));
        if (changes.phaseChangedAt !== undefined) (sets.push('phase_changed_at = ?'), values.push(changes.phaseChangedAt));
        if (changes.revealedAt !== undefined) (sets.push('revealed_at = ?'), values.push(changes.revealedAt));
        return updateRound(projectId, id, sets, values, options?.ifPhase);
      }),
    deleteRound: (projectId, id) => run(() => exec('DELETE FROM rounds WHERE project_id = ? AND id = ?', projectId, id).changes === 1),
    listRounds: (projectId) => run(() => all('SELECT * FROM rounds WHERE project_id = ? ORDER BY created_at, rowid', projectId).map(toRound)),
    findDocumentRound: (projectId, documentId) =>
      run(() => {
        const r = one("SELECT * FROM rounds r WHERE project_id = ? AND phase != 'setup' AND EXISTS (SELECT 1 FROM json_each(r.document_ids) WHERE value = ?) ORDER BY created_at DESC, rowid DESC LIMIT 1", projectId, documentId);
        return r ? toRound(r) : null;
      }),
    createSubmission: (s, snapshot) => run(() => createSubmission(s, snapshot)),
    listSubmissions: (projectId, roundId, options) =>
      run(() => {
        const filters = [options?.documentId !== undefined ? ' AND document_id = ?' : '', options?.current ? ' AND reopened_at IS NULL' : ''].join('');
        const params = options?.documentId !== undefined ? [projectId, roundId, options.documentId] : [projectId, roundId];
        return all(`SELECT ${submissionColumns} FROM round_submissions WHERE project_id = ? AND round_id = ?${filters} ORDER BY submitted_at, rowid`, ...params).map(toSubmission);
      }),
    reopenSubmission: (projectId, roundId, documentId, userId, by, at) => run(() => reopenSubmission(projectId, roundId, documentId, userId, by, at)),
    submissionSnapshot: (projectId, id) =>
      run(() => {
        const r = one('SELECT snapshot FROM round_submissions WHERE project_id = ? AND id = ?', projectId, id);
        return r ? new Uint8Array(r.snapshot as Buffer) : null;
      }),
    createMemo: (m, history) => run(() => createMemo(m, history)),
    findMemo: (projectId, id) => run(() => { const r = one('SELECT * FROM memos WHERE project_id = ? AND id = ?', projectId, id); return r ? toMemo(r) : null; }),
    listMemos: (projectId) => run(() => all('SELECT * FROM memos WHERE project_id = ? ORDER BY created_at DESC, id DESC', projectId).map(toMemo)),
    updateMemo: (projectId, id, changes, history) => run(() => updateMemo(projectId, id, changes, history)),
    deleteMemo: (projectId, id, history) => run(() => deleteMemo(projectId, id, history)),
    hasMigrated: (name) => run(() => one('SELECT 1 AS done FROM migrations WHERE name = ?', name) !== undefined),
    recordMigration: (name) => run(() => void exec('INSERT OR IGNORE INTO migrations (name, at) VALUES (?, ?)', name, now())),

    ping: () => run(() => void one('SELECT 1')),
    close: async () => {
      // What was asked for before the close is done first.
      await locked.idle();
      if (db.open) db.close();
    },
  };
}

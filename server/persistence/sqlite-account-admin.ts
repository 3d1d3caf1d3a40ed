import type Database from 'better-sqlite3';
import type { AccountAdminStore, PasswordResetRecord, UserSummary } from './account-admin-store.ts';
import type { UserRecord } from './directory-store.ts';
import { writeTransaction } from './sqlite-transaction.ts';

type Row = Record<string, unknown>;

/** The SQLite directory store's helpers this part runs on (the same connection, statement cache and error mapping). */
export interface SqliteAccess {
  run<T>(work: () => T): Promise<T>;
  one(sql: string, ...params: unknown[]): Row | undefined;
  all(sql: string, ...params: unknown[]): Row[];
  exec(sql: string, ...params: unknown[]): Database.RunResult;
}

const schema = `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS password_resets (
  id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_by TEXT, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS password_resets_user ON password_resets (user_id);
`;

/** Creates this part's tables, and the column added to `users` in place on existing databases. */
export function installAccountAdminSchema(db: Database.Database): void {
  db.exec(schema);
  const columns = new Set((db.prepare('PRAGMA table_info(users)').all() as { name: string }[]).map((c) => c.name));
  if (!columns.has('last_sign_in_at')) db.exec('ALTER TABLE users ADD COLUMN last_sign_in_at TEXT');
}

const toReset = (r: Row): PasswordResetRecord => ({
  id: r.id as string,
  userId: r.user_id as string,
  createdBy: (r.created_by as string | null) ?? null,
  createdAt: r.created_at as string,
  expiresAt: r.expires_at as string,
});

const toSummary = (r: Row): UserSummary => ({
  id: r.id as string,
  email: r.email as string,
  name: r.name as string,
  isAdmin: r.is_admin === 1,
  createdAt: r.created_at as string,
  lastSignInAt: (r.last_sign_in_at as string | null) ?? null,
  projectCount: r.project_count as number,
});

export function sqliteAccountAdmin(db: Database.Database, { run, one, all, exec }: SqliteAccess): AccountAdminStore {
  const findUser = (id: string): UserRecord | null => {
    const r = one('SELECT id, email, name, password_hash, is_admin, created_at FROM users WHERE id = ?', id);
    return r ? { id: r.id as string, email: r.email as string, name: r.name as string, passwordHash: r.password_hash as string, isAdmin: r.is_admin === 1, createdAt: r.created_at as string } : null;
  };

  const updateUserProfile = writeTransaction(db, (userId: string, changes: { readonly name?: string; readonly email?: string }): UserRecord | null => {
    const before = findUser(userId);
    if (!before) return null;
    if (changes.name !== undefined) exec('UPDATE users SET name = ? WHERE id = ?', changes.name, userId);
    if (changes.email !== undefined && changes.email !== before.email) {
      // A taken email (any case) fails on the UNIQUE NOCASE column: a conflict, nothing written.
      exec('UPDATE users SET email = ? WHERE id = ?', changes.email, userId);
      // Failed sign-ins are keyed by the email, last, after `:` or `|` (auth-service.ts): they follow it.
      const old = before.email.toLowerCase();
      const next = changes.email.toLowerCase();
      for (const separator of [':', '|']) {
        exec('UPDATE login_failures SET key = substr(key, 1, length(key) - length(?)) || ? WHERE substr(key, -length(?)) = ?', old, next, `${separator}${old}`, `${separator}${old}`);
      }
    }
    return findUser(userId);
  });

  const createPasswordReset = writeTransaction(db, (r: Parameters<AccountAdminStore['createPasswordReset']>[0]) => {
    exec('DELETE FROM password_resets WHERE user_id = ? OR expires_at <= ?', r.userId, r.createdAt);
    exec('INSERT INTO password_resets (id, secret_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', r.id, r.secretHash, r.userId, r.createdBy, r.createdAt, r.expiresAt);
  });

  const consumePasswordReset = writeTransaction(db, (secretHash: string, at: string): string | null => {
    const r = one('SELECT user_id FROM password_resets WHERE secret_hash = ? AND expires_at > ?', secretHash, at);
    if (!r) return null;
    exec('DELETE FROM password_resets WHERE user_id = ?', r.user_id);
    return r.user_id as string;
  });

  return {
    listUserSummaries: () =>
      run(() =>
        all(
          `SELECT u.id, u.email, u.name, u.is_admin, u.created_at, u.last_sign_in_at,
             (SELECT COUNT(*) FROM members m WHERE m.user_id = u.id) AS project_count
           FROM users u ORDER BY u.created_at, u.rowid`,
        ).map(toSummary),
      ),
    updateUserProfile: (userId, changes) => run(() => updateUserProfile(userId, changes)),
    recordSignIn: (userId, at) => run(() => void exec('UPDATE users SET last_sign_in_at = ? WHERE id = ?', at, userId)),

    readSetting: (key) => run(() => (one('SELECT value FROM settings WHERE key = ?', key)?.value as string | undefined) ?? null),
    writeSetting: (key, value) =>
      run(() => {
        if (value === null) exec('DELETE FROM settings WHERE key = ?', key);
        else exec('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at', key, value, new Date().toISOString());
      }),

    createPasswordReset: (r) => run(() => createPasswordReset(r)),
    findPasswordReset: (secretHash) => run(() => { const r = one('SELECT * FROM password_resets WHERE secret_hash = ?', secretHash); return r ? toReset(r) : null; }),
    consumePasswordReset: (secretHash, at) => run(() => consumePasswordReset(secretHash, at)),
  };
}

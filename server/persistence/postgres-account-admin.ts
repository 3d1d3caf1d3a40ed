import type { AccountAdminStore, PasswordResetRecord, UserSummary } from './account-admin-store.ts';
import type { UserRecord } from './directory-store.ts';
import type { PostgresDatabase, Sql } from './postgres-database.ts';

type Row = Record<string, unknown>;

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
  isAdmin: r.is_admin === true,
  createdAt: r.created_at as string,
  lastSignInAt: (r.last_sign_in_at as string | null) ?? null,
  projectCount: r.project_count as number,
});

/** The account-administration part of the PostgreSQL directory store (`sqlite-account-admin.ts`, in PostgreSQL's terms). */
export function postgresAccountAdmin(db: PostgresDatabase): AccountAdminStore {
  const findUser = async (sql: Sql, id: string): Promise<UserRecord | null> => {
    const r = await sql.one('SELECT id, email, name, password_hash, is_admin, created_at FROM users WHERE id = $1', [id]);
    return r ? { id: r.id as string, email: r.email as string, name: r.name as string, passwordHash: r.password_hash as string, isAdmin: r.is_admin === true, createdAt: r.created_at as string } : null;
  };

  return {
    listUserSummaries: async () =>
      (
        await db.all(
          `SELECT u.id, u.email, u.name, u.is_admin, u.created_at, u.last_sign_in_at,
             (SELECT COUNT(*) FROM members m WHERE m.user_id = u.id) AS project_count
           FROM users u ORDER BY u.created_at, u.ord`,
        )
      ).map(toSummary),
    updateUserProfile: (userId, changes) =>
      db.transaction(async (tx) => {
        // FOR UPDATE: a second change of the same account waits and then moves the failures from the email it left.
        const before = await tx.one('SELECT email FROM users WHERE id = $1 FOR UPDATE', [userId]);
        if (!before) return null;
        if (changes.name !== undefined) await tx.run('UPDATE users SET name = $1 WHERE id = $2', [changes.name, userId]);
        const oldEmail = before.email as string;
        if (changes.email !== undefined && changes.email !== oldEmail) {
          // A taken email (any case) fails on the unique index on lower(email): a conflict, nothing written.
          await tx.run('UPDATE users SET email = $1 WHERE id = $2', [changes.email, userId]);
          // Failed sign-ins are keyed by the email, last, after `:` or `|` (auth-service.ts): they follow it.
          const old = oldEmail.toLowerCase();
          const next = changes.email.toLowerCase();
          for (const separator of [':', '|']) {
            await tx.run('UPDATE login_failures SET key = left(key, length(key) - length($1::text)) || $2 WHERE right(key, length($3::text)) = $3', [old, next, `${separator}${old}`]);
          }
        }
        return findUser(tx, userId);
      }),
    recordSignIn: async (userId, at) => void (await db.run('UPDATE users SET last_sign_in_at = $1 WHERE id = $2', [at, userId])),

    readSetting: async (key) => ((await db.one('SELECT value FROM settings WHERE key = $1', [key]))?.value as string | undefined) ?? null,
    writeSetting: async (key, value) => {
      if (value === null) await db.run('DELETE FROM settings WHERE key = $1', [key]);
      else await db.run('INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at', [key, value, new Date().toISOString()]);
    },

    createPasswordReset: (r) =>
      db.transaction(async (tx) => {
        await tx.run('DELETE FROM password_resets WHERE user_id = $1 OR expires_at <= $2', [r.userId, r.createdAt]);
        await tx.run('INSERT INTO password_resets (id, secret_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [r.id, r.secretHash, r.userId, r.createdBy, r.createdAt, r.expiresAt]);
      }),
    findPasswordReset: async (secretHash) => {
      const r = await db.one('SELECT * FROM password_resets WHERE secret_hash = $1', [secretHash]);
      return r ? toReset(r) : null;
    },
    // The DELETE decides: of two requests racing for one link, the second waits for the first's
    // row lock, finds the row gone, and gets null.
    consumePasswordReset: (secretHash, at) =>
      db.transaction(async (tx) => {
        const r = await tx.one('DELETE FROM password_resets WHERE secret_hash = $1 AND expires_at > $2 RETURNING user_id', [secretHash, at]);
        if (!r) return null;
        await tx.run('DELETE FROM password_resets WHERE user_id = $1', [r.user_id]);
        return r.user_id as string;
      }),
  };
}

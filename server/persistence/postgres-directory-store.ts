import { isSameName, type AssignmentMode, type Role } from '../../shared/api/index.ts';
import { hasRole } from '../access/room-access.ts';
import type { CodeMergeRecord, DeletedUser, DirectoryStore, InviteAcceptance, MemberChange, NewUser, UserRecord } from './directory-store.ts';
import { submissionColumns, summaryColumns, toDecision, toDocument, toListedInvite, toLocusComment, toMember, toMemo, toProject, toRound, toSubmission, toSummary, toToken, toUser } from './directory-rows.ts';
import { StoreError } from './document-store.ts';
import { migratePostgres } from './migrations-postgres.ts';
import { postgresAccountAdmin } from './postgres-account-admin.ts';
import { LockClass, lockKey, openPostgresDatabase, type PostgresConnection, type PostgresDatabase, type Sql } from './postgres-database.ts';
import { postgresDocumentSets } from './postgres-document-sets.ts';
import { canonicalJson } from './history.ts';
import { appendHistory } from './postgres-history.ts';

const now = () => new Date().toISOString();

const assignable = `SELECT user_id FROM members WHERE project_id = $1 AND role IN ('coder', 'owner')`;

/** `SET a = $n, b = $n+1` for the changes given, numbered after `offset` parameters. */
function setClause(changes: readonly (readonly [column: string, value: unknown])[], offset = 0): { sql: string; values: unknown[] } {
  return { sql: changes.map(([column], i) => `${column} = $${offset + i + 1}`).join(', '), values: changes.map(([, value]) => value) };
}

/**
 * The DirectoryStore on PostgreSQL (`sqlite-directory-store.ts`, in PostgreSQL's terms; schema:
 * `migrations-baseline.ts`). SQLite's one writer made read-then-write sequences atomic; here two
 * servers write at once, so each such sequence is one statement (`UPDATE … WHERE uses < max_uses`,
 * `DELETE … RETURNING`), holds a row lock (`FOR UPDATE`), or is stated as a unique index that the
 * loser of a race violates (one current decision per locus, one current submission per coder,
 * document and round, set names, emails) — a `conflict` StoreError, as on SQLite.
 */
export function createPostgresDirectoryStore(db: PostgresDatabase): DirectoryStore {
  const findProject = async (sql: Sql, id: string) => {
    const r = await sql.one('SELECT * FROM projects WHERE id = $1', [id]);
    return r ? toProject(r) : null;
  };
  const findDocument = async (sql: Sql, projectId: string, id: string) => {
    const r = await sql.one('SELECT * FROM documents WHERE project_id = $1 AND id = $2', [projectId, id]);
    return r ? toDocument(r) : null;
  };

  const insertUser = async (sql: Sql, u: NewUser): Promise<UserRecord> => {
    const createdAt = now();
    await sql.run('INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [u.id, u.email, u.name, u.passwordHash, u.isAdmin, createdAt]);
    return { ...u, createdAt };
  };
  /**
   * Locks a project's row until the transaction ends. Every write that must keep a rule about the
   * project as a whole (an owner left, set and document names, a count of sets, the attribute
   * fields an import was planned on) takes it first, so such writes from two servers take turns
   * and each checks what the other committed. NO KEY UPDATE: inserts that merely reference the
   * project (documents, members, …) do not wait for it.
   */
  const lockProject = async (tx: Sql, projectId: string) => (await tx.one('SELECT id FROM projects WHERE id = $1 FOR NO KEY UPDATE', [projectId])) !== undefined;
  const memberRole = async (tx: Sql, projectId: string, userId: string) => (await tx.one('SELECT role FROM members WHERE project_id = $1 AND user_id = $2', [projectId, userId]))?.role as Role | undefined;
  const isOnlyOwner = async (tx: Sql, projectId: string, userId: string) =>
    (await memberRole(tx, projectId, userId)) === 'owner' && ((await tx.one("SELECT COUNT(*) AS n FROM members WHERE project_id = $1 AND role = 'owner'", [projectId]))!.n as number) === 1;
  const writeMember = async (tx: Sql, projectId: string, userId: string, role: Role) => {
    await tx.run('INSERT INTO members (project_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4) ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role', [projectId, userId, role, now()]);
    // A viewer codes nothing: made one, a member is no longer assigned (made a coder again, they start unassigned).
    if (role === 'viewer') await tx.run('DELETE FROM document_assignments WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
  };

  // document assignments: the cross products are built by PostgreSQL from arrays, so 5,000
  // documents × 50 members are a few statements, not 250,000 round trips.
  const assignDocuments = (projectId: string, documentIds: readonly string[], userIds: readonly string[], mode: AssignmentMode, by: string) =>
    db.transaction(async (tx) => {
      const documents = [...new Set(documentIds)];
      const users = [...new Set(userIds)];
      const missing = await tx.one('SELECT value FROM unnest($2::text[]) AS value WHERE value NOT IN (SELECT id FROM documents WHERE project_id = $1) LIMIT 1', [projectId, documents]);
      if (missing) throw new StoreError('conflict', `nothing was assigned: there is no document ${missing.value as string}`);
      // FOR SHARE on the members: a concurrent removal or demotion waits until these rows are in
      // (and then takes them with it), instead of slipping in between the check and the insert.
      const members = (await tx.all(`SELECT user_id FROM members WHERE project_id = $1 AND role IN ('coder', 'owner') AND user_id = ANY($2::text[]) FOR SHARE`, [projectId, users])).map((r) => r.user_id as string);
      const outsider = users.find((u) => !members.includes(u));
      if (outsider !== undefined) throw new StoreError('conflict', `nothing was assigned: ${outsider} is not a coder or owner of the project`);
      let removed = 0;
      let added = 0;
      if (mode === 'remove') {
        removed = await tx.run('DELETE FROM document_assignments WHERE project_id = $1 AND document_id = ANY($2::text[]) AND user_id = ANY($3::text[])', [projectId, documents, users]);
      } else {
        if (mode === 'replace') removed = await tx.run('DELETE FROM document_assignments WHERE project_id = $1 AND document_id = ANY($2::text[]) AND NOT (user_id = ANY($3::text[]))', [projectId, documents, users]);
        added = await tx.run(
          'INSERT INTO document_assignments (project_id, document_id, user_id, assigned_by, assigned_at) SELECT $1, d, u, $2, $3 FROM unnest($4::text[]) AS d, unnest($5::text[]) AS u ON CONFLICT DO NOTHING',
          [projectId, by, now(), documents, users],
        );
      }
      return { added, removed };
    });

  return {
    // administering accounts: the list, profiles, sign-ins, runtime settings, reset links (postgres-account-admin.ts)
    ...postgresAccountAdmin(db),
    // sets of documents (postgres-document-sets.ts)
    ...postgresDocumentSets(db),

    createUser: (u) => insertUser(db, u),
    // Sign-ups take turns on one advisory lock: the count and the insert see every committed account.
    createUserAdminIfFirst: (u, { onlyIfFirst }) =>
      db.transaction(async (tx) => {
        await lockKey(tx, LockClass.directory, 'first account');
        const first = (await tx.one('SELECT 1 AS found FROM users LIMIT 1')) === undefined;
        if (onlyIfFirst && !first) return null;
        return insertUser(tx, { ...u, isAdmin: first });
      }),
    findUserByEmail: async (email) => {
      const r = await db.one('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
      return r ? toUser(r) : null;
    },
    findUserById: async (id) => {
      const r = await db.one('SELECT * FROM users WHERE id = $1', [id]);
      return r ? toUser(r) : null;
    },
    setPasswordHash: async (userId, hash) => void (await db.run('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, userId])),
    countUsers: async () => (await db.one('SELECT COUNT(*) AS n FROM users'))!.n as number,
    findFirstAdmin: async () => {
      const r = await db.one('SELECT * FROM users WHERE is_admin ORDER BY created_at, id LIMIT 1');
      return r ? toUser(r) : null;
    },

    createSession: async (s) => void (await db.run('INSERT INTO sessions (id, token_hash, user_id, csrf_token, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [s.id, s.tokenHash, s.userId, s.csrfToken, s.expiresAt, now()])),
    findSession: async (tokenHash) => {
      const r = await db.one('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]);
      return r ? { id: r.id as string, userId: r.user_id as string, csrfToken: r.csrf_token as string, expiresAt: r.expires_at as string } : null;
    },
    deleteSession: async (id) => void (await db.run('DELETE FROM sessions WHERE id = $1', [id])),
    // One statement: the ids returned are exactly the sessions this call ended.
    deleteSessionsOfUser: async (userId, except) => (await db.all('DELETE FROM sessions WHERE user_id = $1 AND id != $2 RETURNING id', [userId, except ?? ''])).map((r) => r.id as string).sort(),
    liveSessionIds: async (ids, at) => new Set((await db.all('SELECT id FROM sessions WHERE id = ANY($1::text[]) AND expires_at > $2', [ids, at])).map((r) => r.id as string)),

    createApiToken: async (t) => {
      const createdAt = now();
      await db.run('INSERT INTO api_tokens (id, token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4, $5)', [t.id, t.tokenHash, t.userId, t.name, createdAt]);
      return { id: t.id, userId: t.userId, name: t.name, createdAt, lastUsedAt: null };
    },
    findApiToken: async (tokenHash) => {
      const r = await db.one('SELECT * FROM api_tokens WHERE token_hash = $1', [tokenHash]);
      return r ? toToken(r) : null;
    },
    listApiTokens: async (userId) => (await db.all('SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at', [userId])).map(toToken),
    touchApiToken: async (id, at) => void (await db.run('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [at, id])),
    deleteApiToken: async (userId, id) => (await db.run('DELETE FROM api_tokens WHERE id = $1 AND user_id = $2', [id, userId])) === 1,

    recordLoginFailure: async (key, at) => void (await db.run('INSERT INTO login_failures (key, at) VALUES ($1, $2)', [key, at])),
    countLoginFailures: async (key, since) => (await db.one('SELECT COUNT(*) AS n FROM login_failures WHERE key = $1 AND at >= $2', [key, since]))!.n as number,
    clearLoginFailures: async (key) => void (await db.run('DELETE FROM login_failures WHERE key = $1', [key])),

    createProject: ({ id, name, ownerId }) =>
      db.transaction(async (tx) => {
        const at = now();
        await tx.run('INSERT INTO projects (id, name, created_at, updated_at) VALUES ($1, $2, $3, $4)', [id, name, at, at]);
        if (ownerId) await tx.run('INSERT INTO members (project_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)', [id, ownerId, 'owner', at]);
        return (await findProject(tx, id))!;
      }),
    findProject: (id) => findProject(db, id),
    updateProject: async (id, changes) => {
      const set = setClause([
        ...(changes.name !== undefined ? [['name', changes.name] as const] : []),
        ...(changes.archived !== undefined ? [['archived', changes.archived] as const] : []),
        ...(changes.codingMode !== undefined ? [['coding_mode', changes.codingMode] as const] : []),
        ...(changes.codersEditCodebook !== undefined ? [['coders_edit_codebook', changes.codersEditCodebook] as const] : []),
        ...(changes.agreementVisibleInBlind !== undefined ? [['agreement_visible_in_blind', changes.agreementVisibleInBlind] as const] : []),
        ['updated_at', now()] as const,
      ]);
      const r = await db.one(`UPDATE projects SET ${set.sql} WHERE id = $${set.values.length + 1} RETURNING *`, [...set.values, id]);
      return r ? toProject(r) : null;
    },
    deleteProject: async (id) => void (await db.run('DELETE FROM projects WHERE id = $1', [id])),
    listProjectsOfUser: async (userId) => (await db.all(`SELECT ${summaryColumns}, m.role AS role FROM projects p JOIN members m ON m.project_id = p.id AND m.user_id = $1 ORDER BY p.updated_at DESC`, [userId])).map(toSummary),
    listAllProjects: async () => (await db.all(`SELECT ${summaryColumns}, NULL AS role FROM projects p ORDER BY p.updated_at DESC`)).map(toSummary),
    findMember: async (projectId, userId) => {
      const r = await db.one('SELECT m.*, u.name, u.email FROM members m JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 AND m.user_id = $2', [projectId, userId]);
      return r ? toMember(r) : null;
    },
    listMembers: async (projectId) => (await db.all('SELECT m.*, u.name, u.email FROM members m JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 ORDER BY m.joined_at', [projectId])).map(toMember),
    putMember: (projectId, userId, role) => db.transaction((tx) => writeMember(tx, projectId, userId, role)),
    // The member's assignments go with the row (ON DELETE CASCADE).
    removeMember: async (projectId, userId) => (await db.run('DELETE FROM members WHERE project_id = $1 AND user_id = $2', [projectId, userId])) === 1,
    // Under the project's lock: two owners demoting each other at once leave one owner.
    changeMemberRole: (projectId, userId, role) =>
      db.transaction(async (tx): Promise<MemberChange> => {
        if (!(await lockProject(tx, projectId)) || (await memberRole(tx, projectId, userId)) === undefined) return 'notMember';
        if (role !== 'owner' && (await isOnlyOwner(tx, projectId, userId))) return 'lastOwner';
        await writeMember(tx, projectId, userId, role);
        return 'changed';
      }),
    removeMemberUnlessLastOwner: (projectId, userId) =>
      db.transaction(async (tx): Promise<MemberChange> => {
        if (!(await lockProject(tx, projectId)) || (await memberRole(tx, projectId, userId)) === undefined) return 'notMember';
        if (await isOnlyOwner(tx, projectId, userId)) return 'lastOwner';
        await tx.run('DELETE FROM members WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
        return 'changed';
      }),

    createInvite: async (i) => void (await db.run('INSERT INTO invites (code_hash, project_id, role, max_uses, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [i.codeHash, i.projectId, i.role, i.maxUses, i.expiresAt, i.createdBy, now()])),
    findInvite: async (codeHash) => {
      const r = await db.one('SELECT * FROM invites WHERE code_hash = $1', [codeHash]);
      return r ? { projectId: r.project_id as string, role: r.role as Role, maxUses: r.max_uses as number, uses: r.uses as number, expiresAt: r.expires_at as string } : null;
    },
    // The invite's row is locked while it is checked and spent: of two people racing for its last use, the second sees it used up.
    acceptInvite: (codeHash, userId, at) =>
      db.transaction(async (tx): Promise<InviteAcceptance> => {
        const invite = await tx.one('SELECT project_id, role, max_uses, uses, expires_at FROM invites WHERE code_hash = $1 FOR UPDATE', [codeHash]);
        if (!invite) return { outcome: 'unknown' };
        if ((invite.expires_at as string) <= at) return { outcome: 'expired' };
        const projectId = invite.project_id as string;
        const role = invite.role as Role;
        const existing = await memberRole(tx, projectId, userId);
        if (existing && hasRole(existing, role)) return { outcome: 'alreadyMember', projectId, role: existing };
        if ((invite.uses as number) >= (invite.max_uses as number)) return { outcome: 'usedUp' };
        await tx.run('UPDATE invites SET uses = uses + 1 WHERE code_hash = $1', [codeHash]);
        await writeMember(tx, projectId, userId, role);
        return { outcome: 'joined', projectId, role };
      }),
    listInvites: async (projectId, at) =>
      (await db.all('SELECT * FROM invites WHERE project_id = $1 AND expires_at > $2 AND uses < max_uses ORDER BY created_at DESC', [projectId, at])).map(toListedInvite),
    deleteInvite: async (projectId, id) => (await db.run('DELETE FROM invites WHERE project_id = $1 AND left(code_hash, 16) = $2', [projectId, id])) > 0,

    // participant attributes: an imported table, in one transaction
    importAttributes: (projectId, fields, updates, options) =>
      db.transaction(async (tx) => {
        if (options?.ifFieldsAre !== undefined && (await lockProject(tx, projectId))) {
          const current = await tx.one('SELECT attribute_fields FROM projects WHERE id = $1', [projectId]);
          if (canonicalJson(JSON.parse(current!.attribute_fields as string)) !== canonicalJson(options.ifFieldsAre)) throw new StoreError('conflict', 'nothing was imported: the project’s attribute fields changed meanwhile');
        }
        if ((await tx.run('UPDATE projects SET attribute_fields = $1 WHERE id = $2', [JSON.stringify(fields), projectId])) !== 1) throw new StoreError('conflict', `nothing was imported: there is no project ${projectId}`);
        for (const { documentId, attributes } of updates) {
          // RFC 7396 merge, as SQLite's json_patch: values replace, a null value removes the
          // attribute, other attributes stay (stored attributes never hold a null).
          const changed = await tx.run('UPDATE documents SET attributes = jsonb_strip_nulls(attributes || $1::jsonb) WHERE project_id = $2 AND id = $3', [JSON.stringify(attributes), projectId, documentId]);
          if (changed !== 1) throw new StoreError('conflict', `nothing was imported: there is no document ${documentId}`);
        }
      }),

    createDocument: (d) =>
      db.transaction(async (tx) => {
        const createdAt = now();
        await tx.run('INSERT INTO documents (id, project_id, name, length, created_at) VALUES ($1, $2, $3, $4, $5)', [d.id, d.projectId, d.name, d.length, createdAt]);
        await tx.run('UPDATE projects SET updated_at = $1 WHERE id = $2', [createdAt, d.projectId]);
        return { ...d, attributes: {}, createdAt };
      }),
    updateDocument: (projectId, id, changes) =>
      db.transaction(async (tx) => {
        if (changes.name !== undefined) await lockProject(tx, projectId);
        const before = await tx.one('SELECT name FROM documents WHERE project_id = $1 AND id = $2', [projectId, id]);
        if (!before) return null;
        if (changes.name !== undefined && changes.name !== before.name) {
          // Compared as the client compares them (case and Unicode form), under the project's lock.
          const taken = (await tx.all('SELECT name FROM documents WHERE project_id = $1 AND id != $2', [projectId, id])).find((r) => isSameName(r.name as string, changes.name!));
          if (taken) throw new StoreError('conflict', `another document is already named ${taken.name as string}`);
          await tx.run('UPDATE documents SET name = $1 WHERE project_id = $2 AND id = $3', [changes.name, projectId, id]);
        }
        if (changes.length !== undefined) await tx.run('UPDATE documents SET length = $1 WHERE project_id = $2 AND id = $3', [changes.length, projectId, id]);
        // Merged in one statement (a concurrent change of another attribute is kept); a null value clears the attribute.
        if (changes.attributes !== undefined) await tx.run('UPDATE documents SET attributes = jsonb_strip_nulls(attributes || $1::jsonb) WHERE project_id = $2 AND id = $3', [JSON.stringify(changes.attributes), projectId, id]);
        return findDocument(tx, projectId, id);
      }),
    setAttributeFields: async (projectId, fields) => void (await db.run('UPDATE projects SET attribute_fields = $1 WHERE id = $2', [JSON.stringify(fields), projectId])),
    findDocument: (projectId, id) => findDocument(db, projectId, id),
    listDocuments: async (projectId) => (await db.all('SELECT * FROM documents WHERE project_id = $1 ORDER BY created_at, name', [projectId])).map(toDocument),

    // document assignments
    listAssignments: async (projectId) => {
      const assignments: Record<string, string[]> = {};
      // One row per document (not per pair): building a quarter of a million row objects is slow.
      const rows = await db.all(`SELECT document_id, array_agg(user_id) AS user_ids FROM document_assignments WHERE project_id = $1 AND user_id IN (${assignable}) GROUP BY document_id ORDER BY document_id`, [projectId]);
      for (const r of rows) assignments[r.document_id as string] = (r.user_ids as string[]).sort();
      return assignments;
    },
    setAssignments: async (projectId, documentId, userIds, by) => ((await findDocument(db, projectId, documentId)) ? assignDocuments(projectId, [documentId], userIds, 'replace', by) : null),
    assignDocuments: (projectId, documentIds, userIds, mode, by) => assignDocuments(projectId, documentIds, userIds, mode, by),

    // deleting documents and accounts (a document's assignments, sets, decisions, … go with its row: ON DELETE CASCADE)
    deleteDocument: (projectId, id) =>
      db.transaction(async (tx) => {
        // The project's row first, as every writer that touches it and its documents does (an
        // import): the other way round, two such writers would wait for each other.
        await lockProject(tx, projectId);
        const deleted = (await tx.run('DELETE FROM documents WHERE project_id = $1 AND id = $2', [projectId, id])) === 1;
        if (deleted) await tx.run('UPDATE projects SET updated_at = $1 WHERE id = $2', [now(), projectId]);
        return deleted;
      }),
    deleteUser: (userId) =>
      db.transaction(async (tx): Promise<DeletedUser | null> => {
        // The projects it is a member of first (in id order, as every other writer of members
        // locks one project): no owner change there can slip between the check and the delete.
        await tx.all('SELECT p.id FROM projects p JOIN members m ON m.project_id = p.id WHERE m.user_id = $1 ORDER BY p.id FOR NO KEY UPDATE OF p', [userId]);
        const user = await tx.one('SELECT email FROM users WHERE id = $1', [userId]);
        if (!user) return null;
        const stranded = await tx.one(
          `SELECT m.project_id FROM members m WHERE m.user_id = $1 AND m.role = 'owner'
             AND NOT EXISTS (SELECT 1 FROM members o WHERE o.project_id = m.project_id AND o.user_id != m.user_id AND o.role = 'owner')
             AND EXISTS (SELECT 1 FROM members o WHERE o.project_id = m.project_id AND o.user_id != m.user_id) LIMIT 1`,
          [userId],
        );
        if (stranded) throw new StoreError('conflict', `the account is the only owner of project ${stranded.project_id as string}, which has other members`);
        const ids = async (sql: string, column: string) => (await tx.all(sql, [userId])).map((r) => r[column] as string);
        const deleted: DeletedUser = {
          sessionIds: await ids('SELECT id FROM sessions WHERE user_id = $1 ORDER BY id', 'id'),
          tokenIds: await ids('SELECT id FROM api_tokens WHERE user_id = $1 ORDER BY id', 'id'),
          projectIds: await ids('SELECT project_id FROM members WHERE user_id = $1 ORDER BY project_id', 'project_id'),
        };
        // Failed sign-ins are keyed by the email, last, after `:` or `|` (auth-service.ts): they go with the account.
        const email = (user.email as string).toLowerCase();
        await tx.run('DELETE FROM login_failures WHERE right(key, length($1::text)) IN ($1, $2)', [`:${email}`, `|${email}`]);
        // Sessions, tokens, memberships (and their assignments), reset links, comments, submissions and memos go by ON DELETE CASCADE.
        await tx.run('DELETE FROM users WHERE id = $1', [userId]);
        return deleted;
      }),

    createCodeMerge: async (m) => {
      const { projectId, mergeId, undoneAt, undoneBy, legacy, ...record } = m;
      await db.run('INSERT INTO code_merges (project_id, id, record, undone_at, undone_by, legacy) VALUES ($1, $2, $3, $4, $5, $6)', [projectId, mergeId, JSON.stringify(record), undoneAt, undoneBy, legacy]);
    },
    findCodeMerge: async (projectId, mergeId) => {
      const r = await db.one('SELECT * FROM code_merges WHERE project_id = $1 AND id = $2', [projectId, mergeId]);
      if (!r) return null;
      return { ...(JSON.parse(r.record as string) as Omit<CodeMergeRecord, 'projectId' | 'mergeId' | 'undoneAt' | 'undoneBy' | 'legacy'>), projectId, mergeId, undoneAt: (r.undone_at as string | null) ?? null, undoneBy: (r.undone_by as string | null) ?? null, legacy: r.legacy === true };
    },
    markCodeMergeUndone: async (projectId, mergeId, by, at) => (await db.run('UPDATE code_merges SET undone_at = $1, undone_by = $2 WHERE project_id = $3 AND id = $4 AND undone_at IS NULL', [at, by, projectId, mergeId])) === 1,

    // One current decision per locus is also a unique index (decisions_current): of two servers
    // deciding one locus at once, the second insert fails and is a conflict, as here.
    createDecision: (d) =>
      db.transaction(async (tx) => {
        const current = await tx.one('SELECT id FROM decisions WHERE project_id = $1 AND document_id = $2 AND locus_id = $3 AND superseded_by IS NULL', [d.projectId, d.documentId, d.locusId]);
        if (current && current.id !== d.supersedes) throw new StoreError('conflict', `locus ${d.locusId} already has decision ${current.id as string}`);
        if (d.supersedes && (await tx.run('UPDATE decisions SET superseded_by = $1 WHERE project_id = $2 AND id = $3 AND superseded_by IS NULL', [d.id, d.projectId, d.supersedes])) !== 1) {
          throw new StoreError('conflict', `decision ${d.supersedes} is not the current decision of locus ${d.locusId}`);
        }
        const { projectId, documentId, id, locusId, decidedAt, supersedes, supersededBy, ...record } = d;
        void supersededBy;
        await tx.run('INSERT INTO decisions (project_id, document_id, id, locus_id, record, decided_at, supersedes) VALUES ($1, $2, $3, $4, $5, $6, $7)', [projectId, documentId, id, locusId, JSON.stringify(record), decidedAt, supersedes]);
      }),
    listDecisions: async (projectId, documentId, options) =>
      (await db.all(`SELECT * FROM decisions WHERE project_id = $1 AND document_id = $2${options?.current ? ' AND superseded_by IS NULL' : ''} ORDER BY decided_at, ord`, [projectId, documentId])).map(toDecision),
    // Deleted first, then the one it superseded is current again: never two current at once.
    removeDecision: (projectId, id) =>
      db.transaction(async (tx) => {
        await tx.run('DELETE FROM decisions WHERE project_id = $1 AND id = $2', [projectId, id]);
        await tx.run('UPDATE decisions SET superseded_by = NULL WHERE project_id = $1 AND superseded_by = $2', [projectId, id]);
      }),
    createLocusComment: async (c) => void (await db.run('INSERT INTO locus_comments (project_id, document_id, id, locus_id, user_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [c.projectId, c.documentId, c.id, c.locusId, c.userId, c.body, c.createdAt])),
    listLocusComments: async (projectId, documentId) =>
      (await db.all('SELECT * FROM locus_comments WHERE project_id = $1 AND document_id = $2 ORDER BY created_at, ord', [projectId, documentId])).map(toLocusComment),

    createRound: async (r) =>
      void (await db.run('INSERT INTO rounds (project_id, id, name, document_ids, phase, allow_post_hoc_edits, created_at, created_by, phase_changed_at, revealed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
        r.projectId, r.id, r.name, JSON.stringify(r.documentIds), r.phase, r.allowPostHocEdits, r.createdAt, r.createdBy, r.phaseChangedAt, r.revealedAt,
      ])),
    updateRound: (projectId, id, changes, options) =>
      db.transaction(async (tx) => {
        // The row is locked while its phase is compared: a phase moves on once, however many ask at once.
        const before = await tx.one('SELECT phase FROM rounds WHERE project_id = $1 AND id = $2 FOR UPDATE', [projectId, id]);
        if (!before) return null;
        if (options?.ifPhase !== undefined && before.phase !== options.ifPhase) throw new StoreError('conflict', `the round is no longer in ${options.ifPhase} (it is in ${before.phase as string})`);
        const set = setClause([
          ...(changes.name !== undefined ? [['name', changes.name] as const] : []),
          ...(changes.documentIds !== undefined ? [['document_ids', JSON.stringify(changes.documentIds)] as const] : []),
          ...(changes.allowPostHocEdits !== undefined ? [['allow_post_hoc_edits', changes.allowPostHocEdits] as const] : []),
          ...(changes.phase !== undefined ? [['phase', changes.phase] as const] : []),
          ...(changes.phaseChangedAt !== undefined ? [['phase_changed_at', changes.phaseChangedAt] as const] : []),
          ...(changes.revealedAt !== undefined ? [['revealed_at', changes.revealedAt] as const] : []),
        ]);
        const r =
          set.values.length > 0
            ? await tx.one(`UPDATE rounds SET ${set.sql} WHERE project_id = $${set.values.length + 1} AND id = $${set.values.length + 2} RETURNING *`, [...set.values, projectId, id])
            : await tx.one('SELECT * FROM rounds WHERE project_id = $1 AND id = $2', [projectId, id]);
        return toRound(r!);
      }),
    deleteRound: async (projectId, id) => (await db.run('DELETE FROM rounds WHERE project_id = $1 AND id = $2', [projectId, id])) === 1,
    listRounds: async (projectId) => (await db.all('SELECT * FROM rounds WHERE project_id = $1 ORDER BY created_at, ord', [projectId])).map(toRound),
    findDocumentRound: async (projectId, documentId) => {
      const r = await db.one("SELECT * FROM rounds WHERE project_id = $1 AND phase != 'setup' AND document_ids @> jsonb_build_array($2::text) ORDER BY created_at DESC, ord DESC LIMIT 1", [projectId, documentId]);
      return r ? toRound(r) : null;
    },
    // Re-opening the current submission and storing the new one under a lock per coder, document
    // and round: a second submission of the same at the same moment waits, then supersedes this one.
    createSubmission: (s, snapshot) =>
      db.transaction(async (tx) => {
        await lockKey(tx, LockClass.directory, JSON.stringify(['submission', s.projectId, s.roundId, s.documentId, s.userId]));
        await tx.run('UPDATE round_submissions SET reopened_at = $1, reopened_by = $2 WHERE project_id = $3 AND round_id = $4 AND document_id = $5 AND user_id = $2 AND reopened_at IS NULL', [s.submittedAt, s.userId, s.projectId, s.roundId, s.documentId]);
        await tx.run('INSERT INTO round_submissions (project_id, round_id, id, document_id, user_id, submitted_at, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7)', [s.projectId, s.roundId, s.id, s.documentId, s.userId, s.submittedAt, snapshot]);
      }),
    listSubmissions: async (projectId, roundId, options) => {
      const params: unknown[] = [projectId, roundId];
      let filters = '';
      if (options?.documentId !== undefined) {
        params.push(options.documentId);
        filters += ' AND document_id = $3';
      }
      if (options?.current) filters += ' AND reopened_at IS NULL';
      return (await db.all(`SELECT ${submissionColumns} FROM round_submissions WHERE project_id = $1 AND round_id = $2${filters} ORDER BY submitted_at, ord`, params)).map(toSubmission);
    },
    // One statement: of two re-openings racing, the second finds no current submission.
    reopenSubmission: async (projectId, roundId, documentId, userId, by, at) => {
      const r = await db.one(`UPDATE round_submissions SET reopened_at = $1, reopened_by = $2 WHERE project_id = $3 AND round_id = $4 AND document_id = $5 AND user_id = $6 AND reopened_at IS NULL RETURNING ${submissionColumns}`, [at, by, projectId, roundId, documentId, userId]);
      return r ? toSubmission(r) : null;
    },
    submissionSnapshot: async (projectId, id) => {
      const r = await db.one('SELECT snapshot FROM round_submissions WHERE project_id = $1 AND id = $2', [projectId, id]);
      return r ? new Uint8Array(r.snapshot as Buffer) : null;
    },

    // memos: each write and its history event in one transaction (the event is appended to the
    // project's chain in the `history` table the document store reads, in this same schema).
    createMemo: (m, history) =>
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO memos (project_id, id, document_id, author_id, title, text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [m.projectId, m.id, m.documentId, m.authorId, m.title, m.text, m.createdAt, m.updatedAt]);
        await appendHistory(tx, m.projectId, history.room, [history.event]);
      }),
    findMemo: async (projectId, id) => {
      const r = await db.one('SELECT * FROM memos WHERE project_id = $1 AND id = $2', [projectId, id]);
      return r ? toMemo(r) : null;
    },
    listMemos: async (projectId) => (await db.all('SELECT * FROM memos WHERE project_id = $1 ORDER BY created_at DESC, id DESC', [projectId])).map(toMemo),
    updateMemo: (projectId, id, changes, history) =>
      db.transaction(async (tx) => {
        const r = await tx.one('UPDATE memos SET title = coalesce($1, title), text = coalesce($2, text), updated_at = $3 WHERE project_id = $4 AND id = $5 RETURNING *', [changes.title ?? null, changes.text ?? null, changes.updatedAt, projectId, id]);
        if (!r) return null;
        await appendHistory(tx, projectId, history.room, [history.event]);
        return toMemo(r);
      }),
    deleteMemo: (projectId, id, history) =>
      db.transaction(async (tx) => {
        if ((await tx.run('DELETE FROM memos WHERE project_id = $1 AND id = $2', [projectId, id])) !== 1) return false;
        await appendHistory(tx, projectId, history.room, [history.event]);
        return true;
      }),

    hasMigrated: async (name) => (await db.one('SELECT 1 AS done FROM migrations WHERE name = $1', [name])) !== undefined,
    recordMigration: async (name) => void (await db.run('INSERT INTO migrations (name, at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, now()])),

    ping: async () => void (await db.one('SELECT 1 AS ok')),
    close: () => db.close(),
  };
}

/** Opens a pool on `connection`, brings its schema to this code's version, and serves the store on it. */
export async function openPostgresDirectoryStore(connection: PostgresConnection): Promise<DirectoryStore> {
  const db = openPostgresDatabase(connection);
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return createPostgresDirectoryStore(db);
}

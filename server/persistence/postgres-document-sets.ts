import type { SetMembershipMode } from '../../shared/api/index.ts';
import type { DocumentSetRecord, DocumentSetStore, SetMembershipChange } from './document-set-store.ts';
import { StoreError } from './document-store.ts';
import type { PostgresDatabase, Sql } from './postgres-database.ts';

type Row = Record<string, unknown>;

const toSet = (r: Row): DocumentSetRecord => ({
  id: r.id as string,
  projectId: r.project_id as string,
  name: r.name as string,
  createdAt: r.created_at as string,
  documentIds: ((r.document_ids as (string | null)[] | null) ?? []).filter((id): id is string => id !== null).sort(),
});

// One row per set with its members as an array (a set without members gives {NULL}). Sorted as
// SQLite's NOCASE sorts: ASCII letters folded, then by code point.
const setsSql = (where: string) => `SELECT s.project_id, s.id, s.name, s.created_at, array_agg(m.document_id) AS document_ids FROM document_sets s
  LEFT JOIN document_set_members m ON m.project_id = s.project_id AND m.set_id = s.id
  WHERE s.project_id = $1${where} GROUP BY s.project_id, s.id ORDER BY lower(s.name) COLLATE "C", s.id`;

/**
 * The sets-of-documents part of the PostgreSQL directory store (`sqlite-document-sets.ts`, in
 * PostgreSQL's terms). Set names are unique per project whatever their case (a unique index on
 * `lower(name)`), so two servers creating the same name at once get one set and one conflict.
 */
export function postgresDocumentSets(db: PostgresDatabase): DocumentSetStore {
  const findSet = async (sql: Sql, projectId: string, setId: string) => {
    const r = await sql.one(setsSql(' AND s.id = $2'), [projectId, setId]);
    return r ? toSet(r) : null;
  };
  /** Throws a conflict naming the first id that is not a document of the project. */
  const checkDocuments = async (tx: Sql, projectId: string, documentIds: readonly string[]) => {
    const missing = await tx.one('SELECT value FROM unnest($1::text[]) AS value WHERE value NOT IN (SELECT id FROM documents WHERE project_id = $2) LIMIT 1', [documentIds, projectId]);
    if (missing) throw new StoreError('conflict', `nothing was changed: there is no document ${missing.value as string}`);
  };
  const addMembers = (tx: Sql, projectId: string, setId: string, documentIds: readonly string[], at: string) =>
    tx.run('INSERT INTO document_set_members (project_id, set_id, document_id, added_at) SELECT $1, $2, value, $3 FROM unnest($4::text[]) AS value ON CONFLICT DO NOTHING', [projectId, setId, at, documentIds]);
  const nameTaken = async (tx: Sql, projectId: string, name: string, except: string | null) => {
    const other = await tx.one('SELECT id FROM document_sets WHERE project_id = $1 AND lower(name) = lower($2) AND id != $3', [projectId, name, except ?? '']);
    if (other) throw new StoreError('conflict', `there is already a set named ${name}`);
  };
  const setExists = async (tx: Sql, projectId: string, setId: string) => (await tx.one('SELECT 1 AS found FROM document_sets WHERE project_id = $1 AND id = $2 FOR UPDATE', [projectId, setId])) !== undefined;

  return {
    listDocumentSets: async (projectId) => (await db.all(setsSql(''), [projectId])).map(toSet),
    createDocumentSet: (input, documentIds = [], options) =>
      db.transaction(async (tx): Promise<DocumentSetRecord | null> => {
        // The project's row is locked while its sets are counted: two requests racing for the last place cannot both take it.
        await tx.one('SELECT id FROM projects WHERE id = $1 FOR NO KEY UPDATE', [input.projectId]);
        if (options?.maxSets !== undefined && ((await tx.one('SELECT COUNT(*) AS n FROM document_sets WHERE project_id = $1', [input.projectId]))!.n as number) >= options.maxSets) return null;
        await nameTaken(tx, input.projectId, input.name, null);
        const ids = [...new Set(documentIds)];
        await checkDocuments(tx, input.projectId, ids);
        await tx.run('INSERT INTO document_sets (project_id, id, name, created_at) VALUES ($1, $2, $3, $4)', [input.projectId, input.id, input.name, input.createdAt]);
        await addMembers(tx, input.projectId, input.id, ids, input.createdAt);
        return (await findSet(tx, input.projectId, input.id))!;
      }),
    renameDocumentSet: (projectId, setId, name) =>
      db.transaction(async (tx) => {
        if (!(await setExists(tx, projectId, setId))) return null;
        await nameTaken(tx, projectId, name, setId);
        await tx.run('UPDATE document_sets SET name = $1 WHERE project_id = $2 AND id = $3', [name, projectId, setId]);
        return findSet(tx, projectId, setId);
      }),
    // Its memberships go with it (ON DELETE CASCADE).
    deleteDocumentSet: async (projectId, setId) => (await db.run('DELETE FROM document_sets WHERE project_id = $1 AND id = $2', [projectId, setId])) === 1,
    changeDocumentSetMembers: (projectId, setId, documentIds, mode: SetMembershipMode) =>
      db.transaction(async (tx): Promise<SetMembershipChange | null> => {
        if (!(await setExists(tx, projectId, setId))) return null;
        const ids = [...new Set(documentIds)];
        await checkDocuments(tx, projectId, ids);
        let added = 0;
        let removed = 0;
        if (mode === 'add') added = await addMembers(tx, projectId, setId, ids, new Date().toISOString());
        else removed = await tx.run('DELETE FROM document_set_members WHERE project_id = $1 AND set_id = $2 AND document_id = ANY($3::text[])', [projectId, setId, ids]);
        return { added, removed, set: (await findSet(tx, projectId, setId))! };
      }),
  };
}

import type Database from 'better-sqlite3';
import type { SetMembershipMode } from '../../shared/api/index.ts';
import type { DocumentSetRecord, DocumentSetStore, NewDocumentSet, SetMembershipChange } from './document-set-store.ts';
import { StoreError } from './document-store.ts';
import type { SqliteAccess } from './sqlite-account-admin.ts';
import { writeTransaction } from './sqlite-transaction.ts';

type Row = Record<string, unknown>;

// Memberships go with their set and with their document (foreign keys, ON DELETE CASCADE), and
// sets with their project: deleting a document or a project leaves no membership behind. The
// index on the document serves those cascades.
const schema = `
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
`;

/** Creates this part's tables (on existing databases too: they are new). */
export function installDocumentSetSchema(db: Database.Database): void {
  db.exec(schema);
}

export function sqliteDocumentSets(db: Database.Database, { run, one, all, exec }: SqliteAccess): DocumentSetStore {
  const toSet = (r: Row): DocumentSetRecord => ({
    id: r.id as string,
    projectId: r.project_id as string,
    name: r.name as string,
    createdAt: r.created_at as string,
    documentIds: (JSON.parse(r.document_ids as string) as (string | null)[]).filter((id): id is string => id !== null).sort(),
  });
  // One row per set with its members as a JSON array (a set without members gives [null]).
  const setsSql = (where: string) => `SELECT s.*, json_group_array(m.document_id) AS document_ids FROM document_sets s
    LEFT JOIN document_set_members m ON m.project_id = s.project_id AND m.set_id = s.id
    WHERE s.project_id = ?${where} GROUP BY s.project_id, s.id ORDER BY s.name COLLATE NOCASE, s.id`;
  const findSet = (projectId: string, setId: string): DocumentSetRecord | null => {
    const r = one(setsSql(' AND s.id = ?'), projectId, setId);
    return r ? toSet(r) : null;
  };

  /** Throws a conflict naming the first id that is not a document of the project. */
  const checkDocuments = (projectId: string, documentIds: string) => {
    const missing = one('SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM documents WHERE project_id = ?) LIMIT 1', documentIds, projectId);
    if (missing) throw new StoreError('conflict', `nothing was changed: there is no document ${missing.value as string}`);
  };
  const addMembers = (projectId: string, setId: string, documentIds: string, at: string) =>
    exec('INSERT OR IGNORE INTO document_set_members (project_id, set_id, document_id, added_at) SELECT ?, ?, value, ? FROM json_each(?)', projectId, setId, at, documentIds).changes;
  const nameTaken = (projectId: string, name: string, except: string | null) => {
    const other = one('SELECT id FROM document_sets WHERE project_id = ? AND name = ? COLLATE NOCASE AND id != ?', projectId, name, except ?? '');
    if (other) throw new StoreError('conflict', `there is already a set named ${name}`);
  };

  const createSet = writeTransaction(db, (input: NewDocumentSet, documentIds: readonly string[], maxSets: number | undefined): DocumentSetRecord | null => {
    if (maxSets !== undefined && (one('SELECT COUNT(*) AS n FROM document_sets WHERE project_id = ?', input.projectId)!.n as number) >= maxSets) return null;
    nameTaken(input.projectId, input.name, null);
    const ids = JSON.stringify([...new Set(documentIds)]);
    checkDocuments(input.projectId, ids);
    exec('INSERT INTO document_sets (project_id, id, name, created_at) VALUES (?, ?, ?, ?)', input.projectId, input.id, input.name, input.createdAt);
    addMembers(input.projectId, input.id, ids, input.createdAt);
    return findSet(input.projectId, input.id)!;
  });
  const renameSet = writeTransaction(db, (projectId: string, setId: string, name: string) => {
    if (!one('SELECT 1 AS found FROM document_sets WHERE project_id = ? AND id = ?', projectId, setId)) return null;
    nameTaken(projectId, name, setId);
    exec('UPDATE document_sets SET name = ? WHERE project_id = ? AND id = ?', name, projectId, setId);
    return findSet(projectId, setId);
  });
  const changeMembers = writeTransaction(db, (projectId: string, setId: string, documentIds: readonly string[], mode: SetMembershipMode): SetMembershipChange | null => {
    if (!one('SELECT 1 AS found FROM document_sets WHERE project_id = ? AND id = ?', projectId, setId)) return null;
    const ids = JSON.stringify([...new Set(documentIds)]);
    checkDocuments(projectId, ids);
    let added = 0;
    let removed = 0;
    if (mode === 'add') added = addMembers(projectId, setId, ids, new Date().toISOString());
    else removed = exec('DELETE FROM document_set_members WHERE project_id = ? AND set_id = ? AND document_id IN (SELECT value FROM json_each(?))', projectId, setId, ids).changes;
    return { added, removed, set: findSet(projectId, setId)! };
  });

  return {
    listDocumentSets: (projectId) => run(() => all(setsSql(''), projectId).map(toSet)),
    createDocumentSet: (input, documentIds = [], options) => run(() => createSet(input, documentIds, options?.maxSets)),
    renameDocumentSet: (projectId, setId, name) => run(() => renameSet(projectId, setId, name)),
    // Its memberships go with it (ON DELETE CASCADE).
    deleteDocumentSet: (projectId, setId) => run(() => exec('DELETE FROM document_sets WHERE project_id = ? AND id = ?', projectId, setId).changes === 1),
    changeDocumentSetMembers: (projectId, setId, documentIds, mode) => run(() => changeMembers(projectId, setId, documentIds, mode)),
  };
}

import { Hono } from 'hono';
import type { ChangeSetDocumentsResponse, DocumentSetsResponse, DocumentSetView } from '../../shared/api/index.ts';
import { ApiErrorCode, maxDocumentSetNameLength, maxDocumentSetsPerProject, maxSetDocumentsPerRequest, setMembershipModes, type SetMembershipMode } from '../../shared/api/index.ts';
import { createId } from '../auth/secret-token.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentSetRecord } from '../persistence/document-set-store.ts';
import { StoreError } from '../persistence/document-store.ts';
import { ApiError, notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readJsonObject, requireString } from './body.ts';
import { loadProjectAs } from './project-access.ts';

export interface SetRouteDeps {
  readonly directory: DirectoryStore;
}

const maxIdLength = 64;

const toSetView = (s: DocumentSetRecord): DocumentSetView => ({ id: s.id, name: s.name, documentIds: s.documentIds, createdAt: s.createdAt });

const readName = (body: Record<string, unknown>) => requireString(body, 'name', { max: maxDocumentSetNameLength, missing: 'Give the set a name, such as “Wave 1” or “Clinic A”' });

/** Document ids, 0…5,000 of them (at least one when `required`), each a short string; 422 naming the field otherwise. */
function readDocumentIds(body: Record<string, unknown>, required: boolean): string[] {
  const value = body.documentIds;
  if (value === undefined && !required) return [];
  if (!Array.isArray(value)) throw new ApiError(ApiErrorCode.validation, 'documentIds must be a list of document ids', 'documentIds');
  if (required && value.length === 0) throw new ApiError(ApiErrorCode.validation, 'documentIds must name at least one document', 'documentIds');
  if (value.length > maxSetDocumentsPerRequest) {
    throw new ApiError(ApiErrorCode.validation, `documentIds may name at most ${maxSetDocumentsPerRequest.toLocaleString('en')} documents in one request`, 'documentIds');
  }
  if (value.some((v) => typeof v !== 'string' || v.length === 0 || v.length > maxIdLength)) {
    throw new ApiError(ApiErrorCode.validation, `documentIds must hold document ids (strings of 1 to ${maxIdLength} characters)`, 'documentIds');
  }
  return [...new Set(value as string[])];
}

/**
 * Sets of documents: `GET /projects/:id/sets` (any member), and for owners `POST …/sets`,
 * `PATCH`/`DELETE …/sets/:setId` and `POST …/sets/:setId/documents` (add or remove). A set only
 * groups documents for the people managing them: no statistic reads it, so a change moves no
 * project version.
 */
export function setRoutes(deps: SetRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { directory } = deps;

  /** The store checks names and documents again in its transaction: what it refuses is a conflict (409). */
  const store = async <T>(work: () => Promise<T>, what: (error: StoreError) => string): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'conflict') throw new ApiError(ApiErrorCode.conflict, what(error));
      throw error;
    }
  };
  const nameConflict = (name: string) => () => `There is already a set named “${name}” in this project; choose another name`;

  /** 422 naming the first id that is not a document of the project, before anything is written. */
  const checkDocuments = async (projectId: string, documentIds: readonly string[]) => {
    if (documentIds.length === 0) return;
    const known = new Set((await directory.listDocuments(projectId)).map((d) => d.id));
    const unknown = documentIds.find((id) => !known.has(id));
    if (unknown !== undefined) throw new ApiError(ApiErrorCode.validation, `There is no document ${unknown} in this project`, 'documentIds');
  };

  app.get('/projects/:id/sets', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    return c.json<DocumentSetsResponse>({ sets: (await directory.listDocumentSets(project.id)).map(toSetView) });
  });

  app.post('/projects/:id/sets', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const name = readName(body);
    const documentIds = readDocumentIds(body, false);
    await checkDocuments(project.id, documentIds);
    // The store counts the sets in the transaction that adds one, so two requests cannot both take the last place.
    const set = await store(
      () => directory.createDocumentSet({ id: createId(), projectId: project.id, name, createdAt: new Date().toISOString() }, documentIds, { maxSets: maxDocumentSetsPerProject }),
      (error) => (error.message.includes('already a set named') ? nameConflict(name)() : 'A document went while the set was being stored; nothing was stored. Reload and try again.'),
    );
    if (!set) throw new ApiError(ApiErrorCode.validation, `A project may have at most ${maxDocumentSetsPerProject} sets; delete one you no longer use first`, 'name');
    return c.json<DocumentSetView>(toSetView(set), 201);
  });

  app.patch('/projects/:id/sets/:setId', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const name = readName(await readJsonObject(c));
    const set = await store(() => directory.renameDocumentSet(project.id, c.req.param('setId'), name), nameConflict(name));
    if (!set) throw notFound('Set');
    return c.json<DocumentSetView>(toSetView(set));
  });

  // Deletes the set, never its documents.
  app.delete('/projects/:id/sets/:setId', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    if (!(await directory.deleteDocumentSet(project.id, c.req.param('setId')))) throw notFound('Set');
    return c.body(null, 204);
  });

  app.post('/projects/:id/sets/:setId/documents', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const mode = body.mode;
    if (typeof mode !== 'string' || !(setMembershipModes as readonly string[]).includes(mode)) {
      throw new ApiError(ApiErrorCode.validation, `mode must be one of ${setMembershipModes.join(', ')}`, 'mode');
    }
    const documentIds = readDocumentIds(body, true);
    await checkDocuments(project.id, documentIds);
    const change = await store(
      () => directory.changeDocumentSetMembers(project.id, c.req.param('setId'), documentIds, mode as SetMembershipMode),
      () => 'A document went while the set was being changed; nothing was changed. Reload and try again.',
    );
    if (!change) throw notFound('Set');
    return c.json<ChangeSetDocumentsResponse>({ added: change.added, removed: change.removed, set: toSetView(change.set) });
  });

  return app;
}

import { Hono } from 'hono';
import type { AssignDocumentsResponse, AssignmentsResponse, SetAssignmentsResponse } from '../../shared/api/index.ts';
import { ApiErrorCode, assignmentModes, maxAssignedDocumentsPerRequest, maxAssigneesPerRequest, maxAssignmentPairsPerRequest, type AssignmentMode } from '../../shared/api/index.ts';
import type { AccessEvents } from '../access/access-events.ts';
import type { Principal } from '../auth/principal.ts';
import type { AssignmentChange, DirectoryStore } from '../persistence/directory-store.ts';
import { StoreError } from '../persistence/document-store.ts';
import { ApiError, notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readJsonObject } from './body.ts';
import { loadProjectAs } from './project-access.ts';

export interface AssignmentRouteDeps {
  readonly directory: DirectoryStore;
  readonly events: AccessEvents;
}

const maxIdLength = 64;
const actorId = (principal: Principal) => (principal.kind === 'admin' ? 'admin' : principal.user.id);

/** A list of distinct ids, `min`…`max` of them, each a short string; 422 naming the field otherwise. */
function readIds(body: Record<string, unknown>, field: string, min: number, max: number, what: string): string[] {
  const value = body[field];
  if (!Array.isArray(value)) throw new ApiError(ApiErrorCode.validation, `${field} must be a list of ${what} ids`, field);
  if (value.length < min) throw new ApiError(ApiErrorCode.validation, `${field} must name at least ${min} ${what}${min === 1 ? '' : 's'}`, field);
  if (value.length > max) throw new ApiError(ApiErrorCode.validation, `${field} may name at most ${max.toLocaleString('en')} ${what}s in one request`, field);
  const bad = value.find((v) => typeof v !== 'string' || v.length === 0 || v.length > maxIdLength);
  if (bad !== undefined) throw new ApiError(ApiErrorCode.validation, `${field} must hold ${what} ids (strings of 1 to ${maxIdLength} characters)`, field);
  return [...new Set(value as string[])];
}

/**
 * Assignments: `GET /projects/:id/assignments` (any member), `PUT
 * /projects/:id/documents/:docId/assignments` and the bulk `POST /projects/:id/assignments`
 * (owners). Only coders and owners can be assigned. A change is stated as a `projectChanged`
 * access event, which moves the project's agreement version, so agreement, progress and pathways
 * recompute (and their ETags change) although no room was stored.
 */
export function assignmentRoutes(deps: AssignmentRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { directory } = deps;

  /** Every id must be a member who codes: 422 naming the first who is not (by name when a member). */
  const checkAssignable = async (projectId: string, userIds: readonly string[]) => {
    const members = new Map((await directory.listMembers(projectId)).map((m) => [m.userId, m]));
    for (const userId of userIds) {
      const member = members.get(userId);
      if (!member) throw new ApiError(ApiErrorCode.validation, `${userId} is not a member of this project`, 'userIds');
      if (member.role === 'viewer') throw new ApiError(ApiErrorCode.validation, `${member.name} is a viewer: only coders and owners can be assigned documents`, 'userIds');
    }
  };

  /** The store checks again in its transaction: a member removed or a document deleted meanwhile is a conflict. */
  const store = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'conflict') throw new ApiError(ApiErrorCode.conflict, `${error.message}. Reload and try again.`);
      throw error;
    }
  };

  const changed = (projectId: string, change: AssignmentChange) => {
    if (change.added + change.removed > 0) deps.events.emit({ type: 'projectChanged', projectId });
  };

  app.get('/projects/:id/assignments', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    return c.json<AssignmentsResponse>({ assignments: await directory.listAssignments(project.id) });
  });

  app.put('/projects/:id/documents/:docId/assignments', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(directory, principal, c.req.param('id'), 'owner');
    const documentId = c.req.param('docId');
    if (!(await directory.findDocument(project.id, documentId))) throw notFound('Document');
    const userIds = readIds(await readJsonObject(c), 'userIds', 0, maxAssigneesPerRequest, 'member');
    await checkAssignable(project.id, userIds);
    const change = await store(() => directory.setAssignments(project.id, documentId, userIds, actorId(principal)));
    if (!change) throw notFound('Document');
    changed(project.id, change);
    return c.json<SetAssignmentsResponse>({ documentId, userIds: [...userIds].sort(), ...change });
  });

  app.post('/projects/:id/assignments', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(directory, principal, c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const mode = body.mode;
    if (typeof mode !== 'string' || !(assignmentModes as readonly string[]).includes(mode)) {
      throw new ApiError(ApiErrorCode.validation, `mode must be one of ${assignmentModes.join(', ')}`, 'mode');
    }
    const documentIds = readIds(body, 'documentIds', 1, maxAssignedDocumentsPerRequest, 'document');
    // Replacing with nobody unassigns; adding or removing nobody would do nothing, so it is a mistake.
    const userIds = readIds(body, 'userIds', mode === 'replace' ? 0 : 1, maxAssigneesPerRequest, 'member');
    // One transaction, so bounded: 10,000 pairs are written in tens of milliseconds.
    if (documentIds.length * userIds.length > maxAssignmentPairsPerRequest) {
      throw new ApiError(ApiErrorCode.validation, `One request may assign at most ${maxAssignmentPairsPerRequest.toLocaleString('en')} document–member pairs (here ${documentIds.length.toLocaleString('en')} × ${userIds.length}); send the documents in several requests`, 'documentIds');
    }
    const known = new Set((await directory.listDocuments(project.id)).map((d) => d.id));
    const unknown = documentIds.find((id) => !known.has(id));
    if (unknown !== undefined) throw new ApiError(ApiErrorCode.validation, `There is no document ${unknown} in this project`, 'documentIds');
    await checkAssignable(project.id, userIds);
    const change = await store(() => directory.assignDocuments(project.id, documentIds, userIds, mode as AssignmentMode, actorId(principal)));
    changed(project.id, change);
    return c.json<AssignDocumentsResponse>({ ...change, assignments: await directory.listAssignments(project.id) });
  });

  return app;
}

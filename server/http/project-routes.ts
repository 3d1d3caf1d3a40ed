import { Hono } from 'hono';
import type { ProjectView } from '../../shared/api/index.ts';
import { CodingMode, type Role } from '../../shared/api/index.ts';
import type { AccessEvents } from '../access/access-events.ts';
import { createId } from '../auth/secret-token.ts';
import { eraseProject, type ErasureDeps } from '../deletion/erasure.ts';
import type { DirectoryStore, ProjectRecord } from '../persistence/directory-store.ts';
import { notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { optionalBoolean, optionalOneOf, readJsonObject, requireString } from './body.ts';
import { loadProjectAs } from './project-access.ts';

export interface ProjectRouteDeps extends ErasureDeps {
  readonly directory: DirectoryStore;
  readonly events: AccessEvents;
}

const toProjectView = (p: ProjectRecord, role: Role, memberCount: number, documentCount: number): ProjectView => ({
  id: p.id,
  name: p.name,
  archived: p.archived,
  codingMode: p.codingMode,
  codersEditCodebook: p.codersEditCodebook,
  agreementVisibleInBlind: p.agreementVisibleInBlind,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  role,
  memberCount,
  documentCount,
  attributeFields: p.attributeFields,
});
/** /api/projects and /api/projects/:id: creating, listing, settings, deleting. Members, invites, documents and attributes have their own route modules. */
export function projectRoutes(deps: ProjectRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { directory } = deps;

  app.get('/projects', async (c) => {
    const principal = requirePrincipal(c);
    const list = principal.kind === 'admin' ? await directory.listAllProjects() : await directory.listProjectsOfUser(principal.user.id);
    return c.json<ProjectView[]>(list.map((p) => toProjectView(p, p.role ?? 'owner', p.memberCount, p.documentCount)));
  });

  app.post('/projects', async (c) => {
    const principal = requirePrincipal(c);
    const body = await readJsonObject(c);
    const ownerId = principal.kind === 'admin' ? null : principal.user.id;
    const project = await directory.createProject({ id: createId(), name: requireString(body, 'name', { max: 120 }), ownerId });
    return c.json<ProjectView>(toProjectView(project, 'owner', ownerId ? 1 : 0, 0), 201);
  });

  app.get('/projects/:id', async (c) => {
    const { project, role } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const [members, documents] = await Promise.all([directory.listMembers(project.id), directory.listDocuments(project.id)]);
    return c.json<ProjectView>(toProjectView(project, role, members.length, documents.length));
  });

  app.patch('/projects/:id', async (c) => {
    const { project, role } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const name = body.name === undefined ? undefined : requireString(body, 'name', { max: 120 });
    const updated = await directory.updateProject(project.id, {
      ...(name !== undefined && { name }),
      ...(optionalBoolean(body, 'archived') !== undefined && { archived: optionalBoolean(body, 'archived') }),
      ...(optionalOneOf(body, 'codingMode', Object.values(CodingMode)) !== undefined && { codingMode: optionalOneOf(body, 'codingMode', Object.values(CodingMode)) }),
      ...(optionalBoolean(body, 'codersEditCodebook') !== undefined && { codersEditCodebook: optionalBoolean(body, 'codersEditCodebook') }),
      ...(optionalBoolean(body, 'agreementVisibleInBlind') !== undefined && { agreementVisibleInBlind: optionalBoolean(body, 'agreementVisibleInBlind') }),
    });
    if (!updated) throw notFound('Project');
    deps.events.emit({ type: 'projectChanged', projectId: project.id });
    const [members, documents] = await Promise.all([directory.listMembers(project.id), directory.listDocuments(project.id)]);
    return c.json<ProjectView>(toProjectView(updated, role, members.length, documents.length));
  });

  // Deletes the rows (members, invites, documents), then every room: codebook, transcripts, layers, consensus.
  app.delete('/projects/:id', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    await eraseProject(deps, project.id);
    return c.body(null, 204);
  });

  return app;
}

import { Hono } from 'hono';
import * as Y from 'yjs';
import type { DocumentView, InviteView, MemberView, ProjectView } from '../../shared/api/index.ts';
import { ApiErrorCode, CodingMode, Role, roles } from '../../shared/api/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { writeTranscript } from '../../shared/ydoc/transcript-doc.ts';
import { ImportError, importTranscript, type ImportedTranscript } from '../../shared/import/index.ts';
import { bodyLimit } from 'hono/body-limit';
import { AttributeError, readAttributeTable, validateAttributeFields, validateAttributeValues } from '../../shared/model/attributes.ts';
import { readUploadedFiles } from './uploaded-files.ts';
import type { AccessEvents } from '../access/access-events.ts';
import { createId, createSecret, hashSecret } from '../auth/secret-token.ts';
import type { DirectoryStore, DocumentRecord, ProjectRecord } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError, notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { optionalBoolean, optionalOneOf, readJsonObject, requireString } from './body.ts';
import { loadProjectAs } from './project-access.ts';

export interface ProjectRouteDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
  readonly events: AccessEvents;
  readonly publicUrl: string | null;
}

const defaultInviteDays = 7;

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
const toDocumentView = (d: DocumentRecord): DocumentView => ({
  id: d.id,
  name: d.name,
  createdAt: d.createdAt,
  length: d.length,
  rooms: { text: formatRoomName({ kind: 'text', projectId: d.projectId, documentId: d.id }) },
  attributes: d.attributes,
});

const maxUploadBytes = 64 * 1024 * 1024;

/** "P07 interview.docx" → "P07 interview". */
function documentName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  return (base.replace(/\.[^.]+$/, '') || base).slice(0, 200);
}

/** Attribute validation errors become 422s with the message as written for the researcher. */
function asApiError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AttributeError) throw new ApiError(ApiErrorCode.validation, error.message);
    throw error;
  }
}

function importOrThrow(file: { name: string; bytes: Uint8Array }): ImportedTranscript {
  try {
    return importTranscript(file);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    const code = error.reason === 'tooLarge' ? ApiErrorCode.payloadTooLarge : ApiErrorCode.validation;
    throw new ApiError(code, error.message.replace(/^[^:]*\.txt: /, ''), 'text');
  }
}

/** /api/projects/*: projects, members, invites, documents. */
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

  app.delete('/projects/:id', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    await directory.deleteProject(project.id);
    deps.events.emit({ type: 'projectChanged', projectId: project.id });
    return c.body(null, 204);
  });

  // members
  app.get('/projects/:id/members', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const members = await directory.listMembers(project.id);
    return c.json<MemberView[]>(members.map(({ userId, name, email, role, joinedAt }) => ({ userId, name, email, role, joinedAt })));
  });

  app.patch('/projects/:id/members/:userId', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const userId = c.req.param('userId');
    const body = await readJsonObject(c);
    const role = optionalOneOf(body, 'role', roles);
    if (!role) throw new ApiError(ApiErrorCode.validation, 'role is required', 'role');
    const member = await directory.findMember(project.id, userId);
    if (!member) throw notFound('Member');
    await ensureAnotherOwner(project.id, userId, role);
    await directory.putMember(project.id, userId, role);
    deps.events.emit({ type: 'memberChanged', projectId: project.id, userId });
    return c.json({ userId, role });
  });

  app.delete('/projects/:id/members/:userId', async (c) => {
    const principal = requirePrincipal(c);
    const userId = c.req.param('userId');
    // Anyone may leave; only owners remove others.
    const leaving = principal.kind !== 'admin' && principal.user.id === userId;
    const { project } = await loadProjectAs(directory, principal, c.req.param('id'), leaving ? 'viewer' : 'owner');
    if (!(await directory.findMember(project.id, userId))) throw notFound('Member');
    await ensureAnotherOwner(project.id, userId, null);
    await directory.removeMember(project.id, userId);
    deps.events.emit({ type: 'memberChanged', projectId: project.id, userId });
    return c.body(null, 204);
  });

  /** A project must keep at least one owner. */
  async function ensureAnotherOwner(projectId: string, userId: string, newRole: Role | null): Promise<void> {
    if (newRole === 'owner') return;
    const members = await directory.listMembers(projectId);
    const owners = members.filter((m) => m.role === 'owner');
    if (owners.length === 1 && owners[0]!.userId === userId) {
      throw new ApiError(ApiErrorCode.conflict, 'A project needs at least one owner: make someone else owner first');
    }
  }

  // invites
  app.post('/projects/:id/invites', async (c) => {
    const principal = requirePrincipal(c);
    const { project } = await loadProjectAs(directory, principal, c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const role = optionalOneOf(body, 'role', roles);
    if (!role) throw new ApiError(ApiErrorCode.validation, 'role is required', 'role');
    const maxUses = body.maxUses === undefined ? 1 : body.maxUses;
    if (typeof maxUses !== 'number' || !Number.isInteger(maxUses) || maxUses < 1 || maxUses > 1000) {
      throw new ApiError(ApiErrorCode.validation, 'maxUses must be a whole number from 1 to 1000', 'maxUses');
    }
    const expiresAt = body.expiresAt === undefined ? new Date(Date.now() + defaultInviteDays * 86_400_000) : new Date(String(body.expiresAt));
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) {
      throw new ApiError(ApiErrorCode.validation, 'expiresAt must be a time in the future (ISO 8601)', 'expiresAt');
    }
    const code = createSecret('inv', 18);
    await directory.createInvite({ codeHash: hashSecret(code), projectId: project.id, role, maxUses, expiresAt: expiresAt.toISOString(), createdBy: principal.kind === 'admin' ? 'admin' : principal.user.id });
    const base = deps.publicUrl ?? new URL(c.req.url).origin;
    return c.json<InviteView>({ code, url: `${base}/invite/${code}`, role, maxUses, uses: 0, expiresAt: expiresAt.toISOString() }, 201);
  });

  app.get('/projects/:id/invites', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const invites = await directory.listInvites(project.id, new Date().toISOString());
    return c.json(invites.map(({ id, role, maxUses, uses, expiresAt, createdAt }) => ({ id, role, maxUses, uses, expiresAt, createdAt })));
  });

  app.delete('/projects/:id/invites/:inviteId', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    if (!(await directory.deleteInvite(project.id, c.req.param('inviteId')))) throw notFound('Invite');
    return c.body(null, 204);
  });

  // documents
  app.get('/projects/:id/documents', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    return c.json<DocumentView[]>((await directory.listDocuments(project.id)).map(toDocumentView));
  });

  app.post('/projects/:id/documents', bodyLimit({ maxSize: maxUploadBytes, onError: () => { throw new ApiError(ApiErrorCode.payloadTooLarge, `Uploads are limited to ${maxUploadBytes / 1024 / 1024} MiB per request`); } }), async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const isMultipart = (c.req.header('content-type') ?? '').startsWith('multipart/form-data');
    if (!isMultipart) {
      // JSON {name, text}: pasted text, imported exactly like a .txt file.
      const body = await readJsonObject(c);
      const name = requireString(body, 'name', { max: 200 });
      if (typeof body.text !== 'string') throw new ApiError(ApiErrorCode.validation, 'text is required and must be a string', 'text');
      const imported = importOrThrow({ name: `${name}.txt`, bytes: new TextEncoder().encode(body.text) });
      return c.json<DocumentView>(await storeDocument(project.id, name, imported), 201);
    }
    const files = await readUploadedFiles(c);
    // Every file is parsed before anything is stored, so a bad file never leaves half an import.
    type Parsed = { file: (typeof files)[number]; imported: ImportedTranscript } | { file: (typeof files)[number]; error: ImportError };
    const parsed = files.map((file): Parsed => {
      try {
        return { file, imported: importTranscript({ name: file.name, bytes: file.bytes }) };
      } catch (error) {
        if (error instanceof ImportError) return { file, error };
        throw error;
      }
    });
    const documents: DocumentView[] = [];
    for (const entry of parsed) if ('imported' in entry) documents.push(await storeDocument(project.id, documentName(entry.file.name), entry.imported));
    const errors = parsed.flatMap((entry) => ('error' in entry ? [{ fileName: entry.file.name, code: entry.error.reason, message: entry.error.message }] : []));
    return c.json({ documents, errors }, documents.length > 0 ? 201 : 422);
  });

  // participant attributes
  app.put('/projects/:id/attribute-fields', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const fields = asApiError(() => validateAttributeFields(body.fields));
    await directory.setAttributeFields(project.id, fields);
    return c.json({ fields });
  });

  app.patch('/projects/:id/documents/:documentId', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const documentId = c.req.param('documentId');
    if (!(await directory.findDocument(project.id, documentId))) throw notFound('Document');
    const body = await readJsonObject(c);
    const name = body.name === undefined ? undefined : requireString(body, 'name', { max: 200 });
    const attributes = body.attributes === undefined ? undefined : asApiError(() => validateAttributeValues(project.attributeFields, body.attributes));
    const updated = await directory.updateDocument(project.id, documentId, { ...(name !== undefined && { name }), ...(attributes && { attributes }) });
    return c.json<DocumentView>(toDocumentView(updated!));
  });

  /**
   * A participant-attribute table (CSV: first column the document name, then one column per
   * attribute) as the request body (`text/csv`) or a multipart `file`. New columns become fields
   * (types inferred), existing fields keep their type; rows are matched to documents by name.
   */
  app.post('/projects/:id/attributes/import', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const isMultipart = (c.req.header('content-type') ?? '').startsWith('multipart/form-data');
    const csv = isMultipart ? new TextDecoder().decode((await readUploadedFiles(c))[0]!.bytes) : await c.req.text();
    const table = asApiError(() => readAttributeTable(csv));
    const existing = new Map(project.attributeFields.map((f) => [f.key, f]));
    const fields = [...project.attributeFields, ...table.fields.filter((f) => !existing.has(f.key))];
    const documents = await directory.listDocuments(project.id);
    const byName = new Map(documents.map((d) => [d.name.trim().toLowerCase(), d]));
    const unmatched: string[] = [];
    const problems: string[] = [];
    const updates: { id: string; attributes: Record<string, string | number | null> }[] = [];
    for (const row of table.rows) {
      const document = byName.get(row.document.toLowerCase());
      if (!document) {
        unmatched.push(row.document);
        continue;
      }
      try {
        updates.push({ id: document.id, attributes: validateAttributeValues(fields, row.values) });
      } catch (error) {
        if (!(error instanceof AttributeError)) throw error;
        problems.push(`${row.document}: ${error.message}`);
      }
    }
    // All or nothing: a table with a bad value changes no document.
    if (problems.length > 0) throw new ApiError(ApiErrorCode.validation, `Nothing was imported. ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
    await directory.setAttributeFields(project.id, fields);
    for (const update of updates) await directory.updateDocument(project.id, update.id, { attributes: update.attributes });
    return c.json({ fields, updated: updates.length, unmatched });
  });

  /** Stores the text in its room first, then lists the document: a listed document always has its text. */
  async function storeDocument(projectId: string, name: string, imported: ImportedTranscript): Promise<DocumentView> {
    const id = createId();
    await deps.registry.change(formatRoomName({ kind: 'text', projectId, documentId: id }), (doc: Y.Doc) => writeTranscript(doc, imported.text, imported.units));
    const document = await directory.createDocument({ id, projectId, name, length: imported.text.length });
    return toDocumentView(document);
  }

  return app;
}

import { Hono } from 'hono';
import { ApiErrorCode, maxMemoTextLength, maxMemoTitleLength, type MemosResponse, type MemoView } from '../../shared/api/index.ts';
import { listMemos } from '../memos/memo-list.ts';
import { MemoQueryError, readMemoQuery } from '../memos/memo-query.ts';
import { MemoError, MemoService, type MemoContent } from '../memos/memo-service.ts';
import type { DirectoryStore, MemoRecord } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError, notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readJsonObject } from './body.ts';
import { loadProjectAs } from './project-access.ts';

export interface MemoRouteDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
}

const maxIdLength = 64;

/** A title (1–200 characters, trimmed) or a text (1–20,000 characters, kept as written but for its ends). */
function readContentField(body: Record<string, unknown>, field: 'title' | 'text'): string {
  const raw = body[field];
  const max = field === 'title' ? maxMemoTitleLength : maxMemoTextLength;
  const what = field === 'title' ? 'Give the memo a title' : 'Write the memo’s text';
  if (raw === undefined || raw === null) throw new ApiError(ApiErrorCode.validation, what, field);
  if (typeof raw !== 'string') throw new ApiError(ApiErrorCode.validation, `${field} must be a string`, field);
  const value = field === 'title' ? raw.replace(/\s+/g, ' ').trim() : raw.trim();
  if (value === '') throw new ApiError(ApiErrorCode.validation, what, field);
  if (value.length > max) throw new ApiError(ApiErrorCode.validation, `The ${field} is ${value.length.toLocaleString('en')} characters long: at most ${max.toLocaleString('en')} fit`, field);
  return value;
}

function refuseUnknownFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new ApiError(ApiErrorCode.validation, `Unknown field ${unknown}: a memo has ${allowed.join(', ')}`, unknown);
}

function toView(memo: MemoRecord, documentName: string | null): MemoView {
  const { id, documentId, authorId, title, text, createdAt, updatedAt } = memo;
  return { id, kind: documentId === null ? 'project' : 'document', documentId, documentName, authorId, title, text, createdAt, updatedAt };
}

function translate(error: unknown): never {
  if (error instanceof MemoQueryError) throw new ApiError(ApiErrorCode.validation, error.message, error.field);
  if (!(error instanceof MemoError)) throw error;
  switch (error.reason) {
    case 'unknownMemo':
      throw notFound('Memo');
    case 'unknownDocument':
      throw new ApiError(ApiErrorCode.validation, error.message, 'documentId');
    case 'notAuthor':
    case 'notPerson':
      throw new ApiError(ApiErrorCode.forbidden, error.message);
  }
}

/**
 * Memos (docs/api.md): `GET /projects/:id/memos` lists coding, document and project memos the
 * caller may see (any member); `POST` writes a document or project memo (coders and owners);
 * `PATCH …/:memoId` changes one (its author); `DELETE …/:memoId` deletes one (its author or an
 * owner). Every change is an event of the project's history, stored with it.
 */
export function memoRoutes(deps: MemoRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const memos = new MemoService(deps.directory);
  const documentName = async (projectId: string, documentId: string | null) => (documentId === null ? null : ((await deps.directory.findDocument(projectId, documentId))?.name ?? null));

  app.get('/projects/:id/memos', async (c) => {
    const started = performance.now();
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    try {
      const body = await listMemos(deps, access, readMemoQuery(c.req.queries()));
      c.header('Cache-Control', 'no-store');
      c.header('Server-Timing', `memos;dur=${(performance.now() - started).toFixed(1)}`);
      return c.json<MemosResponse>(body);
    } catch (error) {
      translate(error);
    }
  });

  app.post('/projects/:id/memos', async (c) => {
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'coder');
    const body = await readJsonObject(c);
    refuseUnknownFields(body, ['documentId', 'title', 'text']);
    const rawDocument = body.documentId;
    if (rawDocument !== undefined && rawDocument !== null && (typeof rawDocument !== 'string' || rawDocument === '' || rawDocument.length > maxIdLength)) {
      throw new ApiError(ApiErrorCode.validation, 'documentId must be the id of a document of this project, or null for a project memo', 'documentId');
    }
    const content: MemoContent = { title: readContentField(body, 'title'), text: readContentField(body, 'text') };
    try {
      const memo = await memos.create(access, (rawDocument as string | null | undefined) ?? null, content);
      return c.json<MemoView>(toView(memo, await documentName(access.project.id, memo.documentId)), 201);
    } catch (error) {
      translate(error);
    }
  });

  app.patch('/projects/:id/memos/:memoId', async (c) => {
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'coder');
    const body = await readJsonObject(c);
    refuseUnknownFields(body, ['title', 'text']);
    const changes: Partial<MemoContent> = {
      ...(body.title !== undefined && { title: readContentField(body, 'title') }),
      ...(body.text !== undefined && { text: readContentField(body, 'text') }),
    };
    if (changes.title === undefined && changes.text === undefined) throw new ApiError(ApiErrorCode.validation, 'Send a new title, a new text, or both', 'text');
    try {
      const memo = await memos.update(access, c.req.param('memoId'), changes);
      return c.json<MemoView>(toView(memo, await documentName(access.project.id, memo.documentId)));
    } catch (error) {
      translate(error);
    }
  });

  app.delete('/projects/:id/memos/:memoId', async (c) => {
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'coder');
    try {
      await memos.remove(access, c.req.param('memoId'));
      return c.body(null, 204);
    } catch (error) {
      translate(error);
    }
  });

  return app;
}

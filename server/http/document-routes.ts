import { Hono } from 'hono';
import * as Y from 'yjs';
import type { DocumentView } from '../../shared/api/index.ts';
import { ApiErrorCode, isSameName, maxDocumentNameLength } from '../../shared/api/index.ts';
import { ImportError, importTranscript, type ImportedTranscript } from '../../shared/import/index.ts';
import { AttributeError, validateAttributeValues } from '../../shared/model/attributes.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { writeTranscript } from '../../shared/ydoc/transcript-doc.ts';
import { createId } from '../auth/secret-token.ts';
import { eraseDocument, type ErasureDeps } from '../deletion/erasure.ts';
import type { DirectoryStore, DocumentRecord } from '../persistence/directory-store.ts';
import { StoreError } from '../persistence/document-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { ApiError, notFound } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readJsonObject, requireString } from './body.ts';
import { loadProjectAs } from './project-access.ts';
import { readUploadedFiles } from './uploaded-files.ts';

export interface DocumentRouteDeps extends ErasureDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
}

export const toDocumentView = (d: DocumentRecord): DocumentView => ({
  id: d.id,
  name: d.name,
  createdAt: d.createdAt,
  length: d.length,
  rooms: { text: formatRoomName({ kind: 'text', projectId: d.projectId, documentId: d.id }) },
  attributes: d.attributes,
});

/** "P07 interview.docx" → "P07 interview". */
function documentName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  return (base.replace(/\.[^.]+$/, '') || base).slice(0, 200);
}

/** Attribute validation errors become 422s with the message as written for the researcher. */
export function asApiError<T>(work: () => T): T {
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

/** /api/projects/:id/documents: listing, importing (upload or pasted text), renaming, attribute values. */
export function documentRoutes(deps: DocumentRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { directory } = deps;

  // documents
  app.get('/projects/:id/documents', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    return c.json<DocumentView[]>((await directory.listDocuments(project.id)).map(toDocumentView));
  });

  // The body is limited while it streams in (64 MiB, the table in app.ts).
  app.post('/projects/:id/documents', async (c) => {
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
  // Renaming and attribute values. Names are unique in a project whatever their case: the store
  // checks the name in the transaction that writes it, so two renames (on one server or two)
  // cannot both take a name that was free.
  app.patch('/projects/:id/documents/:documentId', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const documentId = c.req.param('documentId');
    const document = await directory.findDocument(project.id, documentId);
    if (!document) throw notFound('Document');
    const body = await readJsonObject(c);
    const name = body.name === undefined ? undefined : requireString(body, 'name', { max: maxDocumentNameLength, missing: 'Give the document a name, such as the participant’s code' });
    const attributes = body.attributes === undefined ? undefined : asApiError(() => validateAttributeValues(project.attributeFields, body.attributes));
    let updated: DocumentRecord | null;
    try {
      // Keeping its name is never a conflict, even where two documents were imported with one name.
      updated = await directory.updateDocument(project.id, documentId, { ...(name !== undefined && { name }), ...(attributes && { attributes }) });
    } catch (error) {
      if (!(error instanceof StoreError && error.reason === 'conflict')) throw error;
      // Named as it is stored (the request may differ in case): read for the message only, after the refusal.
      const taken = (await directory.listDocuments(project.id)).find((d) => d.id !== documentId && isSameName(d.name, name ?? ''));
      throw new ApiError(ApiErrorCode.conflict, `Another document is already named “${taken?.name ?? name}”; choose another name`, 'name');
    }
    if (!updated) throw notFound('Document');
    // Agreement, pathways and the explore reads name documents from the directory: a new name or
    // new values move the project's version, so their cached bodies are built again.
    if ((name !== undefined && name !== document.name) || attributes) deps.events.emit({ type: 'projectChanged', projectId: project.id });
    return c.json<DocumentView>(toDocumentView(updated));
  });

  // Deletes the document's row, then its transcript, every coder's layer and the consensus (sockets close with 4404).
  app.delete('/projects/:id/documents/:documentId', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    if (!(await eraseDocument(deps, project.id, c.req.param('documentId')))) throw notFound('Document');
    return c.body(null, 204);
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

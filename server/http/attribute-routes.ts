import { Hono, type Context } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { AttributeError, maxAttributeTableBytes, validateAttributeFields, type AttributeImport } from '../../shared/model/attributes.ts';
import type { ReportRunner } from '../agreement/report-runner.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { StoreError } from '../persistence/document-store.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readJsonObject } from './body.ts';
import { asApiError } from './document-routes.ts';
import { loadProjectAs } from './project-access.ts';
import { readUploadedFiles } from './uploaded-files.ts';

const tooLarge = () => new ApiError(ApiErrorCode.payloadTooLarge, `Attribute tables are limited to ${maxAttributeTableBytes / 1024 / 1024} MiB`);

/**
 * A `text/csv` body, read chunk by chunk into one buffer and refused (413) as soon as it passes
 * `maxAttributeTableBytes`: never buffered whole and copied again, and never more than the limit.
 */
async function readCsvBody(c: Context<AppEnv>): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > maxAttributeTableBytes) throw tooLarge();
  const buffer = new Uint8Array(Number.isInteger(declared) && declared >= 0 ? declared : maxAttributeTableBytes);
  let length = 0;
  const reader = c.req.raw.body?.getReader();
  if (!reader) return buffer.subarray(0, 0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.byteLength > buffer.byteLength) {
      await reader.cancel();
      throw tooLarge();
    }
    buffer.set(value, length);
    length += value.byteLength;
  }
  return buffer.subarray(0, length);
}

/** The table's bytes, from a `text/csv` body or a multipart `file`; 413 beyond `maxAttributeTableBytes`. */
async function readTable(c: Context<AppEnv>): Promise<Uint8Array<ArrayBuffer>> {
  const isMultipart = (c.req.header('content-type') ?? '').startsWith('multipart/form-data');
  if (!isMultipart) return readCsvBody(c);
  // A declared length says it before anything is read; the file's bytes are checked in any case.
  if (Number(c.req.header('content-length') ?? 0) > maxAttributeTableBytes + 64 * 1024) throw tooLarge();
  const bytes = (await readUploadedFiles(c))[0]!.bytes;
  if (bytes.byteLength > maxAttributeTableBytes) throw tooLarge();
  return new Uint8Array(bytes);
}

/** /api/projects/:id/attribute-fields and /api/projects/:id/attributes/import: participant attributes. */
export function attributeRoutes(deps: { directory: DirectoryStore; agreement: { readonly runner: ReportRunner } }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { directory } = deps;

  app.put('/projects/:id/attribute-fields', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const body = await readJsonObject(c);
    const fields = asApiError(() => validateAttributeFields(body.fields));
    await directory.setAttributeFields(project.id, fields);
    return c.json({ fields });
  });

  /**
   * A participant-attribute table (CSV: first column the document name, then one column per
   * attribute) as the request body (`text/csv`) or a multipart `file`, up to 4 MiB and 10,000 rows.
   * New columns become fields (types inferred), existing fields keep their type, and the project
   * may not end up with more than 50 fields; rows are matched to documents by name. The table is
   * read in the worker thread (a 4 MiB table takes longer than the event loop may be held), and
   * everything it changes is stored in one transaction — or, on any bad value, nothing.
   */
  app.post('/projects/:id/attributes/import', async (c) => {
    const { project } = await loadProjectAs(directory, requirePrincipal(c), c.req.param('id'), 'owner');
    const csv = await readTable(c);
    const documents = await directory.listDocuments(project.id);
    let plan: AttributeImport;
    try {
      const job = { kind: 'attributeImport' as const, csv, fields: project.attributeFields, documents: documents.map((d) => ({ id: d.id, name: d.name })) };
      // The bytes are handed to the worker (which decodes them), not copied.
      plan = await deps.agreement.runner.run(job, [csv.buffer]);
    } catch (error) {
      if (error instanceof AttributeError) throw new ApiError(ApiErrorCode.validation, error.message);
      throw error;
    }
    try {
      // The plan extends the fields as they were when the table was read: the store refuses it, in
      // its transaction, if they changed meanwhile (it no longer fits), as when a matched document went.
      await directory.importAttributes(project.id, plan.fields, plan.updates, { ifFieldsAre: project.attributeFields });
    } catch (error) {
      // The transaction wrote nothing.
      if (error instanceof StoreError && error.reason === 'conflict') throw new ApiError(ApiErrorCode.conflict, `${error.message}. Import the table again.`);
      throw error;
    }
    return c.json({ fields: plan.fields, updated: plan.updates.length, unmatched: plan.unmatched });
  });

  return app;
}

import { Hono } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { AttributeError, readAttributeTable, validateAttributeFields, validateAttributeValues } from '../../shared/model/attributes.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { ApiError } from './api-error.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { readJsonObject } from './body.ts';
import { asApiError } from './document-routes.ts';
import { loadProjectAs } from './project-access.ts';
import { readUploadedFiles } from './uploaded-files.ts';

/** /api/projects/:id/attribute-fields and /api/projects/:id/attributes/import: participant attributes. */
export function attributeRoutes(deps: { directory: DirectoryStore }): Hono<AppEnv> {
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

  return app;
}

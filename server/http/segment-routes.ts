import type { SegmentView, SegmentsResponse } from '../../shared/api/index.ts';
import { Hono, type Context } from 'hono';
import packageJson from '../../package.json' with { type: 'json' };
import { excerptSegment } from '../explore/segment-excerpt.ts';
import { checkSegmentQuery, expandCodes, selectSegments } from '../explore/segment-filter.ts';
import { buildSegmentCsv } from '../explore/segment-csv.ts';
import { buildSegmentHtml } from '../explore/segment-html.ts';
import { readSegmentQuery } from '../explore/segment-query.ts';
import { describeSegmentQuery, exportRowsOf, type SegmentExport } from '../explore/segment-rows.ts';
import { createXlsxRunner } from '../explore/segment-xlsx.ts';
import { readVisibleSegmentsAs } from '../explore/visible-segments.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs } from './project-access.ts';
import { attachment, fileSlug } from './download-name.ts';

export interface SegmentRoutesDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
  /** Where links in exports point; the request's own origin when not configured. */
  readonly publicUrl: string | null;
  readonly softwareVersion?: string;
  readonly now?: () => Date;
}

const mediaTypes = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', html: 'text/html; charset=utf-8' } as const;

function origin(c: Context<AppEnv>, publicUrl: string | null): string {
  return (publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
}

/**
 * `GET /api/projects/:id/segments` — retrieval: every coding the caller may see (the rooms'
 * rules, blind rounds included: `readVisibleSegments`), filtered, as a JSON page with each
 * passage's text and a little context, or the whole selection (up to `maxExportRows`) as CSV,
 * XLSX or a printable HTML "codebook with quotes". `Server-Timing: segments;dur=…` says how long
 * the server took.
 */
export function segmentRoutes(deps: SegmentRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const softwareVersion = deps.softwareVersion ?? packageJson.version;
  const now = deps.now ?? (() => new Date());
  // Workbooks are written in a worker thread of their own, started on the first XLSX export.
  const xlsx = createXlsxRunner();

  app.get('/projects/:id/segments', async (c) => {
    const started = performance.now();
    const access = await loadProjectAs(deps.directory, requirePrincipal(c), c.req.param('id'), 'viewer');
    const query = readSegmentQuery(c.req.queries());
    const visible = await readVisibleSegmentsAs(deps, access);
    const read = performance.now();
    const fields = access.project.attributeFields;
    checkSegmentQuery(query, visible, fields);
    const selection = await selectSegments(visible, query, fields);
    const selected = performance.now();
    // The whole, then its parts: reading what the caller may see, and selecting from it.
    const timing = () => `segments;dur=${(performance.now() - started).toFixed(1)}, read;dur=${(read - started).toFixed(1)}, select;dur=${(selected - read).toFixed(1)}`;
    c.header('Cache-Control', 'no-store');

    if (query.format === 'json') {
      const names = new Map(visible.documents.map((d) => [d.id, d.name]));
      const page = selection.segments.slice(query.offset, query.offset + query.limit);
      const segments: SegmentView[] = [];
      for (const s of page) {
        const excerpt = excerptSegment(await visible.textOf(s.documentId), s.start, s.end);
        segments.push({
          codingId: s.codingId,
          documentId: s.documentId,
          documentName: names.get(s.documentId) ?? s.documentId,
          userId: s.userId,
          codeId: s.codeId,
          start: s.start,
          end: s.end,
          text: excerpt.text,
          before: excerpt.before,
          after: excerpt.after,
          elided: excerpt.elided,
          memo: s.memo,
          createdAt: s.createdAt === null ? null : new Date(s.createdAt).toISOString(),
        });
      }
      c.header('Server-Timing', timing());
      return c.json<SegmentsResponse>({ segments, total: selection.segments.length, documentCount: selection.documentCount, limit: query.limit, offset: query.offset });
    }

    const generatedAt = now().toISOString();
    const rows = await exportRowsOf(visible, selection, fields, origin(c, deps.publicUrl));
    const data: SegmentExport = {
      heading: {
        projectName: access.project.name,
        generatedAt,
        softwareVersion,
        filters: describeSegmentQuery(query, visible, fields),
        total: selection.segments.length,
        documentCount: selection.documentCount,
        rows: rows.length,
        fields,
      },
      rows,
      codes: visible.codes,
    };
    const format = query.format;
    const body =
      format === 'csv'
        ? await buildSegmentCsv(data, query.provenance)
        : format === 'xlsx'
          ? await xlsx.build(data)
          : await buildSegmentHtml(data, query.codeIds ? expandCodes(visible.codes, query.codeIds, query.includeSubcodes) : null);
    const name = `segments-${fileSlug(access.project.name)}-${generatedAt.slice(0, 10)}.${format}`;
    c.header('Content-Type', mediaTypes[format]);
    c.header('Content-Disposition', attachment(name));
    // The report is a document, not an app: nothing in it may run or load anything.
    if (format === 'html') c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    c.header('Server-Timing', timing());
    return c.body(body);
  });

  return app;
}

import { Hono } from 'hono';
import type { CodingProgress } from '../../shared/api/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { projectExtractsOf } from '../agreement/project-extracts.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { blindRoundDocuments } from '../rounds/document-round.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { requirePrincipal, type AppEnv } from './app-env.ts';
import { loadProjectAs } from './project-access.ts';

/**
 * GET /api/projects/:id/progress — how many codings each coder has made in each document. Owners
 * always see everyone's counts (also during a blind round, where they are the only sign of progress);
 * coders and viewers see everyone's in open mode and only their own in blind mode (and in the
 * documents of a blind round, where another coder's count is absent). Counts come from
 * the per-room extracts: cached until the layer is stored again, read cold one room at a time.
 * A document with assigned coders names them, so the page shows its progress as theirs.
 */
export function progressRoutes(deps: { directory: DirectoryStore; registry: DocumentRegistry }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const extracts = projectExtractsOf(deps.registry);
  app.get('/projects/:id/progress', async (c) => {
    const principal = requirePrincipal(c);
    const { project, role } = await loadProjectAs(deps.directory, principal, c.req.param('id'), 'viewer');
    const [documents, members, assignments] = await Promise.all([deps.directory.listDocuments(project.id), deps.directory.listMembers(project.id), deps.directory.listAssignments(project.id)]);
    extracts.retainDocuments(project.id, documents.map((d) => d.id));
    const self = principal.kind === 'admin' ? null : principal.user.id;
    const seesAll = role === 'owner' || project.codingMode === 'open';
    const coders = members.filter((m) => m.role !== 'viewer' && (seesAll || m.userId === self));
    // In a blind round's documents a coder or viewer sees only their own count.
    const blind = role === 'owner' ? new Set<string>() : await blindRoundDocuments(deps.directory, project.id);
    const shownIn = (documentId: string) => (blind.has(documentId) ? coders.filter((m) => m.userId === self) : coders);
    const rooms = documents.flatMap((document) => shownIn(document.id).map((coder) => formatRoomName({ kind: 'layer', projectId: project.id, documentId: document.id, userId: coder.userId })));
    const counts = await extracts.counts(rooms);
    let next = 0;
    const rows: CodingProgress['documents'][number][] = documents.map((document) => ({
      documentId: document.id,
      counts: Object.fromEntries(shownIn(document.id).map((coder) => [coder.userId, counts[next++]!.size])),
    }));
    // Owners who only administer would show as rows of zeros: list them once they have coded.
    const shown = coders.filter((m) => m.role === 'coder' || rows.some((r) => (r.counts[m.userId] ?? 0) > 0));
    const keep = new Set(shown.map((m) => m.userId));
    return c.json<CodingProgress>({
      coders: shown.map((m) => ({ id: m.userId, name: m.name })),
      documents: rows.map((r) => ({
        documentId: r.documentId,
        counts: Object.fromEntries(Object.entries(r.counts).filter(([id]) => keep.has(id))),
        ...(assignments[r.documentId] && { assigned: assignments[r.documentId] }),
      })),
    });
  });
  return app;
}

import type { MemoKind, MemosResponse, MemoView } from '../../shared/api/index.ts';
import type { DocumentRoundState } from '../../shared/model/round.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import { excerptSegment } from '../explore/segment-excerpt.ts';
import { readVisibleSegmentsAs } from '../explore/visible-segments.ts';
import type { ProjectAccess } from '../http/project-access.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { foldForSearch, MemoQueryError, type MemoQuery } from './memo-query.ts';
import { mayReadMemo } from './memo-visibility.ts';

export interface MemoListDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
}

/** The longest coded passage a coding memo carries; a longer one keeps its start and end. */
const maxPassageChars = 600;

/** One memo before paging: the view without its passage, and where a coding memo's passage is. */
type Entry = MemoView & { readonly sortAt: number };

/**
 * `GET …/memos`: the memos the reader may see — document and project memos from the directory
 * store (`mayReadMemo`), and every non-empty memo of a coding they may see (`readVisibleSegments`:
 * the layers' own rules, blind rounds included) — filtered, newest first, one page. Coding memos
 * are read only when the filter can include them.
 */
export async function listMemos(deps: MemoListDeps, access: ProjectAccess, query: MemoQuery): Promise<MemosResponse> {
  const projectId = access.project.id;
  const documents = await deps.directory.listDocuments(projectId);
  const names = new Map(documents.map((d) => [d.id, d.name]));
  if (query.documentId !== null && !names.has(query.documentId)) throw new MemoQueryError('documentId', 'This project has no such document');
  const wanted = (kind: MemoKind) => query.kind === null || query.kind === kind;
  const slice = new TimeSlice();
  const entries: Entry[] = [];

  if (wanted('document') || wanted('project')) {
    const rounds = new Map<string, DocumentRoundState | null>();
    for (const memo of await deps.directory.listMemos(projectId)) {
      const kind: MemoKind = memo.documentId === null ? 'project' : 'document';
      if (!wanted(kind) || (query.documentId !== null && memo.documentId !== query.documentId) || (query.authorId !== null && memo.authorId !== query.authorId)) continue;
      if (memo.documentId !== null && !rounds.has(memo.documentId)) rounds.set(memo.documentId, await readDocumentRound(deps.directory, projectId, memo.documentId));
      if (!mayReadMemo(access, memo, memo.documentId === null ? null : rounds.get(memo.documentId)!)) continue;
      const { id, documentId, authorId, title, text, createdAt, updatedAt } = memo;
      entries.push({ id, kind, documentId, documentName: documentId === null ? null : (names.get(documentId) ?? null), authorId, title, text, createdAt, updatedAt, sortAt: Date.parse(createdAt) });
    }
  }

  let textOf: ((documentId: string) => Promise<string>) | null = null;
  if (wanted('coding')) {
    const visible = await readVisibleSegmentsAs(deps, access);
    textOf = visible.textOf;
    const codeNames = new Map(visible.codes.map((c) => [c.id, c.name || 'Unnamed code']));
    for (const s of visible.segments) {
      if (s.memo.trim() === '' || (query.documentId !== null && s.documentId !== query.documentId) || (query.authorId !== null && s.userId !== query.authorId)) continue;
      const at = s.createdAt === null ? null : new Date(s.createdAt).toISOString();
      entries.push({
        id: `coding:${s.documentId}:${s.userId}:${s.codingId}`,
        kind: 'coding',
        documentId: s.documentId,
        documentName: names.get(s.documentId) ?? null,
        authorId: s.userId,
        title: codeNames.get(s.codeId) ?? 'Deleted code',
        text: s.memo,
        createdAt: at,
        updatedAt: at,
        codingId: s.codingId,
        codeId: s.codeId,
        start: s.start,
        end: s.end,
        sortAt: s.createdAt ?? Number.NEGATIVE_INFINITY,
      });
    }
  }

  let matching = entries;
  if (query.q !== '') {
    const needle = foldForSearch(query.q);
    matching = [];
    for (const entry of entries) {
      if (foldForSearch(entry.title).includes(needle) || foldForSearch(entry.text).includes(needle)) matching.push(entry);
      await slice.yieldIfDue();
    }
  }
  // Newest first; ties (and coding memos without a time, last) in a fixed order.
  matching.sort((a, b) => b.sortAt - a.sortAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

  const memos: MemoView[] = [];
  for (const { sortAt, ...view } of matching.slice(query.offset, query.offset + query.limit)) {
    void sortAt;
    if (view.kind === 'coding' && textOf) {
      const passage = excerptSegment(await textOf(view.documentId!), view.start!, view.end!, { context: 0, maxText: maxPassageChars }).text;
      memos.push({ ...view, passage });
    } else {
      memos.push(view);
    }
  }
  return { memos, total: matching.length };
}

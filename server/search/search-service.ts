import type * as Y from 'yjs';
import { layerFrozenReason } from '../../shared/model/round.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding, codingsMap } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor, resolveSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { readTranscriptText, transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import { createId } from '../auth/secret-token.ts';
import { KeyedQueue } from '../keyed-queue.ts';
import type { DirectoryStore, DocumentRecord } from '../persistence/directory-store.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { hitContext } from './hit-context.ts';
import type { IndexHit, SearchIndex } from './search-index.ts';
import { SearchIndexer, type SearchEraser, type SearchIndexerOptions } from './search-indexer.ts';
import type { Logger } from '../logger.ts';
import { parseSearchQuery, type SearchQuery } from './search-query.ts';
import type { CodeHitsResponse, SearchHitView, SearchResponse } from '../../shared/api/index.ts';

export const SearchFailure = { query: 'query', staleHits: 'staleHits', unknownCode: 'unknownCode', frozen: 'frozen' } as const;
export type SearchFailure = (typeof SearchFailure)[keyof typeof SearchFailure];

/** A request the service refuses; `message` is a sentence for the researcher. */
export class SearchError extends Error {
  constructor(
    readonly reason: SearchFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SearchError';
  }
}

/** Queries whose hits are kept (per project and query, until the project's text changes). */
const maxCachedQueries = 64;
/** A query with more hits than this is answered but not kept. */
const maxCachedHits = 200_000;

interface Found {
  readonly version: string;
  readonly order: string;
  readonly hits: Promise<readonly IndexHit[]>;
}

const hitKey = (documentId: string, start: number, end: number) => `${documentId}\u0000${start}\u0000${end}`;

/**
 * Full-text search over a project's transcripts and "code all hits". Transcripts are visible to
 * every member, so every member searches everything; coding writes only the caller's own layer,
 * through the registry (stored, broadcast and in the history as the caller's change), and only
 * where the round leaves that layer writable.
 */
export class SearchService implements SearchEraser {
  private readonly found = new Map<string, Found>();
  /** One code-all at a time per layer, so two requests cannot both find a hit uncoded. */
  private readonly writes = new KeyedQueue();

  constructor(
    private readonly index: SearchIndex,
    private readonly indexer: SearchIndexer,
    private readonly directory: DirectoryStore,
    private readonly registry: DocumentRegistry,
  ) {}

  /** Removes a deleted document's text from the index (before the deletion's checkpoint, so no copy stays in the files). */
  removeDocument(projectId: string, documentId: string): Promise<void> {
    return this.indexer.removeDocument(projectId, documentId);
  }

  removeProject(projectId: string): Promise<void> {
    return this.indexer.removeProject(projectId);
  }

  /** Stops indexing and closes the index (after the registry has shut down). */
  close(): Promise<void> {
    return this.indexer.close();
  }

  /** A page of the hits of `q` (throws `SearchQueryError` for a query it cannot read). */
  async search(projectId: string, q: string, page: { limit: number; offset: number }): Promise<SearchResponse> {
    const query = parseSearchQuery(q);
    await this.indexer.ready;
    const documents = await this.directory.listDocuments(projectId);
    const hits = await this.hitsOf(projectId, query, documents);
    const names = new Map(documents.map((d) => [d.id, d.name]));
    const shown = hits.slice(page.offset, page.offset + page.limit);
    const rows = await this.index.rows(projectId, [...new Set(shown.map((h) => h.rowId))]);
    const counts = new Map<string, number>();
    for (const hit of hits) counts.set(hit.documentId, (counts.get(hit.documentId) ?? 0) + 1);
    return {
      hits: shown.flatMap((hit) => {
        const row = rows.get(hit.rowId);
        // A row re-indexed since the hits were found: its hit is left out rather than shown wrongly.
        if (!row || row.documentId !== hit.documentId) return [];
        return [{ documentId: hit.documentId, documentName: names.get(hit.documentId) ?? '', start: hit.start, end: hit.end, ...hitContext(row, hit.start, hit.end) }];
      }),
      total: hits.length,
      documents: [...counts].map(([documentId, count]) => ({ documentId, documentName: names.get(documentId) ?? '', hits: count })),
      pending: this.indexer.pendingIn(projectId),
    };
  }

  /**
   * Codes the chosen hits of `q` with `codeId` in `userId`'s own layer of each document. Every hit
   * must be a current hit of `q` whose text is still what the index holds; a hit the layer already
   * covers with that code is skipped. Nothing is written when any of the documents is frozen for
   * this coder (a submitted, revealed or locked round) or a hit is no longer a hit.
   */
  async codeHits(projectId: string, userId: string, request: { q: string; codeId: string; hits: readonly { documentId: string; start: number; end: number }[] }): Promise<CodeHitsResponse> {
    const query = parseSearchQuery(request.q);
    const documents = await this.directory.listDocuments(projectId);
    const current = new Map((await this.hitsOf(projectId, query, documents)).map((h) => [hitKey(h.documentId, h.start, h.end), h]));
    const wanted = new Map<string, IndexHit>();
    let gone = 0;
    for (const h of request.hits) {
      const hit = current.get(hitKey(h.documentId, h.start, h.end));
      if (hit) wanted.set(hitKey(h.documentId, h.start, h.end), hit);
      else gone++;
    }
    if (gone > 0) {
      throw new SearchError(SearchFailure.staleHits, `${gone === 1 ? 'One passage is' : `${gone} passages are`} no longer a hit of “${request.q.trim()}” (a transcript changed since you searched): search again, then code the hits.`);
    }
    const codes = await this.registry.read(formatRoomName({ kind: 'project', projectId }), (doc) => readCodes(doc));
    const code = codes.find((c) => c.id === request.codeId);
    if (!code) throw new SearchError(SearchFailure.unknownCode, 'That code is not in the codebook (it may have been deleted or merged): pick another.');

    const byDocument = new Map<string, IndexHit[]>();
    for (const hit of wanted.values()) byDocument.set(hit.documentId, [...(byDocument.get(hit.documentId) ?? []), hit]);
    const names = new Map<string, DocumentRecord>(documents.map((d) => [d.id, d]));
    const frozen: string[] = [];
    let reason = '';
    for (const documentId of byDocument.keys()) {
      const why = layerFrozenReason(await readDocumentRound(this.directory, projectId, documentId), userId);
      if (why) {
        frozen.push(names.get(documentId)?.name ?? documentId);
        reason = why;
      }
    }
    if (frozen.length > 0) {
      const list = frozen.map((n) => `“${n}”`).join(', ');
      throw new SearchError(SearchFailure.frozen, `Your codings of ${list} cannot change now (${reason}). Leave ${frozen.length === 1 ? 'that document’s hits' : 'those documents’ hits'} out to code the others.`);
    }

    let coded = 0;
    let skipped = 0;
    for (const [documentId, hits] of byDocument) {
      const outcome = await this.writes.run(`${projectId}:${documentId}:${userId}`, () => this.codeDocument(projectId, documentId, userId, code.id, hits));
      coded += outcome.coded;
      skipped += outcome.skipped;
    }
    return { coded, skipped };
  }

  private async codeDocument(projectId: string, documentId: string, userId: string, codeId: string, hits: readonly IndexHit[]): Promise<CodeHitsResponse> {
    const rows = await this.index.rows(projectId, [...new Set(hits.map((h) => h.rowId))]);
    const transcript = await this.registry.snapshot(formatRoomName({ kind: 'text', projectId, documentId }));
    try {
      const text = readTranscriptText(transcript);
      // Offsets checked against the live text: the index may lag a correction by a moment.
      const current = (hit: IndexHit) => {
        const row = rows.get(hit.rowId);
        return !!row && row.documentId === documentId && hit.end <= text.length && text.slice(hit.start, hit.end) === row.text.slice(hit.start - row.start, hit.end - row.start);
      };
      const fresh = hits.filter(current);
      const anchors = new Map(fresh.map((hit) => [hit, createSpanAnchor(transcriptText(transcript), hit.start, hit.end)]));
      let coded = 0;
      const at = Date.now();
      // The caller's own layer, written as their change: stored, sent to open sockets, and in the history under their id.
      await this.registry.change(
        formatRoomName({ kind: 'layer', projectId, documentId, userId }),
        (layer: Y.Doc) => {
          const covered: [number, number][] = [];
          codingsMap(layer).forEach((value) => {
            if (value?.codeId !== codeId || !(value.start instanceof Uint8Array) || !(value.end instanceof Uint8Array)) return;
            try {
              const span = resolveSpanAnchor(value, transcript);
              if (!span.orphaned) covered.push([span.start, span.end]);
            } catch {
              // An anchor that does not decode covers nothing (shown as orphaned in the coding view).
            }
          });
          for (const [hit, anchor] of anchors) {
            if (covered.some(([s, e]) => s <= hit.start && hit.end <= e)) continue;
            addCoding(layer, { id: createId(), codeId, anchor, at });
            covered.push([hit.start, hit.end]);
            coded++;
          }
        },
        userId,
      );
      return { coded, skipped: hits.length - coded };
    } finally {
      transcript.destroy();
    }
  }

  /** Every hit of the query among the listed documents, in their order, then by position; kept until the project's text changes. */
  private hitsOf(projectId: string, query: SearchQuery, documents: readonly DocumentRecord[]): Promise<readonly IndexHit[]> {
    const key = `${projectId}\u0000${query.key}`;
    const version = this.indexer.versionOf(projectId);
    const order = documents.map((d) => d.id).join(',');
    const kept = this.found.get(key);
    if (kept && kept.version === version && kept.order === order) {
      this.found.delete(key);
      this.found.set(key, kept);
      return kept.hits;
    }
    const hits = (async () => {
      const rank = new Map(documents.map((d, i) => [d.id, i]));
      const slice = new TimeSlice();
      const found = await this.index.search(projectId, query, { yieldIfDue: () => slice.yieldIfDue(), cancelled: () => false });
      // Bucketed by document (linear); within one, the index's order is nearly always by position already.
      const buckets: IndexHit[][] = documents.map(() => []);
      for (const hit of found) {
        const at = rank.get(hit.documentId);
        if (at !== undefined) buckets[at]!.push(hit);
      }
      const byPosition = (a: IndexHit, b: IndexHit) => a.start - b.start || a.end - b.end;
      for (const bucket of buckets) if (bucket.some((hit, i) => i > 0 && byPosition(bucket[i - 1]!, hit) > 0)) bucket.sort(byPosition);
      return buckets.flat();
    })();
    const entry: Found = { version, order, hits };
    this.found.set(key, entry);
    while (this.found.size > maxCachedQueries) this.found.delete(this.found.keys().next().value!);
    hits.then(
      (all) => {
        if (all.length > maxCachedHits && this.found.get(key) === entry) this.found.delete(key);
      },
      () => {
        if (this.found.get(key) === entry) this.found.delete(key);
      },
    );
    return hits;
  }
}

/** Search over `index`, kept current from the registry's stored transcripts (indexing starts now). */
export function createSearchService(index: SearchIndex, registry: DocumentRegistry, directory: DirectoryStore, logger: Logger, options: SearchIndexerOptions = {}): SearchService {
  const indexer = new SearchIndexer(index, registry, directory, logger, options);
  indexer.start();
  return new SearchService(index, indexer, directory, registry);
}

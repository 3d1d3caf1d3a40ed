import type * as Y from 'yjs';
import type { Code } from '../../shared/model/codebook.ts';
import { formatRoomName, parseRoomName } from '../../shared/protocol/index.ts';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { codingsMap } from '../../shared/ydoc/layer-doc.ts';
import { readTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

/** What a coding says besides its span: the memo and when it was made (ms since the epoch; null when absent or malformed). */
export interface CodingNote {
  readonly memo: string;
  readonly createdAt: number | null;
}

type Entry =
  | { readonly kind: 'codes'; readonly value: readonly Code[]; readonly bytes: number }
  | { readonly kind: 'text'; readonly value: string; readonly bytes: number }
  | { readonly kind: 'notes'; readonly value: ReadonlyMap<string, CodingNote>; readonly bytes: number };

const defaultMaxBytes = 48 * 1024 * 1024;
const caches = new WeakMap<DocumentRegistry, ExploreRooms>();

/**
 * The room cache of the Explore views, one per registry (its `onStored` is what invalidates it).
 * Shared by every reader of `readVisibleSegments`, as the agreement extracts are.
 */
export function exploreRoomsOf(registry: DocumentRegistry): ExploreRooms {
  let cache = caches.get(registry);
  if (!cache) caches.set(registry, (cache = new ExploreRooms(registry)));
  return cache;
}

function readNotes(layer: Y.Doc): Map<string, CodingNote> {
  const notes = new Map<string, CodingNote>();
  codingsMap(layer).forEach((value, id) => {
    // Any client can write any value into its layer: read defensively, as `readCodings` does.
    if (value === null || typeof value !== 'object') return;
    const v = value as { memo?: unknown; createdAt?: unknown };
    notes.set(id, { memo: typeof v.memo === 'string' ? v.memo : '', createdAt: typeof v.createdAt === 'number' && Number.isFinite(v.createdAt) ? v.createdAt : null });
  });
  return notes;
}

/**
 * What the Explore views need from rooms beyond the agreement extracts (`project-extracts.ts`,
 * which hold spans and units but no words): the codebook's full codes (colours, definitions,
 * the tree), a transcript's text, and each layer's memos and creation times by coding id. An
 * entry is dropped when its room is stored again; a read that overlapped a store of its room is
 * returned but not kept. Cold rooms are read from the store into a temporary doc, never loaded
 * into the registry. Bounded by an estimate of its bytes, least recently used first out.
 */
export class ExploreRooms {
  /** Insertion order is recency. */
  private readonly entries = new Map<string, Entry>();
  /** Rooms stored while a read of them was under way: that read's result is not kept. */
  private readonly stale = new Set<string>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private bytes = 0;

  constructor(
    private readonly registry: DocumentRegistry,
    private readonly maxBytes = defaultMaxBytes,
  ) {
    registry.onStored((room) => {
      if (this.pending.has(room)) this.stale.add(room);
      this.delete(room);
    });
    // Rooms may have been stored elsewhere unheard: forget them all, and keep no read under way.
    registry.onReset(() => {
      for (const room of this.pending.keys()) this.stale.add(room);
      for (const room of [...this.entries.keys()]) this.delete(room);
    });
  }

  async codes(projectId: string): Promise<readonly Code[]> {
    const entry = await this.entry(formatRoomName({ kind: 'project', projectId }), (doc) => {
      const codes = readCodes(doc);
      return { kind: 'codes', value: codes, bytes: 512 * (codes.length + 1) + codes.reduce((n, c) => n + 2 * (c.definition.length + c.name.length), 0) };
    });
    return (entry as Extract<Entry, { kind: 'codes' }>).value;
  }

  async text(projectId: string, documentId: string): Promise<string> {
    const entry = await this.entry(formatRoomName({ kind: 'text', projectId, documentId }), (doc) => {
      const text = readTranscriptText(doc);
      return { kind: 'text', value: text, bytes: 64 + 2 * text.length };
    });
    return (entry as Extract<Entry, { kind: 'text' }>).value;
  }

  /** Memos and creation times of a `layer:` or `consensus:` room's codings, by coding id. */
  async notes(room: string): Promise<ReadonlyMap<string, CodingNote>> {
    const entry = await this.entry(room, (doc) => {
      const notes = readNotes(doc);
      let bytes = 64;
      for (const [id, note] of notes) bytes += 96 + 2 * (id.length + note.memo.length);
      return { kind: 'notes', value: notes, bytes };
    });
    return (entry as Extract<Entry, { kind: 'notes' }>).value;
  }

  /** Drops the texts and notes of a project's documents that are no longer listed (deleted documents). */
  retainDocuments(projectId: string, documentIds: Iterable<string>): void {
    const listed = new Set(documentIds);
    for (const room of [...this.entries.keys()]) {
      const parsed = parseRoomName(room);
      if (parsed && parsed.kind !== 'project' && parsed.projectId === projectId && !listed.has(parsed.documentId)) this.delete(room);
    }
  }

  private async entry(room: string, extract: (doc: Y.Doc) => Entry): Promise<Entry> {
    const hit = this.entries.get(room);
    if (hit) {
      this.entries.delete(room);
      this.entries.set(room, hit);
      return hit;
    }
    const running = this.pending.get(room);
    if (running) return running;
    const read = this.registry
      .read(room, extract)
      .then((entry) => {
        if (!this.stale.has(room)) this.put(room, entry);
        return entry;
      })
      .finally(() => {
        this.pending.delete(room);
        this.stale.delete(room);
      });
    this.pending.set(room, read);
    return read;
  }

  private put(room: string, entry: Entry): void {
    this.delete(room);
    this.entries.set(room, entry);
    this.bytes += entry.bytes;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  private delete(room: string): void {
    const entry = this.entries.get(room);
    if (!entry) return;
    this.entries.delete(room);
    this.bytes -= entry.bytes;
  }
}

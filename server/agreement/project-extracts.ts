import * as Y from 'yjs';
import { formatRoomName, parseRoomName, type RoomName } from '../../shared/protocol/index.ts';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { codingsMap, readCodings } from '../../shared/ydoc/layer-doc.ts';
import { readTranscriptText, readTranscriptUnits } from '../../shared/ydoc/transcript-doc.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { TimeSlice } from './time-slice.ts';

/** A codebook entry as the study carries it. */
export interface StudyCode {
  readonly id: string;
  readonly name?: string | undefined;
  readonly domain?: string | null | undefined;
}

/** A `text:` room reduced to what statistics need. */
export interface TextExtract {
  readonly length: number;
  /** Transcript units as flat (start, end) pairs. */
  readonly units: Int32Array;
}

/** A `layer:` or `consensus:` room reduced to counts, which do not depend on the text. */
export interface LayerCounts {
  /** Entries of the codings map, well-formed or not: what the progress table counts. */
  readonly size: number;
  /** Codings per code id, counted as `codingsOfCode` counts them (code usage). */
  readonly codeCounts: ReadonlyMap<string, number>;
}

/**
 * A layer's codings resolved against its transcript, in the layer map's order: coding i is
 * `codeIds[code[i]]` on [start[i], end[i]), or orphaned (its text was deleted) when start[i] is -1.
 */
export interface ResolvedLayer {
  /** Each coding's id, in the same order. */
  readonly codingIds: readonly string[];
  readonly codeIds: readonly string[];
  readonly code: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** One document as the study needs it: its text and each requested coder's resolved layer. */
export interface DocumentExtract {
  readonly text: TextExtract;
  readonly layers: readonly ResolvedLayer[];
}

type Entry =
  | { readonly kind: 'codes'; readonly value: readonly StudyCode[]; readonly bytes: number }
  | { readonly kind: 'text'; readonly value: TextExtract; readonly bytes: number }
  | { readonly kind: 'counts'; readonly value: LayerCounts; readonly bytes: number }
  | { readonly kind: 'resolved'; readonly value: ResolvedLayer; readonly bytes: number };

/** Rooms one cold read is reading; a store of any of them while it reads makes its result stale. */
interface Reading {
  readonly rooms: Set<string>;
  /** Covers every layer of this document (`projectId:documentId`), whose resolution depends on the text. */
  readonly document: string | null;
  stale: boolean;
}

const defaultMaxBytes = 32 * 1024 * 1024;

/**
 * A coder's layer as a round froze it: their submission's snapshot (a Yjs update), resolved
 * against the current transcript like a live layer. Submissions never change, so one is read once.
 */
export interface SubmittedLayer {
  readonly submissionId: string;
  readonly read: () => Promise<Uint8Array>;
}

/** Where a layer comes from: a coder's id (their live layer; `consensus` for the consensus), a submission, or nothing (null: an empty layer). */
export type LayerSource = string | SubmittedLayer | null;

const emptyLayer: ResolvedLayer = { codingIds: [], codeIds: [], code: new Int32Array(0), start: new Int32Array(0), end: new Int32Array(0) };

/** Stands for the consensus layer where readers take coder ids (`document`, agreement against the consensus). */
export const consensusCoderId = 'consensus';

const extracts = new WeakMap<DocumentRegistry, ProjectExtracts>();

/**
 * The extracts of the rooms of `registry`: one cache per registry, because the registry's
 * `onStored` is the one thing that invalidates it, and every reader (agreement, exports, progress,
 * code usage) should share what another has already read.
 */
export function projectExtractsOf(registry: DocumentRegistry): ProjectExtracts {
  let cache = extracts.get(registry);
  if (!cache) extracts.set(registry, (cache = new ProjectExtracts(registry)));
  return cache;
}

function textExtract(doc: Y.Doc): TextExtract {
  const units = readTranscriptUnits(doc);
  const flat = new Int32Array(units.length * 2);
  units.forEach((u, i) => {
    flat[2 * i] = u.start;
    flat[2 * i + 1] = u.end;
  });
  return { length: readTranscriptText(doc).length, units: flat };
}

function layerCounts(layer: Y.Doc): LayerCounts {
  const codings = codingsMap(layer);
  const codeCounts = new Map<string, number>();
  codings.forEach((value) => {
    // The test `codingsOfCode` (code-merge.ts) applies: an object with a string code id.
    const codeId = value !== null && typeof value === 'object' ? (value as { codeId?: unknown }).codeId : undefined;
    if (typeof codeId === 'string') codeCounts.set(codeId, (codeCounts.get(codeId) ?? 0) + 1);
  });
  return { size: codings.size, codeCounts };
}

function resolvedLayer(layer: Y.Doc, transcript: Y.Doc): ResolvedLayer {
  // The same reader the coding view and the old study used, so resolution cannot drift.
  const codings = readCodings(layer, transcript, '');
  const codingIds = codings.map((coding) => coding.id);
  const codeIds: string[] = [];
  const codeIndex = new Map<string, number>();
  const code = new Int32Array(codings.length);
  const start = new Int32Array(codings.length);
  const end = new Int32Array(codings.length);
  codings.forEach((coding, i) => {
    let k = codeIndex.get(coding.codeId);
    if (k === undefined) codeIndex.set(coding.codeId, (k = codeIds.push(coding.codeId) - 1));
    code[i] = k;
    const orphaned = coding.orphaned || coding.start === null || coding.end === null;
    start[i] = orphaned ? -1 : coding.start!;
    end[i] = orphaned ? -1 : coding.end!;
  });
  return { codingIds, codeIds, code, start, end };
}

const codesKey = (projectId: string) => `codes|${formatRoomName({ kind: 'project', projectId })}`;
const textKey = (projectId: string, documentId: string) => `text|${formatRoomName({ kind: 'text', projectId, documentId })}`;
const countsKey = (room: string) => `counts|${room}`;
const resolvedKey = (room: string) => `resolved|${room}`;
const snapshotKey = (projectId: string, documentId: string, submissionId: string) => `snapshot|${projectId}:${documentId}:${submissionId}`;
/** Stands for a null source: cached like a submission, resolved to nothing. */
const emptySource: SubmittedLayer = { submissionId: '', read: () => Promise.reject(new Error('an empty layer is never read')) };
const resolvedBytes = (resolved: ResolvedLayer) => 64 + 12 * resolved.code.length + 64 * (resolved.codeIds.length + resolved.codingIds.length);

/**
 * A per-room cache of plain extracts — a transcript's length and units, a layer's counts and its
 * codings resolved against the transcript, a codebook's codes — so that agreement, exports,
 * progress and code usage do not re-read 1,500 Y.Docs per request. An entry is dropped when its
 * room is stored again (`registry.onStored`); a transcript being stored drops the resolved layers of
 * its document too. Cold rooms are read one at a time with the event loop served in between (no
 * slice is longer than reading one room), and without loading them into the registry. Bounded by
 * an estimate of its bytes, least recently used first out.
 */
export class ProjectExtracts {
  /** Insertion order is recency: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Entry>();
  /** projectId → documentId → keys of that document's entries, to drop deleted documents. */
  private readonly byDocument = new Map<string, Map<string, Set<string>>>();
  /** key → the document its entry belongs to (entries of the codebook belong to none). */
  private readonly documentOf = new Map<string, { projectId: string; documentId: string }>();
  private readonly readings = new Set<Reading>();
  /** In-flight cold reads of one document or codebook, shared by concurrent callers. */
  private readonly pending = new Map<string, Promise<unknown>>();
  private bytes = 0;

  constructor(
    private readonly registry: DocumentRegistry,
    private readonly maxBytes = defaultMaxBytes,
  ) {
    registry.onStored((room, _where, parsed) => this.invalidate(room, parsed));
    registry.onReset(() => this.clear());
  }

  /** Estimated bytes held (for tests and health figures). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** The codebook's codes, as the study lists them. */
  async codes(projectId: string): Promise<readonly StudyCode[]> {
    const key = codesKey(projectId);
    const hit = this.get(key);
    if (hit?.kind === 'codes') return hit.value;
    const room = formatRoomName({ kind: 'project', projectId });
    return this.once(key, async () => {
      const reading = this.startReading([room], null);
      try {
        const codes = await this.registry.read(room, (doc) => readCodes(doc).map((c): StudyCode => ({ id: c.id, name: c.name, domain: c.domain })));
        if (!reading.stale) this.put(key, null, { kind: 'codes', value: codes, bytes: 256 * (codes.length + 1) });
        return codes;
      } finally {
        this.readings.delete(reading);
      }
    });
  }

  /**
   * A document's transcript extract and the resolved layers of `sources` (in that order). Reads
   * the transcript once for all the layers that are not cached, and yields to the event loop after
   * every room it reads (the caller's `slice` yields between cached documents when due).
   */
  async document(projectId: string, documentId: string, sources: readonly LayerSource[], slice = new TimeSlice()): Promise<DocumentExtract> {
    const layerRooms = sources.map((source) =>
      typeof source !== 'string'
        ? (source ?? emptySource)
        : source === consensusCoderId
          ? formatRoomName({ kind: 'consensus', projectId, documentId })
          : formatRoomName({ kind: 'layer', projectId, documentId, userId: source }),
    );
    const text = this.get(textKey(projectId, documentId));
    const layers = layerRooms.map((room): Entry | undefined =>
      room === emptySource ? { kind: 'resolved', value: emptyLayer, bytes: 0 } : this.get(typeof room === 'string' ? resolvedKey(room) : snapshotKey(projectId, documentId, room.submissionId)),
    );
    if (text?.kind === 'text' && layers.every((l) => l?.kind === 'resolved')) {
      return { text: text.value, layers: layers.map((l) => l!.value as ResolvedLayer) };
    }
    const key = `document|${projectId}:${documentId}`;
    const running = this.pending.get(key);
    if (running) {
      // Someone is reading this document: wait, then take what they cached (or read what is still missing).
      await running.catch(() => {});
      return this.document(projectId, documentId, sources, slice);
    }
    return this.once(key, () => this.readDocument(projectId, documentId, layerRooms, slice));
  }

  /** Counts of `layer:` and `consensus:` rooms, in order; cold rooms are read one at a time, the event loop served after each. */
  async counts(rooms: readonly string[], slice = new TimeSlice()): Promise<LayerCounts[]> {
    const out: LayerCounts[] = [];
    for (const room of rooms) {
      const hit = this.get(countsKey(room));
      if (hit?.kind === 'counts') {
        out.push(hit.value);
        await slice.yieldIfDue();
        continue;
      }
      const parsed = parseRoomName(room);
      const reading = this.startReading([room], null);
      try {
        const counts = await this.registry.read(room, layerCounts);
        if (!reading.stale) this.put(countsKey(room), parsed && parsed.kind !== 'project' ? parsed : null, { kind: 'counts', value: counts, bytes: 64 + 64 * counts.codeCounts.size });
        out.push(counts);
      } finally {
        this.readings.delete(reading);
      }
      await slice.yield();
    }
    return out;
  }

  /** Drops the entries of a project's documents that are no longer listed (deleted documents). */
  retainDocuments(projectId: string, documentIds: Iterable<string>): void {
    const documents = this.byDocument.get(projectId);
    if (!documents) return;
    const listed = new Set(documentIds);
    for (const [documentId, keys] of [...documents]) if (!listed.has(documentId)) for (const key of [...keys]) this.delete(key);
  }

  private async readDocument(projectId: string, documentId: string, layerRooms: readonly (string | SubmittedLayer)[], slice: TimeSlice): Promise<DocumentExtract> {
    const textRoom = formatRoomName({ kind: 'text', projectId, documentId });
    const at = { projectId, documentId };
    const reading = this.startReading([textRoom, ...layerRooms.filter((r) => typeof r === 'string')], `${projectId}:${documentId}`);
    try {
      const transcript = await this.registry.snapshot(textRoom);
      let text: TextExtract;
      const layers: ResolvedLayer[] = [];
      try {
        text = textExtract(transcript);
        const fresh: [string, Entry][] = [[textKey(projectId, documentId), { kind: 'text', value: text, bytes: 64 + text.units.byteLength }]];
        for (const room of layerRooms) {
          if (room === emptySource) {
            layers.push(emptyLayer);
            continue;
          }
          if (typeof room !== 'string') {
            const key = snapshotKey(projectId, documentId, room.submissionId);
            const cached = this.get(key);
            if (cached?.kind === 'resolved') {
              layers.push(cached.value);
              continue;
            }
            await slice.yield();
            const snapshot = new Y.Doc();
            try {
              Y.applyUpdate(snapshot, await room.read());
              const resolved = resolvedLayer(snapshot, transcript);
              layers.push(resolved);
              fresh.push([key, { kind: 'resolved', value: resolved, bytes: resolvedBytes(resolved) }]);
            } finally {
              snapshot.destroy();
            }
            continue;
          }
          const cached = this.get(resolvedKey(room));
          if (cached?.kind === 'resolved') {
            layers.push(cached.value);
            continue;
          }
          await slice.yield();
          const [counts, resolved] = await this.registry.read(room, (layer) => [layerCounts(layer), resolvedLayer(layer, transcript)] as const);
          layers.push(resolved);
          fresh.push([countsKey(room), { kind: 'counts', value: counts, bytes: 64 + 64 * counts.codeCounts.size }]);
          fresh.push([resolvedKey(room), { kind: 'resolved', value: resolved, bytes: resolvedBytes(resolved) }]);
        }
        // Cached only if nothing it was read from was stored meanwhile; the caller gets it either way.
        if (!reading.stale) for (const [key, entry] of fresh) this.put(key, at, entry);
      } finally {
        transcript.destroy();
      }
      await slice.yield();
      return { text, layers };
    } finally {
      this.readings.delete(reading);
    }
  }

  private startReading(rooms: readonly string[], document: string | null): Reading {
    const reading: Reading = { rooms: new Set(rooms), document, stale: false };
    this.readings.add(reading);
    return reading;
  }

  /** Runs `read` unless a read under `key` is already under way, whose result is then shared. */
  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running as Promise<T>;
    const promise = read().finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }

  /** Forgets every entry (rooms may have been stored elsewhere unheard); reads under way are not kept. */
  private clear(): void {
    for (const reading of this.readings) reading.stale = true;
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  private invalidate(room: string, parsed: RoomName | null): void {
    if (!parsed) return;
    const documentKey = parsed.kind === 'project' ? null : `${parsed.projectId}:${parsed.documentId}`;
    for (const reading of this.readings) {
      if (reading.rooms.has(room) || (parsed.kind === 'text' && reading.document === documentKey)) reading.stale = true;
    }
    switch (parsed.kind) {
      case 'project':
        this.delete(codesKey(parsed.projectId));
        return;
      case 'text': {
        this.delete(textKey(parsed.projectId, parsed.documentId));
        // Every layer of the document was resolved against the old text.
        const keys = this.byDocument.get(parsed.projectId)?.get(parsed.documentId);
        for (const key of [...(keys ?? [])]) if (key.startsWith('resolved|') || key.startsWith('snapshot|')) this.delete(key);
        return;
      }
      case 'layer':
      case 'consensus':
        this.delete(countsKey(room));
        this.delete(resolvedKey(room));
        return;
    }
  }

  private get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  private put(key: string, at: { projectId: string; documentId: string } | null, entry: Entry): void {
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    if (at) {
      this.documentOf.set(key, { projectId: at.projectId, documentId: at.documentId });
      let documents = this.byDocument.get(at.projectId);
      if (!documents) this.byDocument.set(at.projectId, (documents = new Map()));
      let keys = documents.get(at.documentId);
      if (!keys) documents.set(at.documentId, (keys = new Set()));
      keys.add(key);
    }
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    const at = this.documentOf.get(key);
    if (!at) return;
    this.documentOf.delete(key);
    const documents = this.byDocument.get(at.projectId);
    const keys = documents?.get(at.documentId);
    keys?.delete(key);
    if (keys?.size === 0) documents!.delete(at.documentId);
    if (documents?.size === 0) this.byDocument.delete(at.projectId);
  }
}

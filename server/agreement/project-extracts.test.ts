import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText, writeTranscript } from '../../shared/ydoc/transcript-doc.ts';
import { silentLogger } from '../logger.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { createSqliteDocumentStore } from '../persistence/sqlite-document-store.ts';
import { DocumentRegistry } from '../sync/document-registry.ts';
import { ProjectExtracts } from './project-extracts.ts';

const options = { messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1e12, byteBurst: 1e12, maxQueuedBytes: 1e9, roomIdleUnloadMs: 60_000, compactAfterUpdates: 1e9, compactAfterBytes: 1e12 };
const registries: DocumentRegistry[] = [];
const stores: DocumentStore[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.shutdown()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/**
 * A real registry on a real (in-memory SQLite) store that notes the rooms it reads from the store;
 * a room's next read can be held back until a promise settles (`holdNextLoad`).
 */
function setUp(maxBytes?: number) {
  const store = createSqliteDocumentStore(':memory:');
  stores.push(store);
  const loads: string[] = [];
  const holds = new Map<string, Promise<void>>();
  const loadUpdates = async (room: string) => {
    loads.push(room);
    const hold = holds.get(room);
    holds.delete(room);
    const log = await store.loadUpdates(room);
    await hold;
    return log;
  };
  const noting = new Proxy(store, {
    get: (target, property) => (property === 'loadUpdates' ? loadUpdates : (Reflect.get(target, property) as (...args: unknown[]) => unknown).bind(target)),
  });
  const registry = new DocumentRegistry(noting, options as ConstructorParameters<typeof DocumentRegistry>[1], silentLogger);
  registries.push(registry);
  const holdNextLoad = (room: string) => {
    let release!: () => void;
    holds.set(room, new Promise<void>((resolve) => (release = resolve)));
    return release;
  };
  return { store, registry, loads, holdNextLoad, extracts: new ProjectExtracts(registry, maxBytes) };
}

const transcript = 'Interviewer: How did it start?\nP01: They pushed a toolkit on us.';

/** Stores a transcript and one layer with `codings` codings of it, straight into the store (not live). */
async function storeDocument(store: DocumentStore, documentId: string, codings: number) {
  const text = new Y.Doc();
  writeTranscript(text, transcript, []);
  await store.appendUpdates(`text:p:${documentId}`, [Y.encodeStateAsUpdate(text)]);
  const layer = new Y.Doc();
  for (let i = 0; i < codings; i++) addCoding(layer, { id: `c${i}`, codeId: i % 2 ? 'push' : 'pull', anchor: createSpanAnchor(transcriptText(text), i, i + 5), at: 1 });
  await store.appendUpdates(`layer:p:${documentId}:ana`, [Y.encodeStateAsUpdate(layer)]);
}

describe('ProjectExtracts', () => {
  it('reads each room once, resolves layers against their transcript, and never loads rooms into the registry', async () => {
    const { store, registry, loads, extracts } = setUp();
    await storeDocument(store, 'd1', 3);
    const first = await extracts.document('p', 'd1', ['ana']);
    expect(first.text.length).toBe(transcript.length);
    expect([...first.layers[0]!.start]).toEqual([0, 1, 2]);
    expect(first.layers[0]!.codeIds.length).toBe(2);
    expect((await extracts.counts(['layer:p:d1:ana']))[0]).toEqual({ size: 3, codeCounts: new Map([['pull', 2], ['push', 1]]) });
    await extracts.document('p', 'd1', ['ana']);
    expect(loads).toEqual(['text:p:d1', 'layer:p:d1:ana']);
    expect(registry.size).toBe(0);
  });

  it('keeps within its byte budget, least recently used out first', async () => {
    const { store, loads, extracts } = setUp(600);
    const rooms = ['d1', 'd2', 'd3', 'd4', 'd5'].map((d) => `layer:p:${d}:ana`);
    for (const d of ['d1', 'd2', 'd3', 'd4', 'd5']) await storeDocument(store, d, 2);
    await extracts.counts(rooms);
    expect(extracts.size.bytes).toBeLessThanOrEqual(600);
    expect(extracts.size.entries).toBeLessThan(rooms.length);
    loads.length = 0;
    // The most recent rooms are still cached; the first were dropped and are read again.
    await extracts.counts([rooms[4]!, rooms[3]!]);
    expect(loads).toEqual([]);
    await extracts.counts([rooms[0]!]);
    expect(loads).toEqual([rooms[0]]);
  });

  it('drops a room when it is stored again, and does not cache what was stored while it was read', async () => {
    const { store, registry, loads, holdNextLoad, extracts } = setUp();
    await storeDocument(store, 'd1', 2);
    await extracts.counts(['layer:p:d1:ana']);
    await registry.change('layer:p:d1:ana', (doc) => doc.getMap('codings').delete('c0'));
    expect((await extracts.counts(['layer:p:d1:ana']))[0]!.size).toBe(1);

    // The room is stored between the start and the end of its cold read: that read is not cached.
    await storeDocument(store, 'd2', 2);
    const release = holdNextLoad('layer:p:d2:ana');
    const reading = extracts.counts(['layer:p:d2:ana']);
    await registry.change('layer:p:d2:ana', (doc) => doc.getMap('codings').delete('c0'));
    release();
    expect((await reading)[0]!.size).toBe(2);
    loads.length = 0;
    await registry.shutdown();
    expect((await extracts.counts(['layer:p:d2:ana']))[0]!.size).toBe(1);
    expect(loads).toEqual(['layer:p:d2:ana']);
  });

  it('forgets the documents a project no longer lists', async () => {
    const { store, loads, extracts } = setUp();
    await storeDocument(store, 'd1', 1);
    await storeDocument(store, 'd2', 1);
    await extracts.document('p', 'd1', ['ana']);
    await extracts.document('p', 'd2', ['ana']);
    const held = extracts.size.entries;
    extracts.retainDocuments('p', ['d2']);
    expect(extracts.size.entries).toBeLessThan(held);
    loads.length = 0;
    await extracts.document('p', 'd2', ['ana']);
    expect(loads).toEqual([]);
  });
});

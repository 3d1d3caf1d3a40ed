import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../logger.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { createSqliteDocumentStore } from '../persistence/sqlite-document-store.ts';
import { DocumentRegistry } from './document-registry.ts';

const options = { messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1e12, byteBurst: 1e12, maxQueuedBytes: 1e9, roomIdleUnloadMs: 60_000, compactAfterUpdates: 1e9, compactAfterBytes: 1e12 };
const stores: DocumentStore[] = [];
const registries: DocumentRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.shutdown()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function setUp() {
  const store = createSqliteDocumentStore(':memory:');
  stores.push(store);
  const registry = new DocumentRegistry(store, options as ConstructorParameters<typeof DocumentRegistry>[1], silentLogger);
  registries.push(registry);
  return { store, registry };
}

describe('DocumentRegistry.read and snapshot', () => {
  it('read a room that is not in memory from the store, without registering it', async () => {
    const { store, registry } = setUp();
    const doc = new Y.Doc();
    doc.getText('transcript').insert(0, 'stored text');
    await store.appendUpdates('text:p:d', [Y.encodeStateAsUpdate(doc)]);
    expect(await registry.read('text:p:d', (d) => d.getText('transcript').toString())).toBe('stored text');
    expect(registry.has('text:p:d')).toBe(false);
    const copy = await registry.snapshot('text:p:d');
    expect(copy.getText('transcript').toString()).toBe('stored text');
    copy.destroy();
    expect(registry.size).toBe(0);
  });

  it('read a room in memory as it is, and hand out snapshots that are copies', async () => {
    const { registry } = setUp();
    await registry.change('text:p:d', (doc) => doc.getText('transcript').insert(0, 'live'));
    expect(registry.has('text:p:d')).toBe(true);
    expect(await registry.read('text:p:d', (d) => d.getText('transcript').toString())).toBe('live');
    const copy = await registry.snapshot('text:p:d');
    copy.getText('transcript').insert(0, 'not in the room: ');
    expect(await registry.read('text:p:d', (d) => d.getText('transcript').toString())).toBe('live');
    copy.destroy();
  });
});

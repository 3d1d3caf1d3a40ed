import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/index.ts';
import { silentLogger } from '../logger.ts';
import { createSqliteDocumentStore } from '../persistence/sqlite-document-store.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { InProcessFanoutHub } from '../../tests/support/in-process-fanout.ts';
import { waitFor } from '../../tests/support/sync-client.ts';
import { DocumentRegistry } from './document-registry.ts';

const options = { messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1e12, byteBurst: 1e12, maxQueuedBytes: 1e9, roomIdleUnloadMs: 60_000, compactAfterUpdates: 1e9, compactAfterBytes: 1e12 };
const stores: DocumentStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function socket() {
  const closes: number[] = [];
  return { closes, socket: { send: (_f: Uint8Array, sent?: () => void) => sent?.(), bufferedBytes: 0, close: (code: number) => void closes.push(code), terminate: () => {} } };
}

describe('DocumentRegistry.discard', () => {
  it('closes the rooms of deleted data, writes nothing more to them, and never opens them again', async () => {
    const store = createSqliteDocumentStore(':memory:');
    stores.push(store);
    const registry = new DocumentRegistry(store, options, silentLogger);
    const open = socket();
    registry.connect('text:p:d', open.socket);
    await registry.change('text:p:d', (doc) => doc.getText('transcript').insert(0, 'confidential'));

    await registry.discard((room) => room.startsWith('text:p:'), CloseCode.roomNotFound);
    expect(open.closes).toEqual([CloseCode.roomNotFound.code]);
    expect(registry.has('text:p:d')).toBe(false);

    // A socket admitted just before the deletion, and a server-side change still under way.
    const late = socket();
    registry.connect('text:p:d', late.socket);
    expect(late.closes).toEqual([CloseCode.roomNotFound.code]);
    await expect(registry.change('text:p:d', (doc) => doc.getText('transcript').insert(0, 'back'))).rejects.toThrow(/deleted/);
    expect(registry.has('text:p:d')).toBe(false);
    // Other rooms are untouched.
    await registry.change('text:p2:d', (doc) => doc.getText('transcript').insert(0, 'other'));
    expect(registry.has('text:p2:d')).toBe(true);
    await registry.shutdown();
  });
});

describe('DocumentRegistry with other instances', () => {
  it('tells its onStored listeners about rooms stored elsewhere, loaded here or not, and its caches to reset when the fan-out comes back', async () => {
    const store = createSqliteDocumentStore(':memory:');
    stores.push(store);
    const hub = new InProcessFanoutHub();
    const here = new DocumentRegistry(store, options, silentLogger, hub.instance('here'));
    const there = new DocumentRegistry(store, options, silentLogger, hub.instance('there'));
    const heard: [string, string][] = [];
    here.onStored((room, where) => heard.push([room, where]));
    let resets = 0;
    here.onReset(() => resets++);

    await there.change('text:p:d', (doc) => doc.getText('transcript').insert(0, 'stored there'));
    await waitFor(() => heard.length === 1, 2000, 'the stored notice');
    expect(heard).toEqual([['text:p:d', 'elsewhere']]);
    expect(here.has('text:p:d')).toBe(false);

    await here.change('text:p:d', (doc) => doc.getText('transcript').insert(0, '> '));
    expect(heard.at(-1)).toEqual(['text:p:d', 'here']);
    expect(await here.read('text:p:d', (doc) => doc.getText('transcript').toString())).toBe('> stored there');

    hub.recover();
    expect(resets).toBe(1);
    await Promise.all([here.shutdown(), there.shutdown()]);
  });
});

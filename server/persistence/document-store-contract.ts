import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoreError, type DocumentStore } from './document-store.ts';

/**
 * The behaviour every DocumentStore must have. `openStore` opens a store on the same underlying
 * location each time it is called within one test, so reopening proves durability.
 */
export interface StoreHarness {
  /** A fresh, empty location for one test. */
  freshLocation(): Promise<string>;
  open(location: string): Promise<DocumentStore>;
}

const bytes = (...values: number[]) => new Uint8Array(values);

export function runDocumentStoreContract(name: string, harness: StoreHarness): void {
  describe(`DocumentStore contract: ${name}`, () => {
    const opened: DocumentStore[] = [];
    const open = async (location: string) => {
      const store = await harness.open(location);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('loads an unknown room as an empty log', async () => {
      const store = await open(await harness.freshLocation());
      expect(await store.loadUpdates('nobody-here')).toEqual({ updates: [], seqs: [], lastSeq: 0 });
      expect(await store.logSize('nobody-here')).toEqual({ rows: 0, bytes: 0 });
    });

    it('appends in order and numbers updates consecutively per room', async () => {
      const store = await open(await harness.freshLocation());
      expect(await store.appendUpdates('a', [bytes(1), bytes(2)])).toBe(2);
      expect(await store.appendUpdates('b', [bytes(9)])).toBe(1);
      expect(await store.appendUpdates('a', [bytes(3)])).toBe(3);
      const log = await store.loadUpdates('a');
      expect(log.updates.map((u) => Array.from(u))).toEqual([[1], [2], [3]]);
      expect(log.lastSeq).toBe(3);
      expect((await store.loadUpdates('b')).updates.map((u) => Array.from(u))).toEqual([[9]]);
      expect(await store.logSize('a')).toEqual({ rows: 3, bytes: 3 });
    });

    it('keeps every appended update after the store is closed and reopened', async () => {
      const location = await harness.freshLocation();
      const first = await open(location);
      const big = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
      await first.appendUpdates('room', [bytes(1), big]);
      await first.close();
      const second = await open(location);
      const log = await second.loadUpdates('room');
      expect(log.lastSeq).toBe(2);
      // Compare bytes directly: a deep-equal over a megabyte of elements is needlessly slow.
      expect(Buffer.compare(Buffer.from(log.updates[1]!), Buffer.from(big))).toBe(0);
    });

    it('compacts the prefix of a log into one update and keeps later appends', async () => {
      const store = await open(await harness.freshLocation());
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 5; i++) doc.getText('t').insert(0, `${i}`);
      await store.appendUpdates('r', updates.slice(0, 4));
      const merged = Y.mergeUpdates(updates.slice(0, 4));
      await store.appendUpdates('r', updates.slice(4));
      await store.compact('r', merged, [[1, 4]]);
      const log = await store.loadUpdates('r');
      expect(log.updates).toHaveLength(2);
      expect(log.lastSeq).toBe(5);
      expect(log.seqs).toEqual([4, 5]);
      const replica = new Y.Doc();
      for (const u of log.updates) Y.applyUpdate(replica, u);
      expect(replica.getText('t').toString()).toBe(doc.getText('t').toString());
      expect(await store.appendUpdates('r', [bytes(7)])).toBe(6);
    });

    it('compacts only the rows it was given, keeping rows another writer appended in between', async () => {
      const location = await harness.freshLocation();
      const mine = await open(location);
      const theirs = await open(location);
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 3; i++) doc.getText('t').insert(0, `${i}`);
      const foreign = new Y.Doc();
      foreign.getMap('m').set('k', 'theirs');
      expect(await mine.appendUpdates('r', updates.slice(0, 2))).toBe(2);
      expect(await theirs.appendUpdates('r', [Y.encodeStateAsUpdate(foreign)])).toBe(3);
      expect(await mine.appendUpdates('r', updates.slice(2))).toBe(4);
      await mine.compact('r', Y.mergeUpdates(updates), [[1, 2], [4, 4]]);
      const log = await theirs.loadUpdates('r');
      expect(log.seqs).toEqual([3, 4]);
      const replica = new Y.Doc();
      for (const u of log.updates) Y.applyUpdate(replica, u);
      expect(replica.getText('t').toString()).toBe('210');
      expect(replica.getMap('m').get('k')).toBe('theirs');
    });

    it('answers ping while open and rejects every call with a StoreError once closed', async () => {
      const store = await open(await harness.freshLocation());
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.appendUpdates('r', [bytes(1)])).rejects.toBeInstanceOf(StoreError);
      await expect(store.loadUpdates('r')).rejects.toBeInstanceOf(StoreError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreError);
    });
  });
}

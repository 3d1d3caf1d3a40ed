import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { selectsRoom, StoreError, type DocumentStore, type RoomSelector } from './document-store.ts';
import { firstBrokenLink, genesisHash } from './history.ts';

/**
 * The behaviour every DocumentStore must have. `open` opens a store on the given location each
 * time it is called, so reopening proves durability, and two stores open on one location at once
 * model two server instances on one database (the concurrency cases below).
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

    // Deleting rooms (documents, projects, accounts being deleted).
    it('deletes exactly the named room and rooms under a prefix, and nothing that only looks alike', async () => {
      const store = await open(await harness.freshLocation());
      const rooms = ['project:p1', 'text:p1:d1', 'layer:p1:d1:u1', 'layer:p1:d1:u2', 'consensus:p1:d1', 'text:p1:d2', 'text:p10:d1', 'project:p10', 'text:a_b:d1', 'text:aXb:d1', 'text:a%b:d1'];
      for (const room of rooms) await store.appendUpdates(room, [bytes(1), bytes(2)]);
      const deleted = await store.deleteRooms([{ room: 'project:p1' }, { prefix: 'text:p1:' }, { prefix: 'layer:p1:d1:' }, { prefix: 'text:a_b:' }]);
      expect(deleted.rows).toBe(12);
      for (const room of ['project:p1', 'text:p1:d1', 'text:p1:d2', 'layer:p1:d1:u1', 'layer:p1:d1:u2', 'text:a_b:d1']) {
        expect(await store.loadUpdates(room), room).toEqual({ updates: [], seqs: [], lastSeq: 0 });
      }
      // `_` and `%` are ordinary characters in a prefix, and `p1:` is not a prefix of `p10:`.
      for (const room of ['consensus:p1:d1', 'text:p10:d1', 'project:p10', 'text:aXb:d1', 'text:a%b:d1']) {
        expect((await store.loadUpdates(room)).lastSeq, room).toBe(2);
      }
    });

    it('deletes and lists rooms under a prefix that also end with a suffix (one account’s layers)', async () => {
      const store = await open(await harness.freshLocation());
      const rooms = ['layer:p1:d1:u1', 'layer:p1:d2:u1', 'layer:p2:d9:u1', 'layer:p1:d1:u10', 'layer:p1:d1:xu1', 'text:p1:u1', 'consensus:p1:u1'];
      for (const room of rooms) await store.appendUpdates(room, [bytes(3)]);
      const selector = { prefix: 'layer:', suffix: ':u1' };
      expect(await store.listRooms([selector])).toEqual(['layer:p1:d1:u1', 'layer:p1:d2:u1', 'layer:p2:d9:u1']);
      expect((await store.deleteRooms([selector])).rows).toBe(3);
      expect(await store.listRooms([{ prefix: 'layer:' }])).toEqual(['layer:p1:d1:u10', 'layer:p1:d1:xu1']);
      expect(await store.listRooms([{ prefix: 'text:' }, { room: 'consensus:p1:u1' }, { room: 'nowhere' }])).toEqual(['consensus:p1:u1', 'text:p1:u1']);
    });

    it('starts a deleted room afresh: its next update is number 1 and nothing deleted comes back after reopening', async () => {
      const location = await harness.freshLocation();
      const first = await open(location);
      await first.appendUpdates('text:p:d', [bytes(1), bytes(2), bytes(3)]);
      await first.compact('text:p:d', bytes(9), [[1, 2]]);
      expect((await first.deleteRooms([{ room: 'text:p:d' }])).rows).toBe(2);
      expect(await first.deleteRooms([{ room: 'text:p:d' }, { prefix: 'nothing:' }])).toMatchObject({ rows: 0 });
      await first.close();
      const second = await open(location);
      expect(await second.logSize('text:p:d')).toEqual({ rows: 0, bytes: 0 });
      expect(await second.appendUpdates('text:p:d', [bytes(4)])).toBe(1);
    });

    it('selects exactly the rooms `selectsRoom` selects, so live rooms and stored rooms are deleted alike', async () => {
      const store = await open(await harness.freshLocation());
      const rooms = ['project:p', 'project:p_', 'text:p:d', 'text:p:d2', 'text:p_:d', 'layer:p:d:u', 'layer:p:d:u_x', 'layer:p:d2:u', 'layer:q:d:u', 'consensus:p:d', 'layer:u', 'x:u'];
      for (const room of rooms) await store.appendUpdates(room, [bytes(1)]);
      const cases: RoomSelector[][] = [[{ room: 'project:p' }], [{ prefix: 'text:p:' }], [{ prefix: 'layer:p:d:' }], [{ prefix: 'layer:', suffix: ':u' }], [{ prefix: 'p' }, { room: 'x:u' }], [{ prefix: 'layer:u', suffix: 'u' }]];
      for (const selectors of cases) {
        const expected = rooms.filter((room) => selectors.some((selector) => selectsRoom(selector, room))).sort();
        expect(await store.listRooms(selectors), JSON.stringify(selectors)).toEqual(expected);
      }
    });

    it('refuses an empty prefix or suffix rather than deleting every room', async () => {
      const store = await open(await harness.freshLocation());
      await store.appendUpdates('text:p:d', [bytes(1)]);
      await expect(store.deleteRooms([{ prefix: '' }])).rejects.toThrow(/prefix/);
      await expect(store.deleteRooms([{ prefix: 'layer:', suffix: '' }])).rejects.toThrow(/suffix/);
      await expect(store.listRooms([{ prefix: '' }])).rejects.toThrow(/prefix/);
      expect((await store.loadUpdates('text:p:d')).lastSeq).toBe(1);
    });

    it('stores history with its updates, numbered gap-free per project and hash-chained, across rooms', async () => {
      const store = await open(await harness.freshLocation());
      const event = (codingId: string, userId = 'u1') => ({ userId, layer: userId, type: 'coding.added', documentId: 'd1', codingId, codeId: 'pull', before: null, after: { codeId: 'pull', memo: `memo of ${codingId}` } });
      await store.appendUpdates('layer:p1:d1:u1', [bytes(1)], { projectId: 'p1', events: [event('c1'), event('c2')] });
      await store.appendUpdates('layer:p1:d1:u2', [bytes(2)], { projectId: 'p1', events: [event('c3', 'u2')] });
      await store.appendUpdates('layer:p2:d9:u1', [bytes(3)], { projectId: 'p2', events: [event('x1')] });
      const p1 = await store.readHistory('p1', { limit: 100 });
      expect(p1.map((e) => [e.seq, e.codingId, e.userId])).toEqual([[1, 'c1', 'u1'], [2, 'c2', 'u1'], [3, 'c3', 'u2']]);
      expect(p1[0]!.prevHash).toBe(genesisHash);
      expect(firstBrokenLink(p1)).toBeNull();
      expect((await store.readHistory('p2', { limit: 100 })).map((e) => e.seq)).toEqual([1]);
      expect([await store.historyHead('p1'), await store.historyHead('p2'), await store.historyHead('none')]).toEqual([3, 1, 0]);
      expect((await store.readHistory('p1', { userId: 'u2', limit: 100 })).map((e) => e.codingId)).toEqual(['c3']);
      expect((await store.readHistory('p1', { afterSeq: 1, limit: 1 })).map((e) => e.seq)).toEqual([2]);
      expect(await store.readHistory('p1', { codeId: 'push', limit: 100 })).toEqual([]);
      expect((await store.readHistory('p1', { codeId: 'pull', limit: 100 })).length).toBe(3);
      // A changed byte anywhere breaks the chain at that event.
      expect(firstBrokenLink([p1[0]!, { ...p1[1]!, after: { codeId: 'push' } }, p1[2]!])).toEqual({ seq: 2, problem: 'hash does not match the event' });
    });

    it('redacts the history of deleted rooms without breaking the chain, and forgets a deleted project’s', async () => {
      const store = await open(await harness.freshLocation());
      const event = (codingId: string) => ({ userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId, codeId: 'pull', before: null, after: { memo: 'SECRET' } });
      await store.appendUpdates('layer:p1:d1:u1', [bytes(1)], { projectId: 'p1', events: [event('c1')] });
      await store.appendUpdates('layer:p1:d2:u1', [bytes(2)], { projectId: 'p1', events: [event('c2')] });
      await store.deleteRooms([{ prefix: 'layer:p1:d1:' }]);
      const history = await store.readHistory('p1', { limit: 100 });
      expect(history.map((e) => [e.seq, e.redacted, e.codingId, e.after])).toEqual([
        [1, true, null, null],
        [2, false, 'c2', { memo: 'SECRET' }],
      ]);
      expect(firstBrokenLink(history)).toBeNull();
      await store.deleteHistory('p1');
      expect(await store.readHistory('p1', { limit: 100 })).toEqual([]);
    });

    it('stores a batch and its history together or not at all: an event that cannot be stored takes its updates back', async () => {
      const store = await open(await harness.freshLocation());
      const event = (after: unknown) => ({ userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId: 'c1', codeId: 'pull', before: null, after });
      await store.appendUpdates('layer:p1:d1:u1', [bytes(1)], { projectId: 'p1', events: [event({ n: 1 })] });
      // A BigInt has no JSON form: no store can hash or keep this event, so the whole batch must fail.
      await expect(store.appendUpdates('layer:p1:d1:u1', [bytes(2), bytes(3)], { projectId: 'p1', events: [event({ n: 2 }), event({ n: 3n })] })).rejects.toThrow();
      expect((await store.loadUpdates('layer:p1:d1:u1')).seqs).toEqual([1]);
      expect(await store.historyHead('p1')).toBe(1);
      // Nothing of the failed batch holds a number: the next batch continues both sequences.
      expect(await store.appendUpdates('layer:p1:d1:u1', [bytes(4)], { projectId: 'p1', events: [event({ n: 4 })] })).toBe(2);
      const history = await store.readHistory('p1', { limit: 10 });
      expect(history.map((e) => [e.seq, e.after])).toEqual([[1, { n: 1 }], [2, { n: 4 }]]);
      expect(firstBrokenLink(history)).toBeNull();
    });

    it('stores each history event once when its write is tried again after it was committed (the answer lost)', async () => {
      const store = await open(await harness.freshLocation());
      const event = (id: string | undefined, codingId: string) => ({ id, userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId, codeId: 'pull', before: null, after: { memo: codingId } });
      const room = 'layer:p1:d1:u1';
      await store.appendUpdates(room, [bytes(1)], { projectId: 'p1', events: [event('e1', 'c1'), event('e2', 'c2')] });
      // The room tries again with what it had, and what came since: only `e3` and the memo (no id) are new.
      await store.appendUpdates(room, [bytes(1), bytes(2)], { projectId: 'p1', events: [event('e1', 'c1'), event('e2', 'c2'), event('e3', 'c3'), event(undefined, 'memo')] });
      await store.appendUpdates(room, [bytes(1)], { projectId: 'p1', events: [event('e3', 'c3')] });
      const history = await store.readHistory('p1', { limit: 10 });
      expect(history.map((e) => [e.seq, e.codingId])).toEqual([[1, 'c1'], [2, 'c2'], [3, 'c3'], [4, 'memo']]);
      expect(firstBrokenLink(history)).toBeNull();
      // Events without an id are never taken for one another.
      await store.appendUpdates(room, [bytes(3)], { projectId: 'p1', events: [event(undefined, 'memo')] });
      expect(await store.historyHead('p1')).toBe(5);
      // An id names one event in every project: another project's chain does not take it in again either.
      await store.appendUpdates('layer:p2:d1:u1', [bytes(4)], { projectId: 'p2', events: [event('e1', 'c1'), event('f1', 'c9')] });
      expect((await store.readHistory('p2', { limit: 10 })).map((e) => e.codingId)).toEqual(['c9']);
    });

    it('keeps appends made at the same moment apart: one that cannot be stored fails alone', async () => {
      const store = await open(await harness.freshLocation());
      const event = (after: unknown) => ({ userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId: 'c1', codeId: 'pull', before: null, after });
      // Asked for in one turn, as a server's rooms do (a store may commit them together).
      const results = await Promise.allSettled([
        store.appendUpdates('text:p1:a', [bytes(1)]),
        store.appendUpdates('layer:p1:d1:u1', [bytes(2)], { projectId: 'p1', events: [event({ n: 1 })] }),
        store.appendUpdates('layer:p1:d2:u1', [bytes(3)], { projectId: 'p1', events: [event({ n: 2n })] }),
        store.appendUpdates('text:p1:a', [bytes(4), bytes(5)]),
        store.appendUpdates('layer:p1:d1:u1', [bytes(6)], { projectId: 'p1', events: [event({ n: 3 })] }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      // Appends to one room may be stored in either order, each keeping its own rows together.
      const text = await store.loadUpdates('text:p1:a');
      expect(text.seqs).toEqual([1, 2, 3]);
      expect(text.updates.map((u) => Array.from(u)).join(' ')).toMatch(/^(1 4 5|4 5 1)$/);
      expect((await store.loadUpdates('layer:p1:d1:u1')).seqs).toEqual([1, 2]);
      expect((await store.loadUpdates('layer:p1:d2:u1')).seqs).toEqual([]);
      const history = await store.readHistory('p1', { limit: 10 });
      expect(history.map((e) => e.seq)).toEqual([1, 2]);
      expect(history.map((e) => (e.after as { n: number }).n).sort()).toEqual([1, 3]);
      expect(firstBrokenLink(history)).toBeNull();
    });

    // Concurrency: two stores open on one location are two server instances on one database.
    it('numbers the updates of two concurrent appenders to one room distinctly and consecutively, keeping every row', async () => {
      const location = await harness.freshLocation();
      const stores = [await open(location), await open(location)];
      // 2 × 15 batches of 1–3 updates, all in flight at once, each update's bytes naming its writer, batch and place.
      const batches = Array.from({ length: 30 }, (_, i) => ({ writer: i % 2, updates: Array.from({ length: 1 + (i % 3) }, (_, k) => bytes(i % 2, i, k)) }));
      const lastSeqs = await Promise.all(batches.map(({ writer, updates }) => stores[writer]!.appendUpdates('room', updates)));
      const expected = new Map<number, number[]>();
      batches.forEach(({ updates }, i) => updates.forEach((update, k) => expected.set(lastSeqs[i]! - updates.length + 1 + k, Array.from(update))));
      const total = batches.reduce((sum, b) => sum + b.updates.length, 0);
      // Every batch got its own consecutive numbers: together exactly 1…total.
      expect([...expected.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      for (const store of stores) {
        const log = await store.loadUpdates('room');
        expect(log.seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        expect(log.updates.map((u, i) => [log.seqs[i], Array.from(u)])).toEqual(log.seqs.map((seq) => [seq, expected.get(seq)]));
      }
    });

    it('never deletes rows another instance appends while it compacts', async () => {
      const location = await harness.freshLocation();
      const [compactor, appender] = [await open(location), await open(location)];
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 10; i++) doc.getText('t').insert(0, `${i}`);
      expect(await compactor.appendUpdates('r', updates)).toBe(10);
      const foreign = new Y.Doc();
      const theirs: Uint8Array[] = [];
      foreign.on('update', (u: Uint8Array) => theirs.push(u));
      for (let i = 0; i < 8; i++) foreign.getMap('m').set(`k${i}`, i);
      const [, ...appended] = await Promise.all([compactor.compact('r', Y.mergeUpdates(updates), [[1, 10]]), ...theirs.map((u) => appender.appendUpdates('r', [u]))]);
      const log = await compactor.loadUpdates('r');
      expect(log.seqs).toEqual([10, ...appended.sort((a, b) => a - b)]);
      const replica = new Y.Doc();
      for (const u of log.updates) Y.applyUpdate(replica, u);
      expect(replica.getText('t').toString()).toBe(doc.getText('t').toString());
      expect(replica.getMap('m').toJSON()).toEqual(foreign.getMap('m').toJSON());
    });

    it('lets two instances compact the same rows at once: both succeed and one merged row holds everything', async () => {
      const location = await harness.freshLocation();
      const [first, second] = [await open(location), await open(location)];
      // Rounds, because whether the two transactions overlap is up to the scheduler.
      for (let round = 0; round < 8; round++) {
        const room = `r${round}`;
        const doc = new Y.Doc();
        const updates: Uint8Array[] = [];
        doc.on('update', (u: Uint8Array) => updates.push(u));
        for (let i = 0; i < 20; i++) doc.getText('t').insert(0, `${round}-${i} `);
        expect(await first.appendUpdates(room, updates)).toBe(20);
        const merged = Y.mergeUpdates(updates);
        await Promise.all([first.compact(room, merged, [[1, 20]]), second.compact(room, merged, [[1, 20]])]);
        const log = await second.loadUpdates(room);
        expect(log.seqs).toEqual([20]);
        const replica = new Y.Doc();
        Y.applyUpdate(replica, log.updates[0]!);
        expect(replica.getText('t').toString()).toBe(doc.getText('t').toString());
      }
    });

    it('keeps one gap-free, valid hash chain per project when two instances append history at once', async () => {
      const location = await harness.freshLocation();
      const stores = [await open(location), await open(location)];
      const event = (userId: string, i: number) => ({ userId, layer: userId, type: 'coding.added', documentId: 'd1', codingId: `${userId}-${i}`, codeId: 'pull', before: null, after: { i } });
      // Two coders' layers (one per instance) and the codebook, 3 × 10 batches of 1–2 events at once.
      const writes = Array.from({ length: 30 }, (_, i) => {
        const userId = ['u1', 'u2', 'u3'][i % 3]!;
        const room = userId === 'u3' ? 'project:p1' : `layer:p1:d1:${userId}`;
        return stores[i % 2]!.appendUpdates(room, [bytes(i)], { projectId: 'p1', events: Array.from({ length: 1 + (i % 2) }, (_, k) => event(userId, i * 2 + k)) });
      });
      await Promise.all([...writes, stores[1]!.appendUpdates('layer:p2:d1:u1', [bytes(0)], { projectId: 'p2', events: [event('u1', 0)] })]);
      const history = await stores[0]!.readHistory('p1', { limit: 1000 });
      expect(history.map((e) => e.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
      expect(firstBrokenLink(history)).toBeNull();
      expect(new Set(history.map((e) => e.codingId)).size).toBe(45);
      expect(await stores[1]!.historyHead('p1')).toBe(45);
      expect(await stores[1]!.historyHead('p2')).toBe(1);
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

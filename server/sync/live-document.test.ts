import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MessageType, SyncMessageType } from '../../shared/protocol/index.ts';
import { silentLogger } from '../logger.ts';
import { createSqliteDocumentStore } from '../persistence/sqlite-document-store.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { Connection } from './connection.ts';
import { LiveDocument } from './live-document.ts';
import { writeUpdate } from './outgoing-message.ts';
import { createTokenBucket } from './token-bucket.ts';

/** An in-process socket: the engine's minimal interface, recording what it is sent. */
function createRecordingConnection(id: number) {
  const frames: Uint8Array[] = [];
  const closes: number[] = [];
  const socket = {
    send: (f: Uint8Array, sent?: () => void) => {
      frames.push(f);
      sent?.();
    },
    bufferedBytes: 0,
    close: (code: number) => void closes.push(code),
    terminate: () => {},
  };
  const connection = new Connection(id, 'room', socket, { messages: createTokenBucket(1e6, 1e6), bytes: createTokenBucket(1e12, 1e12), maxQueuedBytes: 1e9 }, silentLogger);
  return { connection, frames, closes };
}

function kindOf(frame: Uint8Array): string {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.awareness) return 'awareness';
  const sync = decoding.readVarUint(decoder);
  return sync === SyncMessageType.step1 ? 'step1' : sync === SyncMessageType.step2 ? 'step2' : 'update';
}

const stores: DocumentStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function openRoom(store: DocumentStore = createSqliteDocumentStore(':memory:')) {
  stores.push(store);
  return new LiveDocument('room', store, { compactAfterUpdates: 1e9, compactAfterBytes: 1e12 }, silentLogger);
}

function editsOf(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, 'x');
  return updates;
}

describe('LiveDocument update pipeline', () => {
  it('coalesces the updates of one event-loop turn into a single broadcast frame, stored first', async () => {
    const store = createSqliteDocumentStore(':memory:');
    const room = openRoom(store);
    await room.loaded;
    const sender = createRecordingConnection(1);
    const peer = createRecordingConnection(2);
    room.addConnection(sender.connection);
    room.addConnection(peer.connection);
    await room.flush();
    peer.frames.length = 0;

    for (const update of editsOf(50)) room.receive(sender.connection, writeUpdate(update));
    expect(peer.frames).toHaveLength(0); // nothing leaves before the store has it
    await room.flush();

    expect(peer.frames.map(kindOf)).toEqual(['update']);
    expect(sender.frames.filter((f) => kindOf(f) === 'update')).toHaveLength(0); // not echoed to its only author
    expect((await store.logSize('room')).rows).toBe(50);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, decoding.readVarUint8Array(Object.assign(decoding.createDecoder(peer.frames[0]!), { pos: 2 })));
    expect(replica.getText('t').toString()).toBe('x'.repeat(50));
  });

  it('holds a sync reply until the updates it reveals are stored', async () => {
    let releaseAppend: () => void = () => {};
    const real = createSqliteDocumentStore(':memory:');
    const slow: DocumentStore = {
      ...real,
      appendUpdates: async (room, updates) => {
        await new Promise<void>((resolve) => (releaseAppend = resolve));
        return real.appendUpdates(room, updates);
      },
    };
    const room = openRoom(slow);
    stores.push(real);
    await room.loaded;
    const writer = createRecordingConnection(1);
    const reader = createRecordingConnection(2);
    room.addConnection(writer.connection);
    room.addConnection(reader.connection);
    room.receive(writer.connection, writeUpdate(editsOf(1)[0]!));
    await new Promise((resolve) => setImmediate(resolve));
    // The reader asks for everything while the write is still in flight.
    const step1 = new Uint8Array([MessageType.sync, SyncMessageType.step1, 1, 0]);
    room.receive(reader.connection, step1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reader.frames.map(kindOf)).not.toContain('step2');
    expect(reader.frames.map(kindOf)).not.toContain('update');
    releaseAppend();
    await new Promise((resolve) => setTimeout(resolve, 20));
    releaseAppend();
    await room.flush();
    expect(reader.frames.map(kindOf)).toContain('step2');
  });

  it('answers a client with nothing yet from the one stored row it loaded, and from the doc once it changes', async () => {
    const store = createSqliteDocumentStore(':memory:');
    // Two authors' concurrent edits merged into one row: bytes that encoding the loaded doc again
    // would not reproduce, so the reply shows which of the two it was.
    const author = new Y.Doc();
    const other = new Y.Doc();
    const edits: Uint8Array[] = [];
    author.on('update', (u: Uint8Array) => edits.push(u));
    other.on('update', (u: Uint8Array) => edits.push(u));
    author.getText('t').insert(0, 'transcript');
    other.getText('t').insert(0, 'stored ');
    author.getText('t').insert(10, '.');
    const row = Y.mergeUpdates(edits);
    Y.applyUpdate(author, row);
    await store.appendUpdates('room', [row]);
    const room = openRoom(store);
    await room.loaded;
    const emptyStep1 = new Uint8Array([MessageType.sync, SyncMessageType.step1, 1, 0]);
    /** The sync step 2 a new client with an empty state vector is sent, as the update it carries. */
    const replyToNewClient = async (id: number) => {
      const client = createRecordingConnection(id);
      room.addConnection(client.connection);
      room.receive(client.connection, emptyStep1);
      await room.flush();
      const step2 = client.frames.find((f) => kindOf(f) === 'step2')!;
      return decoding.readVarUint8Array(Object.assign(decoding.createDecoder(step2), { pos: 2 }));
    };
    // The row's own bytes: the doc was not encoded again.
    expect(Buffer.from(await replyToNewClient(1)).equals(Buffer.from(row))).toBe(true);

    const editor = createRecordingConnection(2);
    room.addConnection(editor.connection);
    author.on('update', (u: Uint8Array) => room.receive(editor.connection, writeUpdate(u)));
    author.getText('t').insert(0, 'edited ');
    await room.flush();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, await replyToNewClient(3));
    expect(replica.getText('t').toString()).toMatch(/^edited /);
    expect(replica.getText('t').toString()).toBe(author.getText('t').toString());
  });

  it('closes a connection that sends a malformed frame with 4400 and keeps serving the others', async () => {
    const room = openRoom();
    await room.loaded;
    const bad = createRecordingConnection(1);
    const good = createRecordingConnection(2);
    room.addConnection(bad.connection);
    room.addConnection(good.connection);
    room.receive(bad.connection, new Uint8Array([MessageType.sync, SyncMessageType.update, 5, 1, 2]));
    expect(bad.closes).toEqual([4400]);
    room.receive(good.connection, writeUpdate(editsOf(1)[0]!));
    await room.flush();
    expect(room.doc.getText('t').toString()).toBe('x');
    expect(good.closes).toEqual([]);
  });

  it('stores the update of a socket alone in the room, sends it to nobody, and shows it to whoever joins', async () => {
    const store = createSqliteDocumentStore(':memory:');
    const room = openRoom(store);
    await room.loaded;
    const author = createRecordingConnection(1);
    room.addConnection(author.connection);
    await room.flush();
    author.frames.length = 0;
    for (const update of editsOf(3)) room.receive(author.connection, writeUpdate(update));
    await room.flush();
    expect(author.frames.map(kindOf)).toEqual([]);
    expect((await store.logSize('room')).rows).toBe(3);

    const joiner = createRecordingConnection(2);
    room.addConnection(joiner.connection);
    room.receive(joiner.connection, new Uint8Array([MessageType.sync, SyncMessageType.step1, 1, 0]));
    await room.flush();
    const step2 = joiner.frames.find((f) => kindOf(f) === 'step2')!;
    const replica = new Y.Doc();
    Y.applyUpdate(replica, decoding.readVarUint8Array(Object.assign(decoding.createDecoder(step2), { pos: 2 })));
    expect(replica.getText('t').toString()).toBe('xxx');
  });

  for (const company of ['alone in the room', 'with a peer'] as const) {
    it(`stores what integrated when applying an update fails half-way, its socket ${company}`, async () => {
      const store = createSqliteDocumentStore(':memory:');
      const room = openRoom(store);
      await room.loaded;
      const author = createRecordingConnection(1);
      room.addConnection(author.connection);
      if (company === 'with a peer') room.addConnection(createRecordingConnection(2).connection);
      // An observer that throws (a server bug): Yjs has integrated the update by then, and the
      // doc holds it whatever the socket is told.
      room.doc.getText('t').observe(() => {
        throw new Error('observer failed');
      });
      room.receive(author.connection, writeUpdate(editsOf(1)[0]!));
      expect(author.closes).toEqual([4400]);
      expect(room.doc.getText('t').toString()).toBe('x');
      await room.flush();

      const stored = new Y.Doc();
      for (const row of (await store.loadUpdates('room')).updates) Y.applyUpdate(stored, row);
      expect(stored.getText('t').toString()).toBe('x');
    });
  }

  it('stores a large update the writer thread took, though the write failed, when storage recovers', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-moved-')), 'accord.sqlite');
    const threads: Worker[] = [];
    const real = createSqliteDocumentStore(file, { onStart: (worker) => threads.push(worker) });
    const handed: Uint8Array[][] = [];
    const watched: DocumentStore = {
      ...real,
      appendUpdates: (room, updates, history) => {
        const appended = real.appendUpdates(room, updates, history);
        handed.push([...updates]);
        return appended;
      },
    };
    const room = openRoom(watched);
    stores.push(real);
    await room.loaded;
    await real.appendUpdates('warm-up', [new Uint8Array([0, 0])]);
    const author = createRecordingConnection(1);
    room.addConnection(author.connection);
    // A held write lock keeps the append in flight until its thread is stopped.
    const blocker = new Database(file);
    blocker.exec('BEGIN IMMEDIATE');
    const pasted = new Y.Doc();
    const paste = (text: string) => {
      const before = Y.encodeStateVector(pasted);
      pasted.getText('t').insert(0, text.repeat(5000));
      room.receive(author.connection, writeUpdate(Y.encodeStateAsUpdate(pasted, before)));
    };
    paste('Interviewer: and then? ');
    const flushed = room.flush();
    await new Promise((resolve) => setImmediate(resolve));
    // The room's copy went to the thread as it was, not copied again.
    expect(handed[0]!.map((update) => update.byteLength)).toEqual([0]);
    // A second paste arrives while the first is in flight: it waits in the room.
    paste('P07: we asked for help. ');
    await threads[0]!.terminate();
    await flushed;
    expect(author.closes).toEqual([4503]);

    // The first retry fails too, after the thread took the second paste.
    const retried = room.retryNow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(handed[1]!.map((update) => update.byteLength)).toContain(0);
    await threads[1]!.terminate();
    await retried;
    blocker.exec('ROLLBACK');
    blocker.close();

    await room.retryNow();
    const replica = new Y.Doc();
    for (const update of (await real.loadUpdates('room')).updates) Y.applyUpdate(replica, update);
    expect(replica.getText('t').toString()).toBe(pasted.getText('t').toString());
  });

  it('never deletes, when it compacts, an update another writer stored in the same log', async () => {
    // Two processes on one storage (issue 8.1): each room holds only its own edits in memory.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-compact-')), 'accord.sqlite');
    const mine = openRoom(createSqliteDocumentStore(file));
    const theirs = openRoom(createSqliteDocumentStore(file));
    await Promise.all([mine.loaded, theirs.loaded]);
    const a = createRecordingConnection(1);
    const b = createRecordingConnection(2);
    mine.addConnection(a.connection);
    theirs.addConnection(b.connection);
    const edits = editsOf(4);
    mine.receive(a.connection, writeUpdate(edits[0]!));
    await mine.flush();
    const foreign = new Y.Doc();
    foreign.getMap('m').set('theirs', 'kept');
    theirs.receive(b.connection, writeUpdate(Y.encodeStateAsUpdate(foreign)));
    await theirs.flush();
    for (const edit of edits.slice(1)) mine.receive(a.connection, writeUpdate(edit));
    await mine.flush();
    await mine.compact();

    const reader = createSqliteDocumentStore(file);
    stores.push(reader);
    const replica = new Y.Doc();
    for (const update of (await reader.loadUpdates('room')).updates) Y.applyUpdate(replica, update);
    expect(replica.getText('t').toString()).toBe('xxxx');
    expect(replica.getMap('m').get('theirs')).toBe('kept');
  });

  it('compacts a long document only once its log has grown by a sixteenth of it; a short one after compactAfterUpdates rows', async () => {
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on('update', (u: Uint8Array) => updates.push(u));
    const edit = (text: string) => {
      author.getText('t').insert(0, text);
      return updates.at(-1)!;
    };
    /** A room on a real store that counts the compactions asked of it. */
    const roomCounting = async (base: Uint8Array | null) => {
      const store = createSqliteDocumentStore(':memory:');
      stores.push(store);
      if (base) await store.appendUpdates('room', [base]);
      const counted = { ...store, compactions: 0 };
      counted.compact = (...args) => {
        counted.compactions++;
        return store.compact(...args);
      };
      const room = new LiveDocument('room', counted, { compactAfterUpdates: 5, compactAfterBytes: 1e12 }, silentLogger);
      await room.loaded;
      const writer = createRecordingConnection(1);
      room.addConnection(writer.connection);
      /** Stores one edit; a compaction it makes due has been asked for by the time this resolves. */
      const store1 = async (update: Uint8Array) => {
        room.receive(writer.connection, writeUpdate(update));
        await room.flush();
        await new Promise((resolve) => setImmediate(resolve));
      };
      return { counted, store1 };
    };

    // A 64 KB transcript stored as one row (as an import or a compaction leaves it): twenty small
    // edits pass the row count but not a sixteenth of its size; one of 4,000 characters does.
    const long = await roomCounting(edit('w'.repeat(64_000)));
    for (let i = 0; i < 20; i++) await long.store1(edit('x'));
    expect(long.counted.compactions).toBe(0);
    await long.store1(edit('y'.repeat(4_000)));
    expect(long.counted.compactions).toBe(1);

    // A short document compacts at the row count, as before.
    const short = await roomCounting(null);
    for (const update of editsOf(5)) await short.store1(update);
    expect(short.counted.compactions).toBe(1);
  });
});

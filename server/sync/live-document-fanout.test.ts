import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { InProcessFanoutHub } from '../../tests/support/in-process-fanout.ts';
import { writeAwarenessFrame } from '../../tests/support/frame-mutations.ts';
import { readServerFrame } from '../../tests/support/raw-sync-socket.ts';
import { waitFor } from '../../tests/support/sync-client.ts';
import { silentLogger } from '../logger.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { createSqliteDocumentStore } from '../persistence/sqlite-document-store.ts';
import { FanoutKind } from '../scale-out/fanout-message.ts';
import { Connection } from './connection.ts';
import { LiveDocument } from './live-document.ts';
import { writeUpdate } from './outgoing-message.ts';
import { createTokenBucket } from './token-bucket.ts';

/**
 * One room held by two instances on one store, joined by an in-process fan-out that uses the real
 * message codec (tests/integration/scale-out.test.ts runs real processes and Redis).
 */
const stores: DocumentStore[] = [];
const rooms: LiveDocument[] = [];
afterEach(async () => {
  for (const room of rooms.splice(0)) room.destroy();
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** A store's methods, with its calls to `compact` and `logSize` counted (each instance its own count). */
function counted(store: DocumentStore) {
  const calls = { compact: 0, logSize: 0 };
  const wrapped: DocumentStore = {
    ...store,
    compact: (...args) => (calls.compact++, store.compact(...args)),
    logSize: (room) => (calls.logSize++, store.logSize(room)),
  };
  return { store: wrapped, calls };
}

function twoInstances(name = 'text:p1:d1', options = { compactAfterUpdates: 1e9, compactAfterBytes: 1e12 }, file = ':memory:') {
  const shared = createSqliteDocumentStore(file);
  stores.push(shared);
  const [storeA, storeB] = [counted(shared), counted(shared)];
  const hub = new InProcessFanoutHub();
  const storedElsewhere: number[] = [];
  const fanoutA = hub.instance('a');
  const fanoutB = hub.instance('b');
  const open = (store: DocumentStore, fanout: typeof fanoutA) => {
    const room = new LiveDocument(name, store, options, silentLogger, (elsewhere) => {
      if (elsewhere) storedElsewhere.push(Date.now());
    }, fanout);
    rooms.push(room);
    return room;
  };
  return { store: shared, hub, a: open(storeA.store, fanoutA), b: open(storeB.store, fanoutB), callsA: storeA.calls, callsB: storeB.calls, fanoutB, storedElsewhere };
}

/** A socket of the engine's own, recording what it is sent. */
function socketOn(room: LiveDocument, id: number, flags: { privileged?: boolean; isolated?: boolean; identity?: { id: string; name: string } } = {}) {
  const frames: Uint8Array[] = [];
  const connection = new Connection(
    id,
    room.name,
    { send: (frame, sent) => (frames.push(frame), sent?.()), bufferedBytes: 0, close: () => {}, terminate: () => {} },
    { messages: createTokenBucket(1e6, 1e6), bytes: createTokenBucket(1e12, 1e12), maxQueuedBytes: 1e9 },
    silentLogger,
    flags.identity ? { identity: flags.identity, userId: flags.identity.id } : {},
  );
  connection.privileged = flags.privileged ?? false;
  connection.isolated = flags.isolated ?? false;
  room.addConnection(connection);
  /** What a replica of this socket holds: every sync reply and update it was sent, applied. */
  const replica = () => {
    const doc = new Y.Doc();
    for (const frame of frames) {
      const message = readServerFrame(frame);
      if (message.kind === 'syncStep2' || message.kind === 'update') Y.applyUpdate(doc, message.update);
    }
    return doc;
  };
  /** The latest awareness state of `clientId` this socket was sent (undefined: never; null: removed). */
  const presenceOf = (clientId: number): unknown => {
    let state: unknown;
    for (const frame of frames) {
      const message = readServerFrame(frame);
      if (message.kind === 'awareness') for (const entry of message.entries) if (entry.clientId === clientId) state = entry.state;
    }
    return state;
  };
  return { connection, frames, replica, presenceOf };
}

const text = (doc: Y.Doc) => transcriptText(doc).toString();

describe('a room held by two instances', () => {
  it('applies and relays the rows another instance stored, without storing them again or recording their history twice', async () => {
    const { store, a, b, storedElsewhere } = twoInstances();
    await Promise.all([a.loaded, b.loaded]);
    const watcher = socketOn(b, 1);
    await a.change((doc) => transcriptText(doc).insert(0, 'We moved to pull.'));
    // A correction: one `transcript.changed` event, written by A with its rows.
    await a.change((doc) => transcriptText(doc).insert(3, 'all '), 'u1');
    await waitFor(() => text(watcher.replica()) === 'We all moved to pull.', 2000, 'the rows at B’s socket');
    expect(text(b.doc)).toBe('We all moved to pull.');
    await b.flush();
    expect(b.hasUnstoredUpdates).toBe(false);
    expect((await store.logSize('text:p1:d1')).rows).toBe(2);
    expect((await store.readHistory('p1', { limit: 100 })).map((e) => e.type)).toEqual(['transcript.changed']);
    // Rows heard through the fan-out reach caches through the fan-out itself, not as a catch-up.
    expect(storedElsewhere).toEqual([]);
  });

  it('sends a large update from a socket to the other instance as it was stored (its bytes are not moved to the writer thread)', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-fanout-')), 'accord.sqlite');
    const { a, b, storedElsewhere } = twoInstances('text:p1:d1', { compactAfterUpdates: 1e9, compactAfterBytes: 1e12 }, file);
    await Promise.all([a.loaded, b.loaded]);
    const author = socketOn(a, 1);
    const watcher = socketOn(b, 2);
    const pasted = new Y.Doc();
    transcriptText(pasted).insert(0, 'Interviewer: and then? '.repeat(5000));
    a.receive(author.connection, writeUpdate(Y.encodeStateAsUpdate(pasted)));
    await a.flush();
    await waitFor(() => text(watcher.replica()) === text(pasted), 3000, 'the paste at B’s socket');
    // Through the fan-out itself, not read back from the store.
    expect(storedElsewhere).toEqual([]);
  });

  it('reads a lost row from the store once the hole has lasted, and sends it to its sockets', async () => {
    const { hub, a, b, storedElsewhere } = twoInstances();
    await Promise.all([a.loaded, b.loaded]);
    const watcher = socketOn(b, 1);
    hub.dropNext = 1;
    await a.change((doc) => transcriptText(doc).insert(0, 'lost '));
    await a.change((doc) => transcriptText(doc).insert(5, 'and found'));
    // Row 2 arrives at once, row 1 never: B reads the store once the hole has lasted.
    await waitFor(() => text(watcher.replica()) === 'lost and found', 3000, 'the lost row at B’s socket');
    expect(text(b.doc)).toBe('lost and found');
    expect(storedElsewhere).toHaveLength(1);
  });

  it('compacts only the rows below the first row it does not know', async () => {
    const { store, hub, a, b } = twoInstances();
    await Promise.all([a.loaded, b.loaded]);
    hub.dropNext = 1;
    await a.change((doc) => transcriptText(doc).insert(0, 'one '));
    await a.change((doc) => transcriptText(doc).insert(4, 'two '));
    await b.change((doc) => transcriptText(doc).insert(0, '> '));
    await b.change((doc) => transcriptText(doc).insert(0, '>'));
    // B knows rows 2–4 but not row 1: nothing below the hole, so nothing is merged.
    await b.compact();
    expect((await store.logSize('text:p1:d1')).rows).toBe(4);
    await waitFor(() => text(b.doc).includes('one two') && text(b.doc) === text(a.doc), 3000, 'B to read the lost row');
    await b.compact();
    expect((await store.logSize('text:p1:d1')).rows).toBe(1);
    const replica = new Y.Doc();
    for (const update of (await store.loadUpdates('text:p1:d1')).updates) Y.applyUpdate(replica, update);
    expect(text(replica)).toBe(text(a.doc));
  });

  it('leaves a log that another instance compacted meanwhile to it, counting what is stored now', async () => {
    const { store, a, b, callsA, callsB } = twoInstances('text:p1:d1', { compactAfterUpdates: 10, compactAfterBytes: 1e12 });
    await Promise.all([a.loaded, b.loaded]);
    const edit = (room: LiveDocument, n: number) => room.change((doc) => transcriptText(doc).insert(0, `${n} `));
    // B appends 9 rows (below its threshold), A 10: A's tenth makes its compaction due, and the
    // store then holds 19 rows, so A merges them, B's included.
    for (let n = 0; n < 9; n++) await edit(b, n);
    for (let n = 9; n < 19; n++) await edit(a, n);
    await waitFor(async () => callsA.compact === 1 && (await store.logSize('text:p1:d1')).rows === 1, 3000, 'A to compact the log');
    expect(callsA.logSize).toBe(1);
    // B's tenth row makes its own count due; the store holds 2 rows, so B counts those and merges nothing.
    await edit(b, 19);
    await waitFor(() => callsB.logSize === 1 || callsB.compact > 0, 3000, 'B to look at the log');
    await b.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(callsB.compact).toBe(0);
    expect((await store.logSize('text:p1:d1')).rows).toBe(2);
    // Nothing was lost: the stored log is B's document.
    const replica = new Y.Doc();
    for (const update of (await store.loadUpdates('text:p1:d1')).updates) Y.applyUpdate(replica, update);
    await waitFor(() => text(a.doc) === text(b.doc), 2000, 'A and B to agree');
    expect(text(replica)).toBe(text(b.doc));
    // Eight more rows of B's: with the two it counted, its log is due again and it compacts.
    for (let n = 20; n < 28; n++) await edit(b, n);
    await waitFor(async () => callsB.compact === 1 && (await store.logSize('text:p1:d1')).rows === 1, 3000, 'B to compact the log');
  });

  it('shows presence from another instance by the same rule as its own, as stamped there, and removes it when that socket leaves', async () => {
    const { a, b, fanoutB } = twoInstances();
    await Promise.all([a.loaded, b.loaded]);
    // On A: a coder in a blind round (isolated) and a member who is not.
    const blindCoder = socketOn(a, 1, { isolated: true, identity: { id: 'u1', name: 'Una' } });
    const openMember = socketOn(a, 2, { identity: { id: 'u2', name: 'Ola' } });
    // On B: an owner, a member who is not isolated, and a coder in the blind round.
    const owner = socketOn(b, 3, { privileged: true });
    const member = socketOn(b, 4);
    const coder = socketOn(b, 5, { isolated: true, identity: { id: 'u3', name: 'Ida' } });
    await Promise.all([a.flush(), b.flush()]);

    a.receive(blindCoder.connection, writeAwarenessFrame([{ clientId: 100, clock: 1, state: { user: { id: 'owner', name: 'Forged' }, selection: null } }]));
    a.receive(openMember.connection, writeAwarenessFrame([{ clientId: 200, clock: 1, state: { user: { name: 'x' }, selection: null } }]));
    await waitFor(() => owner.presenceOf(100) !== undefined && owner.presenceOf(200) !== undefined, 2000, 'both presences at the owner on B');
    expect(owner.presenceOf(100)).toEqual({ user: { id: 'u1', name: 'Una' }, selection: null });
    expect(member.presenceOf(200)).toEqual({ user: { id: 'u2', name: 'Ola' }, selection: null });
    // The coder's own presence makes a round trip on B: anything relayed to it before is in.
    b.receive(coder.connection, writeAwarenessFrame([{ clientId: 300, clock: 1, state: { selection: null } }]));
    await waitFor(() => coder.presenceOf(300) !== undefined, 2000, 'the coder’s own presence');
    expect(member.presenceOf(100)).toBeUndefined();
    expect(coder.presenceOf(100)).toBeUndefined();
    expect(coder.presenceOf(200)).toBeUndefined();
    // B published its own socket's presence, stamped and flagged as isolated, and never passed on A's.
    const publishedByB = fanoutB.published.flatMap((m) => (m.kind === FanoutKind.awareness ? [m] : []));
    expect(publishedByB.map((m) => m.isolated)).toEqual([true]);
    const heardFromB = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(heardFromB, publishedByB[0]!.update, null);
    expect([...heardFromB.getStates()].filter(([id]) => id !== heardFromB.clientID)).toEqual([[300, { user: { id: 'u3', name: 'Ida' }, selection: null }]]);
    heardFromB.destroy();

    a.removeConnection(blindCoder.connection);
    await waitFor(() => owner.presenceOf(100) === null, 2000, 'the removal at B');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DocumentStore } from './document-store.ts';
import { markMovable } from './movable-updates.ts';
import { createSqliteDocumentStore } from './sqlite-document-store.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-sqlite-writer-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshFile = () => path.join(root, `db-${++counter}`, 'accord.sqlite');

const opened: DocumentStore[] = [];
const connections: Database.Database[] = [];
afterEach(async () => {
  for (const db of connections.splice(0)) db.close();
  await Promise.all(opened.splice(0).map((store) => store.close()));
});
const open = (file: string, onStart?: (worker: Worker) => void) => {
  const store = createSqliteDocumentStore(file, { onStart });
  opened.push(store);
  return store;
};
/** Another connection to `file`, as a test's own, that fails at once where it would wait for a lock. */
const connect = (file: string) => {
  const db = new Database(file);
  db.pragma('busy_timeout = 0');
  connections.push(db);
  return db;
};
const isBusy = (error: unknown) => (error as { code?: string }).code === 'SQLITE_BUSY';

describe('the SQLite document store’s writer thread', () => {
  it('commits off the event loop: while a large append holds the write lock, this thread keeps running', async () => {
    const file = freshFile();
    const store = open(file);
    await store.ping(); // the writer thread is up
    const probe = connect(file);
    // 48 MB in one append: its transaction holds the database's write lock for a while.
    const updates = Array.from({ length: 48 }, (_, i) => new Uint8Array(1024 * 1024).fill(i));
    let stored = false;
    const appended = store.appendUpdates('text:p1:d1', updates).finally(() => (stored = true));
    // Every millisecond (a timer of this event loop), try for the write lock without waiting. A
    // write done on this thread would hold it only inside one synchronous call, never while a
    // timer runs. (Rarely enough that the writer, waiting for the lock, finds it free.)
    let sawWriterHoldTheLock = false;
    while (!stored && !sawWriterHoldTheLock) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
      } catch (error) {
        if (!isBusy(error)) throw error;
        sawWriterHoldTheLock = true;
      }
      await delay(1);
    }
    expect(sawWriterHoldTheLock).toBe(true);
    expect(await appended).toBe(48);
    expect((await store.logSize('text:p1:d1')).rows).toBe(48);
  });

  it('waits for another connection’s write lock (the directory store’s, say) and commits once it is free', async () => {
    const file = freshFile();
    const store = open(file);
    await store.ping(); // the writer thread is up
    const other = connect(file);
    other.exec('BEGIN IMMEDIATE');
    const appended = store.appendUpdates('text:p1:d1', [new Uint8Array([1, 2, 3])]);
    // Long enough for the writer to meet the lock: its connection has no busy timeout, so without
    // its own retries the append would fail with SQLITE_BUSY here.
    await delay(50);
    other.exec('COMMIT');
    expect(await appended).toBe(1);
    expect((await store.logSize('text:p1:d1')).rows).toBe(1);
  });

  it('gives up on a lock held past its wait (5 s; 50 ms here) as unavailable, and commits again once the lock is free', async () => {
    const file = freshFile();
    const store = createSqliteDocumentStore(file, { lockWaitMs: 50 });
    opened.push(store);
    await store.ping(); // the writer thread is up
    const other = connect(file);
    other.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    await expect(store.appendUpdates('r', [new Uint8Array([1])])).rejects.toMatchObject({ name: 'StoreError', reason: 'unavailable', message: expect.stringMatching(/locked/) });
    // It waited its own 50 ms, not the default 5 s (the margin is for a loaded machine).
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(50);
    expect(waited).toBeLessThan(2500);
    other.exec('ROLLBACK');
    expect(await store.appendUpdates('r', [new Uint8Array([2])])).toBe(1);
    expect((await store.loadUpdates('r')).updates.map((update) => Array.from(update))).toEqual([[2]]);
  });

  it('rejects the writes a stopped writer thread owed as unavailable, and starts a new one for the next write', async () => {
    const file = freshFile();
    const started: Worker[] = [];
    const store = open(file, (worker) => started.push(worker));
    expect(await store.appendUpdates('r', [new Uint8Array([1])])).toBe(1);
    // Holding the write lock keeps the next append from committing before its thread is stopped.
    const blocker = connect(file);
    blocker.exec('BEGIN IMMEDIATE');
    const owed = store.appendUpdates('r', [new Uint8Array([2])]);
    const stopped = started[0]!.terminate();
    blocker.exec('ROLLBACK');
    await stopped;
    await expect(owed).rejects.toMatchObject({ name: 'StoreError', reason: 'unavailable' });

    expect(await store.appendUpdates('r', [new Uint8Array([3])])).toBe(2);
    expect(started).toHaveLength(2);
    const log = await store.loadUpdates('r');
    expect(log.updates.map((update) => Array.from(update))).toEqual([[1], [3]]);
  });

  it('moves an update marked movable to the thread, and copies every other, whose caller keeps its bytes', async () => {
    const store = open(freshFile());
    const kept = new Uint8Array([1, 2, 3]);
    const movable = markMovable(new Uint8Array([4, 5, 6]));
    const appended = store.appendUpdates('r', [kept, movable]);
    expect(Array.from(kept)).toEqual([1, 2, 3]);
    expect(movable.byteLength).toBe(0);
    expect(await appended).toBe(2);
    expect((await store.loadUpdates('r')).updates.map((update) => Array.from(update))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('frees a large update as soon as it is stored, not when the thread next collects its garbage', async () => {
    const store = open(freshFile());
    await store.appendUpdates('warm-up', [new Uint8Array([1])]);
    const residentBytes = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
    const before = residentBytes();
    // 36 pasted transcripts of 1.4 MB, moved to the thread one after another: 50 MB, short of the
    // 64 MB of buffers that would make V8 collect there on its own.
    for (let i = 0; i < 36; i++) await store.appendUpdates(`paste-${i}`, [markMovable(new Uint8Array(1_400_000).fill(i + 1))]);
    // Held until collected: ~70 MB more resident. Freed once stored: ~18 MB (malloc keeps some).
    expect(residentBytes() - before).toBeLessThan(40 * 2 ** 20);
    expect((await store.loadUpdates('paste-35')).updates[0]![1_399_999]).toBe(36);
  });

  it('commits on close the writes asked for before it', async () => {
    const file = freshFile();
    const store = createSqliteDocumentStore(file);
    const appended = store.appendUpdates('r', [new Uint8Array([1]), new Uint8Array([2])]);
    await store.close();
    expect(await appended).toBe(2);
    expect((await open(file).loadUpdates('r')).seqs).toEqual([1, 2]);
  });
});

describe.each([
  ['on its writer thread', freshFile],
  ['in its own thread (:memory:)', () => ':memory:'],
])('the SQLite document store’s writes %s', (_, location) => {
  it('are done in the order asked for: an append before a compaction or deletion of its room goes first', async () => {
    const store = open(location());
    await store.appendUpdates('r', [new Uint8Array([1])]);
    const [second] = await Promise.all([store.appendUpdates('r', [new Uint8Array([2])]), store.compact('r', new Uint8Array([12]), [[1, 2]])]);
    expect(second).toBe(2);
    expect((await store.loadUpdates('r')).seqs).toEqual([2]);

    const [third, deleted] = await Promise.all([store.appendUpdates('r', [new Uint8Array([3])]), store.deleteRooms([{ room: 'r' }])]);
    expect([third, deleted.rows]).toEqual([3, 2]);
    expect(await store.logSize('r')).toEqual({ rows: 0, bytes: 0 });
  });
});

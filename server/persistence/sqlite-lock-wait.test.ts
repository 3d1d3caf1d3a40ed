import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from './document-store.ts';
import type { DirectoryStore } from './directory-store.ts';
import { createSqliteDirectoryStore } from './sqlite-directory-store.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A directory store on a real file, one account in it, and a second connection to the same file
 * standing for the writer thread: `lock()` takes the database's write lock, `unlock()` commits.
 */
async function setUp(options: { lockWaitMs?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-lock-wait-'));
  const file = path.join(dir, 'accord.sqlite');
  const store: DirectoryStore = createSqliteDirectoryStore(file, options);
  const writer = new Database(file);
  // Run last to first: release the lock (a failed test may hold it), close the store, then the rest.
  cleanups.push(
    () => fs.rmSync(dir, { recursive: true, force: true }),
    () => void writer.close(),
    () => store.close(),
    () => {
      if (writer.inTransaction) writer.exec('ROLLBACK');
    },
  );
  const user = await store.createUser({ id: 'u1', email: 'ana@example.org', name: 'Ana', passwordHash: 'first', isAdmin: false });
  return {
    store,
    user,
    file,
    lock: () => writer.exec('BEGIN IMMEDIATE'),
    unlock: () => writer.exec('COMMIT'),
  };
}

/** Whether `promise` has settled by the time a timer queued now runs. */
async function settledByNextTimer(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return settled;
}

describe('the SQLite directory store meeting the writer thread’s lock', () => {
  it('waits for the lock off the event loop and writes once it is free', async () => {
    const { store, user, lock, unlock } = await setUp();
    lock();
    const write = store.setPasswordHash(user.id, 'second');
    // With a busy timeout the call itself would have slept in SQLite until it gave up, and been settled by now.
    expect(await settledByNextTimer(write)).toBe(false);
    unlock();
    await write;
    expect((await store.findUserById(user.id))?.passwordHash).toBe('second');
  });

  it('keeps the order asked for: a read asked for after a waiting write sees that write', async () => {
    const { store, user, lock, unlock } = await setUp();
    lock();
    const first = store.setPasswordHash(user.id, 'second');
    const then = store.setPasswordHash(user.id, 'third');
    // A read could run at once (WAL), but must not overtake the writes before it.
    const read = store.findUserById(user.id);
    unlock();
    await Promise.all([first, then]);
    expect((await read)?.passwordHash).toBe('third');
  });

  it('gives up after lockWaitMs with an "unavailable" error that says why', async () => {
    const { store, user, lock, unlock } = await setUp({ lockWaitMs: 50 });
    lock();
    const failed = await store.setPasswordHash(user.id, 'second').then(
      () => null,
      (error: unknown) => error,
    );
    unlock();
    expect(failed).toBeInstanceOf(StoreError);
    expect(failed).toMatchObject({ reason: 'unavailable' });
    expect((failed as Error).message).toMatch(/locked/);
    expect((await store.findUserById(user.id))?.passwordHash).toBe('first');
  });

  it('finishes what was asked for before it closes', async () => {
    const { store, user, lock, unlock, file } = await setUp();
    lock();
    const write = store.setPasswordHash(user.id, 'second');
    const closed = store.close();
    unlock();
    await Promise.all([write, closed]);
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT password_hash FROM users WHERE id = ?').get(user.id)).toEqual({ password_hash: 'second' });
    reader.close();
  });
});

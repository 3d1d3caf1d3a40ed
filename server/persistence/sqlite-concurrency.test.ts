import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { firstBrokenLink } from './history.ts';
import { createSqliteDirectoryStore } from './sqlite-directory-store.ts';
import { createSqliteDocumentStore } from './sqlite-document-store.ts';

/*
 * The contract suites open two stores on one file in this thread, where better-sqlite3 runs every
 * call to its end: their transactions never interleave. Here each store runs on its own thread, so
 * transactions really do overlap, as they would for two processes on one file (the data
 * directory's lock forbids that to the server; nothing in the stores relies on it). A transaction
 * that reads before it writes must take the write lock when it begins (`writeTransaction`), or in
 * WAL mode it fails with SQLITE_BUSY_SNAPSHOT whenever another connection committed in between.
 */

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-sqlite-concurrency-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshFile = () => path.join(root, `db-${++counter}`, 'accord.sqlite');

type Outcome = { ok: unknown } | { error: string };
interface WorkerJob {
  readonly job: 'append' | 'acceptInvites';
  readonly writer: number;
  readonly count: number;
  readonly userIds?: readonly string[];
}

/** Starts one thread per job on `file`, lets them all go at once when every one is ready, and returns each one's outcomes. */
async function runAtOnce(file: string, jobs: readonly WorkerJob[]): Promise<Outcome[][]> {
  const workers = jobs.map((job) => new Worker(new URL('./sqlite-concurrency-worker.mjs', import.meta.url), { workerData: { file, ...job } }));
  try {
    const failed = Promise.all(workers.map(async (w) => Promise.reject((await once(w, 'error'))[0] as Error)));
    await Promise.race([Promise.all(workers.map((w) => once(w, 'message'))), failed]);
    const done = Promise.all(workers.map(async (w) => (await once(w, 'message'))[0] as Outcome[]));
    for (const w of workers) w.postMessage('go');
    return await Promise.race([done, failed]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

const errorsOf = (outcomes: Outcome[][]) => outcomes.flat().flatMap((o) => ('error' in o ? [o.error] : []));

describe('SQLite stores on separate connections, writing at the same moment', () => {
  it('numbers two threads’ appends to one room, with their history, without a gap, a duplicate or a failure', async () => {
    const file = freshFile();
    // The schema first, so that both threads start on an existing database.
    await createSqliteDocumentStore(file).close();
    const count = 150;
    const outcomes = await runAtOnce(file, [1, 2].map((writer) => ({ job: 'append' as const, writer, count })));
    expect(errorsOf(outcomes)).toEqual([]);

    const store = createSqliteDocumentStore(file);
    try {
      const all = Array.from({ length: 2 * count }, (_, i) => i + 1);
      const log = await store.loadUpdates('layer:p1:d1:shared');
      expect(log.seqs).toEqual(all);
      // Each update sits under the number its append returned.
      const written = new Map<number, number[]>();
      outcomes.forEach((results, w) => results.forEach((r, i) => 'ok' in r && written.set(r.ok as number, [w + 1, i & 255, i >> 8])));
      expect([...written.keys()].sort((a, b) => a - b)).toEqual(all);
      expect(log.updates.map((u, i) => [log.seqs[i], Array.from(u)])).toEqual(log.seqs.map((seq) => [seq, written.get(seq)]));
      const history = await store.readHistory('p1', { limit: 1000 });
      expect(history.map((e) => e.seq)).toEqual(all);
      expect(firstBrokenLink(history)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('admits exactly as many people as an invite has uses when two threads accept it for many at once', async () => {
    const file = freshFile();
    const directory = createSqliteDirectoryStore(file);
    const userIds = Array.from({ length: 120 }, (_, i) => `u${i}`);
    try {
      await directory.createUser({ id: 'owner', email: 'owner@example.org', name: 'Owner', passwordHash: 'h', isAdmin: false });
      for (const id of userIds) await directory.createUser({ id, email: `${id}@example.org`, name: id, passwordHash: 'h', isAdmin: false });
      await directory.createProject({ id: 'p1', name: 'P', ownerId: 'owner' });
      await directory.createInvite({ codeHash: 'shared-invite', projectId: 'p1', role: 'coder', maxUses: 50, expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'owner' });
    } finally {
      await directory.close();
    }
    const halves = [userIds.slice(0, 60), userIds.slice(60)];
    const outcomes = await runAtOnce(file, halves.map((ids, writer) => ({ job: 'acceptInvites' as const, writer, count: ids.length, userIds: ids })));
    expect(errorsOf(outcomes)).toEqual([]);
    const joined = outcomes.flat().filter((o) => 'ok' in o && o.ok === 'joined').length;
    expect(joined).toBe(50);

    const after = createSqliteDirectoryStore(file);
    try {
      expect(await after.findInvite('shared-invite')).toMatchObject({ uses: 50 });
      expect((await after.listMembers('p1')).filter((m) => m.role === 'coder')).toHaveLength(50);
    } finally {
      await after.close();
    }
  });
});

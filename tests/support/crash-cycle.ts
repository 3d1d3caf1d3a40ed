import { setTimeout as sleep } from 'node:timers/promises';
import type * as Y from 'yjs';
import { seedProject } from './api-client.ts';
import { createRandom } from './seeded-random.ts';
import { spawnServerProcess } from './server-process.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from './sync-client.ts';

export interface CrashCycleResult {
  /** Edits that some other client had received before the crash. */
  readonly witnessed: number;
  /** Of those, how many the restarted server no longer had. Must be 0. */
  readonly lost: number;
  /** Edits the writers made in all (some may have been in flight when the server died). */
  readonly written: number;
}

/**
 * One durability cycle: writers edit a room through a real server process, an observer records
 * every edit it receives, the server is killed with SIGKILL mid-stream, restarted on the same
 * data directory, and a brand-new client checks that every witnessed edit is still there.
 *
 * The old clients are destroyed before the restart: otherwise they would upload their state again
 * on reconnect and hide any loss.
 */
export async function runCrashCycle(dataDir: string, seed: number, options: { writers?: number; writeMs?: number } = {}): Promise<CrashCycleResult> {
  const random = createRandom(seed);
  const first = await spawnServerProcess(dataDir);
  const room = (await seedProject(first.httpUrl)).textRoom;
  const writers: SyncClient[] = [];
  const observer = createSyncClient(first.syncUrl, room);
  const witnessed = new Set<string>();
  let written = 0;
  try {
    for (let i = 0; i < (options.writers ?? 3); i++) writers.push(createSyncClient(first.syncUrl, room));
    await Promise.all([observer, ...writers].map((c) => waitForSynced(c)));
    observer.doc.getMap('edits').observe((event) => {
      for (const key of event.keysChanged) witnessed.add(key);
    });
    for (const key of observer.doc.getMap('edits').keys()) witnessed.add(key);

    const killAt = Date.now() + (options.writeMs ?? 400) + random.int(400);
    let killed = false;
    const writing = (async () => {
      let n = 0;
      while (!killed) {
        const writer = random.pick(writers);
        writer.doc.transact(() => {
          writer.doc.getMap('edits').set(`${seed}-${writer.doc.clientID}-${n++}`, n);
          writer.doc.getText('text').insert(0, 'x');
        });
        written++;
        await sleep(random.int(3));
      }
    })();
    while (Date.now() < killAt) await sleep(5);
    first.child.kill('SIGKILL');
    killed = true;
    await first.exited;
    await writing;
  } finally {
    for (const c of [observer, ...writers]) c.destroy();
  }

  const second = await spawnServerProcess(dataDir);
  const fresh = createSyncClient(second.syncUrl, room);
  try {
    await waitForSynced(fresh, 10_000);
    const edits = fresh.doc.getMap('edits') as Y.Map<number>;
    await waitFor(() => edits.size > 0 || witnessed.size === 0, 5000, 'stored edits');
    let lost = 0;
    for (const key of witnessed) if (!edits.has(key)) lost++;
    return { witnessed: witnessed.size, lost, written };
  } finally {
    fresh.destroy();
    second.child.kill('SIGTERM');
    await second.exited;
  }
}

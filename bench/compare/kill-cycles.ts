import { setTimeout as sleep } from 'node:timers/promises';
import { createRandom } from '../../tests/support/seeded-random.ts';
import type { Figures } from './metrics.ts';
import { seedRooms, sentKeys, type RunContext } from './run-context.ts';
import { killServer, launchServer, stopServer, type RunningServer } from './server-process.ts';
import { median } from './stats.ts';
import { transcriptLength } from './transcript.ts';

export interface KillShape {
  readonly writers: number;
  readonly editsPerSecond: number;
  /** Fresh clients that check the document after each restart. */
  readonly checkers: number;
}

/** How long a checker that synced short of what was acknowledged may wait for the rest. */
const lateContentMs = 2000;

/**
 * kill -9 cycles on one room: writers edit, the server process is killed at a random moment, the
 * writers are dropped (so they cannot upload their state again and hide a loss), a new process
 * starts on the same data, and fresh clients check that every acknowledged edit is still there.
 * Acknowledged: another client received it, or the server confirmed it to its writer (Hocuspocus).
 * Cycles: one per 3 s of `--seconds`, at least 2.
 */
export async function runKillCycles(context: RunContext, shape: KillShape): Promise<Figures> {
  const { kind, workers } = context;
  const random = createRandom(context.seed);
  const cycles = Math.max(2, Math.round(context.seconds / 3));
  let server: RunningServer = await launchServer(kind, context.dataDir);
  const restartTimes: number[] = [];
  let acknowledgedTotal = 0;
  let lost = 0;
  let incomplete = 0;
  try {
    const [room] = (await kind.createRooms(server.httpUrl, 1)) as [string];
    await seedRooms(context, kind.target(server.port), [room], 1, []);
    await workers.close('all');
    for (let cycle = 0; cycle < cycles; cycle++) {
      const writers = Array.from({ length: shape.writers }, () => ({ id: context.nextClientId(), room, roomSize: shape.writers }));
      await workers.open(kind.target(server.port), writers, { transcriptLength, keys: [] });
      const editing = workers.edit(
        writers.map((w) => w.id),
        shape.editsPerSecond,
        60_000,
      );
      await sleep(600 + random.int(800));
      await killServer(server);
      await workers.stopEditing();
      const sent = await editing;
      const perWorker = await workers.collect();
      await workers.close('all');

      const written = new Set(sentKeys(sent).map((s) => s.key));
      const acknowledged = new Set<string>();
      for (const arrivals of perWorker) {
        for (const key of arrivals.keys) if (written.has(key)) acknowledged.add(key);
        for (const key of arrivals.acknowledged) acknowledged.add(key);
      }
      acknowledgedTotal += acknowledged.size;

      server = await launchServer(kind, context.dataDir);
      restartTimes.push(server.startToListenMs);
      const checkers = Array.from({ length: shape.checkers }, () => ({ id: context.nextClientId(), room, roomSize: shape.checkers }));
      const checked = await workers.open(kind.target(server.port), checkers, { transcriptLength, keys: [...acknowledged] }, lateContentMs);
      await workers.close('all');
      if (checked.some((c) => c.syncMs === null)) throw new Error('a checker never synced after the restart');
      incomplete += checked.filter((c) => c.incompleteAtSync).length;
      lost += Math.max(...checked.map((c) => c.missing));
    }
  } finally {
    await workers.close('all');
    await stopServer(server);
  }
  return { restartToListenMs: median(restartTimes), acknowledged: acknowledgedTotal, lostUpdates: lost, incompleteSyncs: incomplete };
}

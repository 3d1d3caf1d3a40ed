import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Figures } from './metrics.ts';
import { cpuMs, peakRssBytes } from './process-meter.ts';
import { seedRooms, type RunContext } from './run-context.ts';
import { launchServer, stopServer } from './server-process.ts';
import { percentiles } from './stats.ts';
import { transcriptLength } from './transcript.ts';
import { seedKey } from './worker-protocol.ts';

export interface ColdLoadShape {
  readonly clients: number;
  /** Small edits written after the transcript, one update each, so storage holds a log, not one blob. */
  readonly seedKeys: number;
}

/** How long a client that synced short of the stored document may wait for the rest. */
const lateContentMs = 5000;

/**
 * A document that exists only in storage: written through one server process, which then shuts
 * down in order (SIGTERM); a new process on the same data starts and every client asks for the
 * document at once. A client that syncs before the document is fully loaded counts as incomplete;
 * what never arrives counts as lost.
 */
export async function runColdLoad(context: RunContext, shape: ColdLoadShape): Promise<Figures> {
  const { kind, workers } = context;
  const keys = Array.from({ length: shape.seedKeys }, (_, n) => seedKey(n));
  const writer = await launchServer(kind, context.dataDir);
  let room: string;
  try {
    [room] = (await kind.createRooms(writer.httpUrl, 1)) as [string];
    await seedRooms(context, kind.target(writer.port), [room], 1, keys);
    await workers.close('all');
    // The scenario is about loading, not about stopping: let each server finish writing in its own
    // time (the reference server has no shutdown handler and would lose what is still queued).
    await waitForQuietFiles(context.dataDir);
  } finally {
    await workers.close('all');
    await stopServer(writer);
  }

  const server = await launchServer(kind, context.dataDir);
  try {
    const clients = Array.from({ length: shape.clients }, () => ({ id: context.nextClientId(), room, roomSize: shape.clients }));
    const cpuBefore = cpuMs(server.pid);
    const opened = await workers.open(kind.target(server.port), clients, { transcriptLength, keys }, lateContentMs);
    const syncCpu = cpuMs(server.pid) - cpuBefore;
    if (opened.some((c) => c.syncMs === null)) throw new Error(`${opened.filter((c) => c.syncMs === null).length} clients never synced`);
    // Time to the whole document; a client that never got it all shows up as lost, not here.
    const syncTimes = opened.flatMap((c) => (c.completeMs === null ? [] : [c.completeMs]));
    const sync = percentiles(syncTimes);
    return {
      syncP50: sync.p50,
      syncP95: sync.p95,
      cpuPerSyncMs: syncCpu / clients.length,
      peakRssMb: peakRssBytes(server.pid) / 2 ** 20,
      restartToListenMs: server.startToListenMs,
      incompleteSyncs: opened.filter((c) => c.incompleteAtSync).length,
      lostUpdates: Math.max(...opened.map((c) => c.missing)),
    };
  } finally {
    await workers.close('all');
    await stopServer(server);
  }
}

/** Resolves once no file under `dir` has changed size or time for a second (or after 15 s). */
async function waitForQuietFiles(dir: string): Promise<void> {
  const fingerprint = () =>
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        // A file may go between listing and stat (LevelDB compaction, SQLite's -shm): that is a change too.
        const stat = fs.statSync(path.join(entry.parentPath, entry.name), { throwIfNoEntry: false });
        return `${entry.name}:${stat?.size}:${stat?.mtimeMs}`;
      })
      .join('|');
  const deadline = performance.now() + 15_000;
  let last = fingerprint();
  let quietSince = performance.now();
  while (performance.now() - quietSince < 1000 && performance.now() < deadline) {
    await sleep(100);
    const now = fingerprint();
    if (now !== last) {
      last = now;
      quietSince = performance.now();
    }
  }
}

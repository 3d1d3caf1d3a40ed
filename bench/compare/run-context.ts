import type { ClientWorkers } from './client-workers.ts';
import type { ServerKind } from './servers.ts';
import { transcriptLength } from './transcript.ts';
import { editKey, type ClientSpec, type SyncTarget } from './worker-protocol.ts';

/** What one scenario run of one server gets from the bench. */
export interface RunContext {
  readonly kind: ServerKind;
  readonly workers: ClientWorkers;
  /** Editing time per run (`--seconds`). */
  readonly seconds: number;
  /** Editing before the measured seconds, not timed (`--warmup`): the servers' JIT compilers catch up. */
  readonly warmupSeconds: number;
  /** An empty directory for the server's storage, removed after the run. */
  readonly dataDir: string;
  /** The same for every server within a round, so they meet the same random choices. */
  readonly seed: number;
  /** Client ids are never reused in a bench run, so edit keys never collide. */
  nextClientId(): number;
}

/**
 * Each room gets one client that inserts the 1.4 MB transcript (and `keys` seed keys) and stays
 * open. Resolves once a fresh client of every room has received it all — only then is it on the
 * server, and clients joining afterwards may be held to it.
 */
export async function seedRooms(context: RunContext, target: SyncTarget, rooms: readonly string[], roomSize: number, keys: readonly string[]): Promise<ClientSpec[]> {
  const seeders = rooms.map((room) => ({ id: context.nextClientId(), room, roomSize }));
  await context.workers.open(target, seeders, { transcriptLength: 0, keys: [] });
  await Promise.all(seeders.map((s) => context.workers.seed(s.id, keys.length)));
  const probes = rooms.map((room) => ({ id: context.nextClientId(), room, roomSize: 0 }));
  const probed = await context.workers.open(target, probes, { transcriptLength, keys }, 60_000);
  await context.workers.close(probes.map((p) => p.id));
  if (probed.some((p) => p.missing > 0)) throw new Error('the seeded transcript did not reach a fresh client within 60 s');
  return seeders;
}

/** Counts of edits per writer turned back into their keys (`<id>.<n>`, n < count). */
export function sentKeys(sent: ReadonlyMap<number, number>): { key: string; writer: number }[] {
  const keys: { key: string; writer: number }[] = [];
  for (const [writer, count] of sent) for (let n = 0; n < count; n++) keys.push({ key: editKey(writer, n), writer });
  return keys;
}

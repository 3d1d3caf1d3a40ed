import { setTimeout as sleep } from 'node:timers/promises';
import type { Figures } from './metrics.ts';
import { cpuMs, peakRssBytes, waitUntilQuiet } from './process-meter.ts';
import { seedRooms, sentKeys, type RunContext } from './run-context.ts';
import { launchServer, stopServer } from './server-process.ts';
import { percentiles } from './stats.ts';
import { transcriptLength } from './transcript.ts';
import type { Arrivals } from './worker-protocol.ts';

export interface RoomShape {
  readonly rooms: number;
  readonly clientsPerRoom: number;
  /** Edits each client makes per second. */
  readonly editsPerSecond: number;
}

/** After the last edit, how long deliveries may still arrive before the edit counts as undelivered. */
const drainMs = 10_000;
/** How long a client that synced without the whole transcript may wait for the rest. */
const lateContentMs = 10_000;

/**
 * Rooms of a fresh server, each with the transcript; every client joins at once (initial sync),
 * then all edit for `seconds` while every other client of the room notes each edit's arrival.
 */
export async function runLiveEditing(context: RunContext, shape: RoomShape): Promise<Figures> {
  const { kind, workers } = context;
  const server = await launchServer(kind, context.dataDir);
  try {
    const target = kind.target(server.port);
    const rooms = await kind.createRooms(server.httpUrl, shape.rooms);
    const seeders = await seedRooms(context, target, rooms, shape.clientsPerRoom, []);
    let quietWaitMs = await waitUntilQuiet(server.pid);
    const joiners = rooms.flatMap((room) => Array.from({ length: shape.clientsPerRoom - 1 }, () => ({ id: context.nextClientId(), room, roomSize: shape.clientsPerRoom })));

    const syncCpuBefore = cpuMs(server.pid);
    const opened = await workers.open(target, joiners, { transcriptLength, keys: [] }, lateContentMs);
    const syncCpu = cpuMs(server.pid) - syncCpuBefore;
    const syncTimes = opened.flatMap((c) => (c.completeMs === null ? [] : [c.completeMs]));
    if (syncTimes.length < joiners.length) throw new Error(`${joiners.length - syncTimes.length} clients never synced with the transcript`);
    // Editing starts once presence has settled, so joining traffic does not count as editing.
    const unsettled = await workers.settle(30_000);
    if (unsettled > 0) process.stderr.write(`  ${unsettled} clients still lacked some presence states after 30 s\n`);

    const writers = [...seeders, ...joiners].map((c) => c.id);
    if (context.warmupSeconds > 0) await workers.edit(writers, shape.editsPerSecond, context.warmupSeconds * 1000, true);
    quietWaitMs += await waitUntilQuiet(server.pid);

    const editCpuBefore = cpuMs(server.pid);
    const workersCpuBefore = await workers.cpuMs();
    const editStarted = performance.now();
    const sent = await workers.edit(writers, shape.editsPerSecond, context.seconds * 1000);
    const sendSeconds = (performance.now() - editStarted) / 1000;
    const peers = shape.clientsPerRoom - 1;
    const expectedDeliveries = [...sent.values()].reduce((sum, n) => sum + n * peers, 0);
    const drainUntil = performance.now() + drainMs;
    while ((await workers.arrivalCount()) < expectedDeliveries && performance.now() < drainUntil) await sleep(100);
    const editCpu = cpuMs(server.pid) - editCpuBefore;
    const clientCpuCores = (await workers.cpuMs()) - workersCpuBefore;
    const editWallMs = performance.now() - editStarted;
    const delivery = deliveryFigures(await workers.collect(), sentKeys(sent).map((s) => s.key), peers);

    return {
      ...delivery.latency,
      updatesPerSecond: delivery.seenByAPeer / sendSeconds,
      undelivered: delivery.undelivered,
      syncP50: percentiles(syncTimes).p50,
      syncP95: percentiles(syncTimes).p95,
      cpuPerDeliveryUs: (editCpu * 1000) / delivery.deliveries,
      cpuPerSyncMs: syncCpu / joiners.length,
      peakRssMb: peakRssBytes(server.pid) / 2 ** 20,
      startToListenMs: server.startToListenMs,
      incompleteSyncs: opened.filter((c) => c.incompleteAtSync).length,
      clientCpuCores: clientCpuCores / editWallMs,
      quietWaitMs,
    };
  } finally {
    await workers.close('all');
    await stopServer(server);
  }
}

/** Both workers' arrivals merged per edit: per-delivery and all-peers latencies, and the shortfall. */
function deliveryFigures(perWorker: readonly Arrivals[], keys: readonly string[], peers: number) {
  const merged = new Map<string, { count: number; slowestMs: number }>();
  const latencies: number[] = [];
  for (const arrivals of perWorker) {
    arrivals.keys.forEach((key, i) => {
      const seen = merged.get(key) ?? { count: 0, slowestMs: 0 };
      seen.count += arrivals.counts[i]!;
      seen.slowestMs = Math.max(seen.slowestMs, arrivals.slowestMs[i]!);
      merged.set(key, seen);
    });
    for (const latency of arrivals.latenciesMs) latencies.push(latency);
  }
  const toAll: number[] = [];
  let seenByAPeer = 0;
  let undelivered = 0;
  for (const key of keys) {
    const seen = merged.get(key);
    if (seen) seenByAPeer++;
    if (seen && seen.count >= peers) toAll.push(seen.slowestMs);
    else undelivered++;
  }
  const perDelivery = percentiles(latencies);
  const allPeers = percentiles(toAll);
  return {
    latency: { deliveryP50: perDelivery.p50, deliveryP95: perDelivery.p95, deliveryP99: perDelivery.p99, allPeersP50: allPeers.p50, allPeersP95: allPeers.p95, allPeersP99: allPeers.p99 },
    deliveries: latencies.length,
    seenByAPeer,
    undelivered,
  };
}

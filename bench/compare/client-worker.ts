/**
 * A client worker: a child process of bench/compare.ts holding some of the benchmark's clients
 * (stock providers, one socket each) and doing what the bench's commands say (worker-protocol.ts).
 * Edits carry their send time on the machine-wide monotonic clock, so a receiver in any worker
 * measures the delivery latency itself.
 */
import * as Y from 'yjs';
import { openBenchClient, type BenchClient } from './bench-client.ts';
import { syntheticTranscript } from './transcript.ts';
import { editKey, editMapName, warmupMapName, seedKey, sharedClockMs, transcriptName, type Arrivals, type ClientOpened, type ClientSpec, type Command, type Expectation, type Reply, type SyncTarget } from './worker-protocol.ts';

/** A client that has not synced by then counts as never synced. */
const syncTimeoutMs = 60_000;

interface OpenClient {
  readonly spec: ClientSpec;
  readonly client: BenchClient;
  /** Keys written since the server last acknowledged everything (Hocuspocus only). */
  unacknowledged: string[];
}

const clients = new Map<number, OpenClient>();
let arrivals = new Map<string, { count: number; slowestMs: number }>();
let latenciesMs: number[] = [];
let arrivalCount = 0;
let acknowledged: string[] = [];
let stopEditing: (() => void) | null = null;

// Each stock y-websocket provider adds a process 'exit' listener; a worker holds up to a few hundred.
process.setMaxListeners(1000);

function editMap(doc: Y.Doc): Y.Map<number> {
  return doc.getMap<number>(editMapName);
}

/** What `doc` still lacks of `expect`: each missing key counts one, a short transcript one. */
function countMissing(doc: Y.Doc, expect: Expectation): number {
  const map = editMap(doc);
  let missing = doc.getText(transcriptName).length < expect.transcriptLength ? 1 : 0;
  for (const key of expect.keys) if (!map.has(key)) missing++;
  return missing;
}

function openOne(target: SyncTarget, spec: ClientSpec, expect: Expectation, waitMs: number): Promise<ClientOpened> {
  const started = sharedClockMs();
  const client = openBenchClient(target, spec.room);
  // Presence as an app sets it. Without a field set, the state keeps clock 0, which receivers
  // ignore (y-protocols), and presence would only spread at the 15 s renewal.
  client.awareness.setLocalStateField('user', { name: `Coder ${spec.id}` });
  const open: OpenClient = { spec, client, unacknowledged: [] };
  clients.set(spec.id, open);
  const map = editMap(client.doc);
  map.observe((event) => {
    if (event.transaction.local) return;
    const now = sharedClockMs();
    for (const key of event.keysChanged) {
      const sentAt = map.get(key);
      if (typeof sentAt !== 'number' || sentAt <= 0) continue; // a seeded key, not a timed edit
      const latency = now - sentAt;
      const seen = arrivals.get(key);
      if (seen) {
        seen.count++;
        seen.slowestMs = Math.max(seen.slowestMs, latency);
      } else arrivals.set(key, { count: 1, slowestMs: latency });
      latenciesMs.push(latency);
      arrivalCount++;
    }
  });
  client.onAllAcknowledged(() => {
    for (const key of open.unacknowledged) acknowledged.push(key);
    open.unacknowledged = [];
  });
  return new Promise((resolve) => {
    const neverSynced = setTimeout(() => resolve({ id: spec.id, syncMs: null, completeMs: null, incompleteAtSync: false, missing: countMissing(client.doc, expect) }), syncTimeoutMs);
    client.onFirstSync(() => {
      clearTimeout(neverSynced);
      const syncMs = sharedClockMs() - started;
      const missingAtSync = countMissing(client.doc, expect);
      if (missingAtSync === 0) {
        resolve({ id: spec.id, syncMs, completeMs: syncMs, incompleteAtSync: false, missing: 0 });
        return;
      }
      // Missing at "synced": wait for it. What arrives later was held by the server all along,
      // so this client synced to an incomplete document; what never arrives is lost.
      const finish = (completeMs: number | null) => {
        client.doc.off('update', recheck);
        clearTimeout(giveUp);
        const missing = countMissing(client.doc, expect);
        resolve({ id: spec.id, syncMs, completeMs, incompleteAtSync: missing < missingAtSync, missing });
      };
      const recheck = () => {
        if (countMissing(client.doc, expect) === 0) finish(sharedClockMs() - started);
      };
      const giveUp = setTimeout(() => finish(null), waitMs);
      client.doc.on('update', recheck);
    });
  });
}

function seed(clientId: number, keys: number): void {
  const { client } = clients.get(clientId) ?? fail(`no open client ${clientId}`);
  client.doc.transact(() => client.doc.getText(transcriptName).insert(0, syntheticTranscript()));
  for (let n = 0; n < keys; n++) editMap(client.doc).set(seedKey(n), 0);
}

async function settle(timeoutMs: number): Promise<number> {
  const unsettled = () => [...clients.values()].filter((c) => c.client.awareness.getStates().size < c.spec.roomSize).length;
  const deadline = sharedClockMs() + timeoutMs;
  while (unsettled() > 0 && sharedClockMs() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return unsettled();
}

/**
 * Each writer makes `perSecond` edits a second. Writers are spread over the period by the golden
 * ratio of their id, so the writers of both workers do not fire on the same tick.
 */
function edit(clientIds: readonly number[], perSecond: number, durationMs: number, warmup: boolean): Promise<Record<number, number>> {
  if (!warmup) {
    arrivals = new Map();
    latenciesMs = [];
    arrivalCount = 0;
    acknowledged = [];
  }
  const periodMs = 1000 / perSecond;
  const start = sharedClockMs();
  const end = start + durationMs;
  const writers = clientIds.map((id) => ({ open: clients.get(id) ?? fail(`no open client ${id}`), next: start + ((id * 0.6180339887) % 1) * periodMs, sent: 0 }));
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | null = null;
    const finish = () => {
      if (timer) clearTimeout(timer);
      stopEditing = null;
      resolve(Object.fromEntries(writers.map((w) => [w.open.spec.id, w.sent])));
    };
    stopEditing = finish;
    const tick = () => {
      const now = sharedClockMs();
      if (now >= end) return finish();
      let nextDue = end;
      for (const writer of writers) {
        if (writer.next <= now) {
          const key = editKey(writer.open.spec.id, writer.sent++);
          if (warmup) writer.open.client.doc.getMap<number>(warmupMapName).set(key, sharedClockMs());
          else {
            editMap(writer.open.client.doc).set(key, sharedClockMs());
            writer.open.unacknowledged.push(key);
          }
          writer.next += periodMs;
        }
        nextDue = Math.min(nextDue, writer.next);
      }
      timer = setTimeout(tick, Math.max(0, nextDue - sharedClockMs()));
    };
    tick();
  });
}

function collect(): Arrivals {
  const collected: Arrivals = { keys: [], counts: [], slowestMs: [], latenciesMs, acknowledged };
  for (const [key, seen] of arrivals) {
    collected.keys.push(key);
    collected.counts.push(seen.count);
    collected.slowestMs.push(seen.slowestMs);
  }
  arrivals = new Map();
  latenciesMs = [];
  arrivalCount = 0;
  acknowledged = [];
  return collected;
}

function close(clientIds: readonly number[] | 'all'): void {
  for (const id of clientIds === 'all' ? [...clients.keys()] : clientIds) {
    clients.get(id)?.client.destroy();
    clients.delete(id);
  }
}

function fail(message: string): never {
  throw new Error(message);
}

async function handle(command: Command): Promise<Reply> {
  const { id } = command;
  switch (command.type) {
    case 'open':
      return { id, type: 'opened', clients: await Promise.all(command.clients.map((spec) => openOne(command.target, spec, command.expect, command.waitMs))) };
    case 'seed':
      seed(command.clientId, command.keys);
      return { id, type: 'done' };
    case 'settle':
      return { id, type: 'settled', unsettled: await settle(command.timeoutMs) };
    case 'edit':
      return { id, type: 'edited', sent: await edit(command.clientIds, command.perSecond, command.durationMs, command.warmup) };
    case 'stopEditing':
      stopEditing?.();
      return { id, type: 'done' };
    case 'arrivals':
      return { id, type: 'arrivalCount', count: arrivalCount };
    case 'collect':
      return { id, type: 'collected', arrivals: collect() };
    case 'close':
      close(command.clientIds);
      return { id, type: 'done' };
    case 'cpu': {
      const usage = process.cpuUsage();
      return { id, type: 'cpuMs', ms: (usage.user + usage.system) / 1000 };
    }
  }
}

process.on('message', (command: Command) => {
  handle(command).then(
    (reply) => process.send!(reply),
    (error: unknown) => process.send!({ id: command.id, type: 'failed', message: (error as Error).stack ?? String(error) } satisfies Reply),
  );
});
// The bench going away (even by kill -9) closes the IPC channel: leave with it.
process.on('disconnect', () => process.exit(0));

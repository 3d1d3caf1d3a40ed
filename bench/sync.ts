/**
 * Sync latency and throughput benchmark against a real server process.
 *
 * Usage: node --import tsx bench/sync.ts [--clients 50] [--rate 2] [--seconds 20] [--rooms 1] [--workload text|layer] [--cpu-prof DIR]
 *
 * Starts `server/main.ts` as a child process on a free 127.0.0.1 port with a temporary data
 * directory, connects N stock y-websocket providers spread over the rooms, and has each make
 * `rate` edits per second for `seconds`. Every edit is a unique key; every client meant to see it
 * notes when it does (`text`: every other client of the room; `layer`: the coder reading that
 * layer — see sync-workloads.ts). Sending and arrival are both `performance.now()` in this one
 * process, so the latencies need no clock synchronisation. Prints edit→all-peers and per-delivery
 * latency percentiles, accepted updates per second, the server's RSS, and the edits that never
 * arrived (exit code 1 unless that is 0).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { megabytes as mb, readRss, summary } from './bench-stats.ts';
import { layerWorkload, textWorkload, workloads, type Workload, type WorkloadName } from './sync-workloads.ts';
import { waitFor, waitForSynced } from '../tests/support/sync-client.ts';
import { makeTempDir, testAdminToken } from '../tests/support/test-server.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    rate: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '20' },
    rooms: { type: 'string', default: '1' },
    workload: { type: 'string', default: 'text' },
    /** A folder for a V8 CPU profile of the server (written when it stops). */
    'cpu-prof': { type: 'string' },
  },
});
if (!(workloads as readonly string[]).includes(values.workload!)) {
  process.stderr.write(`--workload must be one of ${workloads.join(', ')}, got ${values.workload}\n`);
  process.exit(2);
}
const workloadName = values.workload as WorkloadName;
const clientCount = positive('clients', values.clients, 2000);
const rate = positive('rate', values.rate, 100);
const seconds = positive('seconds', values.seconds, 600);
const roomCount = positive('rooms', values.rooms, clientCount);
/** After the last edit, how long undelivered edits may still arrive before they count as lost. */
const drainMs = 15_000;

function positive(name: string, raw: string | undefined, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    process.stderr.write(`--${name} must be a number in (0, ${max}], got ${raw}\n`);
    process.exit(2);
  }
  return value;
}

const repoRoot = path.resolve(import.meta.dirname, '..');
/** The server child, so that any exit of this process takes it along. */
let serverChild: ChildProcess | null = null;
process.on('exit', () => serverChild?.kill('SIGKILL'));
process.on('SIGINT', () => process.exit(130));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface ServerChild {
  readonly child: ChildProcess;
  readonly httpUrl: string;
  readonly syncUrl: string;
  readonly exited: Promise<number | null>;
}

async function startServerProcess(dataDir: string): Promise<ServerChild> {
  // main.ts does not report the port it got for PORT=0, so pick a free one first. The small race
  // (someone else taking it in between) shows up as a start-up failure, not as wrong figures.
  const port = await freePort();
  const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(repoRoot, 'server/main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLIENT_DIR: path.join(dataDir, 'no-client'),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      ACCORD_ADMIN_TOKEN: testAdminToken,
      // The layer workload signs up one account per client, all from this address.
      SIGNUP_MAX_PER_ADDRESS: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  serverChild = child;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const httpUrl = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (gone) throw new Error('the server exited before it was ready');
    if (Date.now() > deadline) throw new Error('the server was not ready within 20 s');
    const ok = await fetch(`${httpUrl}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(100);
  }
  return { child, httpUrl, syncUrl: `ws://127.0.0.1:${port}/sync`, exited };
}

async function stopServerProcess(server: ServerChild): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await server.exited;
  clearTimeout(timer);
}

interface Edit {
  readonly expected: number;
  readonly sentAt: number;
  readonly arrivals: number[];
}

async function main(): Promise<number> {
  const dataDir = makeTempDir('accord-sync-bench-');
  let server: ServerChild | null = null;
  let workload: Workload | null = null;
  const rss: number[] = [];
  let rssTimer: NodeJS.Timeout | null = null;
  try {
    server = await startServerProcess(dataDir);
    const pid = server.child.pid!;
    // Every stock provider registers a process 'exit' listener; hundreds of them are expected here.
    process.setMaxListeners(clientCount * 2 + roomCount + 20);
    const edits = new Map<string, Edit>();
    const onArrival = (key: string, at: number) => edits.get(key)?.arrivals.push(at);
    const setUp = workloadName === 'layer' ? layerWorkload : textWorkload;
    const setupStarted = performance.now();
    workload = await setUp(server, clientCount, roomCount, onArrival);
    const setupMs = performance.now() - setupStarted;
    const clients = workload.sockets;
    const connectStarted = performance.now();
    await Promise.all(clients.map((c) => waitForSynced(c, 60_000)));
    const connectMs = performance.now() - connectStarted;
    rssTimer = setInterval(() => {
      const value = readRss(pid);
      if (value !== null) rss.push(value);
    }, 500);

    console.log(`${workloadName} workload: ${clientCount} clients (${clients.length} sockets) in ${roomCount} room(s), ${rate} edits/s each for ${seconds} s; set up in ${(setupMs / 1000).toFixed(1)} s, all synced in ${connectMs.toFixed(0)} ms`);
    const cpuBefore = process.cpuUsage();
    const sendStarted = performance.now();
    const sendEnds = sendStarted + seconds * 1000;
    const periodMs = 1000 / rate;
    await Promise.all(
      workload.participants.map(async (participant, index) => {
        // Spread the clients over the period so edits do not all start on the same tick.
        await sleep((index / clientCount) * periodMs);
        for (let n = 0; performance.now() < sendEnds; n++) {
          const key = `${index}-${n}`;
          edits.set(key, { expected: participant.expectedArrivals, sentAt: performance.now(), arrivals: [] });
          participant.edit(key);
          const next = sendStarted + (index / clientCount) * periodMs + (n + 1) * periodMs;
          await sleep(Math.max(0, next - performance.now()));
        }
      }),
    );
    const sendMs = performance.now() - sendStarted;
    const complete = () => [...edits.values()].every((e) => e.arrivals.length >= e.expected);
    await waitFor(complete, drainMs, 'every edit to reach every peer').catch(() => {});
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - sendStarted;

    const toAll: number[] = [];
    const deliveries: number[] = [];
    let lostEdits = 0;
    let lostDeliveries = 0;
    let seenByAPeer = 0;
    for (const edit of edits.values()) {
      const expected = edit.expected;
      for (const at of edit.arrivals) deliveries.push(at - edit.sentAt);
      if (edit.arrivals.length > 0) seenByAPeer += 1;
      if (edit.arrivals.length >= expected) toAll.push(Math.max(...edit.arrivals) - edit.sentAt);
      else {
        lostEdits += 1;
        lostDeliveries += expected - edit.arrivals.length;
      }
    }

    // What the server stored: fresh clients per room must see every edit of that room.
    let stored = 0;
    for (let room = 0; room < roomCount; room++) stored += await workload.storedIn(room);

    console.log(summary('edit → all peers', toAll));
    console.log(summary('per delivery', deliveries));
    console.log(`edits sent ${edits.size} in ${(sendMs / 1000).toFixed(1)} s: ${(seenByAPeer / (sendMs / 1000)).toFixed(1)} updates/s accepted and relayed by the server; ${stored} stored (fresh client per room)`);
    console.log(`deliveries ${deliveries.length} (${(deliveries.length / (sendMs / 1000)).toFixed(0)}/s fan-out)`);
    if (rss.length > 0) console.log(`server RSS: min ${mb(Math.min(...rss))}, max ${mb(Math.max(...rss))}, last ${mb(rss.at(-1)!)} (${rss.length} samples)`);
    console.log(`bench process (all clients) CPU: ${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(0)}% of one core; figures are client-bound when this nears 100%`);
    console.log(`never arrived: ${lostEdits} edits (${lostDeliveries} deliveries)`);
    return lostEdits === 0 && stored === edits.size ? 0 : 1;
  } finally {
    if (rssTimer) clearInterval(rssTimer);
    for (const socket of workload?.sockets ?? []) socket.destroy();
    if (server) await stopServerProcess(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// A hard stop, whatever happens: the benchmark must end by itself.
const guard = setTimeout(() => {
  process.stderr.write('benchmark exceeded its time budget; aborting\n');
  process.exit(3);
}, (seconds + drainMs / 1000 + 180) * 1000);
guard.unref();

const code = await main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
});
process.exit(code);

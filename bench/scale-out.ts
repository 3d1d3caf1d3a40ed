/**
 * Scale-out benchmark (issue 13): the same workload on 1 and on 3 server processes that share one
 * PostgreSQL schema and one Redis (a private `redis-server`). The clients are stock y-websocket
 * providers in text rooms, spread over the instances round-robin, so most peers of a room sit on
 * another instance. They run in `client-processes` child processes (scale-out-clients.ts), not in
 * the bench's own. The clients join over 3 s; then each makes `rate` edits per second for `warmup`
 * seconds (sent and checked, not timed) and `seconds` more (timed). Every delivery is timed on a
 * clock all processes share (`sharedClockMs`) and classed as same-instance or cross-instance.
 *
 * Prints, for each deployment: p50/p99 of every delivery and of each class, edit → all peers, and
 * the updates per second accepted, for each of `rounds` interleaved rounds. Then the target: the
 * median cross-instance p99 on 3 instances ≤ 1.5 × the single instance's median p99. Exit 1 if an
 * edit never arrived.
 *
 * Usage: node --import tsx bench/scale-out.ts [--clients 150] [--rooms 10] [--rate 2] [--seconds 15] [--warmup 5] [--rounds 3] [--client-processes 3] [--cpu-prof DIR] [--dump DIR]
 * BENCH_CLIENT_NODE_ARGS adds Node options to the client processes: `--trace-gc` shows that their
 * own full collections, about 20 s after they start, fall on a cluster of slow deliveries (t ≈ 12 s)
 * in both deployments.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTestSchemas, isPostgresAvailable, postgresTestUrl } from '../server/persistence/postgres-test-schemas.ts';
import { seedProject } from '../tests/support/api-client.ts';
import { PrivateRedis } from '../tests/support/private-redis.ts';
import { spawnServerProcess, type ServerProcess } from '../tests/support/server-process.ts';
import { makeTempDir } from '../tests/support/test-server.ts';
import { percentile } from './bench-stats.ts';
import { median } from './compare/stats.ts';
import { sharedClockMs } from './compare/worker-protocol.ts';
import type { ClientPlan, FromClients, ToClients } from './scale-out-clients.ts';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '150' }, rooms: { type: 'string', default: '10' }, rate: { type: 'string', default: '2' }, seconds: { type: 'string', default: '15' }, warmup: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' }, 'client-processes': { type: 'string', default: '3' }, 'cpu-prof': { type: 'string' }, dump: { type: 'string' } } });
/** A folder for each run's raw deliveries (`<round>-<instances>.json`: `measuredFromMs` on the monotonic clock that CPU profiles use, and per edit [sent after it, from, [[latency, instance], …]]), to see when a tail happened. */
const dumpDir = values.dump;
if (dumpDir) fs.mkdirSync(dumpDir, { recursive: true });
/** A folder for a V8 CPU profile of every server process (written as each stops). */
const profileDir = values['cpu-prof'];
const clientCount = Number(values.clients);
const roomCount = Number(values.rooms);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const rounds = Number(values.rounds);
const clientProcesses = Number(values['client-processes']);
const clientsFile = path.join(import.meta.dirname, 'scale-out-clients.ts');
if (!(Number.isInteger(rounds) && rounds > 0)) throw new Error('--rounds must be a positive whole number');
if (!(Number.isFinite(warmupSeconds) && warmupSeconds >= 0)) throw new Error('--warmup must be a number of seconds, 0 or more');
for (const [name, value] of [['clients', clientCount], ['rooms', roomCount], ['rate', rate], ['seconds', seconds], ['client-processes', clientProcesses]] as const) {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`--${name} must be a positive number`);
}

interface Edit {
  readonly sentAt: number;
  readonly from: number;
  readonly expected: number;
  readonly arrivals: { at: number; instance: number }[];
}

interface Figures {
  readonly all: number[];
  readonly same: number[];
  readonly cross: number[];
  readonly toAll: number[];
  readonly updatesPerSecond: number;
  /** CPU each server process used while the edits were sent, as a share of one core. */
  readonly serverCpu: number[];
  /** The CPU the client processes used together, in cores. */
  readonly clientCpu: number;
  /** The client processes' event-loop delay while the edits were sent (ms; the highest p99 and max of any): when it is high, the clients set the tail. */
  readonly clientLoopDelay: { p99: number; max: number };
  lost: number;
}

/** User + system CPU seconds a process has used so far (Linux `/proc/<pid>/stat`, in clock ticks of 10 ms). */
function cpuSecondsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** Over how long the clients join (scale-out-clients.ts says why). */
const joinSpreadMs = 3000;
const fmt = (list: number[]) => (list.length === 0 ? 'n/a' : `p50 ${percentile(list, 50).toFixed(1)} ms, p99 ${percentile(list, 99).toFixed(1)} ms (${list.length.toLocaleString('en')})`);

/** The next message of `type` from a client process (or its exit, as an error). */
function nextMessage<T extends FromClients['type']>(child: ChildProcess, type: T): Promise<Extract<FromClients, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromClients) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<FromClients, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`a client process exited (${code}) while waiting for ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function run(instances: number, redis: PrivateRedis, schema: string, prefix: string, dumpName: string): Promise<Figures> {
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      const dataDir = makeTempDir('accord-scale-bench-');
      dirs.push(dataDir);
      servers.push(await spawnServerProcess(dataDir, { DATABASE_URL: `${postgresTestUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`, REDIS_URL: redis.url, REDIS_PREFIX: prefix }, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []));
    }
    const seeded = await seedProject(servers[0]!.httpUrl, { documents: roomCount, text: 'Benchmark transcript.' });
    // Client i: room i mod rooms, instance i mod instances (so most peers of a room are on
    // another instance), in client process i mod processes.
    const plans: ClientPlan[] = Array.from({ length: clientCount }, (_, index) => ({ index, syncUrl: servers[index % instances]!.syncUrl, room: seeded.documents[index % roomCount]!.textRoom, instance: index % instances }));
    const peers = new Array<number>(roomCount).fill(0);
    for (const plan of plans) peers[plan.index % roomCount]! += 1;
    for (let k = 0; k < clientProcesses; k++) {
      const child = fork(clientsFile, [], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_CLIENT_NODE_ARGS?.split(' ').filter(Boolean) ?? [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
    }
    await Promise.all(children.map((child) => nextMessage(child, 'ready')));
    const joinAt = sharedClockMs() + 100;
    const joined = children.map((child) => nextMessage(child, 'joined'));
    children.forEach((child, k) => child.send({ type: 'join', clients: plans.filter((plan) => plan.index % clientProcesses === k), clientCount, joinAt, joinSpreadMs } satisfies ToClients));
    await Promise.all(joined);

    // The first `warmup` seconds are sent and must arrive, but are not measured: every process
    // (three servers, PostgreSQL's backends, the clients) is still compiling the edit path then.
    // On three instances that cold start left a backlog for ~3.3 s on a slow day (`--dump` shows
    // deliveries of the first second at p50 ~400 ms), which 2 s of warm-up let into the timed part.
    const startAt = sharedClockMs() + 200;
    const measuredFrom = startAt + warmupSeconds * 1000;
    const endsAt = measuredFrom + seconds * 1000;
    const serverCpu = (async () => {
      await sleep(measuredFrom - sharedClockMs());
      const before = servers.map((server) => cpuSecondsOf(server.pid));
      await sleep(endsAt - sharedClockMs());
      return servers.map((server, i) => (cpuSecondsOf(server.pid) - before[i]!) / seconds);
    })();
    const done = children.map((child) => nextMessage(child, 'done'));
    for (const child of children) child.send({ type: 'edit', startAt, measuredFrom, endsAt, rate, clientCount } satisfies ToClients);
    const reports = await Promise.all(done);

    const edits = new Map<string, Edit>();
    for (const report of reports) {
      for (const [key, sentAt, instance] of report.sent) edits.set(key, { sentAt, from: instance, expected: peers[Number(key.split('-')[0]) % roomCount]! - 1, arrivals: [] });
    }
    for (const report of reports) for (const [key, at, instance] of report.arrivals) edits.get(key)?.arrivals.push({ at, instance });
    const figures: Figures = {
      all: [],
      same: [],
      cross: [],
      toAll: [],
      updatesPerSecond: [...edits.values()].filter((edit) => edit.sentAt >= measuredFrom).length / seconds,
      serverCpu: await serverCpu,
      clientCpu: reports.reduce((sum, report) => sum + report.cpuSeconds, 0) / seconds,
      clientLoopDelay: { p99: Math.max(...reports.map((r) => r.loopDelay.p99)), max: Math.max(...reports.map((r) => r.loopDelay.max)) },
      lost: 0,
    };
    for (const edit of edits.values()) {
      const measured = edit.sentAt >= measuredFrom;
      if (!measured && edit.arrivals.length < edit.expected) figures.lost++;
      if (!measured) continue;
      for (const arrival of edit.arrivals) {
        const latency = arrival.at - edit.sentAt;
        figures.all.push(latency);
        (arrival.instance === edit.from ? figures.same : figures.cross).push(latency);
      }
      if (edit.arrivals.length >= edit.expected) figures.toAll.push(Math.max(...edit.arrivals.map((a) => a.at)) - edit.sentAt);
      else figures.lost++;
    }
    for (const list of [figures.all, figures.same, figures.cross, figures.toAll]) list.sort((a, b) => a - b);
    if (dumpDir) fs.writeFileSync(path.join(dumpDir, `${dumpName}.json`), JSON.stringify({ measuredFromMs: measuredFrom, edits: [...edits.values()].map((edit) => [edit.sentAt - measuredFrom, edit.from, edit.arrivals.map((a) => [a.at - edit.sentAt, a.instance])]) }));
    return figures;
  } finally {
    for (const child of children) child.kill();
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!(await isPostgresAvailable()) || !PrivateRedis.available()) {
  console.error(`needs PostgreSQL (${postgresTestUrl}) and redis-server`);
  process.exit(2);
}
const redis = await PrivateRedis.start();
const schemas = createTestSchemas();
let exitCode = 0;
try {
  console.log(`${clientCount} clients in ${roomCount} rooms, ${rate} edits/s each for ${seconds} s after ${warmupSeconds} s of warm-up; PostgreSQL + Redis`);
  // Rounds interleaved (1, 3, 1, 3 …), as in bench/compare: a stall on this two-core machine
  // lands in one run, and the medians of the rounds do not hang on it.
  const singleP99s: number[] = [];
  const crossP99s: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const instances of [1, 3]) {
      const figures = await run(instances, redis, await schemas.fresh(), `bench-${round}-${instances}:`, `${round}-${instances}`);
      console.log(`\nround ${round}/${rounds}, ${instances} instance${instances === 1 ? '' : 's'}: ${figures.updatesPerSecond.toFixed(0)} updates/s accepted; lost ${figures.lost}`);
      console.log(`  every delivery    ${fmt(figures.all)}`);
      console.log(`  same instance     ${fmt(figures.same)}`);
      console.log(`  cross-instance    ${fmt(figures.cross)}`);
      console.log(`  edit → all peers  ${fmt(figures.toAll)}`);
      console.log(`  CPU (cores)       servers ${figures.serverCpu.map((c) => c.toFixed(2)).join(' + ')}, clients ${figures.clientCpu.toFixed(2)} (their event loop's delay p99 ${figures.clientLoopDelay.p99.toFixed(1)} ms, max ${figures.clientLoopDelay.max.toFixed(1)} ms); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
      if (figures.lost > 0) exitCode = 1;
      if (instances === 1) singleP99s.push(percentile(figures.all, 99));
      else crossP99s.push(percentile(figures.cross, 99));
    }
  }
  const ratios = crossP99s.map((cross, i) => cross / singleP99s[i]!);
  console.log(`\ncross-instance p99 ${median(crossP99s).toFixed(1)} ms vs single-instance p99 ${median(singleP99s).toFixed(1)} ms (medians of ${rounds} rounds): ${(median(crossP99s) / median(singleP99s)).toFixed(2)}× (target ≤ 1.5×); per round ${ratios.map((r) => `${r.toFixed(2)}×`).join(' ')}`);
} finally {
  await schemas.dropAll();
  await redis.kill();
}
process.exit(exitCode);

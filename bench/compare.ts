/**
 * Accord beside Hocuspocus 4 (+ its SQLite extension) and the y-websocket reference server
 * (@y/websocket-server 0.1.1 with its LevelDB persistence), on this machine, loopback only.
 *
 * Usage: npm run bench:compare -- [--rounds 3] [--seconds 6] [--warmup 5] [--scenarios 1x50,1x200,20x10,cold50,kill9]
 *        [--servers accord,hocuspocus,reference] [--no-build] [--cpu-prof DIR]
 *
 * Each server runs in its own child process on a fresh data directory per run (Accord compiled,
 * from dist/server, built first unless --no-build). Clients are the stock providers (y-websocket
 * for Accord and the reference, @hocuspocus/provider for Hocuspocus), one socket each, in two
 * worker processes. Rounds are interleaved (every scenario × every server, then again), each
 * figure is the median over rounds (counts are summed), and Accord's ratio to the best other
 * server is taken within each round. Each live-editing run measures a server warmed up, as one
 * that has run for hours is: before its measured seconds the same clients edit for `--warmup`
 * seconds (on keys no client times), and after the set-up and after the warm-up the bench waits
 * until the server's threads are quiet (under 5% of a core for half a second; Accord's one-off
 * search indexing of the pasted transcripts ends there). The waits show as a row of the table.
 * Figures from a loaded machine are not comparable with quiet ones: the load average is printed
 * before and after.
 *
 * Trying a change to Accord alone: BENCH_ACCORD_NODE_ARGS adds Node options to Accord's process
 * (a V8 flag, say) and BENCH_ACCORD_ENTRY runs another compiled build (a copy of dist/server from
 * another commit, e.g. dist/server-old/main.cjs), so two builds can alternate in one shell loop.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ClientWorkers } from './compare/client-workers.ts';
import { scenarios } from './compare/scenarios.ts';
import { serverKinds, serverNames, type ServerName } from './compare/servers.ts';
import { formatTable, type ScenarioResults } from './compare/table.ts';
import type { Figures } from './compare/metrics.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '5' },
    scenarios: { type: 'string', default: scenarios.map((s) => s.name).join(',') },
    servers: { type: 'string', default: serverNames.join(',') },
    'no-build': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});

function usageError(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function wholeNumber(name: string, raw: string | undefined, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) usageError(`--${name} must be a whole number from 1 to ${max}, got ${raw}`);
  return value;
}

function listOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T[] {
  const chosen = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = chosen.filter((s) => !(allowed as readonly string[]).includes(s));
  if (chosen.length === 0 || unknown.length > 0) usageError(`--${name} takes a comma-separated list of ${allowed.join(', ')}; got ${raw}`);
  return allowed.filter((a) => chosen.includes(a));
}

const rounds = wholeNumber('rounds', values.rounds, 20);
const seconds = wholeNumber('seconds', values.seconds, 600);
// 0 measures servers from cold, as the bench did before it had a warm-up.
const warmupSeconds = values.warmup === '0' ? 0 : wholeNumber('warmup', values.warmup, 600);
const chosenScenarios = listOf('scenarios', values.scenarios, scenarios.map((s) => s.name)).map((name) => scenarios.find((s) => s.name === name)!);
const servers = listOf('servers', values.servers, serverNames);

const repoRoot = path.resolve(import.meta.dirname, '..');
// Read by servers.ts when it starts an Accord process; one profile per process lands in DIR.
if (values['cpu-prof']) process.env.BENCH_COMPARE_CPU_PROF = path.resolve(values['cpu-prof']);
const loadLine = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`;

if (servers.includes('accord') && !values['no-build']) {
  // Accord runs compiled, as in production; the sources may have changed since the last build.
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-server.mjs')], { cwd: repoRoot, stdio: 'inherit' });
}

console.log(`bench:compare — ${rounds} round(s), ${seconds} s per run after ${warmupSeconds} s of warm-up; scenarios ${chosenScenarios.map((s) => s.name).join(', ')}; servers ${servers.join(', ')}`);
console.log(`before: ${loadLine()}`);

const workers = ClientWorkers.start(2);
process.on('SIGINT', () => process.exit(130));
process.on('exit', () => workers.stop());
// Booted before the first server's start is timed: two processes loading tsx beside it took the
// first server of round 1 (Accord's 1×50) from ~230 to ~500 ms.
await workers.cpuMs();

const results: ScenarioResults[] = chosenScenarios.map((scenario) => ({ scenario, runs: new Map(servers.map((s) => [s, [] as (Figures | Error)[]])) }));
let nextClientId = 1;
const started = performance.now();
let failed = false;
for (let round = 0; round < rounds; round++) {
  for (const { scenario, runs } of results) {
    for (const server of servers) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `accord-compare-${server}-`));
      const runStarted = performance.now();
      let outcome: Figures | Error;
      try {
        outcome = await scenario.run({ kind: serverKinds[server], workers, seconds, warmupSeconds, dataDir, seed: 1000 + round, nextClientId: () => nextClientId++ });
      } catch (error) {
        outcome = error instanceof Error ? error : new Error(String(error));
        failed = true;
        await workers.close('all');
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
      (runs.get(server) as (Figures | Error)[]).push(outcome);
      const took = ((performance.now() - runStarted) / 1000).toFixed(1);
      process.stderr.write(`round ${round + 1}/${rounds} ${scenario.name} ${server}: ${outcome instanceof Error ? `FAILED ${outcome.message.split('\n')[0]}` : 'done'} in ${took} s (${loadLine()})\n`);
    }
  }
}

console.log(formatTable(results, servers, rounds));
console.log(`\n${rounds} round(s) in ${((performance.now() - started) / 60_000).toFixed(1)} min; after: ${loadLine()}`);
process.exit(failed ? 1 : 0);

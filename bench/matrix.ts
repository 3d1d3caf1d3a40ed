/**
 * Matrix benchmark: server time of `GET /api/projects/:id/matrix` on the study of
 * bench/agreement.ts — 17 transcripts × 60,000 characters (speaker turns), 3 coders, 40 codes,
 * 6,000 overlapping codings from the same seeded plan — stored as real rooms and read by a real
 * server in this process. For each matrix it prints the first (cold) request, which reads every
 * room, and the warm median and p95 over 20 requests (rooms cached, matrix computed afresh every
 * time) with the CPU time spent on it, plus the longest event-loop stall seen during the cold
 * reads. Target: warm ≤ 100 ms.
 *
 * Usage: node --import tsx bench/matrix.ts
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { makeTempDir, startTestServer, testAdminToken } from '../tests/support/test-server.ts';
import { percentile } from './bench-stats.ts';
import { storeBenchmarkProject } from './benchmark-project.ts';
import { benchmarkStudy } from './benchmark-study.ts';

const { documentCount, documentLength, coderIds, codeCount, codingCount } = benchmarkStudy;
const projectId = 'bench-matrix';

const dir = makeTempDir('accord-bench-matrix-');
const built = performance.now();
await storeBenchmarkProject(dir, { projectId, name: 'Matrix bench' });
console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`study: ${documentCount} documents × ${documentLength.toLocaleString('en')} characters, ${coderIds.length} coders, ${codeCount} codes, ${codingCount.toLocaleString('en')} codings (built in ${((performance.now() - built) / 1000).toFixed(1)} s)`);

const server = await startTestServer({ dataDir: dir });
/** Wall time of one request, and the CPU time this process (server and client both) spent on it: on a shared machine wall time also counts other processes' turns. */
async function timed(query: string): Promise<{ ms: number; cpuMs: number; body: { codings: number; total: number; cols: unknown[] } }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const response = await fetch(`${server.httpUrl}/api/projects/${projectId}/matrix${query}`, { headers: { authorization: `Bearer ${testAdminToken}` } });
  const body = await response.json();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (response.status !== 200) throw new Error(`${query}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, cpuMs: (used.user + used.system) / 1000, body };
}

const queries = [
  ['code × document, count', '?cols=documents'],
  ['code × document, chars', '?cols=documents&measure=chars'],
  ['code × coder, count', '?cols=coders'],
  ['code × attribute, chars', '?cols=attr.role&measure=chars'],
  ['co-occurrence, overlap, count', '?cols=codes'],
  ['co-occurrence, overlap, chars', '?cols=codes&measure=chars'],
  ['co-occurrence, unit, count', '?cols=codes&cooccurrence=unit'],
  ['co-occurrence, unit, chars', '?cols=codes&cooccurrence=unit&measure=chars'],
] as const;

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const cold = await timed(queries[0][1]);
delay.disable();
console.log(`first request (reads all ${documentCount * (coderIds.length + 1) + 1} rooms cold): ${cold.ms.toFixed(1)} ms; longest event-loop stall meanwhile ${(delay.max / 1e6).toFixed(1)} ms`);
if (cold.body.codings !== codingCount) throw new Error(`counted ${cold.body.codings} codings, not ${codingCount}`);

for (const [label, query] of queries) {
  const first = await timed(query);
  for (let i = 0; i < 3; i++) await timed(query);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 20; i++) {
    const run = await timed(query);
    times.push(run.ms);
    cpu.push(run.cpuMs);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(32)} ${first.body.cols.length} columns, total ${first.body.total.toLocaleString('en').padStart(10)}: ` +
      `first ${first.ms.toFixed(1).padStart(6)} ms, warm median ${percentile(times, 50).toFixed(1).padStart(5)} ms, p95 ${percentile(times, 95).toFixed(1).padStart(5)} ms, CPU median ${percentile(cpu, 50).toFixed(1).padStart(5)} ms (target ≤ 100 ms)`,
  );
}
await server.close();

/**
 * REFI-QDA export benchmark: server time of `GET /api/projects/:id/export?format=qdpx` on the
 * study of bench/agreement.ts — 17 transcripts × 60,000 characters (speaker turns), 3 coders, 40
 * codes in a hierarchy, 6,000 overlapping codings from the same seeded plan (every tenth with a
 * memo), plus a consensus layer of 1,000 codings and an attribute per document — stored as real
 * rooms and read by a real server in this process (bench/benchmark-project.ts builds
 * it). Prints the first (cold) export, which reads every room from the store, and the median and
 * p95 of 10 more (each reads every room again: the export keeps no cache of its own), the
 * server's split between reading (event loop, time-sliced) and writing (worker thread), the
 * file's size, and the longest event-loop stall seen meanwhile. Target: ≤ 2 s.
 *
 * Then imports that file: into a new project (5 runs; every coder layer, the consensus, the
 * attributes), and — preview and import — into the project it made, where everything matches.
 * Target: ≤ 3 s.
 *
 * Usage: node --import tsx bench/interop.ts
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readQdpx } from '../shared/refi/index.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { makeTempDir, startTestServer, testAdminToken } from '../tests/support/test-server.ts';
import { percentile } from './bench-stats.ts';
import { storeBenchmarkProject } from './benchmark-project.ts';
import { benchmarkStudy } from './benchmark-study.ts';

const { documentCount, documentLength, coderIds, codeCount, codingCount } = benchmarkStudy;
const projectId = 'bench-interop';
const consensusCount = 1_000;

const dir = makeTempDir('accord-bench-interop-');
const built = performance.now();
await storeBenchmarkProject(dir, { projectId, name: 'Interop bench', codingMemos: true, consensusCodings: consensusCount });
console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(
  `study: ${documentCount} documents × ${documentLength.toLocaleString('en')} characters, ${coderIds.length} coders, ${codeCount} codes, ` +
    `${codingCount.toLocaleString('en')} codings + ${consensusCount.toLocaleString('en')} in the consensus (built in ${((performance.now() - built) / 1000).toFixed(1)} s)`,
);

const server = await startTestServer({ dataDir: dir });

interface Run {
  readonly ms: number;
  readonly timing: string;
  readonly bytes: Uint8Array;
  readonly skipped: string | null;
}
async function exportOnce(): Promise<Run> {
  const started = performance.now();
  const response = await fetch(`${server.httpUrl}/api/projects/${projectId}/export?format=qdpx`, { headers: { authorization: `Bearer ${testAdminToken}` } });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${response.status} ${new TextDecoder().decode(bytes)}`);
  return { ms, timing: response.headers.get('server-timing') ?? '', bytes, skipped: response.headers.get('x-accord-skipped') };
}
const serverTiming = (timing: string) => Object.fromEntries([...timing.matchAll(/(\w+);dur=([\d.]+)/g)].map((m) => [m[1]!, Number(m[2])]));

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const cold = await exportOnce();
delay.disable();
const { project } = readQdpx(cold.bytes);
const selections = project.sources.reduce((n, s) => n + s.selections.length, 0);
if (selections !== codingCount + consensusCount) throw new Error(`the file holds ${selections} codings, not ${codingCount + consensusCount}`);
const split = serverTiming(cold.timing);
console.log(
  `first export (reads all ${documentCount * (coderIds.length + 2) + 1} rooms cold): ${cold.ms.toFixed(0)} ms ` +
    `(server: read ${split.read?.toFixed(0)} ms on the event loop, write ${split.write?.toFixed(0)} ms in the worker); ` +
    `${(cold.bytes.byteLength / 1024 / 1024).toFixed(2)} MB, ${selections.toLocaleString('en')} codings, skipped ${cold.skipped}; ` +
    `longest event-loop stall meanwhile ${(delay.max / 1e6).toFixed(1)} ms (target ≤ 2,000 ms)`,
);

const times: number[] = [];
const reads: number[] = [];
const writes: number[] = [];
const stalls = monitorEventLoopDelay({ resolution: 1 });
stalls.enable();
for (let i = 0; i < 10; i++) {
  const run = await exportOnce();
  times.push(run.ms);
  const t = serverTiming(run.timing);
  reads.push(t.read ?? 0);
  writes.push(t.write ?? 0);
}
stalls.disable();
for (const list of [times, reads, writes]) list.sort((a, b) => a - b);
console.log(
  `10 more exports: median ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms ` +
    `(read median ${percentile(reads, 50).toFixed(0)} ms, write median ${percentile(writes, 50).toFixed(0)} ms); ` +
    `longest event-loop stall ${(stalls.max / 1e6).toFixed(1)} ms (target ≤ 2,000 ms)`,
);

// Import: the first export's file into a new project (5 times), then the same file previewed and
// imported into the project it came from (everything matched, nothing added). Target: ≤ 3 s.
const importer = new ApiClient(server.httpUrl);
await importer.signIn('bench-importer@example.org', 'Bench Importer');
async function importOnce(path: string): Promise<{ ms: number; timing: string; body: { report: Record<string, unknown> } }> {
  const form = new FormData();
  form.append('file', new Blob([cold.bytes as BlobPart]), 'interop-bench.qdpx');
  const started = performance.now();
  const response = await fetch(`${server.httpUrl}${path}`, { method: 'POST', body: form, headers: { cookie: importer.sessionCookie!, 'x-csrf-token': importer.csrfToken! } });
  const body = (await response.json()) as { report: Record<string, unknown> };
  const ms = performance.now() - started;
  if (response.status >= 300) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return { ms, timing: response.headers.get('server-timing') ?? '', body };
}
const importStalls = monitorEventLoopDelay({ resolution: 1 });
importStalls.enable();
const imports: number[] = [];
let imported: { ms: number; timing: string; body: { project?: { id: string }; report: Record<string, unknown> } } | null = null;
for (let i = 0; i < 5; i++) {
  imported = await importOnce('/api/projects/import');
  imports.push(imported.ms);
}
importStalls.disable();
imports.sort((a, b) => a - b);
const report = imported!.body.report as { documents: number; codes: number; codings: number; layers: number };
if (report.codings !== codingCount + consensusCount) throw new Error(`the import placed ${report.codings} codings, not ${codingCount + consensusCount}`);
console.log(
  `import into a new project (${report.documents} documents, ${report.codes} codes, ${report.layers} layers, ${report.codings.toLocaleString('en')} codings), 5 runs: ` +
    `fastest ${imports[0]!.toFixed(0)} ms, median ${percentile(imports, 50).toFixed(0)} ms, max ${imports[imports.length - 1]!.toFixed(0)} ms; ` +
    `longest event-loop stall ${(importStalls.max / 1e6).toFixed(1)} ms (target ≤ 3,000 ms); last run's steps: ${imported!.timing}`,
);
const into = (imported!.body as { project: { id: string } }).project.id;
const preview = await importOnce(`/api/projects/${into}/import?preview=1`);
const again = await importOnce(`/api/projects/${into}/import`);
console.log(
  `the same file into the project it made (all matched: ${(again.body.report as { codings: number }).codings} codings added): preview ${preview.ms.toFixed(0)} ms, import ${again.ms.toFixed(0)} ms (target ≤ 3,000 ms); steps: ${again.timing}`,
);
await server.close();

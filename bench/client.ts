/**
 * The web client's figures (issue 14): the main bundle's size, the coding view's time to
 * interactive, and its frame rate while another coder's codings arrive.
 *
 * Usage: node --import tsx bench/client.ts [--loads 5] [--rate 50] [--seconds 10] [--spread screen|document]
 *          [--chars 60000] [--codings 300] [--codes 12] [--client-dir DIR] [--build] [--cpu-prof DIR] [--trace DIR]
 *
 * - Builds the client first when a file under client/ or shared/ is newer than the build (or with
 *   --build); --client-dir measures another build as it is (e.g. an unminified one, for profiles).
 * - Every JavaScript chunk, raw and gzipped; the main bundle (loaded on every page) marked.
 * - Time to interactive: a real server process serves the build; owner Ana opens a document of
 *   `--chars` characters with `--codings` codings in her layer and in coder Ben's, `--loads` times
 *   in a fresh browser context. Navigation start → the first frame with the text on screen, every
 *   code listed, both lanes complete and coding offered; then a coding is made to prove it.
 * - The same over an emulated 20 Mbit/s, 40 ms link: a first visit and a reload (what compression
 *   and caching save), in up to 3 fresh contexts.
 * - Frame rate: Ana's page records requestAnimationFrame gaps and long tasks for 3 s while nothing
 *   happens, then while Ben's client adds `--rate` codings a second for `--seconds`: on the text her
 *   window shows (`--spread screen`, the worst case), or anywhere in the transcript (`document`).
 *   --cpu-prof DIR saves a CPU profile of the page over that window and prints its most expensive
 *   functions; --trace DIR saves a Chromium timeline trace of the same window and prints the page's
 *   main-thread time by rendering step (style, layout, paint …) and script.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hasChromium, launchBrowser } from '../tests/support/browser.ts';
import { createRandom } from '../tests/support/seeded-random.ts';
import { spawnServerProcess } from '../tests/support/server-process.ts';
import { makeTempDir } from '../tests/support/test-server.ts';
import { measureChunks, printChunks } from './client/chunk-sizes.ts';
import { createCodingStudy } from './client/coding-study.ts';
import { broadband, loadCodingView, visitOverLink, type LoadTiming } from './client/coding-view-load.ts';
import { measureLiveCodings, type FrameStats } from './client/live-codings.ts';

const { values } = parseArgs({
  options: {
    loads: { type: 'string', default: '5' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    spread: { type: 'string', default: 'screen' },
    chars: { type: 'string', default: '60000' },
    codings: { type: 'string', default: '300' },
    codes: { type: 'string', default: '12' },
    'client-dir': { type: 'string' },
    build: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    trace: { type: 'string' },
  },
});
const loads = Number(values.loads);
const codingsPerCoder = Number(values.codings);
const clientDir = path.resolve(values['client-dir'] ?? 'dist/client');
const spread = values.spread;
if (spread !== 'screen' && spread !== 'document') throw new Error(`--spread must be screen or document, got ${spread}`);

/** The newest modification time of any file under `dir` (ms). */
function newestFile(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(): void {
  const index = path.join(clientDir, 'index.html');
  const stale = !fs.existsSync(index) || Math.max(newestFile('client'), newestFile('shared')) > fs.statSync(index).mtimeMs;
  if (!values.build && !stale) return;
  console.log('Building the client (vite build)…');
  const build = spawnSync('npx', ['vite', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'error'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('client build failed');
}

function printLoads(timings: readonly LoadTiming[]): void {
  const row = (label: string, pick: (t: LoadTiming) => number) =>
    console.log(`  ${label.padEnd(64)} median ${ms(median(timings.map(pick))).padStart(7)}   each: ${timings.map((t) => ms(pick(t))).join(', ')}`);
  console.log(`Time to interactive (${timings.length} loads, each in a fresh browser context, nothing cached):`);
  row('navigation start → main bundle fetched and run', (t) => t.scriptsRun);
  row('navigation start → sockets opening (signed in, view built)', (t) => t.roomsOpening);
  row('navigation start → rooms synced (view mark)', (t) => t.roomsSynced);
  row('navigation start → interactive (text, codes, lanes, coding on)', (t) => t.interactive);
  row('navigation start → transcript painted (view mark)', (t) => t.painted);
  row('a coding made at once (select, key 1) → announced', (t) => t.codedAfter);
  console.log(`  long tasks during the load: ${timings.map((t) => t.longTasks).join(', ')}`);
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

if (!values['client-dir']) buildIfNeeded();
console.log(`load average at start: ${load()} (${os.cpus().length} cores)\n`);
printChunks(measureChunks(clientDir));

if (!hasChromium()) {
  console.log('\nChromium not found at /usr/bin/chromium: the in-browser figures are skipped.');
  process.exit(0);
}

const dataDir = makeTempDir('accord-bench-client-');
const server = await spawnServerProcess(dataDir, { CLIENT_DIR: clientDir });
const browser = await launchBrowser();
try {
  const random = createRandom(14);
  const study = await createCodingStudy(server, random, { chars: Number(values.chars), codes: Number(values.codes), codingsPerCoder });
  console.log(`\nCoding view: a ${study.textLength.toLocaleString('en')}-character interview, ${study.codes.length} codes, ${codingsPerCoder} codings in each of two lanes; Chromium ${browser.version()}, 1440×900, loopback.`);

  const timings: LoadTiming[] = [];
  for (let i = 0; i < loads; i++) {
    // Each load makes one coding in Ana's layer: the next load expects one more.
    timings.push(await loadCodingView(browser, server.httpUrl, study, { own: codingsPerCoder + i, other: codingsPerCoder }));
  }
  if (loads > 0) printLoads(timings);
  if (loads > 0) {
    // The same view over a real link: what compression and the browser's cache are worth.
    const visits: Awaited<ReturnType<typeof visitOverLink>>[] = [];
    for (let i = 0; i < Math.min(loads, 3); i++) visits.push(await visitOverLink(browser, server.httpUrl, study, { own: codingsPerCoder + loads, other: codingsPerCoder }, broadband));
    console.log(`Over ${broadband.name} (emulated by Chromium; ${visits.length} fresh contexts, each visited twice):`);
    const visitRow = (label: string, pick: (v: (typeof visits)[number]) => number, unit: (n: number) => string) =>
      console.log(`  ${label.padEnd(64)} median ${unit(median(visits.map(pick))).padStart(8)}   each: ${visits.map((v) => unit(pick(v))).join(', ')}`);
    const kB = (n: number) => `${(n / 1000).toFixed(0)} kB`;
    visitRow('first visit: navigation start → main bundle run', (v) => v.first.scriptsRun, ms);
    visitRow('first visit: navigation start → interactive', (v) => v.first.interactive, ms);
    visitRow('first visit: transferred over HTTP', (v) => v.first.transferred, kB);
    visitRow('repeat visit (reload): navigation start → interactive', (v) => v.repeat.interactive, ms);
    visitRow('repeat visit (reload): transferred over HTTP', (v) => v.repeat.transferred, kB);
  }

  const run = await measureLiveCodings(browser, server.httpUrl, server.syncUrl, study, {
    random,
    rate: Number(values.rate),
    seconds: Number(values.seconds),
    spread,
    lanes: { own: codingsPerCoder + loads, other: codingsPerCoder },
    profileDir: values['cpu-prof'] ?? null,
    traceDir: values.trace ?? null,
  });
  const frames = (label: string, f: FrameStats) => {
    const cpu = [...f.cpu].map(([type, seconds]) => `${type} ${((seconds / f.seconds) * 100).toFixed(0)}%`).join(', ');
    console.log(
      `  ${label.padEnd(26)} ${f.frames} frames in ${f.seconds.toFixed(1)} s: ${f.fps.toFixed(1)} fps; frame p50 ${f.p50.toFixed(1)}, p95 ${f.p95.toFixed(1)}, p99 ${f.p99.toFixed(1)}, max ${f.max.toFixed(1)} ms; ${f.late} over 25 ms; ${f.longTasks} long tasks (${f.longTaskMs.toFixed(0)} ms)`,
    );
    console.log(`  ${''.padEnd(26)} Chromium CPU (share of one core): ${cpu}`);
  };
  const where = spread === 'screen' ? 'the text on her screen' : 'the whole transcript';
  console.log(`\nFrame rate in Ana's coding view while Ben's client adds ${values.rate} codings a second on characters ${run.placedIn.start}–${run.placedIn.end} (${where}):`);
  frames('nothing arriving (3 s)', run.idle);
  frames(`${run.sent} codings arriving`, run.live);
  console.log(`  every coding counted in Ben's lane ${ms(run.caughtUpAfter)} after the last was sent; ${run.barsAdded} of them have their margin bar in the rows the page has rendered.`);
  if (run.trace) {
    console.log(`\nTimeline trace of the page while codings arrive: ${run.trace.file}; the main thread over ${ms(run.trace.windowMs)}:`);
    for (const step of run.trace.mainThread) console.log(`  ${ms(step.ms).padStart(8)}  ${step.name} (${step.count}×)`);
  }
  if (run.profile) {
    console.log(`\nCPU profile of the page while codings arrive: ${run.profile.file} (main thread busy ${ms(run.profile.busyMs)} of ${ms(run.profile.totalMs)}); most self time:`);
    for (const f of run.profile.top) console.log(`  ${ms(f.ms).padStart(8)}  ${f.name}`);
  }
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  await server.exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`\nload average at end: ${load()}`);
}

/**
 * Event-loop benchmark: does a heavy read or an attribute import stall everyone else?
 *
 * Usage: node --import tsx bench/event-loop.ts [--documents 522] [--rebuild]
 *
 * Builds (once, cached in the OS temp directory) a realistic project directly through the
 * server's own stores: `documents` transcripts of 20–60k characters with speaker turns, a codebook
 * of 20 codes and 3 coders' layers of 30–80 codings per document (passages every coder saw, with
 * shifted boundaries, a different code now and then, and strays). Each run copies that data
 * directory, starts `server/main.ts` as a child process on it (a fresh one per session, so "cold"
 * is cold), and then, one request at a time (agreement cold and warm, details at three thresholds,
 * both exports, passages, progress and code usage cold and warm, attribute CSV imports of 0.5 and
 * 4 MiB and a too-wide one), fires `GET /healthz` every 10 ms from this
 * process while the request runs — open loop: a request is timed from when it was due, so a
 * blocked server shows up as the whole time it was blocked. Prints the request's own duration and
 * the healthz p50/p99/max. Target: healthz p99 < 50 ms for every row.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { createSeededRandom, type RandomSource } from '../shared/agreement/index.ts';
import { importTranscript } from '../shared/import/index.ts';
import type { Code } from '../shared/model/codebook.ts';
import { formatRoomName } from '../shared/protocol/index.ts';
import { addCode } from '../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../shared/ydoc/span-anchor.ts';
import { transcriptText, writeTranscript } from '../shared/ydoc/transcript-doc.ts';
import { openSqliteStorage } from '../server/persistence/sqlite-storage.ts';
import { spawnServerProcess } from '../tests/support/server-process.ts';
import { makeTempDir, testAdminToken } from '../tests/support/test-server.ts';

const { values } = parseArgs({ options: { documents: { type: 'string', default: '522' }, rebuild: { type: 'boolean', default: false } } });
const documentCount = Number(values.documents);
if (!Number.isInteger(documentCount) || documentCount < 1 || documentCount > 5000) throw new Error('--documents must be a whole number from 1 to 5000');

const coderCount = 3;
const codeCount = 20;
const fixtureVersion = 1;
const fixtureDir = path.join(os.tmpdir(), `accord-bench-event-loop-v${fixtureVersion}-${documentCount}`);

interface Fixture {
  readonly projectId: string;
  readonly codeIds: string[];
  readonly documentNames: string[];
}

// --- the project -------------------------------------------------------------------------------

const words = ('support team plan toolkit implementation we they asked help built together manager coach training ' +
  'meeting staff change practice evidence patients ward data feedback time really think because month started then ' +
  'later process guidance local network leadership decided everyone felt worked about with from into our their').split(' ');

function transcript(random: RandomSource, participant: string): string {
  const target = 20_000 + Math.floor(random() * 40_000);
  const turns: string[] = [];
  let length = 0;
  while (length < target) {
    const speaker = turns.length % 2 === 0 ? 'Interviewer' : participant;
    const n = speaker === 'Interviewer' ? 8 + Math.floor(random() * 20) : 30 + Math.floor(random() * 150);
    const sentence = Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
    const turn = `${speaker}: ${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`;
    turns.push(turn);
    length += turn.length + 1;
  }
  return turns.join('\n');
}

async function buildFixture(dir: string): Promise<Fixture> {
  const started = performance.now();
  const storage = openSqliteStorage(dir);
  const { directory, documents } = storage;
  const random = createSeededRandom(522);
  const user = (id: string, name: string) => directory.createUser({ id, email: `${id}@example.org`, name, passwordHash: 'not-a-hash', isAdmin: false });
  await user('owner', 'Principal investigator');
  const projectId = 'bench-project';
  await directory.createProject({ id: projectId, name: 'Event-loop bench', ownerId: 'owner' });
  const coderIds = Array.from({ length: coderCount }, (_, i) => `coder-${i + 1}`);
  for (const id of coderIds) {
    await user(id, id);
    await directory.putMember(projectId, id, 'coder');
  }
  const codeIds = Array.from({ length: codeCount }, (_, i) => `code-${i + 1}`);
  const codebook = new Y.Doc();
  codeIds.forEach((id, i) => {
    const code: Code = { id, name: `Code ${i + 1}`, shortName: `C${i + 1}`, colour: '#E69F00', parentId: null, order: i, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: `Domain ${(i % 4) + 1}`, createdAt: '', createdBy: 'owner' };
    addCode(codebook, code);
  });
  await documents.appendUpdates(formatRoomName({ kind: 'project', projectId }), [Y.encodeStateAsUpdate(codebook)]);
  const documentNames: string[] = [];
  for (let d = 0; d < documentCount; d++) {
    const documentId = `document-${d + 1}`;
    const name = `Interview ${d + 1}`;
    const imported = importTranscript({ name: `${name}.txt`, bytes: new TextEncoder().encode(transcript(random, `P${d + 1}`)) });
    const text = new Y.Doc();
    writeTranscript(text, imported.text, imported.units);
    await documents.appendUpdates(formatRoomName({ kind: 'text', projectId, documentId }), [Y.encodeStateAsUpdate(text)]);
    const length = imported.text.length;
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const passages = Array.from({ length: int(30, 80) }, () => {
      const size = int(40, 900);
      const start = int(0, length - size - 1);
      return { start, size, code: int(0, codeCount - 1) };
    });
    for (const coderId of coderIds) {
      const layer = new Y.Doc();
      passages.forEach((p, i) => {
        let start = Math.max(0, p.start + int(-30, 30));
        let end = Math.min(length, p.start + p.size + int(-30, 30));
        let code = p.code;
        const roll = random();
        if (roll < 0.08) code = int(0, codeCount - 1);
        else if (roll < 0.14) {
          const size = int(40, 900);
          start = int(0, length - size - 1);
          end = start + size;
        }
        if (end <= start) end = start + 1;
        addCoding(layer, { id: `${coderId}-${i}`, codeId: codeIds[code]!, anchor: createSpanAnchor(transcriptText(text), start, end), at: Date.UTC(2026, 0, 1) });
      });
      await documents.appendUpdates(formatRoomName({ kind: 'layer', projectId, documentId, userId: coderId }), [Y.encodeStateAsUpdate(layer)]);
      layer.destroy();
    }
    text.destroy();
    await directory.createDocument({ id: documentId, projectId, name, length });
    documentNames.push(name);
  }
  await storage.close();
  const fixture = { projectId, codeIds, documentNames };
  fs.writeFileSync(path.join(dir, 'fixture.json'), JSON.stringify(fixture));
  console.log(`built the fixture in ${((performance.now() - started) / 1000).toFixed(1)} s: ${dir}`);
  return fixture;
}

async function loadFixture(): Promise<Fixture> {
  const marker = path.join(fixtureDir, 'fixture.json');
  if (!values.rebuild && fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8')) as Fixture;
  fs.rmSync(fixtureDir, { recursive: true, force: true });
  return buildFixture(fixtureDir);
}

// --- attribute tables --------------------------------------------------------------------------

/**
 * A participant table of about `bytes` (at most 10,000 rows, the import's row limit): 48 attribute
 * columns of numbers, categories and quoted notes, rows naming every document, then strangers.
 */
function attributeCsv(bytes: number, names: readonly string[], variant: number): string {
  const columns = 48;
  const sectors = ['health', 'education', 'social care', 'housing'];
  const lines = [['Participant', ...Array.from({ length: columns }, (_, i) => `Attribute ${i + 1}`)].join(',')];
  let size = lines[0]!.length + 1;
  for (let r = 0; r < 10_000; r++) {
    const name = r < names.length ? names[r]! : `Participant ${r + 1}`;
    // `variant` changes every value, so a second import rewrites every matched document.
    const cells = Array.from({ length: columns }, (_, i) => (i % 3 === 0 ? String((r * 7 + i + variant) % 40) : i % 3 === 1 ? sectors[(r + i + variant) % sectors.length]! : `"note ${r}, ${i}, version ${variant}"`));
    const line = [name, ...cells].join(',');
    if (size + line.length + 1 > bytes) break;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** A table wider than any project may have (the field limit), with short rows: the shape that once cost columns × rows. */
function wideCsv(columns: number, rows: number): string {
  return [['Participant', ...Array.from({ length: columns }, (_, i) => `c${i + 1}`)].join(','), ...Array.from({ length: rows }, (_, r) => `Interview ${r + 1}`)].join('\n');
}

// --- measuring -------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function request(url: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', agent, headers: { authorization: `Bearer ${testAdminToken}`, ...options.headers } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

function rssMb(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN; // not Linux: the column stays empty
  }
}

interface Row {
  readonly name: string;
  readonly status: number | string;
  readonly ms: number;
  readonly samples: number;
  /** Probes that got no answer at all. */
  readonly failed: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly rss: number;
  /** The machine's 1-minute load average afterwards: above the core count, others competed for the CPU. */
  readonly load: number;
}

/** Runs `work` while probing /healthz every 10 ms (open loop), and returns both timings. */
async function measure(baseUrl: string, pid: number, name: string, work: () => Promise<{ status: number | string }>): Promise<Row> {
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  let failed = 0;
  const probe = () => {
    const due = performance.now();
    // A keep-alive socket the server closed as we reused it resets; a browser retries that once, so do we
    // (still timed from when the probe was due).
    const once = () => request(`${baseUrl}/healthz`);
    inFlight.push(
      once()
        .catch((error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? once() : Promise.reject(error)))
        .then(
          () => void latencies.push(performance.now() - due),
          () => void failed++,
        ),
    );
  };
  probe();
  const timer = setInterval(probe, 10);
  const started = performance.now();
  // A request the server drops (e.g. it ran out of memory) is a result too, not a crash of the bench.
  const { status } = await work().catch((error: NodeJS.ErrnoException) => ({ status: error.code ?? error.message }));
  const ms = performance.now() - started;
  clearInterval(timer);
  await Promise.allSettled(inFlight);
  const sorted = [...latencies].sort((a, b) => a - b);
  return { name, status, ms, failed, samples: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, rss: rssMb(pid), load: os.loadavg()[0]! };
}

function printTable(rows: readonly Row[]): void {
  const header = ['request', 'status', 'duration ms', 'healthz n', 'failed', 'p50 ms', 'p99 ms', 'max ms', 'server RSS MB', 'load'];
  const cells = rows.map((r) => [r.name, String(r.status), r.ms.toFixed(0), String(r.samples), String(r.failed), r.p50.toFixed(1), r.p99.toFixed(1), r.max.toFixed(1), r.rss.toFixed(0), r.load.toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

// --- the run ---------------------------------------------------------------------------------

const fixture = await loadFixture();
console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`project: ${documentCount} documents (20–60k characters), ${coderCount} coders, ${codeCount} codes`);

const rows: Row[] = [];
// Each session is a fresh server process on a fresh copy of the project, so "cold" means cold.
type Scenario = readonly [string, (api: string) => Promise<{ status: number }>];
const get = (query: string) => (api: string) => request(`${api}${query}`);
const importCsv = (csv: string) => (api: string) => request(`${api}/attributes/import`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
const sessions: Scenario[][] = [
  [
    ['agreement (cold)', get('/agreement?unit=character')],
    ['agreement (warm, same query)', get('/agreement?unit=character')],
    ['agreement (warm, unit=unit)', get('/agreement?unit=unit')],
    ['details threshold=50', get('/agreement/details?unit=segment&threshold=50')],
    ['details threshold=70', get('/agreement/details?unit=segment&threshold=70')],
    ['details threshold=90', get('/agreement/details?unit=segment&threshold=90')],
    ['export.html', get('/agreement/export.html?unit=character')],
    ['export.csv', get('/agreement/export.csv?unit=character')],
    ['passages', get('/agreement/passages?limit=100')],
  ],
  [
    ['progress (cold)', get('/progress')],
    ['code usage (cold)', get(`/codes/${fixture.codeIds[0]}/usage`)],
    ['progress (warm)', get('/progress')],
    ['code usage (warm)', get(`/codes/${fixture.codeIds[1]}/usage`)],
    ['attributes import 0.5 MiB', importCsv(attributeCsv(512 * 1024, fixture.documentNames, 1))],
    ['attributes import 4 MiB', importCsv(attributeCsv(4 * 1024 * 1024 - 1024, fixture.documentNames, 2))],
    ['attributes import 2,000 columns × 4,000 rows', importCsv(wideCsv(2_000, 4_000))],
  ],
];
for (const scenarios of sessions) {
  const runDir = makeTempDir('accord-bench-event-loop-run-');
  for (const file of fs.readdirSync(fixtureDir)) if (file.startsWith('accord.sqlite')) fs.copyFileSync(path.join(fixtureDir, file), path.join(runDir, file));
  const server = await spawnServerProcess(runDir);
  try {
    const base = server.httpUrl;
    for (let i = 0; i < 20; i++) await request(`${base}/healthz`);
    for (const [name, work] of scenarios) {
      const row = await measure(base, server.pid, name, () => work(`${base}/api/projects/${fixture.projectId}`));
      rows.push(row);
      console.log(`  ${name}: ${row.status} in ${row.ms.toFixed(0)} ms, healthz p99 ${row.p99.toFixed(1)} ms`);
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}
agent.destroy();
printTable(rows);
const worst = Math.max(...rows.map((r) => r.p99));
console.log(`worst healthz p99: ${worst.toFixed(1)} ms (target < 50 ms) — ${worst < 50 ? 'met' : 'NOT met'}`);

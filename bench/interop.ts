/**
 * REFI-QDA export benchmark: server time of `GET /api/projects/:id/export?format=qdpx` on the
 * study of bench/agreement.ts — 17 transcripts × 60,000 characters (speaker turns), 3 coders, 40
 * codes in a hierarchy, 6,000 overlapping codings from the same seeded plan (every tenth with a
 * memo), plus a consensus layer of 1,000 codings and an attribute per document — stored as real
 * rooms and read by a real server in this process (the store is built as bench/matrix.ts builds
 * it). Prints the first (cold) export, which reads every room from the store, and the median and
 * p95 of 10 more (each reads every room again: the export keeps no cache of its own), the
 * server's split between reading (event loop, time-sliced) and writing (worker thread), the
 * file's size, and the longest event-loop stall seen meanwhile. Target: ≤ 2 s.
 *
 * Usage: node --import tsx bench/interop.ts
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createSeededRandom } from '../shared/agreement/index.ts';
import { importTranscript } from '../shared/import/index.ts';
import type { Code } from '../shared/model/codebook.ts';
import { formatRoomName } from '../shared/protocol/index.ts';
import { readQdpx } from '../shared/refi/index.ts';
import { addCode } from '../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../shared/ydoc/span-anchor.ts';
import { transcriptText, writeTranscript } from '../shared/ydoc/transcript-doc.ts';
import { openSqliteStorage } from '../server/persistence/sqlite-storage.ts';
import { makeTempDir, startTestServer, testAdminToken } from '../tests/support/test-server.ts';
import { percentile } from './bench-stats.ts';
import { benchmarkStudy, syntheticCodings } from './benchmark-study.ts';

const { documentCount, documentLength, coderIds, codeCount, codingCount } = benchmarkStudy;
const projectId = 'bench-interop';
const consensusCount = 1_000;

const words = 'support team plan toolkit implementation we they asked help built together manager coach training meeting staff change practice evidence'.split(' ');

/** Exactly `documentLength` characters of speaker turns, so the study's offsets all fall inside. */
function transcript(seed: number): string {
  const random = createSeededRandom(seed);
  const turns: string[] = [];
  let length = 0;
  while (length < documentLength + 200) {
    const speaker = turns.length % 2 === 0 ? 'Interviewer' : 'Participant';
    const n = speaker === 'Interviewer' ? 8 + Math.floor(random() * 20) : 30 + Math.floor(random() * 150);
    const turn = `${speaker}: ${Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ')}.`;
    turns.push(turn);
    length += turn.length + 1;
  }
  // The import trims trailing space: end on a word character.
  return `${turns.join('\n').slice(0, documentLength - 1)}.`;
}

async function buildProject(dir: string): Promise<void> {
  const { directory, documents, close } = openSqliteStorage(dir);
  await directory.createUser({ id: 'owner', email: 'owner@example.org', name: 'Owner', passwordHash: 'not-a-hash', isAdmin: false });
  await directory.createProject({ id: projectId, name: 'Interop bench', ownerId: 'owner' });
  for (const id of coderIds) {
    await directory.createUser({ id, email: `${id}@example.org`, name: id, passwordHash: 'not-a-hash', isAdmin: false });
    await directory.putMember(projectId, id, 'coder');
  }
  await directory.setAttributeFields(projectId, [{ key: 'role', label: 'Role', type: 'category', options: ['coach', 'manager', 'nurse'] }]);
  const codebook = new Y.Doc();
  for (let k = 1; k <= codeCount; k++) {
    // Every fifth code a parent of the next four, so the codebook has a hierarchy.
    const code: Code = { id: `code-${k}`, name: `Code ${k}`, shortName: `C${k}`, colour: '#0072B2', parentId: k % 5 === 1 ? null : `code-${k - ((k - 1) % 5)}`, order: k, definition: `What code ${k} means.`, inclusion: '', exclusion: '', examples: [], isStage: k <= 3, stageOrder: k <= 3 ? k : null, domain: k % 7 === 0 ? 'barriers' : null, createdAt: '', createdBy: 'owner' };
    addCode(codebook, code);
  }
  await documents.appendUpdates(formatRoomName({ kind: 'project', projectId }), [Y.encodeStateAsUpdate(codebook)]);
  const codings = syntheticCodings(createSeededRandom(benchmarkStudy.seed)).map((c) => ({ ...c, documentId: `transcript-${c.document + 1}`, coderId: coderIds[c.coder]! }));
  for (let d = 1; d <= documentCount; d++) {
    const documentId = `transcript-${d}`;
    const imported = importTranscript({ name: `${documentId}.txt`, bytes: new TextEncoder().encode(transcript(d)) });
    if (imported.text.length !== documentLength) throw new Error(`transcript ${d} has ${imported.text.length} characters`);
    const text = new Y.Doc();
    writeTranscript(text, imported.text, imported.units);
    await documents.appendUpdates(formatRoomName({ kind: 'text', projectId, documentId }), [Y.encodeStateAsUpdate(text)]);
    for (const coderId of coderIds) {
      const layer = new Y.Doc();
      codings.forEach((c, i) => {
        if (c.documentId !== documentId || c.coderId !== coderId) return;
        addCoding(layer, { id: `c${i}`, codeId: c.codeId, anchor: createSpanAnchor(transcriptText(text), c.start, c.end), memo: i % 10 === 0 ? `Memo on coding ${i}: why it is ${c.codeId}.` : '', at: Date.UTC(2026, 0, 1) });
      });
      await documents.appendUpdates(formatRoomName({ kind: 'layer', projectId, documentId, userId: coderId }), [Y.encodeStateAsUpdate(layer)]);
      layer.destroy();
    }
    // The first coder's first 1,000 codings stand for the reconciled consensus.
    const consensus = new Y.Doc();
    codings.forEach((c, i) => {
      if (c.documentId !== documentId || c.coder !== 0 || i >= consensusCount * coderIds.length) return;
      addCoding(consensus, { id: `k${i}`, codeId: c.codeId, anchor: createSpanAnchor(transcriptText(text), c.start, c.end), at: Date.UTC(2026, 0, 2) });
    });
    await documents.appendUpdates(formatRoomName({ kind: 'consensus', projectId, documentId }), [Y.encodeStateAsUpdate(consensus)]);
    consensus.destroy();
    text.destroy();
    await directory.createDocument({ id: documentId, projectId, name: `Interview ${d}`, length: documentLength });
    await directory.updateDocument(projectId, documentId, { attributes: { role: ['coach', 'manager', 'nurse'][d % 3]! } });
  }
  await close();
}

const dir = makeTempDir('accord-bench-interop-');
const built = performance.now();
await buildProject(dir);
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
await server.close();

/**
 * Large-document benchmark: a 300,000-character transcript with 5,000 codings.
 * Usage: node --import tsx bench/large-document.ts [--chars 300000] [--codings 5000] [--runs 5]
 * Prints the time until a fresh stock client has both rooms synced (server → client), and the
 * time to resolve every coding's anchor on the client.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { addCoding, readCodings } from '../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { createRandom } from '../tests/support/seeded-random.ts';
import { spawnServerProcess } from '../tests/support/server-process.ts';
import { createSyncClient, waitFor, waitForSynced } from '../tests/support/sync-client.ts';
import { makeTempDir } from '../tests/support/test-server.ts';

const { values } = parseArgs({ options: { chars: { type: 'string', default: '300000' }, codings: { type: 'string', default: '5000' }, runs: { type: 'string', default: '5' } } });
const chars = Number(values.chars);
const codingCount = Number(values.codings);
const runs = Number(values.runs);
const random = createRandom(42);

function syntheticTranscript(length: number): string {
  const words = ['support', 'practice', 'we', 'the', 'team', 'asked', 'for', 'help', 'and', 'then', 'together', 'planned', 'training', 'coach', 'data', 'trust'];
  const lines: string[] = [];
  let size = 0;
  for (let turn = 0; size < length; turn++) {
    const speaker = turn % 2 === 0 ? 'Interviewer' : 'P07';
    const sentence = Array.from({ length: 20 + random.int(60) }, () => random.pick(words)).join(' ');
    const line = `${speaker}: ${sentence}.`;
    lines.push(line);
    size += line.length + 2;
  }
  return lines.join('\n\n').slice(0, length);
}

const dataDir = makeTempDir('accord-large-doc-');
const server = await spawnServerProcess(dataDir);
try {
  const admin = ApiClient.admin(server.httpUrl);
  const coder = new ApiClient(server.httpUrl);
  const coderId = await coder.signIn('bench@example.org', 'Bench');
  const coderToken = (await coder.post('/api/tokens', { name: 'bench' })).body.token as string;
  const projectId = (await admin.post('/api/projects', { name: 'Large document' })).body.id as string;
  const code = (await admin.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
  await coder.post(`/api/invites/${code}/accept`);
  const text = syntheticTranscript(chars);
  const created = await admin.post(`/api/projects/${projectId}/documents`, { name: 'Long interview', text });
  const documentId = created.body.id as string;
  const textRoom = `text:${projectId}:${documentId}`;
  const layerRoom = `layer:${projectId}:${documentId}:${coderId}`;

  // One coder writes 5,000 codings (in batches, as a long coding session would).
  const writerText = createSyncClient(server.syncUrl, textRoom, { token: coderToken });
  const writerLayer = createSyncClient(server.syncUrl, layerRoom, { token: coderToken });
  await Promise.all([waitForSynced(writerText, 30_000), waitForSynced(writerLayer, 30_000)]);
  const ytext = transcriptText(writerText.doc);
  for (let batch = 0; batch < codingCount; batch += 250) {
    writerLayer.doc.transact(() => {
      for (let i = batch; i < Math.min(codingCount, batch + 250); i++) {
        const start = random.int(chars - 400);
        const end = start + 20 + random.int(380);
        addCoding(writerLayer.doc, { id: `c${i}`, codeId: `code-${random.int(40)}`, anchor: createSpanAnchor(ytext, start, end), at: Date.now() });
      }
    });
  }
  const probe = createSyncClient(server.syncUrl, layerRoom, { token: coderToken });
  await waitFor(() => probe.doc.getMap('codings').size === codingCount, 60_000, 'all codings stored');
  probe.destroy();
  writerText.destroy();
  writerLayer.destroy();

  const syncTimes: number[] = [];
  const resolveTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const t = createSyncClient(server.syncUrl, textRoom, { token: coderToken });
    const l = createSyncClient(server.syncUrl, layerRoom, { token: coderToken });
    await Promise.all([waitForSynced(t, 30_000), waitForSynced(l, 30_000)]);
    syncTimes.push(performance.now() - started);
    const resolveStart = performance.now();
    const resolved = readCodings(l.doc, t.doc, coderId);
    resolveTimes.push(performance.now() - resolveStart);
    if (resolved.length !== codingCount) throw new Error(`resolved ${resolved.length} of ${codingCount} codings`);
    t.destroy();
    l.destroy();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rss = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1];
  console.log(`transcript ${text.length} chars, ${codingCount} codings, ${runs} runs (the first loads the rooms from SQLite)`);
  console.log(`synced (server → client, both rooms): first ${syncTimes[0]!.toFixed(0)} ms, median ${median(syncTimes).toFixed(0)} ms, max ${Math.max(...syncTimes).toFixed(0)} ms  (target ≤ 300 ms)`);
  console.log(`resolve all anchors on the client: median ${median(resolveTimes).toFixed(0)} ms`);
  console.log(`server RSS ${Math.round(Number(rss) / 1024)} MB`);
} finally {
  server.child.kill('SIGTERM');
  await server.exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/**
 * History and reconciliation benchmark (issue 9): a project of 17 documents × 3 coders × 300
 * codings, coded over real sockets, then the time to build the loci of every document, to answer
 * `asOf` for one document, and to verify the whole hash chain.
 *
 * Usage: node --import tsx bench/history.ts [--documents 17] [--coders 3] [--codings 300]
 * Targets: loci of every document ≤ 200 ms (built on the server: the loci route's Server-Timing;
 * the HTTP round trips, which add 17 × ~160 KB of JSON, are printed beside), asOf ≤ 100 ms,
 * verify ≤ 1 s.
 */
import { parseArgs } from 'node:util';
import { createSeededRandom } from '../shared/agreement/index.ts';
import { computeLoci } from '../shared/reconcile/index.ts';
import { exampleCodes } from '../shared/reconcile/worked-examples.ts';
import { addCode } from '../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../shared/ydoc/transcript-doc.ts';
import { runCli } from '../server/cli/run-cli.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { spawnServerProcess } from '../tests/support/server-process.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../tests/support/sync-client.ts';
import { makeTempDir, testAdminToken } from '../tests/support/test-server.ts';

const { values } = parseArgs({ options: { documents: { type: 'string', default: '17' }, coders: { type: 'string', default: '3' }, codings: { type: 'string', default: '300' } } });
const documentCount = Number(values.documents);
const coderCount = Number(values.coders);
const codingsPerLayer = Number(values.codings);
const textLength = 60_000;
const random = createSeededRandom(17);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const dataDir = makeTempDir('accord-history-bench-');
const server = await spawnServerProcess(dataDir);
const clients: SyncClient[] = [];
process.setMaxListeners(200);
try {
  const admin = new ApiClient(server.httpUrl, testAdminToken);
  const projectId = (await admin.post('/api/projects', { name: 'History bench' })).body.id as string;
  const turn = 'Participant: we asked them for help, and then we built the plan together with the county. ';
  const text = turn.repeat(Math.ceil(textLength / turn.length)).slice(0, textLength - 1) + '.';
  const documents: string[] = [];
  for (let i = 0; i < documentCount; i++) documents.push((await admin.post(`/api/projects/${projectId}/documents`, { name: `P${i + 1}`, text })).body.id as string);
  const coders: { id: string; token: string }[] = [];
  for (let i = 0; i < coderCount; i++) {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(`coder${i}@example.org`);
    const code = (await admin.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await api.post(`/api/invites/${code}/accept`);
    coders.push({ id, token: (await api.post('/api/tokens', { name: 'bench' })).body.token as string });
  }
  const codebook = createSyncClient(server.syncUrl, `project:${projectId}`, { token: coders[0]!.token });
  clients.push(codebook);
  await waitForSynced(codebook);
  codebook.doc.transact(() => exampleCodes.forEach((c, i) => addCode(codebook.doc, { id: c.id, name: c.id, shortName: c.id.slice(0, 3), colour: '#E69F00', parentId: c.parentId, order: i, definition: '', inclusion: '', exclusion: '', examples: [], isStage: c.isStage, stageOrder: c.isStage ? i : null, domain: c.domain, createdAt: '', createdBy: coders[0]!.id })));

  // Coding: every coder codes every document, in batches of 10 codings per transaction.
  const codingStarted = performance.now();
  const codeIds = exampleCodes.map((c) => c.id);
  for (const documentId of documents) {
    const texts = coders.map((coder) => createSyncClient(server.syncUrl, `text:${projectId}:${documentId}`, { token: coder.token }));
    const layers = coders.map((coder) => createSyncClient(server.syncUrl, `layer:${projectId}:${documentId}:${coder.id}`, { token: coder.token }));
    await Promise.all([...texts, ...layers].map((c) => waitForSynced(c, 60_000)));
    layers.forEach((layer, k) => {
      const ytext = transcriptText(texts[k]!.doc);
      for (let batch = 0; batch < codingsPerLayer / 10; batch++) {
        layer.doc.transact(() => {
          for (let i = 0; i < 10; i++) {
            const start = Math.floor(random() * (textLength - 900));
            addCoding(layer.doc, { id: `c${batch}-${i}`, codeId: codeIds[Math.floor(random() * codeIds.length)]!, anchor: createSpanAnchor(ytext, start, start + 40 + Math.floor(random() * 800)), at: Date.now() });
          }
        });
      }
    });
    await waitFor(async () => (await admin.get(`/api/projects/${projectId}/history?documentId=${documentId}&type=coding.added&limit=1000&afterSeq=0`)).body.events.length >= Math.min(1000, coderCount * codingsPerLayer), 60_000, 'the codings to be stored');
    for (const c of [...texts, ...layers]) c.destroy();
  }
  const codedMs = performance.now() - codingStarted;
  let total = 0;
  for (let after = 0; ; ) {
    const page = (await admin.get(`/api/projects/${projectId}/history?limit=1000&afterSeq=${after}`)).body;
    total += page.events.length;
    if (page.nextAfterSeq === null) break;
    after = page.nextAfterSeq;
  }
  console.log(`${documentCount} documents × ${coderCount} coders × ${codingsPerLayer} codings coded over sockets in ${(codedMs / 1000).toFixed(1)} s; ${total} history events`);

  // Loci of every document, through the API (reads the layers, computes, answers), three rounds.
  const lociRounds: number[] = [];
  const buildRounds: number[] = [];
  let lociCount = 0;
  for (let round = 0; round < 3; round++) {
    let built = 0;
    const [count, ms] = await timed(async () => {
      let n = 0;
      for (const documentId of documents) {
        const response = await admin.get(`/api/projects/${projectId}/documents/${documentId}/loci`);
        n += response.body.loci.length;
        built += Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? Number.NaN);
      }
      return n;
    });
    lociRounds.push(ms);
    buildRounds.push(built);
    lociCount = count;
  }
  // The computation alone, in this process, on the same data.
  const inputs = await Promise.all(
    documents.map(async (documentId) => {
      const events = (await admin.get(`/api/projects/${projectId}/documents/${documentId}/codings`)).body.layers as Record<string, { codingId: string; codeId: string; start: number; end: number }[]>;
      return { documentId, coderIds: coders.map((c) => c.id), codes: exampleCodes, codings: Object.entries(events).flatMap(([coderId, list]) => list.map((c) => ({ id: c.codingId, coderId, codeId: c.codeId, start: c.start, end: c.end }))) };
    }),
  );
  const computeRounds: number[] = [];
  for (let round = 0; round < 3; round++) computeRounds.push((await timed(async () => inputs.forEach((input) => computeLoci(input))))[1]);

  const middle = Math.floor(total / 2);
  const asOfRounds: number[] = [];
  for (let round = 0; round < 5; round++) asOfRounds.push((await timed(() => admin.get(`/api/projects/${projectId}/documents/${documents[0]}/codings?asOf=${middle}`)))[1]);

  const verifyRounds: number[] = [];
  let verdict = '';
  for (let round = 0; round < 3; round++) {
    const out: string[] = [];
    const [, ms] = await timed(() => runCli(['history', 'verify', '--data-dir', dataDir], { readFile: async () => '', stdout: (l) => out.push(l), stderr: (l) => out.push(l) }));
    verifyRounds.push(ms);
    verdict = out.join(' ');
  }

  console.log(`loci of all ${documentCount} documents built on the server: ${buildRounds.map((m) => m.toFixed(0)).join(', ')} ms (cold, then warm; Server-Timing) (target ≤ 200 ms)`);
  console.log(`  the same over HTTP, with transfer and parsing: median ${median(lociRounds).toFixed(1)} ms (${lociRounds.map((m) => m.toFixed(0)).join(', ')}), ${lociCount} loci`);
  console.log(`  of which computing the loci: median ${median(computeRounds).toFixed(1)} ms`);
  console.log(`asOf seq ${middle} for one document: median ${median(asOfRounds).toFixed(1)} ms (${asOfRounds.map((m) => m.toFixed(0)).join(', ')}) (target ≤ 100 ms)`);
  console.log(`verify the whole chain: median ${median(verifyRounds).toFixed(1)} ms — ${verdict} (target ≤ 1 s)`);
} finally {
  for (const c of clients) c.destroy();
  server.child.kill('SIGTERM');
  await server.exited;
}
process.exit(0);

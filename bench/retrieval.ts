/**
 * Retrieval benchmark (issue 11, the "coded segments" half; bench/search.ts is the search half):
 * the benchmark study of bench/agreement.ts — 17 transcripts × 60,000 characters, 3 coders, 40
 * codes (8 with sub-codes here), 6,000 overlapping codings from the same seeded generator — coded
 * into a real server process over the stock y-websocket client, with memos, participant
 * attributes and speaker turns. Then `GET /api/projects/:id/segments` is timed unfiltered (page 1)
 * and with a code, a memo-text and an attribute filter (plus co-occurrence and the exports), by
 * the route's own `Server-Timing`; and, with Chromium and the built client, the time to the first
 * rows in the browser. It also times full-text search on the same study (bench/search.ts: a larger vocabulary, the index build, the browser).
 *
 * Usage: npm run build && node --import tsx bench/retrieval.ts
 * Targets: ≤ 100 ms server time per filter; ≤ 200 ms to first rows in the browser.
 */
import os from 'node:os';
import { createSeededRandom } from '../shared/agreement/index.ts';
import type { Code } from '../shared/model/codebook.ts';
import { addCode } from '../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../tests/support/browser.ts';
import { spawnServerProcess } from '../tests/support/server-process.ts';
import { createSyncClient, waitFor, waitForSynced } from '../tests/support/sync-client.ts';
import { makeTempDir } from '../tests/support/test-server.ts';
import { benchmarkStudy, syntheticCodings } from './benchmark-study.ts';

// ── The study: bench/agreement.ts's (bench/benchmark-study.ts). ──
const { documentCount, documentLength, codeCount } = benchmarkStudy;
const coderCount = benchmarkStudy.coderIds.length;
const studySeed = benchmarkStudy.seed;

// ── What the generator does not make: words, speaker turns, memos, attributes. ──
const random = createSeededRandom(17);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const vocabulary = 'we asked the county for help and then built a plan together training was expensive staff had no time toolkit district support meeting listened partners referral families trust funding data coach supervisor practice model fidelity rollout contract monitor learned'.split(' ');

function transcript(): string {
  const turns: string[] = [];
  let length = 0;
  for (let t = 0; length < documentLength; t++) {
    const words = Array.from({ length: 12 + Math.floor(random() * 60) }, () => pick(vocabulary));
    const turn = `${t % 2 === 0 ? 'Interviewer' : 'Participant'}: ${words.join(' ')}.`;
    turns.push(turn);
    length += turn.length + 1;
  }
  return turns.join('\n').slice(0, documentLength - 1) + '.';
}
const memoWords = ['county partners led the planning', 'cost of training came up again', 'trust built over time', 'coach visits helped', 'data system was a barrier', 'families asked for it'];
const sectors = ['health', 'education', 'social care'];

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: readonly number[]) => `median ${median(xs).toFixed(1)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;

const dataDir = makeTempDir('accord-retrieval-bench-');
const withBrowser = browserTestsReady();
const serverEnv: Record<string, string> = withBrowser ? { CLIENT_DIR: builtClientDir } : {};
let server = await spawnServerProcess(dataDir, serverEnv);
try {
  console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  let owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'Pat Lee');
  const projectId = (await owner.post('/api/projects', { name: 'Retrieval bench' })).body.id as string;
  await owner.request('PUT', `/api/projects/${projectId}/attribute-fields`, {
    fields: [
      { key: 'sector', label: 'Sector', type: 'category', options: sectors },
      { key: 'years', label: 'Years in post', type: 'number' },
    ],
  });
  const documents: { id: string; text: string }[] = [];
  for (let d = 0; d < documentCount; d++) {
    const text = transcript();
    const id = (await owner.post(`/api/projects/${projectId}/documents`, { name: `P${String(d + 1).padStart(2, '0')}`, text })).body.id as string;
    await owner.patch(`/api/projects/${projectId}/documents/${id}`, { attributes: { sector: sectors[d % 3], years: 1 + (d % 12) } });
    documents.push({ id, text });
  }
  const coders: { id: string; token: string }[] = [];
  for (let c = 0; c < coderCount; c++) {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(`coder${c}@example.org`, `Coder ${c + 1}`);
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await api.post(`/api/invites/${invite}/accept`);
    coders.push({ id, token: (await api.post('/api/tokens', { name: 'bench' })).body.token as string });
  }
  const codebook = createSyncClient(server.syncUrl, `project:${projectId}`, { token: coders[0]!.token });
  await waitForSynced(codebook);
  const palette = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000'];
  codebook.doc.transact(() => {
    for (let k = 1; k <= codeCount; k++) {
      // code-1 … code-8 are parents; each of the others sits under one of them.
      const parentId = k <= 8 ? null : `code-${((k - 9) % 8) + 1}`;
      const code: Code = { id: `code-${k}`, name: `Code ${k}`, shortName: `C${k}`, colour: palette[k % 8]!, parentId, order: k, definition: `What code ${k} stands for.`, inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: coders[0]!.id };
      addCode(codebook.doc, code);
    }
  });

  const codings = syntheticCodings(createSeededRandom(studySeed));
  const codingStarted = performance.now();
  const day = Date.UTC(2024, 4, 1);
  for (const [d, document] of documents.entries()) {
    const texts = coders.map((coder) => createSyncClient(server.syncUrl, `text:${projectId}:${document.id}`, { token: coder.token }));
    const layers = coders.map((coder) => createSyncClient(server.syncUrl, `layer:${projectId}:${document.id}:${coder.id}`, { token: coder.token }));
    await Promise.all([...texts, ...layers].map((c) => waitForSynced(c, 60_000)));
    layers.forEach((layer, c) => {
      const ytext = transcriptText(texts[c]!.doc);
      layer.doc.transact(() => {
        codings.forEach((coding, i) => {
          if (coding.document !== d || coding.coder !== c) return;
          const memo = random() < 0.25 ? pick(memoWords) : '';
          addCoding(layer.doc, { id: `k${i}`, codeId: coding.codeId, anchor: createSpanAnchor(ytext, coding.start, coding.end), memo, at: day + Math.floor(random() * 60) * 86_400_000 });
        });
      });
    });
    const expected = codings.filter((c) => c.document === d).length;
    await waitFor(async () => (await owner.get(`/api/projects/${projectId}/segments?documentId=${document.id}&limit=1`)).body.total === expected, 120_000, `the codings of ${document.id} to be stored`);
    for (const client of [...texts, ...layers]) client.destroy();
  }
  codebook.destroy();
  console.log(`study: ${documentCount} documents × ${documentLength.toLocaleString('en')} characters, ${coderCount} coders, ${codeCount} codes, ${codings.length.toLocaleString('en')} codings — coded over sockets in ${((performance.now() - codingStarted) / 1000).toFixed(1)} s`);

  // A fresh process: nothing cached, every room read from the store on the first request.
  server.child.kill('SIGTERM');
  await server.exited;
  server = await spawnServerProcess(dataDir, serverEnv);
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'Pat Lee');
  const serverMs = (response: { headers: Headers }) => Number(/segments;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? Number.NaN);
  const partMs = (response: { headers: Headers }, part: string) => Number(new RegExp(`${part};dur=([\\d.]+)`).exec(response.headers.get('server-timing') ?? '')?.[1] ?? Number.NaN);
  async function measure(label: string, query: string, runs = 15): Promise<void> {
    const server: number[] = [];
    const reads: number[] = [];
    const total: number[] = [];
    let body: any;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const response = await owner.get(`/api/projects/${projectId}/segments${query}`);
      total.push(performance.now() - started);
      server.push(serverMs(response));
      reads.push(partMs(response, 'read'));
      body = response.body;
    }
    const count = typeof body === 'object' && body && 'total' in body ? `${body.total} segments in ${body.documentCount} documents` : `${String(body).length.toLocaleString('en')} characters`;
    console.log(`${label.padEnd(34)} server ${fmt(server)}, of which reading what the caller may see median ${median(reads).toFixed(1)} ms; over HTTP median ${median(total).toFixed(1)} ms — ${count}`);
  }
  const cold = await owner.get(`/api/projects/${projectId}/segments?limit=100`);
  console.log(`first request after a restart (cold: every room read from the store, one at a time): server ${serverMs(cold).toFixed(1)} ms — ${cold.body.total} segments`);
  console.log('GET /api/projects/:id/segments (server time from Server-Timing; target ≤ 100 ms):');
  await measure('unfiltered, page 1 (100 rows)', '?limit=100');
  await measure('code filter (code-3 + sub-codes)', '?codeId=code-3&includeSubcodes=true');
  await measure('memo text filter (q=county)', '?q=county');
  await measure('attribute filter (sector=health)', '?attr.sector=health');
  await measure('all four and a date range', '?codeId=code-3&includeSubcodes=true&q=county&attr.sector=health&from=2024-05-01&to=2024-05-31');
  await measure('co-occurrence (same turn)', '?codeId=code-3&includeSubcodes=true&cooccursWith=code-5&cooccurrence=unit');
  await measure('page 50 of the unfiltered list', '?limit=100&offset=5000');
  // Full-text search over the same study (bench/search.ts measures it on a larger vocabulary).
  console.log('GET /api/projects/:id/search (server time from Server-Timing; target ≤ 100 ms; each run a new case of the query, so none is served from the cache):');
  for (const [label, q] of [['common word', 'the'], ['word', 'county'], ['phrase', '"the county"'], ['prefix', 'train*']] as const) {
    const times: number[] = [];
    let hits = 0;
    // Eight case variants: a three-letter word has no more.
    for (let i = 0; i < 8; i++) {
      const variant = q.replace(/[a-z]/g, (c, at: number) => ((i >> at % 3) & 1 ? c.toUpperCase() : c));
      const response = await owner.get(`/api/projects/${projectId}/search?q=${encodeURIComponent(variant)}&limit=100`);
      times.push(Number(/search;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? Number.NaN));
      hits = response.body.total;
    }
    console.log(`${`${label} (${q})`.padEnd(34)} server ${fmt(times)} — ${hits.toLocaleString('en')} hits`);
  }
  console.log('exports of the whole selection (6,000 rows):');
  await measure('CSV', '?format=csv', 3);
  await measure('XLSX', '?format=xlsx', 3);
  await measure('HTML codebook with quotes', '?format=html', 3);

  if (withBrowser) {
    const browser = await launchBrowser();
    try {
      const list = `/projects/${projectId}/explore/segments`;
      /** A tab that notes when the first row's passage is on the page (ms since navigation start). */
      const openTimed = async () => {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        await context.addInitScript('window.__name = (f) => f');
        await context.addInitScript(`new MutationObserver((_, observer) => {
          if (document.querySelector('.row mark')) { window.__firstRows = performance.now(); observer.disconnect(); }
        }).observe(document, { subtree: true, childList: true });`);
        const [name, value] = owner.sessionCookie!.split('=') as [string, string];
        await context.addCookies([{ name, value, url: server.httpUrl }]);
        const page = await context.newPage();
        await page.goto(`${server.httpUrl}${list}`);
        await page.locator('.row mark').first().waitFor({ timeout: 30_000 });
        const times = await page.evaluate(() => {
          const request = performance.getEntriesByType('resource').find((e) => e.name.includes('/segments?')) as PerformanceResourceTiming;
          return { rows: (window as any).__firstRows as number, requestStart: request.startTime, responseEnd: request.responseEnd };
        });
        await context.close();
        return times;
      };
      const firstRows: number[] = [];
      const fromRequest: number[] = [];
      const requestStarts: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = await openTimed();
        firstRows.push(t.rows);
        fromRequest.push(t.rows - t.requestStart);
        requestStarts.push(t.requestStart);
      }
      const { page } = await openSignedIn(browser, server.httpUrl, owner, list, { width: 1440, height: 900, timeoutMs: 30_000 });
      await page.locator('.row mark').first().waitFor();
      /** From a change in the filter panel to the new selection's first rows on screen. */
      const afterChange = async (change: () => Promise<void>): Promise<number> => {
        const before = await page.locator('.toolbar .count strong').textContent();
        await page.evaluate(() => {
          (window as any).__changed = new Promise<number>((resolve) => {
            const started = performance.now();
            const observer = new MutationObserver(() => {
              const count = document.querySelector('.toolbar .count strong');
              if (count && document.querySelector('.row mark') && (window as any).__before !== count.textContent) {
                observer.disconnect();
                resolve(performance.now() - started);
              }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          });
        });
        await page.evaluate((b) => ((window as any).__before = b), before);
        await change();
        return page.evaluate(() => (window as any).__changed as Promise<number>);
      };
      const codeChange: number[] = [];
      for (let i = 0; i < 5; i++) {
        codeChange.push(await afterChange(() => page.getByRole('checkbox', { name: 'Code 3', exact: true }).check()));
        await page.getByRole('checkbox', { name: 'Code 3', exact: true }).uncheck();
        await page.locator('.row mark').first().waitFor();
        await waitFor(async () => !(await page.locator('.toolbar .count').textContent())?.includes('Counting'), 10_000, 'the list');
      }
      console.log('in Chromium (target ≤ 200 ms to first rows):');
      console.log(`  the list's own part, from asking for its first page to those rows on the page: ${fmt(fromRequest)}`);
      console.log(`  opening the page cold, from navigation start (the app's boot, the project, then the view's chunk, before the list asks): first rows ${fmt(firstRows)}; the list asked at ${fmt(requestStarts)}`);
      console.log(`  tick a code in the filters to the new selection's first rows: ${fmt(codeChange)}`);
    } finally {
      await browser.close();
    }
  } else {
    console.log('browser figures skipped: Chromium or the built client (npm run build) is missing');
  }
} finally {
  server.child.kill('SIGTERM');
  await server.exited;
}
process.exit(0);

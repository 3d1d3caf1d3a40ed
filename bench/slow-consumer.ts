/**
 * Slow-consumer benchmark (issue 8.2): a client that stops reading and keeps asking for the
 * document, against a real server process, while other clients edit the same room.
 *
 * Usage: node --import tsx bench/slow-consumer.ts [--chars 4700000] [--requests 600] [--editors 20] [--seconds 10]
 *
 * Imports a transcript of `chars` characters, connects `editors` stock y-websocket providers to
 * its room, each making 2 edits per second, and measures per-delivery latency (send and arrival
 * both `performance.now()` in this process). Phase 1 measures that for `seconds` with nobody
 * misbehaving; phase 2 repeats it while one more socket syncs, stops reading (its TCP receive side
 * paused) and sends `requests` four-byte sync step 1 frames. Prints the server's RSS growth over
 * phase 1 (target: < 64 MB) and the editors' p99 latency in both phases, and how the stalled
 * socket was closed once it read again.
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { seedProject } from '../tests/support/api-client.ts';
import { spawnServerProcess, type ServerProcess } from '../tests/support/server-process.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../tests/support/sync-client.ts';
import { makeTempDir, testAdminToken } from '../tests/support/test-server.ts';
import { megabytes, readRss, summary } from './bench-stats.ts';

const { values } = parseArgs({
  options: {
    chars: { type: 'string', default: '4700000' },
    requests: { type: 'string', default: '600' },
    editors: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
  },
});
const chars = Number(values.chars);
const requests = Number(values.requests);
const editorCount = Number(values.editors);
const seconds = Number(values.seconds);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The four bytes the issue's attacker sent: sync, step 1, a state vector with no clients. */
const syncStep1Empty = Uint8Array.of(0, 0, 1, 0);

function transcriptOf(length: number): string {
  const turn = 'Participant: we brought the clinics together and co-created the plan, step by step. ';
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${turn}(${i})\n\n`;
  return text.slice(0, length);
}

/** How many editors have seen each key, and when (filled by the editors' observers). */
const arrivalCounts = new Map<string, number>();
const arrivalTimes = new Map<string, number[]>();

interface Phase {
  readonly deliveries: number[];
  readonly rss: number[];
}

/** Every editor sets unique keys at 2/s for `ms`; every other editor notes the arrival time. */
async function editFor(editors: readonly SyncClient[], ms: number, pid: number): Promise<Phase> {
  const sent = new Map<string, number>();
  const rss: number[] = [];
  const sampler = setInterval(() => {
    const value = readRss(pid);
    if (value !== null) rss.push(value);
  }, 200);
  const ends = performance.now() + ms;
  await Promise.all(
    editors.map(async (editor, index) => {
      await sleep((index / editors.length) * 500);
      for (let n = 0; performance.now() < ends; n++) {
        const key = `${index}-${n}-${Math.random().toString(36).slice(2, 8)}`;
        sent.set(key, performance.now());
        editor.doc.getMap<number>('bench').set(key, n);
        await sleep(500);
      }
    }),
  );
  await waitFor(() => [...sent.keys()].every((k) => (arrivalCounts.get(k) ?? 0) >= editors.length - 1), 30_000, 'every edit to reach every editor').catch(() => {});
  clearInterval(sampler);
  const deliveries: number[] = [];
  for (const [key, at] of sent) for (const arrived of arrivalTimes.get(key) ?? []) deliveries.push(arrived - at);
  return { deliveries, rss };
}

async function main(): Promise<void> {
  const dataDir = makeTempDir('accord-slow-consumer-');
  let server: ServerProcess | null = null;
  const editors: SyncClient[] = [];
  try {
    server = await spawnServerProcess(dataDir);
    const pid = server.pid;
    const { textRoom } = await seedProject(server.httpUrl, { text: transcriptOf(chars) });
    process.setMaxListeners(editorCount + 20);
    for (let i = 0; i < editorCount; i++) {
      const editor = createSyncClient(server.syncUrl, textRoom);
      editor.doc.getMap<number>('bench').observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const key of event.keysChanged) {
          arrivalCounts.set(key, (arrivalCounts.get(key) ?? 0) + 1);
          const list = arrivalTimes.get(key);
          if (list) list.push(now);
          else arrivalTimes.set(key, [now]);
        }
      });
      editors.push(editor);
    }
    await Promise.all(editors.map((e) => waitForSynced(e, 120_000)));
    console.log(`transcript of ${chars.toLocaleString('en')} characters; ${editorCount} editors synced; server RSS ${megabytes(readRss(pid) ?? 0)}`);

    const quiet = await editFor(editors, seconds * 1000, pid);

    // The attacker: sync once, stop reading, then ask for the document again and again.
    const attacker = new WebSocket(`${server.syncUrl}/${textRoom}?token=${testAdminToken}`);
    attacker.on('error', () => {});
    const closed = new Promise<number>((resolve) => attacker.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => attacker.once('open', () => resolve()));
    let firstReply = 0;
    attacker.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1 && firstReply === 0) firstReply = data.byteLength;
    });
    attacker.send(syncStep1Empty);
    await waitFor(() => firstReply > 0, 60_000, 'the attacker to sync');
    attacker.pause();
    const rssBefore = readRss(pid) ?? 0;
    for (let i = 0; i < requests; i++) attacker.send(syncStep1Empty);
    const attacked = await editFor(editors, seconds * 1000, pid);
    const rssPeak = Math.max(rssBefore, ...attacked.rss);
    const healthStarted = performance.now();
    const health = await fetch(`${server.httpUrl}/healthz`).then((r) => r.status);
    const healthMs = performance.now() - healthStarted;
    attacker.resume();
    const closeCode = await Promise.race([closed, sleep(10_000).then(() => null)]);
    if (closeCode === null) attacker.terminate();

    console.log(`one full sync reply: ${megabytes(firstReply)}; the stalled socket sent ${requests} requests of 4 bytes`);
    console.log(summary('editors, nobody stalled', quiet.deliveries));
    console.log(summary('editors, one stalled', attacked.deliveries));
    console.log(`server RSS: ${megabytes(rssBefore)} before the requests, peak ${megabytes(rssPeak)} after: growth ${megabytes(rssPeak - rssBefore)} (target < 64 MB)`);
    console.log(`/healthz after the requests: ${health} in ${healthMs.toFixed(1)} ms`);
    console.log(`the stalled socket, once reading again: ${closeCode === null ? 'still open after 10 s' : `closed with ${closeCode}`}`);
  } finally {
    for (const editor of editors) editor.destroy();
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
}

const guard = setTimeout(() => {
  process.stderr.write('benchmark exceeded its time budget; aborting\n');
  process.exit(3);
}, (2 * seconds + 300) * 1000);
guard.unref();
await main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

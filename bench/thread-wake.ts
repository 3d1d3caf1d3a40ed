/**
 * What a thread's sleeping and waking costs on this machine, and what it does to the store's
 * appends. Usage: node --import tsx bench/thread-wake.ts [--seconds 3]
 *
 * Each figure is taken twice: paced at 100 per second, as live editing arrives (1 room × 50 clients
 * in bench/compare is 100 updates a second), and back to back, where no thread ever goes idle.
 * The paced figure minus the back-to-back one is the price of going idle and being woken. Server
 * CPU in bench/compare is read from /proc and includes it: an update that Accord stores before it
 * is broadcast wakes the writer thread, waits there for the disk, and wakes the event loop with the
 * answer — three more sleeps and wakes than a server that relays from memory. On a virtual machine
 * whose wake-ups are dear, that is much of the CPU gap per delivery (the session notes of issue 14).
 *
 * 1. A timer: sleep until the next tick, do nothing (back to back, it never sleeps: ~0 µs).
 * 2. A worker thread: one message there and back.
 * 3. The SQLite document store (a real file in the temp directory, WAL, synchronous = FULL, its
 *    writer thread): one 60-byte append to a room holding a 1.4 MB transcript, as bench/compare's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createSqliteDocumentStore } from '../server/persistence/sqlite-document-store.ts';
import { percentile } from './bench-stats.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' } } });
const seconds = Number(values.seconds);
if (!(seconds > 0 && seconds <= 60)) throw new Error(`--seconds must be a number from 1 to 60, got ${values.seconds}`);

interface Pass {
  readonly cpuPerStepUs: number;
  readonly p50Ms: number;
}

/** At most this many steps per pass: back to back, a step that never sleeps would run millions of times. */
const maxSteps = 20_000;

/** Runs `step` for `seconds`, `perSecond` times a second (or back to back when null): process CPU and latency per step. */
async function pass(step: () => Promise<void>, perSecond: number | null): Promise<Pass> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const latencies: number[] = [];
  while (performance.now() - started < seconds * 1000 && latencies.length < maxSteps) {
    const stepStarted = performance.now();
    await step();
    latencies.push(performance.now() - stepStarted);
    if (perSecond === null) continue;
    const wait = started + (latencies.length * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuPerStepUs: (cpu.user + cpu.system) / latencies.length, p50Ms: percentile(latencies.sort((a, b) => a - b), 50) };
}

async function report(label: string, step: () => Promise<void>): Promise<void> {
  await pass(step, null); // warm up: code compiled, caches filled
  const backToBack = await pass(step, null);
  const paced = await pass(step, 100);
  const us = (v: number) => `${v.toFixed(0)} µs`.padStart(8);
  console.log(
    `${label.padEnd(34)} CPU per step: ${us(paced.cpuPerStepUs)} paced, ${us(backToBack.cpuPerStepUs)} back to back (idle and woken: ${us(paced.cpuPerStepUs - backToBack.cpuPerStepUs)});` +
      `  p50 ${paced.p50Ms.toFixed(3)} / ${backToBack.p50Ms.toFixed(3)} ms`,
  );
}

console.log(`thread-wake — ${seconds} s per pass; load average ${os.loadavg()[0]!.toFixed(2)} on ${os.availableParallelism()} cores`);

await report('timer (event loop sleeps, wakes)', () => Promise.resolve());

const echo = new Worker("require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage(m));", { eval: true });
await report('worker thread, message there and back', () => new Promise((resolve) => { echo.once('message', () => resolve()); echo.postMessage(1); }));
await echo.terminate();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-thread-wake-'));
const store = createSqliteDocumentStore(path.join(dir, 'accord.db'));
try {
  await store.appendUpdates('text:p1:d1', [new Uint8Array(1_400_000).map((_, i) => (i * 31) % 251)]);
  const update = new Uint8Array(60).map((_, i) => i);
  await report('store append (writer thread, fsync)', async () => void (await store.appendUpdates('text:p1:d1', [update])));
} finally {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

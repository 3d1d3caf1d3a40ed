/**
 * Append latency of the document stores: SQLite (a real file, WAL, synchronous=FULL) against
 * PostgreSQL (DATABASE_URL, default the local test database, in a schema of its own, dropped after).
 * Usage: node --import tsx bench/store-append.ts [--appends 2000] [--rooms 8] [--big-rooms 20]
 * First `--big-rooms` rooms each get one 1.4 MB row (a compacted transcript, as a loaded server
 * holds them). Then, for a keystroke in a transcript (one ~60-byte update) and for a coding (the
 * same with one history event), prints p50/p99 of one `appendUpdates` done one at a time, then
 * with `--rooms` rooms appending at once (several sockets), and the process's CPU per append (every
 * thread; PostgreSQL's own CPU is not counted). Then the same keystroke on a bare SQLite connection,
 * the floor under the store's figure (`measureBareSqlite`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { DocumentStore } from '../server/persistence/document-store.ts';
import { openPostgresDocumentStore } from '../server/persistence/postgres-document-store.ts';
import { createTestSchemas } from '../server/persistence/postgres-test-schemas.ts';
import { sqliteUpdatesTable } from '../server/persistence/migrations-updates-by-rowid.ts';
import { createSqliteDocumentStore } from '../server/persistence/sqlite-document-store.ts';
import { summary } from './bench-stats.ts';

const { values } = parseArgs({ options: { appends: { type: 'string', default: '2000' }, rooms: { type: 'string', default: '8' }, 'big-rooms': { type: 'string', default: '20' } } });
const appends = Number(values.appends);
const rooms = Number(values.rooms);
const bigRooms = Number(values['big-rooms']);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const update = new Uint8Array(60).map((_, i) => i);
const transcript = new Uint8Array(1_400_000).map((_, i) => (i * 31) % 251);
const event = (i: number) => ({ userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId: `c${i}`, codeId: 'pull', before: null, after: { start: i, end: i + 5 } });

/** This process's CPU (every thread: SQLite's writer thread too) per append since `since`. */
const cpuPerAppendUs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / appends);
};

async function measure(label: string, store: DocumentStore, room: (r: number) => string, history: ((r: number, i: number) => { projectId: string; events: ReturnType<typeof event>[] }) | undefined): Promise<void> {
  const serial: number[] = [];
  let cpu = process.cpuUsage();
  for (let i = 0; i < appends; i++) {
    const started = performance.now();
    await store.appendUpdates(room(0), [update], history?.(0, i));
    serial.push(performance.now() - started);
  }
  console.log(summary(`${label}, one at a time`, serial.sort((a, b) => a - b)), `— CPU ${cpuPerAppendUs(cpu)} µs per append`);
  const concurrent: number[] = [];
  cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: rooms }, async (_, r) => {
      for (let i = 0; i < appends / rooms; i++) {
        const t = performance.now();
        await store.appendUpdates(room(r), [update], history?.(r, i));
        concurrent.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(summary(`${label}, ${rooms} rooms at once`, concurrent.sort((a, b) => a - b)), `— ${Math.round(concurrent.length / seconds)} appends/s, CPU ${cpuPerAppendUs(cpu)} µs per append`);
}

async function measureStore(name: string, store: DocumentStore): Promise<void> {
  for (let r = 0; r < bigRooms; r++) await store.appendUpdates(`text:p${r}:d1`, [transcript]);
  await measure(`${name} keystroke`, store, (r) => `text:p${r}:d1`, undefined);
  await measure(`${name} coding`, store, (r) => `layer:p${r}:d1:u1`, (r, i) => ({ projectId: `p${r}`, events: [event(i)] }));
}

/**
 * The floor under the SQLite store's figure: the same keystroke appended one at a time by a bare
 * better-sqlite3 connection on this thread, (a) committing with `synchronous=FULL` (the fsync in
 * the commit, as the store's writer thread does), (b) committing with `synchronous=NORMAL` and
 * then `fdatasync` of the write-ahead log on libuv's thread pool before the next — as durable once
 * the sync returns, and no thread of ours woken per append. What the store adds to (a) is its
 * writer thread's round trip.
 */
async function measureBareSqlite(dir: string): Promise<void> {
  const modes = [
    { label: 'FULL', synchronous: 'FULL', syncsLog: false },
    { label: 'NORMAL + fdatasync', synchronous: 'NORMAL', syncsLog: true },
  ];
  for (const { label, synchronous, syncsLog } of modes) {
    const file = path.join(dir, `bare-${synchronous.toLowerCase()}.sqlite`);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(sqliteUpdatesTable);
    const lastSeq = db.prepare('SELECT MAX(seq) AS seq FROM updates WHERE room = ?');
    const insert = db.prepare('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
    const append = db.transaction((room: string) => insert.run(room, ((lastSeq.get(room) as { seq: number | null }).seq ?? 0) + 1, update));
    append.immediate('warm-up');
    const wal = fs.openSync(`${file}-wal`, 'r+');
    const sync = () => (syncsLog ? new Promise<void>((resolve, reject) => fs.fdatasync(wal, (error) => (error ? reject(error) : resolve()))) : Promise.resolve());
    const latencies: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < appends; i++) {
      const started = performance.now();
      append.immediate(`layer:p:d${i % rooms}:u1`);
      await sync();
      latencies.push(performance.now() - started);
    }
    console.log(summary(`bare SQLite, ${label}, one at a time`, latencies.sort((a, b) => a - b)), `— CPU ${cpuPerAppendUs(cpu)} µs per append`);
    fs.closeSync(wal);
    db.close();
  }
}

console.log(`${bigRooms} rooms of 1.4 MB stored first; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-store-bench-'));
const schemas = createTestSchemas(url);
try {
  const sqlite = createSqliteDocumentStore(path.join(dir, 'accord.sqlite'));
  await measureStore('SQLite', sqlite);
  await sqlite.close();
  await measureBareSqlite(dir);
  const postgres = await openPostgresDocumentStore({ url, schema: await schemas.fresh(), maxConnections: rooms });
  await measureStore('PostgreSQL', postgres);
  await postgres.close();
} finally {
  await schemas.dropAll();
  fs.rmSync(dir, { recursive: true, force: true });
}

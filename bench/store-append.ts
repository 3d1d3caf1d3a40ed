/**
 * Append latency of the document stores: SQLite (a real file, WAL, synchronous=FULL) against
 * PostgreSQL (DATABASE_URL, default the local test database, in a schema of its own, dropped after).
 * Usage: node --import tsx bench/store-append.ts [--appends 2000] [--rooms 8]
 * Prints p50/p99 of one `appendUpdates` (one ~60-byte update with one history event, as a coder's
 * keystroke) done one at a time, then with `--rooms` rooms appending at once (several sockets).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentStore } from '../server/persistence/document-store.ts';
import { openPostgresDocumentStore } from '../server/persistence/postgres-document-store.ts';
import { createTestSchemas } from '../server/persistence/postgres-test-schemas.ts';
import { createSqliteDocumentStore } from '../server/persistence/sqlite-document-store.ts';
import { summary } from './bench-stats.ts';

const { values } = parseArgs({ options: { appends: { type: 'string', default: '2000' }, rooms: { type: 'string', default: '8' } } });
const appends = Number(values.appends);
const rooms = Number(values.rooms);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const update = new Uint8Array(60).map((_, i) => i);
const event = (i: number) => ({ userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId: `c${i}`, codeId: 'pull', before: null, after: { start: i, end: i + 5 } });

async function measure(label: string, store: DocumentStore): Promise<void> {
  const serial: number[] = [];
  for (let i = 0; i < appends; i++) {
    const started = performance.now();
    await store.appendUpdates('layer:p1:d1:u1', [update], { projectId: 'p1', events: [event(i)] });
    serial.push(performance.now() - started);
  }
  console.log(summary(`${label}, one at a time`, serial.sort((a, b) => a - b)));
  const concurrent: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: rooms }, async (_, r) => {
      for (let i = 0; i < appends / rooms; i++) {
        const t = performance.now();
        await store.appendUpdates(`layer:p${r}:d1:u1`, [update], { projectId: `p${r}`, events: [event(i)] });
        concurrent.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(summary(`${label}, ${rooms} rooms at once`, concurrent.sort((a, b) => a - b)), `— ${Math.round(concurrent.length / seconds)} appends/s`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-store-bench-'));
const schemas = createTestSchemas(url);
try {
  const sqlite = createSqliteDocumentStore(path.join(dir, 'accord.sqlite'));
  await measure('SQLite', sqlite);
  await sqlite.close();
  const postgres = await openPostgresDocumentStore({ url, schema: await schemas.fresh(), maxConnections: rooms });
  await measure('PostgreSQL', postgres);
  await postgres.close();
} finally {
  await schemas.dropAll();
  fs.rmSync(dir, { recursive: true, force: true });
}

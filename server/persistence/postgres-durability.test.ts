import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../../tests/support/requirements.ts';
import { StoreError } from './document-store.ts';
import { firstBrokenLink } from './history.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import { createPostgresDocumentStore, openPostgresDocumentStore } from './postgres-document-store.ts';
import { createTestSchemas, isPostgresAvailable, postgresTestUrl } from './postgres-test-schemas.ts';

const available = requireOrSkip(await isPostgresAvailable(), `PostgreSQL (${postgresTestUrl})`);
const schemas = createTestSchemas();
afterAll(() => schemas.dropAll());

/** The bytes the child process appends as its i-th update. */
const childUpdate = (i: number) => [i % 256, (i >> 8) % 256];

describe.runIf(available)('PostgreSQL document store: durability and failures', () => {
  it('keeps every append it acknowledged when the writing process is killed with SIGKILL mid-stream', async () => {
    const schema = await schemas.fresh();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'postgres-append-child.ts')], {
      env: { ...process.env, ACCORD_PG_URL: postgresTestUrl, ACCORD_PG_SCHEMA: schema },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const acked: number[] = [];
    // Killed while it writes: after 200 acknowledgements the next append is already in flight.
    for await (const line of readline.createInterface({ input: child.stdout! })) {
      acked.push(Number(line.split(' ')[1]));
      if (acked.length === 200) child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');

    const store = await openPostgresDocumentStore({ url: postgresTestUrl, schema });
    try {
      const log = await store.loadUpdates('text:p1:d1');
      // Every acknowledged number is stored with its bytes; an append cut off before its COMMIT returned may be there or not.
      expect(acked).toEqual(Array.from({ length: acked.length }, (_, i) => i + 1));
      expect(log.seqs.slice(0, acked.length)).toEqual(acked);
      for (const seq of acked) expect(Array.from(log.updates[seq - 1]!)).toEqual(childUpdate(seq));
      expect(log.seqs).toEqual(Array.from({ length: log.seqs.length }, (_, i) => i + 1));
      // Each update's event is in the same transaction: as many events as updates, one valid chain.
      const history = await store.readHistory('p1', { limit: 10_000 });
      expect(history.length).toBe(log.seqs.length);
      expect(firstBrokenLink(history)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('keeps every acknowledged append when the database drops all of the store’s connections, and serves again afterwards', async () => {
    const schema = await schemas.fresh();
    const applicationName = `accord-test-${schema}`;
    const store = await openPostgresDocumentStore({ url: postgresTestUrl, schema, applicationName, maxConnections: 4 });
    const killer = openPostgresDatabase({ url: postgresTestUrl });
    try {
      const outcomes: Promise<number | StoreError>[] = [];
      for (let i = 1; i <= 40; i++) {
        outcomes.push(store.appendUpdates('r', [new Uint8Array([i])]).catch((error: unknown) => error as StoreError));
        // Half-way, with appends in flight, every connection of the store is terminated by the server.
        if (i === 20) await killer.all('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      }
      const settled = await Promise.all(outcomes);
      const failures = settled.filter((o): o is StoreError => typeof o !== 'number');
      // A failure is always a StoreError the sync layer understands (4503 for writers), never something else.
      for (const failure of failures) expect(failure).toMatchObject({ name: 'StoreError', reason: 'unavailable' });
      const acknowledged = settled.filter((o): o is number => typeof o === 'number');
      expect(acknowledged.length).toBeGreaterThan(0);

      const reopened = await openPostgresDocumentStore({ url: postgresTestUrl, schema });
      try {
        const log = await reopened.loadUpdates('r');
        for (const seq of acknowledged) expect(log.seqs).toContain(seq);
        // Numbers stay unique and consecutive however many appends failed.
        expect(log.seqs).toEqual(Array.from({ length: log.seqs.length }, (_, i) => i + 1));
      } finally {
        await reopened.close();
      }
      // The pool replaced its connections: the same store works again.
      await expect(store.ping()).resolves.toBeUndefined();
      expect(await store.appendUpdates('r', [new Uint8Array([99])])).toBeGreaterThan(0);
    } finally {
      await Promise.all([store.close(), killer.close()]);
    }
  });

  it('rejects with an `unavailable` StoreError, ping included, when PostgreSQL refuses connections', async () => {
    // Port 1 on this machine: nothing listens, so every connection is refused at once.
    const store = createPostgresDocumentStore(openPostgresDatabase({ url: 'postgres://postgres@127.0.0.1:1/test' }));
    try {
      await expect(store.ping()).rejects.toMatchObject({ name: 'StoreError', reason: 'unavailable' });
      await expect(store.appendUpdates('r', [new Uint8Array([1])])).rejects.toMatchObject({ name: 'StoreError', reason: 'unavailable' });
      await expect(store.loadUpdates('r')).rejects.toBeInstanceOf(StoreError);
    } finally {
      await store.close();
    }
  });
});

if (!available) describe('PostgreSQL document store: durability and failures', () => it.skip('needs PostgreSQL', () => {}));

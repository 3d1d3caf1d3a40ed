import { openPostgresDocumentStore } from './postgres-document-store.ts';

/**
 * A writer for `postgres-durability.test.ts`, run as its own process so the test can kill it with
 * SIGKILL: appends one update (and one history event) at a time to the schema in
 * ACCORD_PG_SCHEMA and prints `acked <seq>` only once `appendUpdates` resolved — every line it
 * printed is a promise that the row is stored.
 */
const url = process.env.ACCORD_PG_URL;
const schema = process.env.ACCORD_PG_SCHEMA;
if (!url || !schema) throw new Error('ACCORD_PG_URL and ACCORD_PG_SCHEMA are required');
const store = await openPostgresDocumentStore({ url, schema, maxConnections: 2 });
for (let i = 1; ; i++) {
  const seq = await store.appendUpdates('text:p1:d1', [new Uint8Array([i % 256, (i >> 8) % 256])], {
    projectId: 'p1',
    events: [{ userId: 'u1', layer: null, type: 'transcript.edited', documentId: 'd1', codingId: null, codeId: null, before: null, after: { i } }],
  });
  process.stdout.write(`acked ${seq}\n`);
}

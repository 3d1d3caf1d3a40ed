// A second (and third) SQLite connection on its own thread, for sqlite-concurrency.test.ts: only
// threads (or processes) can interleave transactions, since better-sqlite3 runs each call to the
// end on the thread that makes it. Loaded through tsx like the server's own workers.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { createSqliteDocumentStore } = await import('./sqlite-document-store.ts');
const { createSqliteDirectoryStore } = await import('./sqlite-directory-store.ts');

/** @type {{ file: string, job: 'append' | 'acceptInvites', writer: number, count: number, userIds?: string[] }} */
const { file, job, writer, count, userIds = [] } = workerData;
const documents = createSqliteDocumentStore(file);
const directory = createSqliteDirectoryStore(file);

/** Every outcome, and the message of every failure (a failure is what the test looks for). */
const results = [];
const run = {
  // One update and one history event per call, to one shared room and one shared project chain.
  append: async (i) => {
    const event = { userId: `w${writer}`, layer: `w${writer}`, type: 'coding.added', documentId: 'd1', codingId: `w${writer}-${i}`, codeId: null, before: null, after: { i } };
    return documents.appendUpdates('layer:p1:d1:shared', [new Uint8Array([writer, i & 255, i >> 8])], { projectId: 'p1', events: [event] });
  },
  acceptInvites: async (i) => (await directory.acceptInvite('shared-invite', userIds[i], new Date().toISOString())).outcome,
};

parentPort.once('message', async () => {
  for (let i = 0; i < count; i++) {
    try {
      results.push({ ok: await run[job](i) });
    } catch (error) {
      results.push({ error: String(error?.message ?? error) });
    }
  }
  await Promise.all([documents.close(), directory.close()]);
  parentPort.postMessage(results);
});
parentPort.postMessage('ready');

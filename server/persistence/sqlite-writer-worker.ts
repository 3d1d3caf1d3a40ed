import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { dropBuffers } from './drop-buffers.ts';
import { configureConnection, createSqliteWriter, type WriteOutcome, type WriteRequest } from './sqlite-writer.ts';
import type { WriterAnswer, WriterMessage, WriterThreadData } from './sqlite-writer-thread.ts';

/*
 * The writer thread of a SQLite document store (started by sqlite-writer-thread.ts): a connection
 * of its own to the store's file, on which it runs every write the store is asked for. Requests
 * that arrive while a commit is in progress wait in the port; the next drain runs all of them,
 * consecutive appends in one transaction (sqlite-writer.ts), and answers each once it is committed.
 */

const port = parentPort!;
const { file, lockWaitMs } = workerData as WriterThreadData;
const db = new Database(file);
configureConnection(db);
const write = createSqliteWriter(db, lockWaitMs === undefined ? {} : { lockWaitMs });

let queue: WriterMessage[] = [];
port.on('message', (message: WriterMessage) => {
  // After every message already received: they are one group.
  if (queue.length === 0) setImmediate(drain);
  queue.push(message);
});

function drain(): void {
  const messages = queue;
  queue = [];
  const requests = messages.flatMap((message) => ('request' in message ? [message] : []));
  if (requests.length > 0) {
    const outcomes = write(requests.map((message) => message.request));
    port.postMessage(requests.map((message, i): WriterAnswer => ({ id: message.id, outcome: portable(outcomes[i]!) })));
    // The store keeps its own copies for a retry: these were this thread's alone.
    dropBuffers(largeBuffersOf(requests.map((message) => message.request)));
  }
  // The store sends nothing after asking to close, so everything asked for is answered by now.
  if (messages.some((message) => 'close' in message)) {
    db.close();
    port.close();
  }
}

/** Errors cross the thread boundary as their name, message and SQLite code (a clone would drop the code). */
function portable(outcome: WriteOutcome): WriteOutcome {
  if (!('error' in outcome)) return outcome;
  const { name, message, code } = outcome.error as { name?: unknown; message?: unknown; code?: unknown };
  return { error: { name: String(name), message: String(message), code: typeof code === 'string' ? code : undefined } };
}

/** Updates of 64 KiB and more (a pasted transcript, a compacted document) are freed once written. */
const largeBufferBytes = 64 * 1024;

/** The large buffers the thread was handed with `requests` (sqlite-writer-thread.ts gives each update one of its own). */
function largeBuffersOf(requests: readonly WriteRequest[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const request of requests) {
    const bytes = request.kind === 'append' ? request.updates : request.kind === 'compact' ? [request.merged] : [];
    for (const update of bytes) if (update.byteLength >= largeBufferBytes && update.buffer instanceof ArrayBuffer) buffers.add(update.buffer);
  }
  return [...buffers];
}

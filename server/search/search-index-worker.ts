import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { TimeSlice } from '../agreement/time-slice.ts';
import { SearchIndexError, type IndexWork } from './search-index.ts';
import { cancelState, type IndexThreadAnswer, type IndexThreadMessage } from './search-index-thread.ts';
import { createSqliteSearchIndex } from './sqlite-search-index.ts';

/*
 * The search index's thread (started by search-index-thread.ts): the FTS5 index on a connection
 * of its own. Requests run as they arrive; long ones still work in slices, so a search asked for
 * while a transcript is being re-indexed is answered between two slices rather than after all.
 */

/**
 * Indexing is background work: on Linux a thread has a nice value of its own, and this one gives
 * way to the event loop and the writer thread when they want the CPU. Twenty transcripts pasted at
 * once (bench/compare 20x10) then reach the clients joining them sooner (initial sync p50
 * 534–626 -> 487–512 ms), and the server's peak memory is lower (-8 to -29 MB); the indexing's CPU
 * is spent later instead. On other systems the call would lower the whole process.
 */
function yieldToLiveWork(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(10);
  } catch {
    // Refused (a sandbox that forbids it): the thread keeps the normal priority, as before.
    return;
  }
}

const port = parentPort!;
yieldToLiveWork();
const index = createSqliteSearchIndex((workerData as { file: string }).file);
const methods = index as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

/** The work the thread does for one request: sliced, and cancelled when the server says so. */
function workFor(cancel: Int32Array): IndexWork {
  const slice = new TimeSlice();
  return {
    yieldIfDue: () => slice.yieldIfDue(),
    cancelled: () => Atomics.load(cancel, 0) !== cancelState.running,
    closing: () => Atomics.load(cancel, 0) === cancelState.closing,
  };
}

port.on('message', (message: IndexThreadMessage) => {
  if ('close' in message) {
    void index.close().finally(() => port.close());
    return;
  }
  const { id, method, args, cancel } = message;
  // A request comes with a cancel flag exactly when its method takes work.
  const run = async () => methods[method]!.apply(index, cancel ? [...args, workFor(cancel)] : args);
  run().then(
    (value) => port.postMessage({ id, value } satisfies IndexThreadAnswer),
    (error: unknown) => {
      const { name, message: text } = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id, error: { name, message: text, reason: error instanceof SearchIndexError ? error.reason : undefined } } satisfies IndexThreadAnswer);
    },
  );
});

import { Worker } from 'node:worker_threads';
import { longLivedWorkerHeap } from '../worker-heap.ts';
import { workerUrl } from '../worker-url.ts';
import { isMovable } from './movable-updates.ts';
import { settle, closedStoreError, toStoreError, type SqliteWrites, type WriteOutcome, type WriteRequest, type WriteResult } from './sqlite-writer.ts';

/** From the store to its writer thread: a request to run, or (last) the request to close. */
export type WriterMessage = { readonly id: number; readonly request: WriteRequest } | { readonly close: true };
/** From the writer thread: one answer per request, sent once the request is committed. */
export interface WriterAnswer {
  readonly id: number;
  readonly outcome: WriteOutcome;
}

/** What the writer thread is started with. */
export interface WriterThreadData {
  readonly file: string;
  readonly lockWaitMs: number | undefined;
}

export interface WriterThreadHooks {
  /** Called with each writer thread started (for tests: to stop one). */
  readonly onStart?: (worker: Worker) => void;
  /** How long a write waits for another connection's lock before it fails (for tests; 5 s otherwise). */
  readonly lockWaitMs?: number;
}

/**
 * Writes on a thread of its own (sqlite-writer-worker.ts, a second connection to `file`), so that
 * no commit — and no fsync — runs on the event loop; reads stay on the caller's connection, where
 * WAL shows every committed row. Started at the first write. If it dies, every request it had not
 * answered rejects `unavailable` and the next write starts another. The caller keeps its data and
 * retries; an append that died between its COMMIT and its answer is then stored twice, which Yjs
 * ignores (an update applied twice changes nothing), though its history events are recorded twice.
 */
export function createSqliteWriterThread(file: string, hooks: WriterThreadHooks = {}): SqliteWrites {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  let closing: Promise<void> | null = null;

  const start = (): Worker => {
    const started = new Worker(workerUrl('sqlite-writer', new URL('./sqlite-writer-entry.mjs', import.meta.url)), { workerData: { file, lockWaitMs: hooks.lockWaitMs } satisfies WriterThreadData, resourceLimits: longLivedWorkerHeap });
    let failure: unknown = new Error('the writer thread stopped');
    started.on('message', (answers: WriterAnswer[]) => {
      for (const { id, outcome } of answers) {
        const waiting = pending.get(id);
        if (!waiting) continue;
        pending.delete(id);
        settle(outcome, waiting.resolve, waiting.reject);
      }
      if (pending.size === 0 && !closing) started.unref();
    });
    started.on('error', (error) => {
      failure = error;
    });
    started.once('exit', () => {
      if (worker === started) worker = null;
      for (const waiting of pending.values()) waiting.reject(toStoreError(failure));
      pending.clear();
    });
    started.unref();
    hooks.onStart?.(started);
    return started;
  };

  return {
    write<R extends WriteRequest>(request: R): Promise<WriteResult<R>> {
      if (closing) return Promise.reject(closedStoreError());
      const id = nextId++;
      return new Promise<WriteResult<R>>((resolve, reject) => {
        let thread: Worker;
        try {
          thread = worker ??= start();
          const { copy, transfer } = ownBuffers(request);
          thread.postMessage({ id, request: copy } satisfies WriterMessage, transfer);
        } catch (error) {
          reject(toStoreError(error));
          return;
        }
        // Held open while it owes answers, and only then: an idle writer keeps no process alive.
        if (pending.size === 0) thread.ref();
        pending.set(id, { resolve: resolve as (value: never) => void, reject });
      });
    },
    close: () =>
      (closing ??= (async () => {
        const thread = worker;
        if (!thread) return;
        thread.ref();
        const exited = new Promise((resolve) => thread.once('exit', resolve));
        thread.postMessage({ close: true } satisfies WriterMessage);
        await exited;
      })()),
  };
}

/**
 * The request with its bytes copied into buffers of their own, handed over to the thread. Without
 * the copy a clone would carry each view's whole underlying buffer (often a larger frame or pool);
 * without handing them over it would copy them a second time. The caller keeps its own: a room
 * retries the same updates after a failure — except an update it marked movable that fills its
 * buffer, which is handed over as it is (movable-updates.ts).
 *
 * Not shared memory instead, though a room holding its large updates in a SharedArrayBuffer that
 * the thread read as it is held a pasted transcript once rather than twice (bench/compare 20x10
 * peak RSS 288 -> 263 MB): V8 counts an ArrayBuffer's bytes as external memory, and their growth
 * starts a collection, but not a SharedArrayBuffer's. 3,000 dropped 1.4 MB buffers, filled: peak
 * RSS 79 MB as ArrayBuffers (129 scavenges "external memory pressure"), 515 MB as
 * SharedArrayBuffers (8 scavenges). The writer thread allocates little, so its handles would have
 * kept a stream of large updates alive for long.
 */
function ownBuffers(request: WriteRequest): { copy: WriteRequest; transfer: ArrayBuffer[] } {
  if (request.kind === 'append') {
    const updates = request.updates.map((update) => (isMovable(update) && fillsItsBuffer(update) ? update : new Uint8Array(update)));
    return { copy: { ...request, updates }, transfer: updates.map((update) => update.buffer as ArrayBuffer) };
  }
  if (request.kind === 'compact') {
    const merged = new Uint8Array(request.merged);
    return { copy: { ...request, merged }, transfer: [merged.buffer] };
  }
  return { copy: request, transfer: [] };
}

const fillsItsBuffer = (update: Uint8Array) => update.buffer instanceof ArrayBuffer && update.byteOffset === 0 && update.byteLength === update.buffer.byteLength;

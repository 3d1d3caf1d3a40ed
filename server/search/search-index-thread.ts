import { Worker } from 'node:worker_threads';
import { longLivedWorkerHeap } from '../worker-heap.ts';
import { workerUrl } from '../worker-url.ts';
import { SearchIndexError, type IndexWork, type SearchIndex } from './search-index.ts';

/** The index's methods that run on its thread (all of them but `close`). */
export type SearchIndexMethod = Exclude<keyof SearchIndex, 'close'>;

/**
 * From the server to the index thread. `cancel` is for work that can be cancelled: an Int32Array
 * over shared memory whose first element the server sets (1 cancelled, 2 cancelled because the
 * server is closing) and the thread reads between slices; the work's functions cannot cross.
 */
export type IndexThreadMessage = { readonly id: number; readonly method: SearchIndexMethod; readonly args: unknown[]; readonly cancel?: Int32Array } | { readonly close: true };
/** From the index thread: one answer per request; errors as their name, message and reason. */
export type IndexThreadAnswer = { readonly id: number; readonly value: unknown } | { readonly id: number; readonly error: { name: string; message: string; reason?: SearchIndexError['reason'] } };

export const cancelState = { running: 0, cancelled: 1, closing: 2 } as const;
/** How often the server re-reads a cancellable request's `cancelled()` while the thread works on it. */
const cancelPollMs = 20;

/**
 * The search index on a thread of its own (search-index-worker.ts, a SQLite FTS5 index in `file`):
 * re-indexing a long transcript, merging segments and deleting securely take tens to hundreds of
 * milliseconds of CPU, which on the event loop delayed every live edit behind them (the 20 rooms
 * × 10 clients bench: a p99 of 55–70 ms). Here they cost the loop one message each way. Started
 * at the first call; if it dies, what it had not answered rejects 'unavailable' and the next call
 * starts another (the index is derived data: the indexer re-indexes what is missing at start-up).
 */
export function createSearchIndexThread(file: string, hooks: { readonly onStart?: (worker: Worker) => void } = {}): SearchIndex {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void; stopPolling?: () => void }>();
  let closing: Promise<void> | null = null;

  const unavailable = (cause: unknown) => new SearchIndexError('unavailable', 'the search index thread stopped', { cause });

  const start = (): Worker => {
    const started = new Worker(workerUrl('search-index-worker', new URL('./search-index-worker-entry.mjs', import.meta.url)), { workerData: { file }, resourceLimits: longLivedWorkerHeap });
    let failure: unknown = new Error('the search index thread stopped');
    started.on('message', (answer: IndexThreadAnswer) => {
      const waiting = pending.get(answer.id);
      if (!waiting) return;
      pending.delete(answer.id);
      waiting.stopPolling?.();
      if ('error' in answer) {
        const { reason, message, name } = answer.error;
        waiting.reject(reason ? new SearchIndexError(reason, message) : Object.assign(new Error(message), { name }));
      } else {
        waiting.resolve(answer.value as never);
      }
      if (pending.size === 0 && !closing) started.unref();
    });
    started.on('error', (error) => {
      failure = error;
    });
    started.once('exit', () => {
      if (worker === started) worker = null;
      for (const waiting of pending.values()) {
        waiting.stopPolling?.();
        waiting.reject(unavailable(failure));
      }
      pending.clear();
    });
    started.unref();
    hooks.onStart?.(started);
    return started;
  };

  /** Copies `work.cancelled()` into the shared flag the thread reads; true once it is cancelled. */
  const signal = (work: IndexWork, flag: Int32Array): boolean => {
    if (!work.cancelled()) return false;
    Atomics.store(flag, 0, work.closing?.() ? cancelState.closing : cancelState.cancelled);
    return true;
  };

  /** Follows `work.cancelled()` into the flag until the answer arrives. */
  const follow = (work: IndexWork, flag: Int32Array): (() => void) => {
    const timer = setInterval(() => {
      if (signal(work, flag)) clearInterval(timer);
    }, cancelPollMs);
    timer.unref();
    return () => clearInterval(timer);
  };

  const call = <T>(method: SearchIndexMethod, args: unknown[], work?: IndexWork): Promise<T> => {
    if (closing) return Promise.reject(new SearchIndexError('unavailable', 'the search index is closed'));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      let thread: Worker;
      const cancel = work ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
      // Before the thread can see the request: work cancelled already never starts.
      const cancelledAlready = work && cancel ? signal(work, cancel) : false;
      try {
        thread = worker ??= start();
        thread.postMessage({ id, method, args, cancel } satisfies IndexThreadMessage);
      } catch (error) {
        reject(unavailable(error));
        return;
      }
      // Held open while it owes answers, and only then: an idle index keeps no process alive.
      if (pending.size === 0) thread.ref();
      pending.set(id, { resolve: resolve as (value: never) => void, reject, stopPolling: work && cancel && !cancelledAlready ? follow(work, cancel) : undefined });
    });
  };

  return {
    indexedDocuments: () => call('indexedDocuments', []),
    fingerprintOf: (projectId, documentId) => call('fingerprintOf', [projectId, documentId]),
    replaceDocument: (projectId, documentId, fingerprint, chunks, work) => call('replaceDocument', [projectId, documentId, fingerprint, chunks], work),
    indexTranscript: (projectId, documentId, text, units, work) => call('indexTranscript', [projectId, documentId, text, units], work),
    removeDocument: (projectId, documentId) => call('removeDocument', [projectId, documentId]),
    removeProject: (projectId) => call('removeProject', [projectId]),
    tidy: (work) => call('tidy', [], work),
    search: (projectId, query, work) => call('search', [projectId, query], work),
    rows: (projectId, rowIds) => call('rows', [projectId, rowIds]),
    close: () =>
      (closing ??= (async () => {
        const thread = worker;
        if (!thread) return;
        thread.ref();
        const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
        thread.postMessage({ close: true } satisfies IndexThreadMessage);
        await exited;
      })()),
  };
}

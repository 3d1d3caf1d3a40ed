import { Worker } from 'node:worker_threads';
import { AgreementError, type AgreementErrorReason } from '../../shared/agreement/index.ts';
import { AttributeError } from '../../shared/model/attributes.ts';
import { workerUrl } from '../worker-url.ts';
import type { WorkerJob, WorkerJobResult } from './worker-job.ts';

interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly reason: string | null;
}

/** The worker's errors of our own types come back as those types, so routes translate them as usual. */
function revive(error: WorkerError): Error {
  if (error.name === 'AgreementError') return new AgreementError((error.reason ?? 'invalidInput') as AgreementErrorReason, error.message);
  if (error.name === 'AttributeError') return new AttributeError((error.reason ?? 'invalidCsv') as AttributeError['reason'], error.message);
  return new Error(error.message);
}

/**
 * Runs worker jobs (worker-job.ts: reports and bootstraps, details, exports, passages, attribute
 * tables) in one worker thread, started on first use, so no statistic or large parse ever blocks
 * sync traffic. Jobs queue in the worker in arrival order.
 */
export function createReportRunner() {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();

  const start = (): Worker => {
    const w = new Worker(workerUrl('report-worker', new URL('./report-worker-entry.mjs', import.meta.url)));
    w.on('message', (message: { id: number; result?: unknown; error?: WorkerError }) => {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(revive(message.error));
      else waiting.resolve(message.result as never);
    });
    w.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
      worker = null;
    });
    w.unref();
    return w;
  };

  return {
    /** Queues `job`; buffers in `transfer` are handed to the worker (and unusable here after). */
    run<J extends WorkerJob>(job: J, transfer: readonly ArrayBuffer[] = []): Promise<WorkerJobResult<J>> {
      worker ??= start();
      const id = nextId++;
      return new Promise<WorkerJobResult<J>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (r: never) => void, reject });
        worker!.postMessage({ id, job }, [...transfer]);
      });
    },
    /** Jobs sent and not yet answered (for /metrics). */
    get waiting(): number {
      return pending.size;
    },
    async close(): Promise<void> {
      await worker?.terminate();
      worker = null;
    },
  };
}
export type ReportRunner = ReturnType<typeof createReportRunner>;

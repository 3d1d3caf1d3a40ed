import { Worker } from 'node:worker_threads';
import { AgreementError } from '../../shared/agreement/index.ts';
import type { ReportJob, ReportJobResult } from './report-job.ts';

/**
 * Runs report jobs in one worker thread, started on first use, so a 100 ms report or a bootstrap
 * never blocks sync traffic. Jobs queue in the worker in arrival order.
 */
export function createReportRunner() {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: ReportJobResult) => void; reject: (e: Error) => void }>();

  const start = (): Worker => {
    const w = new Worker(new URL('./report-worker-entry.mjs', import.meta.url));
    w.on('message', (message: { id: number; result?: ReportJobResult; error?: { name: string; message: string } }) => {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) {
        waiting.reject(message.error.name === 'AgreementError' ? new AgreementError('invalidInput', message.error.message) : new Error(message.error.message));
      } else waiting.resolve(message.result!);
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
    run(job: ReportJob): Promise<ReportJobResult> {
      worker ??= start();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ id, job });
      });
    },
    async close(): Promise<void> {
      await worker?.terminate();
      worker = null;
    },
  };
}
export type ReportRunner = ReturnType<typeof createReportRunner>;

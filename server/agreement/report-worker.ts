import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { runWorkerJob, type WorkerJob } from './worker-job.ts';

// Statistics can wait a few ms; sync traffic and /healthz cannot. On Linux a thread's nice value is
// its own (setpriority on the calling thread), so this lowers only this thread: when the cores are
// busy, the event loop's thread is scheduled first. Elsewhere it would lower the whole process.
if (process.platform === 'linux') os.setPriority(10);

// Worker thread entry: one job per message, answered with its result or the error (name, reason, message).
// A job may answer with a promise (the codings workbook: exceljs writes asynchronously); it is awaited.
parentPort!.on('message', async (message: { id: number; job: WorkerJob }) => {
  try {
    const result = await runWorkerJob(message.job);
    // Bodies (UTF-8 bytes) are handed over, not copied: a CSV export can be 15 MB.
    parentPort!.postMessage({ id: message.id, result }, result instanceof Uint8Array ? [result.buffer as ArrayBuffer] : []);
  } catch (error) {
    const { name, message: text, reason } = error as Error & { reason?: unknown };
    parentPort!.postMessage({ id: message.id, error: { name, message: text, reason: typeof reason === 'string' ? reason : null } });
  }
});

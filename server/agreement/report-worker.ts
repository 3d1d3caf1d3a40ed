import { parentPort } from 'node:worker_threads';
import { runReportJob, type ReportJob } from './report-job.ts';

// Worker thread entry: one job per message, answered with its result or the error message.
parentPort!.on('message', (message: { id: number; job: ReportJob }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: runReportJob(message.job) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: { name: (error as Error).name, message: (error as Error).message } });
  }
});

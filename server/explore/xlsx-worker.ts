import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { ExportHeading, ExportRow } from './segment-rows.ts';
import { buildSegmentXlsx } from './segment-xlsx.ts';

// Exports can wait a few ms; sync traffic cannot. On Linux this lowers only this thread's priority.
if (process.platform === 'linux') os.setPriority(10);

/** The messages of one workbook: its heading, its rows in batches, then `end`. */
export type XlsxMessage =
  | { readonly id: number; readonly kind: 'begin'; readonly heading: ExportHeading }
  | { readonly id: number; readonly kind: 'rows'; readonly rows: readonly ExportRow[] }
  | { readonly id: number; readonly kind: 'end' };

const building = new Map<number, { heading: ExportHeading; rows: ExportRow[] }>();

parentPort!.on('message', (message: XlsxMessage) => {
  if (message.kind === 'begin') {
    building.set(message.id, { heading: message.heading, rows: [] });
    return;
  }
  const workbook = building.get(message.id);
  if (!workbook) return;
  if (message.kind === 'rows') {
    for (const row of message.rows) workbook.rows.push(row);
    return;
  }
  building.delete(message.id);
  buildSegmentXlsx({ heading: workbook.heading, rows: workbook.rows, codes: [] }).then(
    (bytes) => parentPort!.postMessage({ id: message.id, bytes }, [bytes.buffer as ArrayBuffer]),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: (error as Error).message ?? String(error) }),
  );
});

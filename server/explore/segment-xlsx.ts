import { Worker } from 'node:worker_threads';
import { TimeSlice } from '../agreement/time-slice.ts';
import { workerUrl } from '../worker-url.ts';
import { excelText, streamingWorkbook } from '../xlsx-workbook.ts';
import { csvHeader, headingLines, segmentRowValues } from './segment-csv.ts';
import type { SegmentExport } from './segment-rows.ts';
import type { XlsxMessage } from './xlsx-worker.ts';

const clean = (value: string | number | null): string | number | null => (typeof value === 'string' ? excelText(value) : value);

/** Column widths (characters) of the fixed columns, by header. */
const widths: Record<string, number> = { document: 18, coder: 16, code: 18, 'code path': 24, start: 8, end: 8, text: 60, 'context before': 30, 'context after': 30, memo: 30, 'coded at': 20, link: 20 };

/**
 * The selection as an XLSX workbook (exceljs): sheet "Segments" (a header row, frozen, with
 * filters; one row per segment, the same columns as the CSV; the link column is a hyperlink) and
 * sheet "About" (what produced it: the filters, counts, date). Written with exceljs's streaming
 * writer, row by row, serving the event loop between slices; compression runs off the main thread
 * in zlib.
 */
export async function buildSegmentXlsx(data: SegmentExport): Promise<Uint8Array<ArrayBuffer>> {
  const slice = new TimeSlice();
  const { workbook, bytes } = await streamingWorkbook({ creator: `Accord ${data.heading.softwareVersion}`, created: new Date(data.heading.generatedAt) });

  const header = csvHeader(data.heading);
  const sheet = workbook.addWorksheet('Segments', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = header.map((name) => ({ header: name, width: widths[name] ?? 16 }));
  const linkColumn = header.indexOf('link') + 1;
  const textColumns = new Set(['text', 'context before', 'context after', 'memo'].map((name) => header.indexOf(name) + 1));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.commit();
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  for (let i = 0; i < data.rows.length; i++) {
    const row = data.rows[i]!;
    const added = sheet.addRow(segmentRowValues(row).map(clean));
    added.alignment = { vertical: 'top' };
    for (const column of textColumns) added.getCell(column).alignment = { vertical: 'top', wrapText: true };
    added.getCell(linkColumn).value = { text: 'Open in Accord', hyperlink: row.link };
    added.commit();
    if ((i & 127) === 0) await slice.yieldIfDue();
  }
  sheet.commit();

  const about = workbook.addWorksheet('About');
  about.columns = [{ width: 110 }];
  for (const line of headingLines(data.heading)) about.addRow([clean(line)]).commit();
  about.commit();
  return bytes();
}

/** Rows per message to the worker: each copy is a small slice of the event loop. */
const batchRows = 250;

/**
 * Builds XLSX workbooks in a worker thread of their own, started on first use and kept (unref'd):
 * exceljs holds the thread for a hundred milliseconds and more now and then while it writes and
 * zips a large sheet, which the sync traffic on the event loop must never wait for. The rows go
 * over in batches, the event loop served between them; the bytes come back transferred, not copied.
 */
export function createXlsxRunner() {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (bytes: Uint8Array<ArrayBuffer>) => void; reject: (error: Error) => void }>();
  const start = (): Worker => {
    const w = new Worker(workerUrl('xlsx-worker', new URL('./xlsx-worker-entry.mjs', import.meta.url)));
    w.on('message', (message: { id: number; bytes?: Uint8Array<ArrayBuffer>; error?: string }) => {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.bytes) waiting.resolve(new Uint8Array(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
      else waiting.reject(new Error(`the workbook could not be written: ${message.error}`));
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
    async build(data: SegmentExport): Promise<Uint8Array<ArrayBuffer>> {
      worker ??= start();
      const w = worker;
      const id = nextId++;
      const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => pending.set(id, { resolve, reject }));
      const send = (message: XlsxMessage) => w.postMessage(message);
      send({ id, kind: 'begin', heading: data.heading });
      const slice = new TimeSlice();
      for (let i = 0; i < data.rows.length; i += batchRows) {
        send({ id, kind: 'rows', rows: data.rows.slice(i, i + batchRows) });
        await slice.yieldIfDue();
      }
      send({ id, kind: 'end' });
      return done;
    },
    async close(): Promise<void> {
      await worker?.terminate();
      worker = null;
    },
  };
}
export type XlsxRunner = ReturnType<typeof createXlsxRunner>;

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { readonly name?: string };
}

export interface PageTrace {
  readonly file: string;
  /** Milliseconds on the page's main thread per kind of work (rendering steps, script), most first. */
  readonly mainThread: readonly { readonly name: string; readonly ms: number; readonly count: number }[];
  readonly windowMs: number;
}

/** The renderer's own steps, as Chromium's timeline names them; script is everything else in a task. */
const steps = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'HitTest', 'ParseHTML', 'ScrollLayer', 'IntersectionObserverController::computeIntersections', 'Commit']);

/**
 * A Chromium timeline trace of the page over CDP (the Tracing domain), for finding which rendering
 * step costs when a CPU profile says only "(program)": style, layout, paint. Open the saved `.json`
 * in DevTools' Performance panel or https://ui.perfetto.dev.
 */
export async function startPageTrace(page: Page): Promise<{ stop(dir: string, name: string): Promise<PageTrace> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  // CDP types the events loosely (string maps); these fields are what Chromium's timeline writes.
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute'] }, transferMode: 'ReportEvents' });
  return {
    async stop(dir, name) {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.trace.json`);
      fs.writeFileSync(file, JSON.stringify({ traceEvents: events }));
      return { file, ...summarise(events) };
    },
  };
}

function summarise(events: readonly TraceEvent[]): Omit<PageTrace, 'file'> {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const totals = new Map<string, { ms: number; count: number }>();
  const add = (name: string, ms: number) => {
    const t = totals.get(name) ?? { ms: 0, count: 0 };
    t.ms += ms;
    t.count++;
    totals.set(name, t);
  };
  // A step's time is counted once, wherever it ran (in a frame, or forced inside script); a task's
  // time outside every step is "script and other".
  const sorted = [...onMain].sort((a, b) => a.ts - b.ts);
  let taskEnd = -1;
  let stepEnd = -1;
  let stepMs = 0;
  let taskMs = 0;
  for (const e of sorted) {
    const end = e.ts + e.dur!;
    if (e.name === 'RunTask' && e.ts >= taskEnd) {
      taskEnd = end;
      taskMs += e.dur! / 1000;
    } else if (steps.has(e.name) && e.ts >= stepEnd) {
      stepEnd = end;
      stepMs += e.dur! / 1000;
      add(e.name, e.dur! / 1000);
    }
  }
  add('script and other (rest of tasks)', Math.max(0, taskMs - stepMs));
  const first = sorted[0]?.ts ?? 0;
  const last = sorted.reduce((m, e) => Math.max(m, e.ts + e.dur!), first);
  return { mainThread: [...totals].map(([name, t]) => ({ name, ...t })).sort((a, b) => b.ms - a.ms), windowMs: (last - first) / 1000 };
}

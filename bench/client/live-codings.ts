import type { Browser, Page } from 'playwright-core';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import type { Random } from '../../tests/support/seeded-random.ts';
import { openCodingViewAsAna } from './coding-view-load.ts';
import { openLayerWriter, type CodingStudy } from './coding-study.ts';
import { startPageProfile, type PageProfile } from './page-profile.ts';
import { startPageTrace, type PageTrace } from './page-trace.ts';
import { chromiumCpu, cpuBetween } from './process-cpu.ts';

export interface FrameStats {
  readonly seconds: number;
  readonly frames: number;
  readonly fps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Frames longer than 1.5 × 16.7 ms: at least one display refresh missed. */
  readonly late: number;
  readonly longTasks: number;
  readonly longTaskMs: number;
  /** CPU seconds Chromium's processes used over the window, by kind (renderer: the page's main thread and its helpers; gpu: compositing and raster). */
  readonly cpu: ReadonlyMap<string, number>;
}

export interface LiveRun {
  readonly idle: FrameStats;
  readonly live: FrameStats;
  readonly sent: number;
  /** How many more of Ben's margin bars start in the rows Ana's page has rendered once all arrived. */
  readonly barsAdded: number;
  /** Last coding sent → Ana's lane header counts every coding (ms). */
  readonly caughtUpAfter: number;
  /** The text range the codings were placed in: what Ana's window shows, or the whole transcript. */
  readonly placedIn: { readonly start: number; readonly end: number };
  readonly profile: PageProfile | null;
  readonly trace: PageTrace | null;
}

/** Starts recording frames in the page: requestAnimationFrame gaps and long tasks, until `stop`. */
const recorderScript = `(() => {
  const gaps = [];
  const tasks = [];
  let last = performance.now();
  let running = true;
  const frame = (now) => {
    gaps.push(now - last);
    last = now;
    if (running) requestAnimationFrame(frame);
  };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(frame); });
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration); });
  observer.observe({ type: 'longtask' });
  window.__frames = { stop: () => { running = false; observer.disconnect(); return { gaps, tasks }; } };
})()`;

async function recordFrames(page: Page, during: () => Promise<void>): Promise<FrameStats> {
  const browser = page.context().browser()!;
  await page.evaluate(recorderScript);
  const cpuBefore = await chromiumCpu(browser);
  const started = Date.now();
  await during();
  const seconds = (Date.now() - started) / 1000;
  const cpu = cpuBetween(cpuBefore, await chromiumCpu(browser));
  const { gaps, tasks } = await page.evaluate(() => (window as unknown as { __frames: { stop(): { gaps: number[]; tasks: number[] } } }).__frames.stop());
  const sorted = [...gaps].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  const total = gaps.reduce((s, g) => s + g, 0);
  return {
    seconds,
    frames: gaps.length,
    fps: (gaps.length / total) * 1000,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.at(-1) ?? Number.NaN,
    late: gaps.filter((g) => g > 25).length,
    longTasks: tasks.length,
    longTaskMs: tasks.reduce((s, t) => s + t, 0),
    cpu,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Ana reads the top of the transcript while Ben's client (the stock y-websocket provider, writing
 * his own `layer:` room with `shared/ydoc`'s `addCoding`, as the web client does) adds `rate`
 * codings a second for `seconds`, each in its own transaction, with codes of the codebook: on the
 * text Ana's window shows (`screen`, the worst case: every coding re-renders a row she sees, and
 * they pile up there, 40 deep after 10 s), or anywhere in the transcript (`document`). Frames are
 * recorded in Ana's page first while nothing arrives, then during.
 */
export async function measureLiveCodings(
  browser: Browser,
  baseUrl: string,
  syncUrl: string,
  study: CodingStudy,
  options: { random: Random; rate: number; seconds: number; spread: 'screen' | 'document'; lanes: { own: number; other: number }; profileDir: string | null; traceDir: string | null },
): Promise<LiveRun> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const writer = await openLayerWriter(syncUrl, study.projectId, study.documentId, study.ben);
  try {
    const { page, errors } = await openCodingViewAsAna(context, baseUrl, study, options.lanes);
    await page.waitForTimeout(1000);
    const onScreen = await page.evaluate(() => {
      const box = document.querySelector('.scroller')!.getBoundingClientRect();
      const runs = [...document.querySelectorAll<HTMLElement>('.scroller [data-o]')].filter((r) => {
        const rect = r.getBoundingClientRect();
        return rect.bottom > box.top && rect.top < box.bottom;
      });
      const last = runs.at(-1)!;
      return { start: Number(runs[0]!.dataset.o), end: Number(last.dataset.o) + last.textContent!.length };
    });

    const placedIn = options.spread === 'screen' ? onScreen : { start: 0, end: writer.text.length };
    const idle = await recordFrames(page, () => sleep(3000));

    const benLane = page.locator('.lane-name[title^="Ben"]');
    const countOf = async () => Number(/: (\d+) codings$/.exec((await benLane.getAttribute('title')) ?? '')?.[1] ?? Number.NaN);
    const before = await countOf();
    const bensBars = () => page.locator('.bar[aria-label*="coded by Ben"]:not([aria-hidden])').count();
    const barsBefore = await bensBars();
    const interval = 1000 / options.rate;
    const total = Math.round(options.rate * options.seconds);
    const profile = options.profileDir ? await startPageProfile(page) : null;
    const trace = options.traceDir ? await startPageTrace(page) : null;
    let lastSentAt = 0;
    const live = await recordFrames(page, async () => {
      const started = performance.now();
      for (let i = 0; i < total; i++) {
        const due = started + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const span = 15 + options.random.int(185);
        const start = placedIn.start + options.random.int(Math.max(1, placedIn.end - placedIn.start - 15));
        const end = Math.min(writer.text.length, start + span);
        writer.layer.doc.transact(() =>
          addCoding(writer.layer.doc, { id: `live-${i}`, codeId: options.random.pick(study.codes).id, anchor: createSpanAnchor(writer.text, start, end), at: Date.now() }),
        );
      }
      lastSentAt = Date.now();
      await page.waitForFunction((expected) => document.querySelector('.lane-name[title^="Ben"]')?.getAttribute('title')?.endsWith(`: ${expected} codings`), before + total, { timeout: 30_000, polling: 50 });
    });
    const caughtUpAfter = Date.now() - lastSentAt;
    const saved = profile && options.profileDir ? await profile.stop(options.profileDir, 'coding-view-live') : null;
    const traced = trace && options.traceDir ? await trace.stop(options.traceDir, 'coding-view-live') : null;
    // Bars follow their text by a frame (LayoutBatch).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const barsAdded = (await bensBars()) - barsBefore;
    if ((await countOf()) !== before + total) throw new Error('not every coding arrived');
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return { idle, live, sent: total, barsAdded, caughtUpAfter, placedIn, profile: saved, trace: traced };
  } finally {
    writer.destroy();
    await context.close();
  }
}

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { selectPhrase } from '../../tests/support/browser.ts';
import { studyPassword, type CodingStudy } from './coding-study.ts';

/**
 * Watches the coding view from the first frame (an init script, so it runs before the app) and
 * sets `bench:interactive` the first frame all of these hold: the transcript's text is on screen,
 * the codebook lists every code, the own lane and the other coder's hold all their codings, and
 * the view offers coding ("Select a passage to code it": project, round and own layer known, writable).
 */
export function interactiveProbe(expected: { codes: number; own: number; other: number }): string {
  return `(() => {
    const laneHolds = (prefix, count) =>
      [...document.querySelectorAll('.lane-name[title]')].some((l) => l.getAttribute('title').startsWith(prefix) && l.getAttribute('title').endsWith(': ' + count + ' codings'));
    const check = () => {
      const ready =
        document.querySelector('.scroller .row [data-o]') !== null &&
        document.querySelectorAll('.code-row').length >= ${expected.codes} &&
        (document.querySelector('.doc-hint')?.textContent ?? '').includes('Select a passage to code it') &&
        laneHolds('You', ${expected.own}) &&
        laneHolds('Ben', ${expected.other});
      if (ready) performance.mark('bench:interactive');
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();`;
}

export interface LoadTiming {
  /** Navigation start → the first frame the view was interactive (ms). */
  readonly interactive: number;
  /** Navigation start → the main bundle fetched and run (DOMContentLoaded over: module scripts run before it). */
  readonly scriptsRun: number;
  /** Navigation start → the view's own marks: sockets opening (CodingWorkspace), rooms synced and transcript painted (TranscriptView). */
  readonly roomsOpening: number;
  readonly roomsSynced: number;
  readonly painted: number;
  /** A coding made (mouse selection, then key 1) as soon as the view was interactive: ms until it was announced. */
  readonly codedAfter: number;
  readonly longTasks: number;
}

/** Opens the coding view as Ana in a fresh browser context (empty cache), measures, makes one coding. */
export async function loadCodingView(browser: Browser, baseUrl: string, study: CodingStudy, lanes: { own: number; other: number }): Promise<LoadTiming> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await context.addInitScript(`window.__longTasks = 0; new PerformanceObserver((list) => (window.__longTasks += list.getEntries().length)).observe({ type: 'longtask', buffered: true });`);
    const { page, errors } = await openCodingViewAsAna(context, baseUrl, study, lanes);
    const codedAfter = await makeCoding(page);
    await page.waitForFunction(() => performance.getEntriesByName('accord:transcript-painted').length > 0, null, { timeout: 30_000 });
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
    const scriptsRun = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number }).__longTasks);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return { interactive: marks['bench:interactive']!, scriptsRun, roomsOpening: marks['accord:rooms-opening']!, roomsSynced: marks['accord:rooms-synced']!, painted: marks['accord:transcript-painted']!, codedAfter, longTasks };
  } finally {
    await context.close();
  }
}

/**
 * Signs Ana in within `context`, opens the study's document and waits until the view is
 * interactive (`interactiveProbe`); `errors` collects the page's uncaught errors from the start.
 */
export async function openCodingViewAsAna(context: BrowserContext, baseUrl: string, study: CodingStudy, lanes: { own: number; other: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await signedInPageOfAna(context, baseUrl, study, lanes);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}${study.documentPath}`);
  await waitForInteractive(page);
  return { page, errors };
}

/** A page in `context` with Ana signed in and the interactive probe installed, not yet navigated. */
async function signedInPageOfAna(context: BrowserContext, baseUrl: string, study: CodingStudy, lanes: { own: number; other: number }): Promise<Page> {
  // Callbacks passed to page.evaluate are compiled by tsx, whose name helper the page lacks.
  await context.addInitScript('window.__name = (f) => f');
  await context.addInitScript(interactiveProbe({ codes: study.codes.length, ...lanes }));
  const page = await context.newPage();
  const login = await page.request.post(`${baseUrl}/api/auth/login`, { data: { email: study.ana.email, password: studyPassword } });
  if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`);
  return page;
}

/** Waits for the probe's mark; on a timeout, says which of its conditions did not hold. */
export async function waitForInteractive(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => performance.getEntriesByName('bench:interactive').length > 0, null, { timeout: 30_000 });
  } catch (error) {
    const state = await page.evaluate(() => ({
      url: location.href,
      runs: document.querySelectorAll('.scroller .row [data-o]').length,
      codes: document.querySelectorAll('.code-row').length,
      hint: document.querySelector('.doc-hint')?.textContent ?? null,
      lanes: [...document.querySelectorAll('.lane-name')].map((l) => l.getAttribute('title')),
    }));
    throw new Error(`the coding view did not become interactive: ${JSON.stringify(state)}`, { cause: error });
  }
}

/** Selects words of the first turn with the mouse and applies pinned code 1; ms until "Coded as …" is announced. */
async function makeCoding(page: Page): Promise<number> {
  const phrase = await page.evaluate(() => {
    const text = document.querySelector('.scroller .row')!.textContent!;
    const from = text.indexOf(':') + 2;
    return text.slice(from, from + 30).trim();
  });
  const started = Date.now();
  await selectPhrase(page, phrase);
  await page.getByRole('dialog', { name: 'Apply a code to the selected text' }).waitFor();
  await page.keyboard.press('1');
  await page.locator('.announcement', { hasText: 'Coded as' }).waitFor();
  return Date.now() - started;
}

/** A network between browser and server, as Chromium emulates it (CDP `Network.emulateNetworkConditions`). */
export interface NetworkLink {
  readonly name: string;
  /** Added to each request's round trip (ms). */
  readonly latencyMs: number;
  readonly downloadMbps: number;
  readonly uploadMbps: number;
}

/** A home or office connection: 40 ms away, 20 Mbit/s down, 5 up. */
export const broadband: NetworkLink = { name: '20 Mbit/s down, 5 up, 40 ms round trip', latencyMs: 40, downloadMbps: 20, uploadMbps: 5 };

export interface VisitTiming {
  /** Navigation start → the main bundle run, and → interactive (`interactiveProbe`), ms. */
  readonly scriptsRun: number;
  readonly interactive: number;
  /** Bytes the page's HTTP requests took over the link (headers and bodies; 0 for what the cache held). */
  readonly transferred: number;
}

/**
 * Opens the coding view as Ana twice in one fresh browser context over `link`: a first visit,
 * nothing cached, and a repeat visit (a reload), with whatever the server let the browser keep.
 */
export async function visitOverLink(browser: Browser, baseUrl: string, study: CodingStudy, lanes: { own: number; other: number }, link: NetworkLink): Promise<{ first: VisitTiming; repeat: VisitTiming }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await signedInPageOfAna(context, baseUrl, study, lanes);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const bytesPerSecond = (mbps: number) => (mbps * 1_000_000) / 8;
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: link.latencyMs, downloadThroughput: bytesPerSecond(link.downloadMbps), uploadThroughput: bytesPerSecond(link.uploadMbps) });
    const visit = async (): Promise<VisitTiming> => {
      await page.goto(`${baseUrl}${study.documentPath}`);
      await waitForInteractive(page);
      return page.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        return {
          scriptsRun: navigation.domContentLoadedEventEnd,
          interactive: performance.getEntriesByName('bench:interactive')[0]!.startTime,
          transferred: navigation.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
        };
      });
    };
    const first = await visit();
    const repeat = await visit();
    return { first, repeat };
  } finally {
    await context.close();
  }
}

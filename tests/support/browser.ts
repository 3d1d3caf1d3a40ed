import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { requireOrSkip } from './requirements.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return fs.existsSync(chromiumPath);
}

/**
 * Debian's Chromium, headless, with the flags this sandboxed machine needs: no sandbox as root, and
 * no background networking (the network is closed; Chromium would otherwise retry lookups forever).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The built web client (`npm run build`) that browser tests' servers serve. */
export const builtClientDir = path.resolve('dist/client');

/**
 * Whether this machine can run browser tests: Chromium and the built client. Otherwise they are
 * skipped with a message — except under CI=true, where that is a failure (`requireOrSkip`).
 */
export function browserTestsReady(): boolean {
  return requireOrSkip(hasChromium(), 'Chromium at /usr/bin/chromium') && requireOrSkip(fs.existsSync(path.join(builtClientDir, 'index.html')), 'the built client (npm run build)');
}

/** Drags the mouse across the first occurrence of `phrase` in the rendered transcript, as a person would. */
export async function selectPhrase(page: Page, phrase: string): Promise<void> {
  const box = await page.evaluate((phrase) => {
    const runs = [...document.querySelectorAll<HTMLElement>('[data-o]')];
    const text = runs.map((r) => r.textContent ?? '').join('');
    const at = text.indexOf(phrase);
    if (at < 0) return null;
    const pointAt = (position: number) => {
      let before = 0;
      for (const run of runs) {
        const length = run.textContent!.length;
        if (position < before + length) return { node: run.firstChild!, offset: position - before };
        before += length;
      }
      return null;
    };
    const first = pointAt(at);
    const last = pointAt(at + phrase.length - 1);
    if (!first || !last) return null;
    const range = document.createRange();
    range.setStart(first.node, first.offset);
    range.setEnd(first.node, first.offset + 1);
    const a = range.getBoundingClientRect();
    range.setStart(last.node, last.offset);
    range.setEnd(last.node, last.offset + 1);
    const b = range.getBoundingClientRect();
    return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
  }, phrase);
  if (!box) throw new Error(`"${phrase}" is not on screen`);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 5 });
  await page.mouse.move(box.x2, box.y2, { steps: 5 });
  await page.mouse.up();
}

/**
 * A new browser tab signed in with `who`'s session cookie, at `path` of the server; page errors
 * are collected in `errors` (tests expect none). Each tab has its own context, so two tabs can be
 * two people.
 */
export async function openSignedIn(
  browser: Browser,
  httpUrl: string,
  who: { readonly sessionCookie: string | null },
  path: string,
  options: { width?: number; height?: number; timeoutMs?: number } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  // page.evaluate callbacks are compiled by tsx, whose name helper does not exist in the page.
  await context.addInitScript('window.__name = (f) => f');
  const [name, value] = who.sessionCookie!.split('=') as [string, string];
  await context.addCookies([{ name, value, url: httpUrl }]);
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeoutMs ?? 8_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${httpUrl}${path}`);
  return { page, errors };
}

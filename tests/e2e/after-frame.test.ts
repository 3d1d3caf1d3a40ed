import fs from 'node:fs';
import { transform } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser.ts';
import { requireOrSkip } from '../support/requirements.ts';

const ready = requireOrSkip(hasChromium(), 'Chromium at /usr/bin/chromium');

/**
 * `requestAfterFrame` (client/src/lib/after-frame.ts) in a real browser: the coding view's
 * changes from the network run after a frame, not inside it, so a frame never has to fit their
 * script and its rendering together (bench/client).
 */
describe.runIf(ready)('work scheduled after a frame', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    const { code } = await transform(fs.readFileSync('client/src/lib/after-frame.ts', 'utf8'), { loader: 'ts', format: 'esm' });
    await page.setContent('<p>frames</p>');
    await page.addScriptTag({ type: 'module', content: `${code}\nwindow.afterFrame = { requestAfterFrame, cancelAfterFrame };` });
    await page.waitForFunction(() => 'afterFrame' in window);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('runs after every callback of the next frame, and before the frame after it', async () => {
    const order = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const { requestAfterFrame } = (window as unknown as { afterFrame: typeof import('../../client/src/lib/after-frame.ts') }).afterFrame;
          const order: string[] = [];
          requestAnimationFrame(() => order.push('frame, asked before'));
          requestAfterFrame(() => order.push('after the frame'));
          requestAnimationFrame(() => {
            order.push('frame, asked after');
            requestAnimationFrame(() => {
              order.push('next frame');
              resolve(order);
            });
          });
        }),
    );
    expect(order).toEqual(['frame, asked before', 'frame, asked after', 'after the frame', 'next frame']);
  });

  it('runs nothing that was cancelled', async () => {
    const ran = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const { requestAfterFrame, cancelAfterFrame } = (window as unknown as { afterFrame: typeof import('../../client/src/lib/after-frame.ts') }).afterFrame;
          const ran: string[] = [];
          const cancelled = requestAfterFrame(() => ran.push('cancelled'));
          requestAfterFrame(() => ran.push('kept'));
          cancelAfterFrame(cancelled);
          // Two frames later both would have run.
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(ran), 0)));
        }),
    );
    expect(ran).toEqual(['kept']);
  });
});

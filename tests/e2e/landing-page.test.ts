import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser.ts';
import { requireOrSkip } from '../support/requirements.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const clientDir = path.resolve('dist/client');
const ready = requireOrSkip(hasChromium(), 'Chromium at /usr/bin/chromium') && requireOrSkip(fs.existsSync(path.join(clientDir, 'index.html')), 'the built client (npm run build)');

describe.runIf(ready)('the client served at /', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads in Chromium and reports the server ready', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.httpUrl);
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('Server ready');
    expect(await page.title()).toBe('Accord');
    expect(errors).toEqual([]);
  });
});

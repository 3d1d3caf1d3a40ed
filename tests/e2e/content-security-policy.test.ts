import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

describe.runIf(ready)('the content security policy in Chromium', () => {
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

  it('runs the app but blocks an injected inline script', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(8_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.httpUrl}/signin`);
    // The app's own (external) script ran: it rendered the sign-in page.
    await page.getByRole('heading', { level: 1, name: 'Sign in to Accord' }).waitFor();

    // An injected inline script is refused; the browser says so with a violation event.
    const outcome = await page.evaluate(
      () =>
        new Promise<{ directive: string; ran: boolean }>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => resolve({ directive: event.effectiveDirective, ran: 'inlineRan' in window }), { once: true });
          const script = document.createElement('script');
          script.textContent = 'window.inlineRan = true';
          document.body.append(script);
        }),
    );
    expect(outcome).toEqual({ directive: 'script-src-elem', ran: false });
    expect(errors).toEqual([]);
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

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

  it('sends a signed-out visitor to sign in, then back, and reports the server ready', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.httpUrl}/account`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Accord' }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/account');
    await expect.poll(() => page.getByRole('banner').getByRole('status').textContent(), { timeout: 10_000 }).toContain('Server ready');
    expect(await page.title()).toBe('Sign in · Accord');

    // Signing up from there (the link keeps `next`) lands on the page first asked for.
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ana');
    await page.getByLabel('Email', { exact: true }).fill('ana@example.org');
    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    // Playwright learns of history.replaceState from an event that may trail the new page's DOM.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
    expect(errors).toEqual([]);
  });

  it('shows the API’s message when sign-in fails', async () => {
    const page = await browser.newPage();
    await page.goto(server.httpUrl);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Accord' }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/signin');
    await page.getByLabel('Email').fill('nobody@example.org');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }).waitFor({ timeout: 10_000 });
    // The message names no field, so neither input is marked invalid; both keep what was typed.
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByLabel('Email').inputValue()).toBe('nobody@example.org');
  });
});

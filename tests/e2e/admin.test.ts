import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir as clientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();
const password = 'a long enough password';
const newPassword = 'a freshly chosen password';

describe.runIf(ready)('administration in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: ApiClient;
  let ana: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    admin = new ApiClient(server.httpUrl);
    await admin.signIn('ada@example.org', 'Ada Admin', password);
    ana = new ApiClient(server.httpUrl);
    await ana.signIn('ana@example.org', 'Ana Alves', password);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the administrator closes sign-up and creates a reset link; Ana sets a new password through it and signs in', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, admin, '/');
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    // Only the administrator's account menu leads to the page.
    await page.getByRole('button', { name: 'Account menu for Ada Admin' }).click();
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    const people = page.getByRole('table');
    await people.getByRole('row', { name: /Ana Alves/ }).waitFor();
    expect(await people.getByRole('row', { name: /Ada Admin/ }).textContent()).toMatch(/\(you\)/);

    // Sign-up: closed at once.
    await page.getByRole('radio', { name: /^Closed/ }).check();
    await page.getByRole('button', { name: 'Save sign-up setting' }).click();
    await page.getByText('Saved: sign-up is now “Closed”.').waitFor();
    expect((await new ApiClient(server.httpUrl).get('/api/auth/options')).body.signup).toBe('closed');
    expect((await new ApiClient(server.httpUrl).post('/api/auth/signup', { name: 'Ben', email: 'ben@example.org', password })).status).toBe(403);

    // A reset link for Ana, shown once, ready to copy.
    await people.getByRole('button', { name: 'Reset link for Ana Alves…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset Ana Alves’s password?' });
    await dialog.getByRole('button', { name: 'Create reset link' }).click();
    const linkField = page.getByRole('dialog', { name: 'Reset link for Ana Alves' }).getByLabel('One-time reset link');
    await linkField.waitFor();
    const url = await linkField.inputValue();
    expect(url).toMatch(new RegExp(`^${server.httpUrl}/reset/rst_`));
    expect(await linkField.evaluate((input) => input === document.activeElement)).toBe(true);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(errors).toEqual([]);

    // Ana, in her own browser, signed out: the link's page, then sign-in with the new password.
    const context = await browser.newContext();
    await context.addInitScript('window.__name = (f) => f');
    const anaPage = await context.newPage();
    anaPage.setDefaultTimeout(8_000);
    const anaErrors: string[] = [];
    anaPage.on('pageerror', (error) => anaErrors.push(error.message));
    await anaPage.goto(url);
    await anaPage.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await anaPage.getByText('ana@example.org').waitFor();
    await anaPage.getByLabel('New password', { exact: true }).fill(newPassword);
    await anaPage.getByLabel('Repeat new password').fill('something else entirely');
    await anaPage.getByRole('button', { name: 'Set new password' }).click();
    await anaPage.getByText('The two passwords differ').waitFor();
    await anaPage.getByLabel('Repeat new password').fill(newPassword);
    await anaPage.getByRole('button', { name: 'Set new password' }).click();
    await anaPage.getByText('Your password is set.').waitFor();
    // Her session from before the reset has ended.
    expect((await ana.get('/api/me')).status).toBe(401);

    await anaPage.getByRole('link', { name: 'Sign in with your new password' }).click();
    await anaPage.getByRole('heading', { level: 1, name: 'Sign in to Accord' }).waitFor();
    await anaPage.getByLabel('Email', { exact: true }).fill('ana@example.org');
    await anaPage.getByLabel('Password', { exact: true }).fill(newPassword);
    await anaPage.getByRole('button', { name: 'Sign in' }).click();
    await anaPage.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    // Not an administrator: no link to the page in her menu.
    await anaPage.getByRole('button', { name: 'Account menu for Ana Alves' }).click();
    await anaPage.getByRole('link', { name: 'Account and API tokens' }).waitFor();
    expect(await anaPage.getByRole('link', { name: 'Administration' }).count()).toBe(0);

    // The link worked once.
    await anaPage.goto(url);
    await anaPage.getByText('already used').waitFor();
    expect(anaErrors).toEqual([]);
  });
});

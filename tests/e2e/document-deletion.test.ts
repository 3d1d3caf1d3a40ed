import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

const email = 'ana@example.org';
const password = 'a long enough password';

describe.runIf(ready)('deleting a document in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let projectId: string;
  let doomedId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    const api = new ApiClient(server.httpUrl);
    await api.signIn(email, 'Ana Owner', password);
    projectId = (await api.post('/api/projects', { name: 'Deletion study' })).body.id;
    doomedId = (await api.post(`/api/projects/${projectId}/documents`, { name: 'P01 pilot', text: 'Interviewer: Hello.\nParticipant: Hello.' })).body.id;
    await api.post(`/api/projects/${projectId}/documents`, { name: 'P02', text: 'Interviewer: Hello.\nParticipant: Hi.' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an owner deletes a document from the table after a confirmation that names it, using only the keyboard', async () => {
    const errors: string[] = [];
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${server.httpUrl}/signin`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.goto(`${server.httpUrl}/projects/${projectId}`);
    const table = page.getByRole('table');
    await table.getByRole('row', { name: /P01 pilot/ }).waitFor();

    // Escape closes the confirmation without deleting; focus returns to the button.
    const deleteButton = table.getByRole('button', { name: 'Delete P01 pilot' });
    await deleteButton.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete “P01 pilot”?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/every coder’s codings/);
    expect(await dialog.textContent()).toMatch(/cannot be undone/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await deleteButton.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await table.getByRole('row', { name: /P01 pilot/ }).count()).toBe(1);

    // Enter on the button again, then Enter on “Delete document”: deleted, and focus moves to the next row's Delete.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete document' }).press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Deleted “P01 pilot”' }).waitFor();
    await expect.poll(() => table.getByRole('row', { name: /P01 pilot/ }).count()).toBe(0);
    expect(await table.getByRole('row', { name: /P02/ }).count()).toBe(1);
    await expect.poll(() => table.getByRole('button', { name: 'Delete P02' }).evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await server.directory.findDocument(projectId, doomedId)).toBeNull();

    await page.reload();
    await page.getByRole('table').getByRole('row', { name: /P02/ }).waitFor();
    expect(await page.getByRole('table').getByRole('row', { name: /P01 pilot/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 40_000);
});

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir } from '../support/browser.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

const fixtures = path.resolve('tests/fixtures/import');
const ready = browserTestsReady();

async function signUp(page: Page, url: string, name: string, email: string): Promise<void> {
  await page.goto(`${url}/signup`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
}

describe.runIf(ready)('importing transcripts in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const errors: string[] = [];
  const newPage = async (): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    // Fail a missing element in seconds, naming it, rather than at the test's own timeout.
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (error) => errors.push(error.message));
    return page;
  };
  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an owner chooses three files at once: two are imported and listed, the empty one is reported by name', async () => {
    const files = makeTempDir('accord-upload-');
    fs.copyFileSync(path.join(fixtures, 'speaker-turns.txt'), path.join(files, 'P07 interview.txt'));
    fs.copyFileSync(path.join(fixtures, 'teams-captions.vtt'), path.join(files, 'P08 captions.vtt'));
    fs.writeFileSync(path.join(files, 'empty notes.txt'), '');

    const page = await newPage();
    await signUp(page, server.httpUrl, 'Ana Owner', 'ana@example.org');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('dialog').getByLabel('Project name').fill('Upload study');
    await page.getByRole('dialog').getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { level: 1, name: 'Upload study' }).waitFor();

    // The empty project offers both ways in, and says which files it reads.
    await page.getByRole('heading', { name: 'Add your first transcripts' }).waitFor();
    expect(await page.getByLabel('Transcript text').isVisible()).toBe(true);
    const chooseFiles = page.getByRole('button', { name: /Choose files/ });
    const formats = page.locator(`[id="${await chooseFiles.getAttribute('aria-describedby')}"]`);
    expect(await formats.textContent()).toMatch(/\.txt.*\.md.*\.docx.*\.vtt.*\.srt/s);

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), chooseFiles.click()]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(['P07 interview.txt', 'P08 captions.vtt', 'empty notes.txt'].map((name) => path.join(files, name)));

    const list = page.getByRole('list', { name: /Files/ });
    const row = (name: string) => list.getByRole('listitem').filter({ hasText: name });
    await row('P07 interview.txt').getByRole('link', { name: 'P07 interview' }).waitFor();
    await row('P08 captions.vtt').getByRole('link', { name: 'P08 captions' }).waitFor();
    await row('empty notes.txt').getByText(/^The file is empty/).waitFor();
    // The failed file stays listed until removed; a summary is announced.
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported 2 of 3 files' }).count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'Imported 2 of 3 files' }).textContent()).toContain('empty notes.txt was not imported');

    // The documents table refreshed with the two imported transcripts, and only those.
    const table = page.getByRole('table');
    await table.getByRole('row', { name: /P07 interview/ }).waitFor();
    await table.getByRole('row', { name: /P08 captions/ }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);

    await row('empty notes.txt').getByRole('button', { name: 'Remove empty notes.txt' }).click();
    expect(await row('empty notes.txt').count()).toBe(0);
    expect(await list.getByRole('listitem').count()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('a newcomer opens the demo project from the empty projects page and lands on its seventeen documents', async () => {
    const page = await newPage();
    await signUp(page, server.httpUrl, 'Dee Newcomer', 'dee@example.org');
    await page.getByRole('heading', { name: 'No projects yet' }).waitFor();
    await page.getByRole('button', { name: 'Open the demo project' }).click();
    await page.getByRole('heading', { level: 1, name: /^Demo/ }).waitFor({ timeout: 20_000 });
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/projects\/[^/]+$/);
    const table = page.getByRole('table');
    await table.locator('tbody tr').first().waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(17);
    // The demo says what it is and where its pathways are.
    const intro = page.getByRole('complementary', { name: 'About this demo' });
    await intro.getByText(/Metz, Jensen, Farley & Boaz \(2022\)/).waitFor();
    await intro.getByRole('link', { name: 'Pathways' }).click();
    await page.getByRole('heading', { level: 2, name: 'Pathways' }).waitFor();
    expect(errors).toEqual([]);
  });
});

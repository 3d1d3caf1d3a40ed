import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir } from '../support/browser.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

const email = 'ana@example.org';
const password = 'a long enough password';

describe.runIf(ready)('participant attributes in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let projectId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    // An owner with a project and two documents, made over the API.
    const api = new ApiClient(server.httpUrl);
    await api.signIn(email, 'Ana Owner', password);
    const project = await api.post('/api/projects', { name: 'Attribute study' });
    expect(project.status).toBe(201);
    projectId = project.body.id;
    for (const name of ['P01', 'P02']) {
      const document = await api.post(`/api/projects/${projectId}/documents`, { name, text: `Interviewer: Hello ${name}.\nParticipant: Hello.` });
      expect(document.status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an owner imports a CSV, sees its columns, edits a number inline and a wrong number is refused', async () => {
    const csvDir = makeTempDir('accord-attributes-');
    const csvPath = path.join(csvDir, 'participants.csv');
    fs.writeFileSync(csvPath, 'document,role,years\nP01,coach,12\nP02,manager,3\nP99,nurse,7\n');

    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${server.httpUrl}/signin`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.goto(`${server.httpUrl}/projects/${projectId}`);
    await page.getByRole('heading', { level: 1, name: 'Attribute study' }).waitFor();

    // Before any import the panel says how to start.
    await page.getByText('No participant attributes yet — import a CSV (first column the document name) or add a field.').waitFor();

    await page.getByLabel('Import attribute table (CSV)').setInputFiles(csvPath);
    await page.getByText('Updated 2 documents.').waitFor();
    expect(await page.getByRole('list', { name: 'Unmatched names' }).textContent()).toContain('P99');

    // New columns with the values; numbers right-aligned.
    const table = page.getByRole('table');
    await table.getByRole('columnheader', { name: 'role' }).waitFor();
    await table.getByRole('columnheader', { name: 'years' }).waitFor();
    const p01 = table.getByRole('row', { name: /P01/ });
    await p01.getByRole('button', { name: 'years of P01: 12, edit' }).waitFor();
    expect(await p01.getByRole('button', { name: /^role of P01: coach/ }).count()).toBe(1);
    expect(await table.getByRole('columnheader', { name: 'years' }).evaluate((th) => getComputedStyle(th).textAlign)).toBe('right');

    // Edit a number inline: Enter saves.
    await p01.getByRole('button', { name: /^years of P01/ }).click();
    const input = p01.getByRole('spinbutton', { name: 'years of P01' });
    await input.fill('14.5');
    await input.press('Enter');
    await p01.getByRole('button', { name: /^years of P01: 14[.,]5, edit$/ }).waitFor();

    // A wrong number is refused beside the cell and the stored value stays.
    await p01.getByRole('button', { name: /^years of P01/ }).click();
    await input.fill('');
    await page.keyboard.type('1-2');
    await page.keyboard.press('Enter');
    await p01.getByRole('alert').filter({ hasText: /years: enter a number/ }).waitFor();
    await p01.getByRole('button', { name: /^years of P01: 14[.,]5, edit$/ }).waitFor();

    // A table with a value that does not fit is refused whole, with the server's message.
    const badCsv = path.join(csvDir, 'bad.csv');
    fs.writeFileSync(badCsv, 'document,years\nP02,lots\n');
    await page.getByLabel('Import attribute table (CSV)').setInputFiles(badCsv);
    await page.getByRole('alert').filter({ hasText: /Nothing was imported\. P02: years: "lots" is not a number/ }).waitFor();
    expect(await table.getByRole('row', { name: /P02/ }).getByRole('button', { name: /^years of P02: 3, edit$/ }).count()).toBe(1);

    // The edit persisted.
    await page.reload();
    await page.getByRole('table').getByRole('row', { name: /P01/ }).getByRole('button', { name: /^years of P01: 14[.,]5, edit$/ }).waitFor();
    expect(errors).toEqual([]);
  }, 40_000);

  it('an owner adds a category field, picks a value from its list, cancels an edit with Escape and removes the field after confirming', async () => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.httpUrl}/signin`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.goto(`${server.httpUrl}/projects/${projectId}`);

    await page.getByRole('button', { name: 'Add field' }).click();
    const form = page.getByRole('form', { name: 'New attribute field' });
    await form.getByLabel('Label', { exact: true }).fill('Site');
    await form.getByLabel('Type', { exact: true }).selectOption('category');
    await form.getByLabel('Options', { exact: true }).fill('North, South');
    await form.getByRole('button', { name: 'Add field' }).click();
    await page.getByRole('list', { name: 'Attribute fields' }).getByText('Category: North, South').waitFor();

    const p02 = page.getByRole('table').getByRole('row', { name: /P02/ });
    await p02.getByRole('button', { name: 'Site of P02: empty, edit' }).click();
    await p02.getByRole('combobox', { name: 'Site of P02' }).selectOption('South');
    await p02.getByRole('combobox', { name: 'Site of P02' }).press('Enter');
    await p02.getByRole('button', { name: 'Site of P02: South, edit' }).waitFor();

    await p02.getByRole('button', { name: 'Site of P02: South, edit' }).press('Enter');
    await p02.getByRole('combobox', { name: 'Site of P02' }).selectOption('North');
    await p02.getByRole('combobox', { name: 'Site of P02' }).press('Escape');
    await p02.getByRole('button', { name: 'Site of P02: South, edit' }).waitFor();

    await page.getByRole('button', { name: 'Remove field Site' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove field' }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: 'Site' }).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 30_000);
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

const transcript = ['Interviewer: How did the rollout start?', 'Participant: We began with two pilot wards and a weekly huddle.', 'Interviewer: What helped most?', 'Participant: Having a named facilitator on every shift.'].join('\n');

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
}

describe.runIf(ready)('a team onboards in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const newPage = async (): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    // Fail a missing element in seconds, naming it, rather than at the test's own timeout.
    page.setDefaultTimeout(8_000);
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

  it('an owner creates a project, adds a document and invites a coder, who joins and sees the document', async () => {
    const errors: string[] = [];
    // User A: sign up, create a project, paste a transcript, create a coder invite link.
    const owner = await newPage();
    owner.on('pageerror', (error) => errors.push(`owner: ${error.message}`));
    await owner.goto(`${server.httpUrl}/signup`);
    await signUp(owner, 'Ana Owner', 'ana@example.org');
    await owner.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await owner.getByRole('button', { name: 'Create project' }).click();
    await owner.getByRole('dialog').getByLabel('Project name').fill('Implementation study');
    await owner.getByRole('dialog').getByRole('button', { name: 'Create project' }).click();
    await owner.getByRole('heading', { level: 1, name: 'Implementation study' }).waitFor();

    await owner.getByLabel('Document name').fill('P01 interview');
    await owner.getByLabel('Transcript text').fill(transcript);
    await owner.getByRole('button', { name: 'Add document' }).click();
    const ownerRow = owner.getByRole('row', { name: /P01 interview/ });
    await ownerRow.waitFor();
    expect(await ownerRow.textContent()).toContain(`${transcript.length} characters`);

    await owner.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Members' }).click();
    await owner.getByLabel('Role', { exact: true }).selectOption('coder');
    await owner.getByRole('button', { name: 'Create invite link' }).click();
    const inviteUrl = await owner.getByLabel('Invite link', { exact: true }).inputValue();
    expect(inviteUrl).toMatch(/\/invite\/\S+$/);

    // User B, in a separate browser context (own cookies): open the link, sign up, join as coder.
    const coder = await newPage();
    coder.on('pageerror', (error) => errors.push(`coder: ${error.message}`));
    await coder.goto(inviteUrl);
    await coder.getByRole('link', { name: 'Create an account' }).click();
    await signUp(coder, 'Ben Coder', 'ben@example.org');
    await coder.getByRole('button', { name: 'Join project' }).click();
    await coder.getByRole('heading', { level: 1, name: 'Implementation study' }).waitFor();
    await coder.getByRole('row', { name: /P01 interview/ }).waitFor();
    expect(await coder.getByText('Coder', { exact: true }).first().isVisible()).toBe(true);
    // A coder sees no owner-only actions.
    expect(await coder.getByRole('button', { name: 'Add document' }).count()).toBe(0);
    expect(await coder.getByRole('link', { name: 'Settings' }).count()).toBe(0);

    // The owner's members table now lists the coder.
    await owner.reload();
    await owner.getByRole('row', { name: /Ben Coder/ }).waitFor();
    expect(await owner.getByLabel('Role for Ben Coder').inputValue()).toBe('coder');
    expect(errors).toEqual([]);
  });
});

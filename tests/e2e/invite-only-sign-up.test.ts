import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

describe.runIf(ready)('signing up on a server with SIGNUP=invite', () => {
  let server: TestServer;
  let browser: Browser;
  let inviteUrl: string;
  const newPage = async (): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(8_000);
    return page;
  };
  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir, SIGNUP: 'invite' } });
    browser = await launchBrowser();
    // The first account needs no invite; it sets up a project and an invite link.
    const owner = new ApiClient(server.httpUrl);
    await owner.signIn('owner@example.org', 'Olu Owner');
    const projectId = (await owner.post('/api/projects', { name: 'Invite-only study' })).body.id;
    inviteUrl = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.url;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('explains that an invite link is needed to someone who has none', async () => {
    const page = await newPage();
    await page.goto(`${server.httpUrl}/signup`);
    await page.getByText('accounts are created from invite links').waitFor();
    expect(await page.getByRole('button', { name: 'Create account' }).count()).toBe(0);
  });

  it('lets the holder of an invite link sign up and takes them straight into the project', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(inviteUrl);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByText('Your invitation lets you create an account on this server').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Ines Invited');
    await page.getByLabel('Email', { exact: true }).fill('ines@example.org');
    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Invite-only study' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/projects\//);
    expect(errors).toEqual([]);
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir as clientDir, launchBrowser } from '../support/browser.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();
const password = 'a long enough password';

const p01 = [
  'Interviewer: How did the referrals start?',
  'P01: The first Referral came from the ward. We asked the coach about it.',
  'Interviewer: And then?',
  'P01: Later every referral went through the café team, which helped.',
].join('\n\n');
const p02 = ['Interviewer: What about referrals here?', 'P02: Our référral numbers doubled once the team met weekly.'].join('\n\n');

describe.runIf(ready)('search and code all hits in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sockets: SyncClient[] = [];
  const team = {} as { projectId: string; p01: string; p02: string; ana: string; ben: string };

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    const ana = new ApiClient(server.httpUrl);
    const anaId = await ana.signIn('ana@example.org', 'Ana', password);
    const projectId = (await ana.post('/api/projects', { name: 'Referral study' })).body.id as string;
    const first = (await ana.post(`/api/projects/${projectId}/documents`, { name: 'P01 interview', text: p01 })).body.id as string;
    const second = (await ana.post(`/api/projects/${projectId}/documents`, { name: 'P02 interview', text: p02 })).body.id as string;
    const ben = new ApiClient(server.httpUrl);
    const benId = await ben.signIn('ben@example.org', 'Ben', password);
    const invite = (await ana.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    expect((await ben.post(`/api/invites/${invite}/accept`)).status).toBeLessThan(300);
    const anaToken = (await ana.post('/api/tokens', { name: 'ws' })).body.token as string;
    Object.assign(team, { projectId, p01: first, p02: second, ana: anaId, ben: benId });

    const codebook = createSyncClient(server.syncUrl, `project:${projectId}`, { token: anaToken });
    sockets.push(codebook);
    await waitForSynced(codebook);
    codebook.doc.transact(() => {
      addCode(codebook.doc, { id: 'referral', name: 'Referral pathway', shortName: 'REF', colour: '#0072B2', parentId: null, order: 1, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: anaId });
      addCode(codebook.doc, { id: 'team', name: 'Team work', shortName: 'TM', colour: '#009E73', parentId: null, order: 2, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: anaId });
    });
    await waitFor(async () => (await server.store.logSize(`project:${projectId}`)).rows > 0, 5000, 'the codebook to be stored');
    // Both transcripts are in the index (re-indexed a moment after their import).
    await waitFor(async () => (await ana.get(`/api/projects/${projectId}/search?q=referral`)).body.total === 3, 10_000, 'the transcripts to be indexed');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function openAs(email: string, path: string, errors: string[]): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    await context.addInitScript('window.__name = (f) => f');
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (error) => errors.push(`${email}: ${error.message}`));
    expect((await page.request.post(`${server.httpUrl}/api/auth/login`, { data: { email, password } })).status()).toBe(200);
    await page.goto(`${server.httpUrl}${path}`);
    return page;
  }

  it('finds hits in context, previews them, codes all but one into the coder’s own layer, and another browser sees the codings', async () => {
    const errors: string[] = [];
    // Ana, the owner, has P01 open in the coding view (stock provider, every layer visible).
    const ana = await openAs('ana@example.org', `/projects/${team.projectId}/documents/${team.p01}`, errors);
    await ana.getByRole('region', { name: 'Transcript text' }).getByText('The first Referral came from the ward').waitFor();
    await ana.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    // Ben, a coder, searches: whatever the case and accents, each hit in its sentence, grouped by document.
    const ben = await openAs('ben@example.org', `/projects/${team.projectId}/explore/search`, errors);
    const box = ben.getByRole('searchbox', { name: 'Search the transcripts' });
    await box.fill('REFERRAL');
    await box.press('Enter');
    await ben.getByTestId('search-summary').filter({ hasText: '3 hits in 2 documents' }).waitFor();
    expect(new URL(ben.url()).searchParams.get('q')).toBe('REFERRAL');
    const p01Hits = ben.getByRole('region', { name: /P01 interview/ });
    expect(await p01Hits.getByRole('heading').textContent()).toContain('2 hits');
    expect(await p01Hits.locator('mark').allTextContents()).toEqual(['Referral', 'referral']);
    expect(await ben.getByRole('region', { name: /P02 interview/ }).locator('mark').allTextContents()).toEqual(['référral']);
    // Each hit opens the transcript at its span.
    const firstLink = p01Hits.getByRole('link', { name: /The first Referral came from the ward/ });
    const start = p01.indexOf('Referral');
    expect(await firstLink.getAttribute('href')).toBe(`/projects/${team.projectId}/documents/${team.p01}?at=${start}-${start + 'Referral'.length}`);

    // Code all hits: pick the code, see exactly which passages, leave the second P01 hit out.
    await ben.getByRole('button', { name: 'Code all hits…' }).click();
    const dialog = ben.getByRole('dialog', { name: /Code all hits of/ });
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: 'Code to apply' }).selectOption({ label: 'Referral pathway' });
    const passages = dialog.getByRole('region', { name: 'Passages to code' });
    await passages.getByRole('checkbox', { name: /every referral went through the café team/ }).waitFor();
    expect(await passages.getByRole('checkbox', { checked: true }).count()).toBe(5); // 3 hits + 2 documents
    await passages.getByRole('checkbox', { name: /every referral went through the café team/ }).uncheck();
    expect(await passages.getByRole('checkbox', { name: /^P01 interview/ }).evaluate((box: HTMLInputElement) => box.indeterminate)).toBe(true);
    await dialog.getByText('2 of 3').waitFor();
    await dialog.getByRole('button', { name: 'Code 2 passages' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Coded 2 passages' }).waitFor();

    // Ana's coding view of P01 shows Ben's new coding — the one P01 hit left in, not the one left out.
    const bar = ana.getByRole('button', { name: /^Referral pathway, coded by Ben: “Referral”/ });
    await bar.waitFor();
    expect(await ana.getByRole('button', { name: /coded by Ben/ }).count()).toBe(1);
    await expect.poll(() => ana.locator('.run.coded', { hasText: 'Referral' }).count()).toBeGreaterThan(0);
    expect(await ana.locator('.run.coded', { hasText: 'every referral' }).count()).toBe(0);

    // Done; the same again skips what is already coded.
    await dialog.getByRole('button', { name: 'Done' }).click();
    await ben.getByRole('button', { name: 'Code all hits…' }).click();
    await dialog.getByRole('combobox', { name: 'Code to apply' }).selectOption({ label: 'Referral pathway' });
    await dialog.getByRole('button', { name: 'Code 3 passages' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Coded 1 passage' }).waitFor();
    expect(await dialog.getByRole('status').textContent()).toContain('2 passages were left as they were');
    await ana.getByRole('button', { name: /^Referral pathway, coded by Ben: “referral”/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('says what is wrong with a query, and offers a viewer no coding', async () => {
    const errors: string[] = [];
    const cara = new ApiClient(server.httpUrl);
    await cara.signIn('cara@example.org', 'Cara', password);
    const ana = new ApiClient(server.httpUrl);
    await ana.signIn('ana@example.org', 'Ana', password);
    const invite = (await ana.post(`/api/projects/${team.projectId}/invites`, { role: 'viewer' })).body.code;
    expect((await cara.post(`/api/invites/${invite}/accept`)).status).toBeLessThan(300);
    const page = await openAs('cara@example.org', `/projects/${team.projectId}/explore/search?q=${encodeURIComponent('"team')}`, errors);
    const box = page.getByRole('searchbox', { name: 'Search the transcripts' });
    await page.getByRole('alert').filter({ hasText: 'A phrase needs a closing quotation mark' }).waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await box.fill('"the team"');
    await box.press('Enter');
    await page.getByTestId('search-summary').filter({ hasText: '1 hit in 1 document' }).waitFor();
    expect(await page.getByRole('button', { name: 'Code all hits…' }).count()).toBe(0);
    await page.getByText('Viewers can search; coding hits needs the coder role.').waitFor();
    expect(errors).toEqual([]);
  });
});

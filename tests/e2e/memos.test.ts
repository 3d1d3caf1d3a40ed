import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { openSynced, waitFor, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { codeFixture } from '../support/code-fixture.ts';

const ready = browserTestsReady();

const texts = {
  p1: 'Interviewer: How did the project start?\nParticipant: We asked the county for help, and then we built the plan together.\n',
  p2: 'Interviewer: How did the project start?\nParticipant: The district sent us a toolkit and told us to use it.\n',
};
const code = (id: string, name: string, order: number, colour: string): Code => codeFixture(id, { name, order, colour });

describe.runIf(ready)('the Memos view in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let owner: ApiClient;
  let ana: ApiClient;
  let projectId: string;
  const docs = {} as Record<'p1' | 'p2', string>;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    owner = new ApiClient(server.httpUrl);
    await owner.signIn('pi@example.org', 'Pat Lee');
    projectId = (await owner.post('/api/projects', { name: 'Implementation study' })).body.id;
    docs.p1 = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P1 nurse', text: texts.p1 })).body.id;
    docs.p2 = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P2 teacher', text: texts.p2 })).body.id;
    ana = new ApiClient(server.httpUrl);
    const anaId = await ana.signIn('ana@example.org', 'Ana Ortiz');
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await ana.post(`/api/invites/${invite}/accept`);
    const token = (await ana.post('/api/tokens', { name: 'ws' })).body.token as string;
    const open = (room: string) => openSynced(server.syncUrl, clients, room, token);
    const codebook = await open(`project:${projectId}`);
    codebook.doc.transact(() => [code('support', 'Support', 0, '#009E73'), code('push', 'Push models', 1, '#E69F00')].forEach((c) => addCode(codebook.doc, c)));
    const text = await open(`text:${projectId}:${docs.p2}`);
    const layer = await open(`layer:${projectId}:${docs.p2}:${anaId}`);
    const phrase = 'The district sent us a toolkit';
    const start = texts.p2.indexOf(phrase);
    addCoding(layer.doc, { id: 'k1', codeId: 'push', anchor: createSpanAnchor(transcriptText(text.doc), start, start + phrase.length), memo: 'A push from above, not asked for', at: Date.now() - 86_400_000 });
    await waitFor(async () => (await owner.get(`/api/projects/${projectId}/memos?kind=coding`)).body.total === 1, 5000, 'the coding memo to be stored');
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  async function openMemos(who: ApiClient, query = ''): Promise<{ page: Page; errors: string[] }> {
    const opened = await openSignedIn(browser, server.httpUrl, who, `/projects/${projectId}/explore/memos${query}`, { width: 1440, height: 900 });
    await opened.page.getByRole('heading', { name: 'Memos', level: 3 }).waitFor();
    return opened;
  }
  const titles = (page: Page) => page.locator('article.memo h4').allTextContents();
  const count = (page: Page) => page.locator('.list-head .count').textContent();

  /** Writes a memo through the "New memo" dialog, by keyboard. */
  async function writeMemo(page: Page, about: string, title: string, text: string): Promise<void> {
    await page.getByRole('button', { name: 'New memo' }).click();
    const dialog = page.getByRole('dialog', { name: 'New memo' });
    await dialog.getByLabel('About').selectOption({ label: about });
    await dialog.getByLabel('Title').fill(title);
    await dialog.getByLabel('Memo').fill(text);
    await dialog.getByRole('button', { name: 'Save memo' }).press('Enter');
    await dialog.waitFor({ state: 'hidden' });
  }

  it('writes a project memo and a document memo, finds them by search, and changes and deletes one with confirmation', async () => {
    const { page, errors } = await openMemos(owner);
    await expect.poll(() => titles(page)).toEqual(['Push models']);
    await writeMemo(page, 'The whole project', 'Sampling plan', 'Recruit two more teachers from the district.');
    await expect.poll(() => titles(page)).toEqual(['Sampling plan', 'Push models']);
    // The saved memo takes focus, so a keyboard user is where the new memo is.
    await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector('h4')?.textContent)).toBe('Sampling plan');
    await writeMemo(page, 'P1 nurse', 'Why P1 differs', 'She came from the county office, not a school.');
    await expect.poll(() => titles(page)).toEqual(['Why P1 differs', 'Sampling plan', 'Push models']);
    const documentMemo = page.locator('article.memo').first();
    expect(await documentMemo.locator('.kind').textContent()).toBe('Document memo');
    expect(await documentMemo.locator('.meta').textContent()).toMatch(/Pat Lee \(you\)\s*·\s*about P1 nurse\s*·/);

    // Search: case and accents do not matter; the filter is kept in the address.
    await page.getByRole('searchbox', { name: 'Search memos' }).fill('DISTRICT');
    await page.getByRole('searchbox', { name: 'Search memos' }).press('Enter');
    await expect.poll(() => titles(page)).toEqual(['Sampling plan']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('DISTRICT');
    await page.getByRole('searchbox', { name: 'Search memos' }).fill('county');
    await page.getByRole('searchbox', { name: 'Search memos' }).press('Enter');
    await expect.poll(() => titles(page)).toEqual(['Why P1 differs']);
    await page.getByLabel('Kind').selectOption({ label: 'Project memos' });
    await page.getByRole('heading', { name: 'No memos match' }).waitFor();
    expect(new URL(page.url()).search).toBe('?q=county&kind=project');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => titles(page)).toEqual(['Why P1 differs', 'Sampling plan', 'Push models']);

    // Edit, then delete with confirmation.
    await page.getByRole('button', { name: 'Edit “Sampling plan”' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit memo' });
    await edit.getByLabel('Title').fill('Sampling plan, revised');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => titles(page)).toEqual(['Why P1 differs', 'Sampling plan, revised', 'Push models']);
    await page.getByRole('button', { name: 'Delete “Why P1 differs”' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this memo?' });
    await confirm.getByRole('button', { name: 'Delete memo' }).click();
    await expect.poll(() => titles(page)).toEqual(['Sampling plan, revised', 'Push models']);
    expect(await count(page)).toContain('2 memos');
    // The owner cannot edit the coder's coding memo here (it is changed in the transcript).
    expect(await page.getByRole('button', { name: /^Edit “Push models”/ }).count()).toBe(0);

    // The History tab says what happened, in words.
    await page.goto(`${server.httpUrl}/projects/${projectId}/history?type=memos`);
    // One person's changes close together are folded into a run: open it.
    const run = page.getByRole('button', { expanded: false, name: /^Pat Lee made 4 changes/ });
    await run.click();
    const sentences = page.locator('li.event .sentence');
    await expect
      .poll(async () => (await sentences.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim()))
      .toEqual(
        expect.arrayContaining([
          'Pat Lee wrote the project memo “Sampling plan”',
          'Pat Lee wrote the memo “Why P1 differs” in P1 nurse',
          'Pat Lee renamed the project memo “Sampling plan” to “Sampling plan, revised”',
          'Pat Lee deleted the memo “Why P1 differs” in P1 nurse',
        ]),
      );
    expect(errors).toEqual([]);
  });

  it('opens a coding memo’s passage in the transcript, framed at the span', async () => {
    const { page, errors } = await openMemos(ana, '?kind=coding');
    await expect.poll(() => titles(page)).toEqual(['Push models']);
    const memo = page.locator('article.memo').first();
    expect(await memo.locator('blockquote').textContent()).toBe('The district sent us a toolkit');
    expect(await memo.locator('.text').textContent()).toBe('A push from above, not asked for');
    await memo.getByRole('link', { name: /^Open the passage/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/documents/${docs.p2}?at=*`);
    const framed = page.locator('[aria-label="Transcript text"] .focused');
    await expect.poll(async () => (await framed.allTextContents()).join('')).toBe('The district sent us a toolkit');
    expect(errors).toEqual([]);
  });
});

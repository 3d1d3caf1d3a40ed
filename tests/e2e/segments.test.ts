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
  p1: 'Interviewer: How did the project start?\nParticipant: We asked them for help, and then we built the plan together with the county.\nInterviewer: What got in the way?\nParticipant: The cost of training was high, and staff had no time for it.\n',
  p2: 'Interviewer: How did the project start?\nParticipant: The district sent us a toolkit and told us to use it.\nInterviewer: What got in the way?\nParticipant: Money, mostly. Nobody paid for the hours we spent.\n',
};
const code = (id: string, name: string, order: number, colour: string): Code => codeFixture(id, { name, order, colour });

describe.runIf(ready)('the coded segments list in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let owner: ApiClient;
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
    const ana = new ApiClient(server.httpUrl);
    const anaId = await ana.signIn('ana@example.org', 'Ana Ortiz');
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await ana.post(`/api/invites/${invite}/accept`);
    const token = (await ana.post('/api/tokens', { name: 'ws' })).body.token as string;
    const open = (room: string) => openSynced(server.syncUrl, clients, room, token);
    const codebook = await open(`project:${projectId}`);
    codebook.doc.transact(() => [code('support', 'Support', 0, '#009E73'), code('cost', 'Cost', 1, '#E69F00')].forEach((c) => addCode(codebook.doc, c)));
    const plan: ['p1' | 'p2', string, string, string][] = [
      ['p1', 'We asked them for help', 'support', 'Asked the county first'],
      ['p1', 'The cost of training was high', 'cost', ''],
      ['p2', 'Nobody paid for the hours we spent', 'cost', 'Unpaid time again'],
    ];
    for (const key of ['p1', 'p2'] as const) {
      const text = await open(`text:${projectId}:${docs[key]}`);
      const layer = await open(`layer:${projectId}:${docs[key]}:${anaId}`);
      plan.forEach(([document, phrase, codeId, memo], i) => {
        if (document !== key) return;
        const start = texts[key].indexOf(phrase);
        addCoding(layer.doc, { id: `k${i}`, codeId, anchor: createSpanAnchor(transcriptText(text.doc), start, start + phrase.length), memo, at: Date.now() });
      });
    }
    await waitFor(async () => (await owner.get(`/api/projects/${projectId}/segments`)).body.total === plan.length, 5000, 'the codings to be stored');
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  async function openList(query = ''): Promise<{ page: Page; errors: string[] }> {
    const opened = await openSignedIn(browser, server.httpUrl, owner, `/projects/${projectId}/explore/segments${query}`, { width: 1440, height: 900 });
    await opened.page.getByRole('heading', { name: 'Filters', exact: true }).waitFor();
    return opened;
  }
  const count = (page: Page) => page.locator('.toolbar .count strong').textContent();
  const quotes = (page: Page) => page.locator('.row mark').allTextContents();

  it('filters by a code, keeps the filter in the address, and opens the transcript framed at a row’s passage', async () => {
    const { page, errors } = await openList();
    await expect.poll(() => count(page)).toBe('3 segments in 2 documents');
    await page.getByRole('checkbox', { name: 'Cost' }).check();
    await expect.poll(() => count(page)).toBe('2 segments in 2 documents');
    expect(await quotes(page)).toEqual(['The cost of training was high', 'Nobody paid for the hours we spent']);
    expect(new URL(page.url()).search).toBe('?codeId=cost');
    // Each row says who coded what, where, and what the memo says.
    const second = page.locator('.row').nth(1);
    expect(await second.locator('.meta .what').textContent()).toBe('Cost in P2 teacher');
    expect(await second.locator('.meta .who').textContent()).toMatch(/^\s*Ana Ortiz\s*·\s*\S/);
    expect(await second.locator('.memo').textContent()).toContain('Unpaid time again');
    // The exports are of this selection.
    expect(await page.getByRole('link', { name: 'Excel' }).getAttribute('href')).toBe(`/api/projects/${projectId}/segments?codeId=cost&format=xlsx`);

    await second.getByRole('link', { name: /^Open in transcript/ }).click();
    await page.waitForURL(`**/documents/${docs.p2}?at=*`);
    const framed = page.locator('[aria-label="Transcript text"] .focused');
    await expect.poll(async () => (await framed.allTextContents()).join('')).toBe('Nobody paid for the hours we spent');
    // Back returns to the filtered list.
    await page.goBack();
    await expect.poll(() => count(page)).toBe('2 segments in 2 documents');
    expect(await page.getByRole('checkbox', { name: 'Cost' }).isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('is worked by keyboard: memo search with Enter, ↓ between rows, chips to remove a filter', async () => {
    const { page, errors } = await openList(`?documentId=${docs.p1}`);
    await expect.poll(() => count(page)).toBe('2 segments in 1 document');
    await page.getByRole('searchbox', { name: 'Memo contains' }).focus();
    await page.keyboard.type('COUNTY');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page)).toBe('1 segment in 1 document');
    expect(new URL(page.url()).searchParams.get('q')).toBe('COUNTY');
    await page.getByRole('button', { name: 'Remove filter: Memo: “COUNTY”' }).press('Enter');
    await expect.poll(() => count(page)).toBe('2 segments in 1 document');
    const links = page.locator('a[data-segment-link]');
    await links.first().focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-index]')?.getAttribute('data-index'))).toBe('1');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-index]')?.getAttribute('data-index'))).toBe('0');
    expect(errors).toEqual([]);
  });

  it('says clearly when nothing matches, and offers to clear the filters', async () => {
    const { page, errors } = await openList('?q=nothing-like-this');
    await page.getByRole('heading', { name: 'No segments match these filters' }).waitFor();
    await page.getByRole('button', { name: 'Clear all filters' }).click();
    await expect.poll(() => count(page)).toBe('3 segments in 2 documents');
    expect(new URL(page.url()).search).toBe('');
    expect(errors).toEqual([]);
  });
});

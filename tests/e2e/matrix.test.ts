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
  P01: 'Interviewer: How did it start?\nNurse: We had no money for training. The cost was high, but we hoped it would change.\nInterviewer: And then?\nNurse: Then the managers listened, and hope came back.',
  P02: 'Interviewer: What helped?\nManager: Money helped. We paid for coaching, and people hoped again.\nInterviewer: Anything else?\nManager: No.',
};
type Doc = keyof typeof texts;
const plan: readonly { doc: Doc; code: string; words: string }[] = [
  { doc: 'P01', code: 'barriers', words: 'no money for training' },
  { doc: 'P01', code: 'cost', words: 'The cost was high, but we hoped' },
  { doc: 'P01', code: 'hope', words: 'we hoped it would change' },
  { doc: 'P01', code: 'hope', words: 'hope came back' },
  { doc: 'P02', code: 'hope', words: 'people hoped again' },
];
const code = (id: string, name: string, parentId: string | null, order: number, colour: string): Code => codeFixture(id, { name, parentId, order, colour });

/**
 * The Matrix view (issue 11, must-show 1: "matrix cell → retrieval list"): a number in the matrix
 * opens the coded-segments list filtered to exactly that cell, by mouse and by keyboard, and the
 * view's settings live in the address.
 */
describe.runIf(ready)('the code matrix in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let owner: ApiClient;
  let projectId: string;
  const docs = {} as Record<Doc, string>;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    owner = new ApiClient(server.httpUrl);
    await owner.signIn('pi@example.org', 'Pat Lee');
    projectId = (await owner.post('/api/projects', { name: 'Matrix study' })).body.id;
    for (const doc of Object.keys(texts) as Doc[]) docs[doc] = (await owner.post(`/api/projects/${projectId}/documents`, { name: doc, text: texts[doc] })).body.id;
    await owner.request('POST', `/api/projects/${projectId}/attributes/import`, 'Participant,Role\nP01,nurse\nP02,manager\n', { 'content-type': 'text/csv' });
    const ana = new ApiClient(server.httpUrl);
    const anaId = await ana.signIn('ana@example.org', 'Ana Ortiz');
    await ana.post(`/api/invites/${(await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code}/accept`);
    const token = (await ana.post('/api/tokens', { name: 'ws' })).body.token as string;
    const open = (room: string) => openSynced(server.syncUrl, clients, room, token);
    const codebook = await open(`project:${projectId}`);
    codebook.doc.transact(() => [code('hope', 'Hope', null, 0, '#009E73'), code('barriers', 'Barriers', null, 1, '#D55E00'), code('cost', 'Cost', 'barriers', 0, '#E69F00'), code('fear', 'Fear', null, 2, '#56B4E9')].forEach((c) => addCode(codebook.doc, c)));
    for (const doc of Object.keys(texts) as Doc[]) {
      const text = await open(`text:${projectId}:${docs[doc]}`);
      const layer = await open(`layer:${projectId}:${docs[doc]}:${anaId}`);
      plan.forEach((p, i) => {
        if (p.doc !== doc) return;
        const start = texts[doc].indexOf(p.words);
        addCoding(layer.doc, { id: `k${i}`, codeId: p.code, anchor: createSpanAnchor(transcriptText(text.doc), start, start + p.words.length), at: Date.now() });
      });
    }
    await waitFor(async () => (await owner.get(`/api/projects/${projectId}/matrix`)).body.codings === plan.length, 5000, 'the codings to be stored');
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  async function openMatrix(query = ''): Promise<{ page: Page; errors: string[] }> {
    const opened = await openSignedIn(browser, server.httpUrl, owner, `/projects/${projectId}/explore/matrix${query}`, { width: 1440, height: 900 });
    await opened.page.locator('table.matrix').waitFor();
    return opened;
  }
  const cell = (page: Page, code: string, column: string) => page.getByRole('link', { name: new RegExp(`of ${code} (in|by|where|with) ${column}:`) });
  /** The retrieval list, once it has counted: its count line and its quotes. */
  async function listed(page: Page): Promise<{ count: string; quotes: string[] }> {
    await page.getByRole('heading', { name: 'Filters' }).waitFor();
    const count = page.locator('.toolbar .count strong');
    await count.waitFor();
    await page.locator('.row mark').first().waitFor();
    return { count: (await count.textContent())!, quotes: await page.locator('.row mark').allTextContents() };
  }

  it('opens the retrieval list filtered to a code × document cell', async () => {
    const { page, errors } = await openMatrix();
    expect((await page.locator('table.matrix tbody th').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['Hope', 'Barriers', 'Cost, under Barriers', 'Fear']);
    const hopeP01 = cell(page, 'Hope', 'P01');
    expect(await hopeP01.textContent()).toBe('2');
    await hopeP01.click();
    await page.waitForURL((url) => url.pathname.endsWith('/explore/segments'));
    const search = new URL(page.url()).searchParams;
    expect(search.get('codeId')).toBe('hope');
    expect(search.get('documentId')).toBe(docs.P01);
    // The list shows exactly the cell's codings.
    const list = await listed(page);
    expect(list.count).toBe('2 segments in 1 document');
    expect(list.quotes.sort()).toEqual(['hope came back', 'we hoped it would change']);
    expect(errors).toEqual([]);
  });

  it('opens a co-occurrence cell and an attribute cell from the keyboard, settings kept in the address', async () => {
    const { page, errors } = await openMatrix('?cols=codes');
    // Only Ana's cost and hope codings overlap: one pair, hope × cost.
    const pair = cell(page, 'Hope', 'Cost');
    expect(await pair.textContent()).toBe('1');
    await pair.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.endsWith('/explore/segments'));
    const search = new URL(page.url()).searchParams;
    expect([search.get('codeId'), search.get('cooccursWith'), search.get('cooccurrenceBy')]).toEqual(['hope', 'cost', 'same']);
    expect((await listed(page)).quotes).toEqual(['we hoped it would change']);

    await page.goBack();
    await page.locator('table.matrix').waitFor();
    // Changing what the columns are rewrites the address; a reload keeps it.
    await page.getByLabel('Codes against').selectOption({ label: 'Attribute: Role' });
    await page.waitForURL((url) => url.searchParams.get('cols') === 'attr.role');
    await page.reload();
    await page.locator('table.matrix').waitFor();
    expect((await page.locator('table.matrix thead th').allTextContents()).map((t) => t.trim())).toEqual(['Code', 'manager', 'nurse', 'Total']);
    // Arrow keys move between the numbers; Enter opens one.
    await cell(page, 'Hope', 'manager').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('2 codings of Hope where nurse: list them');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.endsWith('/explore/segments'));
    expect(new URL(page.url()).searchParams.get('attr.role')).toBe('nurse');
    const list = await listed(page);
    expect(list.count).toBe('2 segments in 1 document');
    expect(errors).toEqual([]);
  });

  it('downloads the matrix as shown, with its caption', async () => {
    const { page, errors } = await openMatrix('?cols=coders&hideEmpty=true');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('matrix-coders-count.csv');
    const text = await new Promise<string>((resolve, reject) => {
      void file.createReadStream().then((stream) => {
        let out = '';
        stream.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
        stream.on('end', () => resolve(out));
        stream.on('error', reject);
      }, reject);
    });
    // Fear, coded nowhere, is hidden on the page and so left out of the file; the caption closes it.
    expect(await page.locator('table.matrix tbody th').allTextContents()).not.toContain('Fear');
    expect(text.split('\r\n').slice(0, 5)).toEqual(['Code,Parent code,Ana Ortiz,Total', 'Hope,,3,3', 'Barriers,,1,1', 'Cost,Barriers,1,1', 'Total,,5,5']);
    expect(text).toContain('Codings of each code by each coder.');
    expect(errors).toEqual([]);
  });
});

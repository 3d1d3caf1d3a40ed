import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codePalette, type Code } from '../../shared/model/codebook.ts';
import { addCode, codesMap, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { codeFixture } from '../support/code-fixture.ts';

const ready = browserTestsReady();

const code = (id: string, name: string, colour: string, order: number, createdBy: string): Code => codeFixture(id, { name, shortName: '', colour, order, definition: `${name}.`, createdBy });

/**
 * Issue 11, fixes 1 and 2, in the codebook editor: the delete dialog counts the documents that
 * hold the code's codings, and "New code" writes nothing to the shared codebook until it is saved.
 */
describe.runIf(ready)('the codebook editor’s delete and new-code fixes', () => {
  let server: TestServer;
  let browser: Browser;
  const sockets: SyncClient[] = [];
  const owner = {} as { api: ApiClient; id: string; token: string };
  const coder = {} as { id: string; token: string };
  let projectId: string;
  const documentIds: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    owner.api = new ApiClient(server.httpUrl);
    owner.id = await owner.api.signIn('ana@example.org', 'Ana Owner');
    owner.token = (await owner.api.post('/api/tokens', { name: 'ws' })).body.token;
    projectId = (await owner.api.post('/api/projects', { name: 'Codebook fixes' })).body.id;
    for (const name of ['P01', 'P02', 'P03']) {
      documentIds.push((await owner.api.post(`/api/projects/${projectId}/documents`, { name, text: `${name}: We built trust with the county teams over many months of joint work.` })).body.id);
    }
    // A second member, Ben, whose stock client reads the codebook room as the server sends it.
    const ben = new ApiClient(server.httpUrl);
    coder.id = await ben.signIn('ben@example.org', 'Ben Coder');
    const invite = (await owner.api.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    expect((await ben.post(`/api/invites/${invite}/accept`)).status).toBeLessThan(300);
    coder.token = (await ben.post('/api/tokens', { name: 'ws' })).body.token;

    const codebook = createSyncClient(server.syncUrl, `project:${projectId}`, { token: owner.token });
    sockets.push(codebook);
    await waitForSynced(codebook);
    codebook.doc.transact(() => {
      addCode(codebook.doc, code('trust', 'Trust', codePalette[0], 1, owner.id));
      addCode(codebook.doc, code('joint', 'Joint work', codePalette[1], 2, owner.id));
    });
    // Two codings of "Trust" in P01 only; P02 and P03 have none.
    const text = createSyncClient(server.syncUrl, `text:${projectId}:${documentIds[0]}`, { token: owner.token });
    const layer = createSyncClient(server.syncUrl, `layer:${projectId}:${documentIds[0]}:${owner.id}`, { token: owner.token });
    sockets.push(text, layer);
    await Promise.all([waitForSynced(text), waitForSynced(layer)]);
    const ytext = transcriptText(text.doc);
    const at = ytext.toString().indexOf('trust');
    addCoding(layer.doc, { id: 'c1', codeId: 'trust', anchor: createSpanAnchor(ytext, at, at + 5), at: Date.now() });
    addCoding(layer.doc, { id: 'c2', codeId: 'trust', anchor: createSpanAnchor(ytext, at + 6, at + 10), at: Date.now() });
    await waitFor(async () => (await owner.api.get(`/api/projects/${projectId}/codes/trust/usage`)).body.codings === 2, 5000, 'the codings to be counted');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await browser?.close();
    await server?.close();
  });

  async function openCodebook(): Promise<{ page: Page; errors: string[] }> {
    const opened = await openSignedIn(browser, server.httpUrl, owner.api, `/projects/${projectId}/codebook`, { width: 1280, height: 900 });
    await opened.page.getByRole('navigation', { name: 'Codes' }).getByRole('button', { name: /Trust/ }).waitFor();
    return opened;
  }

  it('says how many documents hold the code’s codings, not how many the project has', async () => {
    const { page, errors } = await openCodebook();
    await page.getByRole('navigation', { name: 'Codes' }).getByRole('button', { name: /Trust/ }).click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Trust”?' });
    await dialog.getByText(/codings? in/).waitFor();
    expect((await dialog.locator('p').first().textContent())?.replace(/\s+/g, ' ').trim()).toBe('2 codings in 1 document use this code and will show as “Deleted code” until recoded.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // A code nobody applied says so, without a document count.
    await page.getByRole('navigation', { name: 'Codes' }).getByRole('button', { name: /Joint work/ }).click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const unused = page.getByRole('dialog', { name: 'Delete “Joint work”?' });
    await unused.getByText('use this code').waitFor();
    expect((await unused.locator('p').first().textContent())?.replace(/\s+/g, ' ').trim()).toBe('0 codings use this code.');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('never shows another member a half-made code: "New code" writes the code only when it is created', async () => {
    // Every code name Ben's replica ever holds, as each update arrives.
    const reader = createSyncClient(server.syncUrl, `project:${projectId}`, { token: coder.token });
    sockets.push(reader);
    await waitForSynced(reader);
    const seen = new Set<string>();
    const record = () => readCodes(reader.doc).forEach((c) => seen.add(c.name));
    record();
    codesMap(reader.doc).observeDeep(record);
    const stored = () => server.server.registry.read(`project:${projectId}`, (doc) => readCodes(doc).map((c) => c.name).sort());

    const { page, errors } = await openCodebook();
    // Opened, typed into and closed with Escape; opened, typed into and left for another page.
    await page.getByRole('button', { name: 'New code' }).click();
    const dialog = page.getByRole('dialog', { name: 'New code' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Half typed');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'New code' }).click();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Also abandoned');
    await page.goto(`${server.httpUrl}/projects/${projectId}`);
    await page.getByRole('heading', { name: 'Documents', exact: true }).waitFor();

    // Created: Ben receives it, with a colour no other code has. Updates from one browser arrive
    // in order, so a placeholder written before it would have reached Ben first.
    await page.getByRole('link', { name: 'Codebook', exact: true }).click();
    await page.getByRole('button', { name: 'New code' }).click();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Relational work');
    await dialog.getByRole('textbox', { name: /Short name/ }).fill('REL');
    await dialog.getByRole('button', { name: 'Create code' }).click();
    await waitFor(() => seen.has('Relational work'), 5000, 'Ben to receive the new code');
    await page.getByRole('heading', { level: 3, name: 'Relational work' }).waitFor();

    expect([...seen].sort()).toEqual(['Joint work', 'Relational work', 'Trust']);
    expect(await stored()).toEqual(['Joint work', 'Relational work', 'Trust']);
    const created = readCodes(reader.doc).find((c) => c.name === 'Relational work')!;
    expect(created).toMatchObject({ shortName: 'REL', parentId: null, order: 3, createdBy: owner.id });
    expect(created.colour).toBe(codePalette[2]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('makes a sub-code under the code it was asked from, again only when created', async () => {
    const { page, errors } = await openCodebook();
    await page.getByRole('navigation', { name: 'Codes' }).getByRole('button', { name: /Trust/ }).click();
    await page.getByRole('button', { name: 'Add sub-code' }).click();
    const dialog = page.getByRole('dialog', { name: 'New sub-code' });
    expect(await dialog.getByRole('combobox', { name: 'Parent' }).inputValue()).toBe('trust');
    // Creating without a name is refused in the dialog; nothing is written.
    await dialog.getByRole('button', { name: 'Create code' }).click();
    await dialog.getByText('Enter the code’s name.').waitFor();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Distrust');
    await dialog.getByRole('button', { name: 'Create code' }).click();
    await page.getByRole('heading', { level: 3, name: 'Distrust' }).waitFor();
    const codes = await server.server.registry.read(`project:${projectId}`, (doc) => readCodes(doc));
    expect(codes.find((c) => c.name === 'Distrust')).toMatchObject({ parentId: 'trust' });
    expect(codes.map((c) => c.name)).not.toContain('');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

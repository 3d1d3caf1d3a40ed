import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import * as Y from 'yjs';
import { addCoding, codingsMap, readCodings } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir, selectPhrase } from '../support/browser.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

const transcript = [
  'Interviewer: How did the support for the new programme start?',
  'P01: They pushed a toolkit on us at first. Everybody went to the three-day training and filled in the checklists.',
  'Interviewer: And later?',
  'P01: Later we asked them for help with our referral numbers, and then we built the plan together with the county teams.',
].join('\n\n');
const password = 'a long enough password';


describe.runIf(ready)('live coding in two browsers', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sockets: SyncClient[] = [];
  const team = {} as { projectId: string; documentId: string; ana: { id: string; email: string; token: string }; ben: { id: string; email: string; token: string } };

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    // Owner Ana and coder Ben, set up through the REST API; the project is in open coding mode.
    const ana = new ApiClient(server.httpUrl);
    const anaId = await ana.signIn('ana@example.org', 'Ana', password);
    const projectId = (await ana.post('/api/projects', { name: 'Live coding' })).body.id as string;
    expect((await ana.get(`/api/projects/${projectId}`)).body.codingMode).toBe('open');
    const documentId = (await ana.post(`/api/projects/${projectId}/documents`, { name: 'P01 interview', text: transcript })).body.id as string;
    const ben = new ApiClient(server.httpUrl);
    const benId = await ben.signIn('ben@example.org', 'Ben', password);
    const invite = (await ana.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    expect((await ben.post(`/api/invites/${invite}/accept`)).status).toBeLessThan(300);
    const anaToken = (await ana.post('/api/tokens', { name: 'ws' })).body.token as string;
    const benToken = (await ben.post('/api/tokens', { name: 'ws' })).body.token as string;
    Object.assign(team, { projectId, documentId, ana: { id: anaId, email: 'ana@example.org', token: anaToken }, ben: { id: benId, email: 'ben@example.org', token: benToken } });

    // The codebook, written over a socket like the codebook editor does.
    const codebook = createSyncClient(server.syncUrl, `project:${projectId}`, { token: anaToken });
    sockets.push(codebook);
    await waitForSynced(codebook);
    codebook.doc.transact(() => {
      for (const [id, name, shortName, colour, order] of [
        ['push', 'Push', 'PSH', '#E69F00', 1],
        ['pull', 'Pull', 'PUL', '#56B4E9', 2],
        ['cocreation', 'Co-creation', 'CO', '#009E73', 3],
      ] as const) {
        addCode(codebook.doc, { id, name, shortName, colour, parentId: null, order, definition: `${name} support`, inclusion: '', exclusion: '', examples: [], isStage: true, stageOrder: order, domain: 'Support', createdAt: '', createdBy: anaId });
      }
    });
    await waitFor(async () => (await server.store.logSize(`project:${projectId}`)).rows > 0, 5000, 'the codebook to be stored');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function openAs(user: { email: string }, errors: string[]): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    // page.evaluate callbacks are compiled by tsx, whose name helper does not exist in the page.
    await context.addInitScript('window.__name = (f) => f');
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (error) => errors.push(`${user.email}: ${error.message}`));
    expect((await page.request.post(`${server.httpUrl}/api/auth/login`, { data: { email: user.email, password } })).status()).toBe(200);
    await page.goto(`${server.httpUrl}/projects/${team.projectId}/documents/${team.documentId}`);
    await page.getByRole('region', { name: 'Transcript text' }).getByText('They pushed a toolkit on us').waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    return page;
  }

  it('shows A’s coding to B within a second, B’s selection to A, and keeps B out of A’s layer in the UI and on the socket', async () => {
    const errors: string[] = [];
    const a = await openAs(team.ana, errors);
    const b = await openAs(team.ben, errors);

    // A selects a passage; the palette opens; A filters to "Pull" and applies it with Enter.
    const phrase = 'we asked them for help with our referral numbers';
    await selectPhrase(a, phrase);
    const palette = a.getByRole('dialog', { name: 'Apply a code to the selected text' });
    await palette.waitFor();
    await a.keyboard.type('pul');
    await expect.poll(() => palette.getByRole('option', { selected: true }).textContent()).toContain('Pull');
    await a.keyboard.press('Enter');
    const appliedAt = Date.now();
    await a.getByRole('button', { name: /^Pull, coded by You/ }).waitFor();

    // B sees it, in A's lane, within a second: the margin bar and the highlighted text.
    const bar = b.getByRole('button', { name: /^Pull, coded by Ana: “we asked them for help with our referral numbers”/ });
    await bar.waitFor({ timeout: 3000 });
    const seenAfter = Date.now() - appliedAt;
    expect(seenAfter).toBeLessThan(1000);
    await expect.poll(() => b.locator('.run.coded', { hasText: 'referral numbers' }).count()).toBeGreaterThan(0);
    expect(await b.locator('.run.coded', { hasText: 'referral numbers' }).first().getAttribute('title')).toContain('Pull (Ana)');

    // B selects text; A sees B's selection in B's colour with B's name.
    await selectPhrase(b, 'built the plan together');
    await b.getByRole('dialog', { name: 'Apply a code to the selected text' }).waitFor();
    await a.locator('.tag-name', { hasText: 'Ben' }).waitFor();
    expect(await a.locator('.run[title*="Ben is selecting this"]').first().textContent()).toContain('built the plan together');
    expect(await a.getByRole('list', { name: /Also here/ }).getAttribute('aria-label')).toContain('Ben');
    await b.keyboard.press('Escape');

    // In B's browser, A's lane offers no edit: the card of A's coding is read-only.
    await bar.click();
    const card = b.getByRole('dialog', { name: 'Pull' });
    await card.waitFor();
    await card.getByText('Read-only: only Ana can change this coding.').waitFor();
    expect(await card.getByRole('button', { name: 'Delete coding' }).count()).toBe(0);
    expect(await card.getByRole('textbox', { name: 'Memo' }).count()).toBe(0);
    expect(await card.getByRole('combobox', { name: 'Code' }).count()).toBe(0);
    // …and Delete on the selected foreign coding does nothing. A deletion would change B's own
    // replica at once, inside the key handler: once B has painted a frame after it, it would show.
    await b.keyboard.press('Escape');
    await b.keyboard.press('Delete');
    await b.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await bar.count()).toBe(1);
    expect(await a.getByRole('button', { name: /^Pull, coded by You/ }).count()).toBe(1);

    // At the websocket level: a stock client with B's token writes into A's layer; the server keeps none of it.
    const layerRoom = `layer:${team.projectId}:${team.documentId}:${team.ana.id}`;
    const transcriptSocket = createSyncClient(server.syncUrl, `text:${team.projectId}:${team.documentId}`, { token: team.ben.token });
    const intruder = createSyncClient(server.syncUrl, layerRoom, { token: team.ben.token });
    sockets.push(transcriptSocket, intruder);
    await Promise.all([waitForSynced(transcriptSocket), waitForSynced(intruder)]);
    let denied = '';
    intruder.provider.messageHandlers[2] = (_encoder, decoder) => {
      denied = new TextDecoder().decode(decoder.arr.subarray(decoder.pos));
    };
    expect(codingsMap(intruder.doc).size).toBe(1); // B may read A's layer in open mode
    const start = transcript.indexOf('pushed a toolkit');
    addCoding(intruder.doc, { id: 'written-by-ben', codeId: 'push', anchor: createSpanAnchor(transcriptText(transcriptSocket.doc), start, start + 16), at: Date.now() });
    await waitFor(() => denied.includes('read-only'), 3000, 'the permission-denied notice');
    const stored = await server.server.registry.read(layerRoom, (doc) => [...codingsMap(doc).keys()]);
    expect(stored).toHaveLength(1);
    expect(stored).not.toContain('written-by-ben');
    expect(errors).toEqual([]);
  });

  it('opens at a passage linked from elsewhere (?at=start-end), framed until Esc', async () => {
    const errors: string[] = [];
    const page = await openAs(team.ben, errors);
    // Offsets into the stored transcript, as a pathway's quote carries them.
    const reader = createSyncClient(server.syncUrl, `text:${team.projectId}:${team.documentId}`, { token: team.ben.token });
    sockets.push(reader);
    await waitForSynced(reader);
    const phrase = 'we built the plan together';
    const start = transcriptText(reader.doc).toString().indexOf(phrase);
    expect(start).toBeGreaterThan(0);
    await page.goto(`${server.httpUrl}/projects/${team.projectId}/documents/${team.documentId}?at=${start}-${start + phrase.length}`);
    const framed = page.locator('.transcript .focused, [aria-label="Transcript text"] .focused');
    await expect.poll(async () => (await framed.allTextContents()).join('')).toBe(phrase);
    await page.keyboard.press('Escape');
    await expect.poll(() => framed.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('lets a coder change the span of their own coding by selecting new text, undoably', async () => {
    const errors: string[] = [];
    const a = await openAs(team.ana, errors);
    const layerRoom = `layer:${team.projectId}:${team.documentId}:${team.ana.id}`;
    // The server's own copy of both rooms, read the way agreement reads them.
    const storedSpans = async () => {
      const text = await server.server.registry.read(`text:${team.projectId}:${team.documentId}`, (doc) => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        return copy;
      });
      return server.server.registry.read(layerRoom, (layer) => readCodings(layer, text, team.ana.id).map((c) => transcript.slice(c.start ?? 0, c.end ?? 0)));
    };
    await a.getByRole('button', { name: /^Pull, coded by You/ }).click();
    const card = a.getByRole('dialog', { name: 'Pull' });
    await card.getByRole('button', { name: 'Change span…' }).click();
    await a.getByText('Changing a span:').waitFor();
    await selectPhrase(a, 'asked them for help');
    await expect.poll(storedSpans).toContain('asked them for help');
    // The palette did not open: the selection went to the span, not to a new coding.
    expect(await a.getByRole('dialog', { name: 'Apply a code to the selected text' }).count()).toBe(0);
    await a.keyboard.press('Control+z');
    await expect.poll(storedSpans).toContain('we asked them for help with our referral numbers');
    expect(errors).toEqual([]);
  });

  it('measures bars and takes clicks at the coding itself, also where two alike codings meet in one run', async () => {
    // Two of Ana's codings with the same code, end to end: drawn alike, so as one run of text,
    // the second starting on a later line than the run.
    const text = createSyncClient(server.syncUrl, `text:${team.projectId}:${team.documentId}`, { token: team.ana.token });
    const layer = createSyncClient(server.syncUrl, `layer:${team.projectId}:${team.documentId}:${team.ana.id}`, { token: team.ana.token });
    sockets.push(text, layer);
    await Promise.all([waitForSynced(text), waitForSynced(layer)]);
    const first = transcript.indexOf('They pushed a toolkit');
    const middle = transcript.indexOf('checklists');
    const end = middle + 'checklists'.length;
    layer.doc.transact(() => {
      addCoding(layer.doc, { id: 'toolkit', codeId: 'push', anchor: createSpanAnchor(transcriptText(text.doc), first, middle), at: Date.now() });
      addCoding(layer.doc, { id: 'checklists', codeId: 'push', anchor: createSpanAnchor(transcriptText(text.doc), middle, end), at: Date.now() + 1 });
    });
    const errors: string[] = [];
    const a = await openAs(team.ana, errors);
    const run = a.locator('.run.coded', { hasText: 'pushed a toolkit' });
    await expect.poll(() => run.textContent()).toBe(transcript.slice(first, end));
    const firstBar = a.getByRole('button', { name: /^Push, coded by You: “They pushed a toolkit/ });
    const secondBar = a.getByRole('button', { name: /^Push, coded by You: “checklists/ });
    await secondBar.waitFor();

    // Where each coding's first character is, and where its bar begins.
    const boxOf = (word: string) =>
      run.evaluate((element, word) => {
        const node = element.firstChild!;
        const at = node.textContent!.indexOf(word);
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const box = range.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2, top: box.top };
      }, word);
    const [They, checklists] = [await boxOf('They'), await boxOf('checklists')];
    expect(checklists.top - They.top, 'the second coding starts on a later line').toBeGreaterThan(10);
    await expect.poll(async () => Math.abs((await secondBar.boundingBox())!.y - checklists.top)).toBeLessThan(3);
    expect(Math.abs((await firstBar.boundingBox())!.y - They.top)).toBeLessThan(3);

    // A click on "checklists" selects the second coding, though the run begins in the first.
    await a.mouse.click(checklists.x, checklists.y);
    await expect.poll(() => secondBar.getAttribute('aria-pressed')).toBe('true');
    expect(await firstBar.getAttribute('aria-pressed')).toBe('false');
    expect(errors).toEqual([]);
  });
});

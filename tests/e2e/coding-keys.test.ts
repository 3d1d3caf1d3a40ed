import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { leastUsedCodeColour, type Code } from '../../shared/model/codebook.ts';
import { addCode, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { readCodings } from '../../shared/ydoc/layer-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir as clientDir, launchBrowser, selectPhrase } from '../support/browser.ts';
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
const paletteName = 'Apply a code to the selected text';

describe.runIf(ready)('coding from the keyboard: new codes from the palette, in vivo, selecting with keys', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sockets: SyncClient[] = [];
  const team = {} as {
    projectId: string;
    documentId: string;
    /** A second project whose settings keep coders from editing the codebook. */
    closedProjectId: string;
    closedDocumentId: string;
    ana: { id: string; email: string; token: string };
    ben: { id: string; email: string; token: string };
  };

  async function writeCodebook(projectId: string, token: string, userId: string): Promise<void> {
    const codebook = createSyncClient(server.syncUrl, `project:${projectId}`, { token });
    sockets.push(codebook);
    await waitForSynced(codebook);
    codebook.doc.transact(() => {
      for (const [id, name, shortName, colour, order] of [
        ['push', 'Push', 'PSH', '#E69F00', 1],
        ['pull', 'Pull', 'PUL', '#56B4E9', 2],
        ['cocreation', 'Co-creation', 'CO', '#009E73', 3],
      ] as const) {
        addCode(codebook.doc, { id, name, shortName, colour, parentId: null, order, definition: `${name} support`, inclusion: '', exclusion: '', examples: [], isStage: true, stageOrder: order, domain: 'Support', createdAt: '', createdBy: userId });
      }
    });
    await waitFor(async () => (await server.store.logSize(`project:${projectId}`)).rows > 0, 5000, 'the codebook to be stored');
  }

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    const ana = new ApiClient(server.httpUrl);
    const anaId = await ana.signIn('ana@example.org', 'Ana', password);
    const ben = new ApiClient(server.httpUrl);
    const benId = await ben.signIn('ben@example.org', 'Ben', password);
    const anaToken = (await ana.post('/api/tokens', { name: 'ws' })).body.token as string;
    const benToken = (await ben.post('/api/tokens', { name: 'ws' })).body.token as string;
    const makeProject = async (name: string, codersEditCodebook: boolean) => {
      const projectId = (await ana.post('/api/projects', { name })).body.id as string;
      expect((await ana.patch(`/api/projects/${projectId}`, { codersEditCodebook })).body.codersEditCodebook).toBe(codersEditCodebook);
      const documentId = (await ana.post(`/api/projects/${projectId}/documents`, { name: 'P01 interview', text: transcript })).body.id as string;
      const invite = (await ana.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
      expect((await ben.post(`/api/invites/${invite}/accept`)).status).toBeLessThan(300);
      await writeCodebook(projectId, anaToken, anaId);
      return { projectId, documentId };
    };
    const open = await makeProject('Coding keys', true);
    const closed = await makeProject('Closed codebook', false);
    Object.assign(team, {
      projectId: open.projectId,
      documentId: open.documentId,
      closedProjectId: closed.projectId,
      closedDocumentId: closed.documentId,
      ana: { id: anaId, email: 'ana@example.org', token: anaToken },
      ben: { id: benId, email: 'ben@example.org', token: benToken },
    });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function openAs(user: { email: string }, errors: string[], projectId = team.projectId, documentId = team.documentId): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    // page.evaluate callbacks are compiled by tsx, whose name helper does not exist in the page.
    await context.addInitScript('window.__name = (f) => f');
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (error) => errors.push(`${user.email}: ${error.message}`));
    expect((await page.request.post(`${server.httpUrl}/api/auth/login`, { data: { email: user.email, password } })).status()).toBe(200);
    await page.goto(`${server.httpUrl}/projects/${projectId}/documents/${documentId}`);
    await page.getByRole('region', { name: 'Transcript text' }).getByText('They pushed a toolkit').waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    return page;
  }

  /** A member's stock y-websocket client on the project's codebook room. */
  async function codebookClient(token: string, projectId = team.projectId): Promise<SyncClient> {
    const client = createSyncClient(server.syncUrl, `project:${projectId}`, { token });
    sockets.push(client);
    await waitForSynced(client);
    return client;
  }

  /** A coder's codings as the server stores them, with their text. */
  async function storedCodings(userId: string, projectId = team.projectId, documentId = team.documentId) {
    const text = await server.server.registry.read(`text:${projectId}:${documentId}`, (doc) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      return copy;
    });
    return server.server.registry.read(`layer:${projectId}:${documentId}:${userId}`, (layer) =>
      readCodings(layer, text, userId).map((c) => ({ codeId: c.codeId, start: c.start, end: c.end, text: transcript.slice(c.start ?? 0, c.end ?? 0) })),
    );
  }

  it('creates a code typed into the palette, in everyone’s codebook, and codes the selection with it; undo keeps the code', async () => {
    const errors: string[] = [];
    const observer = await codebookClient(team.ana.token);
    const colourBefore = leastUsedCodeColour(readCodes(observer.doc));
    const page = await openAs(team.ben, errors);

    const phrase = 'filled in the checklists';
    await selectPhrase(page, phrase);
    const palette = page.getByRole('dialog', { name: paletteName });
    await palette.waitFor();
    await page.keyboard.type('Compliance work');
    // No code is called that: "Create" is offered, last, and Enter takes it.
    const create = palette.getByRole('option', { name: /Create/ });
    await create.waitFor();
    expect(await create.textContent()).toContain('Compliance work');
    const options = await palette.getByRole('option').allTextContents();
    expect(await create.getAttribute('aria-selected')).toBe('true');
    expect(options.at(-1)).toContain('Create');
    await page.keyboard.press('Enter');

    // Ana's stock client on the codebook room receives the code, with the least-used colour.
    let made: Code | undefined;
    await waitFor(() => (made = readCodes(observer.doc).find((c) => c.name === 'Compliance work')) !== undefined, 5000, 'the new code on another member’s socket');
    expect(made).toMatchObject({ parentId: null, colour: colourBefore, createdBy: team.ben.id });
    // …and Ben's layer holds the coding, on the selected words.
    await expect.poll(() => storedCodings(team.ben.id)).toContainEqual(expect.objectContaining({ codeId: made!.id, text: phrase }));
    await page.getByRole('button', { name: /^Compliance work, coded by You/ }).waitFor();
    await page.getByRole('status').filter({ hasText: 'the code stays in the codebook' }).waitFor();

    // Undo removes the coding; the code stays.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await storedCodings(team.ben.id)).filter((c) => c.codeId === made!.id)).toEqual([]);
    expect(readCodes(observer.doc).some((c) => c.id === made!.id)).toBe(true);
    await page.getByRole('button', { name: /^Compliance work/ }).waitFor(); // in the codebook panel
    expect(errors).toEqual([]);
  });

  it('codes a selection in vivo: a code named from the words, under one “In vivo” parent', async () => {
    const errors: string[] = [];
    const observer = await codebookClient(team.ben.token);
    const page = await openAs(team.ana, errors);
    const palette = page.getByRole('dialog', { name: paletteName });

    // `v` on the open palette.
    await selectPhrase(page, 'pushed a toolkit on us');
    await palette.waitFor();
    expect(await palette.getByRole('option', { name: /In vivo/ }).textContent()).toContain('pushed a toolkit on us');
    await page.keyboard.press('v');
    let parent: Code | undefined;
    let child: Code | undefined;
    await waitFor(() => {
      const codes = readCodes(observer.doc);
      parent = codes.find((c) => c.name === 'In vivo');
      child = codes.find((c) => c.name === 'pushed a toolkit on us');
      return parent !== undefined && child !== undefined;
    }, 5000, 'the in-vivo code on another member’s socket');
    expect(parent!.parentId).toBeNull();
    expect(child!.parentId).toBe(parent!.id);
    await expect.poll(() => storedCodings(team.ana.id)).toContainEqual(expect.objectContaining({ codeId: child!.id, text: 'pushed a toolkit on us' }));

    // The palette's own option, reached with the keyboard (the last one without a typed filter).
    await selectPhrase(page, 'built the plan together');
    await palette.waitFor();
    await page.keyboard.press('ArrowUp');
    const option = palette.getByRole('option', { selected: true });
    expect(await option.textContent()).toContain('In vivo');
    await page.keyboard.press('Enter');
    let second: Code | undefined;
    await waitFor(() => (second = readCodes(observer.doc).find((c) => c.name === 'built the plan together')) !== undefined, 5000, 'the second in-vivo code');
    expect(second!.parentId).toBe(parent!.id);
    // Made once: one "In vivo" parent however many in-vivo codes.
    expect(readCodes(observer.doc).filter((c) => c.name === 'In vivo')).toHaveLength(1);
    await expect.poll(() => storedCodings(team.ana.id)).toContainEqual(expect.objectContaining({ codeId: second!.id, text: 'built the plan together' }));
    expect(errors).toEqual([]);
  });

  it('selects by word and sentence with keys alone and codes the selection with a digit, at those exact boundaries', async () => {
    const errors: string[] = [];
    const page = await openAs(team.ana, errors);
    const region = page.getByRole('region', { name: 'Transcript text' });
    await region.focus();
    // `s`: a caret at the start of the first turn's words; PgDn: to the next turn's.
    await page.keyboard.press('s');
    await page.locator('.caret').waitFor({ state: 'attached' }); // a bar drawn by CSS: the element itself has no width
    await page.keyboard.press('PageDown');
    // Shift+↓: to the end of the sentence; Shift+→ twice: two more words.
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    const expected = 'They pushed a toolkit on us at first. Everybody went';
    await expect.poll(async () => (await page.locator('.run.pending').allTextContents()).join('')).toBe(expected);
    // Nothing was selected by the browser: the selection is the view's own, drawn as a mouse selection is.
    expect(await page.evaluate(() => window.getSelection()?.isCollapsed ?? true)).toBe(true);
    expect(await page.getByRole('dialog', { name: paletteName }).count()).toBe(0);

    await page.keyboard.press('1'); // pinned code 1: Push
    const start = transcript.indexOf(expected);
    await expect.poll(() => storedCodings(team.ana.id)).toContainEqual({ codeId: 'push', start, end: start + expected.length, text: expected });
    await page.getByRole('button', { name: /^Push, coded by You: “They pushed a toolkit/ }).waitFor();

    // The caret goes on from there: a word, then typing filters the palette, Enter applies.
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await page.locator('.run.pending').allTextContents()).join('')).toBe('to the');
    await page.keyboard.type('pul');
    const palette = page.getByRole('dialog', { name: paletteName });
    await expect.poll(() => palette.getByRole('option', { selected: true }).textContent()).toContain('Pull');
    await page.keyboard.press('Enter');
    const at = transcript.indexOf('to the three-day');
    await expect.poll(() => storedCodings(team.ana.id)).toContainEqual({ codeId: 'pull', start: at, end: at + 'to the'.length, text: 'to the' });

    // The shortcuts dialog lists the new keys.
    await region.focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Extend the selection by a word').waitFor();
    await help.getByText(/Code the selected text in vivo/).waitFor();
    expect(errors).toEqual([]);
  });

  it('does not offer “Create” or new in-vivo codes to a coder the project keeps from editing the codebook, and says why', async () => {
    const errors: string[] = [];
    const observer = await codebookClient(team.ana.token, team.closedProjectId);
    const before = readCodes(observer.doc).length;
    const page = await openAs(team.ben, errors, team.closedProjectId, team.closedDocumentId);
    await selectPhrase(page, 'filled in the checklists');
    const palette = page.getByRole('dialog', { name: paletteName });
    await palette.waitFor();
    await page.keyboard.type('Compliance work');
    await palette.getByText('No code matches “Compliance work”.').waitFor();
    expect(await palette.getByRole('option', { name: /Create/ }).count()).toBe(0);
    expect(await palette.getByRole('option', { name: /In vivo/ }).count()).toBe(0);
    await palette.getByText(/Only the project’s owners can add codes/).waitFor();
    await page.keyboard.press('Enter');
    // `v` from the palette says why too, and writes nothing.
    await page.keyboard.press('Escape');
    await selectPhrase(page, 'filled in the checklists');
    await palette.waitFor();
    await page.keyboard.press('v');
    await page.getByRole('status').filter({ hasText: 'Only the project’s owners can add codes' }).waitFor();
    expect(readCodes(observer.doc)).toHaveLength(before);
    expect(await storedCodings(team.ben.id, team.closedProjectId, team.closedDocumentId)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

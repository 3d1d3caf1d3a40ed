import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir } from '../support/browser.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();
const text = 'Interviewer: How did it start?\n\nP01: They pushed a toolkit on us at first, and later we built the plan together.';
const password = 'a long enough password';

describe.runIf(ready)('the reveal of a blind round, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const sockets: SyncClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await browser?.close();
    await server?.close();
  });

  it('shows the other coders’ layers to a coder with the document open, without a reload (issue 8.6c)', async () => {
    const owner = new ApiClient(server.httpUrl);
    const ownerId = await owner.signIn('pi@example.org', 'Pat', password);
    const projectId = (await owner.post('/api/projects', { name: 'Blind round' })).body.id as string;
    const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P01', text })).body.id as string;
    await owner.patch(`/api/projects/${projectId}`, { codingMode: 'blind' });
    const join = async (email: string, name: string) => {
      const session = new ApiClient(server.httpUrl);
      const id = await session.signIn(email, name, password);
      const code = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
      await session.post(`/api/invites/${code}/accept`);
      return { id, token: (await session.post('/api/tokens', { name: 'ws' })).body.token as string };
    };
    const ana = await join('ana@example.org', 'Ana');
    await join('ben@example.org', 'Ben');
    const ownerToken = (await owner.post('/api/tokens', { name: 'ws' })).body.token as string;
    const codebook = createSyncClient(server.syncUrl, `project:${projectId}`, { token: ownerToken });
    sockets.push(codebook);
    await waitForSynced(codebook);
    addCode(codebook.doc, { id: 'push', name: 'Push', shortName: 'PSH', colour: '#E69F00', parentId: null, order: 1, definition: '', inclusion: '', exclusion: '', examples: [], isStage: true, stageOrder: 1, domain: null, createdAt: '', createdBy: ownerId });
    // Ana codes in her own layer during the blind round.
    const anaText = createSyncClient(server.syncUrl, `text:${projectId}:${documentId}`, { token: ana.token });
    const anaLayer = createSyncClient(server.syncUrl, `layer:${projectId}:${documentId}:${ana.id}`, { token: ana.token });
    sockets.push(anaText, anaLayer);
    await Promise.all([waitForSynced(anaText), waitForSynced(anaLayer)]);
    const start = text.indexOf('pushed a toolkit');
    addCoding(anaLayer.doc, { id: 'a1', codeId: 'push', anchor: createSpanAnchor(transcriptText(anaText.doc), start, start + 16), at: Date.now() });
    await waitFor(async () => (await server.store.logSize(`layer:${projectId}:${documentId}:${ana.id}`)).rows > 0, 5000, 'Ana’s coding to be stored');

    // Ben has the document open: Ana's layer is hidden.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    expect((await page.request.post(`${server.httpUrl}/api/auth/login`, { data: { email: 'ben@example.org', password } })).status()).toBe(200);
    await page.goto(`${server.httpUrl}/projects/${projectId}/documents/${documentId}`);
    await page.getByText('They pushed a toolkit on us').first().waitFor();
    await page.getByText(/Blind round:/).waitFor();
    expect(await page.getByRole('button', { name: /^Push, coded by Ana/ }).count()).toBe(0);

    const revealedAt = Date.now();
    expect((await owner.patch(`/api/projects/${projectId}`, { codingMode: 'open' })).status).toBe(200);
    await page.getByRole('button', { name: /^Push, coded by Ana/ }).waitFor({ timeout: 10_000 });
    const shownAfterMs = Date.now() - revealedAt;
    await page.getByText(/Blind round:/).waitFor({ state: 'detached' });
    process.stderr.write(`blind-reveal: Ana's layer appeared in Ben's open document ${shownAfterMs} ms after the reveal\n`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, selectPhrase, openSignedIn } from '../support/browser.ts';
import { createSyncClient, waitForSynced } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

/**
 * The pathway view on the demo project (issue 10, must-show 3): 17 synthetic interviews, two demo
 * coders. What the map must show is what the server's graph says; the demo's headline (most
 * participants go push → pull → co-creation) is checked on that graph.
 */
describe.runIf(ready)('the pathway view on the demo project', () => {
  let server: TestServer;
  let browser: Browser;
  const owner = () => new ApiClient(server.httpUrl);
  let pi: ApiClient;
  let projectId: string;
  let piId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    pi = owner();
    piId = await pi.signIn('pi@example.org', 'Pat Lee');
    projectId = (await pi.post('/api/demo', {})).body.projectId;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    return openSignedIn(browser, server.httpUrl, pi, path, { width: 1440, timeoutMs: 10_000 });
  }

  const titleOf = (page: Page, id: string) => page.locator(`[data-edge-id="${id}"][tabindex] > title`).textContent();
  /** A document's transcript as a stock client reads it. */
  async function transcriptOf(documentId: string): Promise<string> {
    const reader = createSyncClient(server.syncUrl, `text:${projectId}:${documentId}`, { token: (await pi.post('/api/tokens', { name: 'reader' })).body.token });
    try {
      await waitForSynced(reader);
      return transcriptText(reader.doc).toString();
    } finally {
      reader.destroy();
    }
  }
  /** The framed passage's characters, without the breaks between speaker turns (rendered as rows, not text). */
  const framedText = async (page: Page) => (await page.locator('.focused').allTextContents()).join('').replace(/\s+/g, '');

  it('draws the server’s graph — push → pull → co-creation for most participants — opens a quote in its transcript, and follows a coding made in another browser', async () => {
    const graph = (await pi.get(`/api/projects/${projectId}/pathways?merge=majority`)).body;
    const stage = (label: string) => graph.nodes.find((n: any) => n.label === label).id as string;
    const [push, pull, cocreation] = [stage('Push'), stage('Pull'), stage('Co-creation')];
    // The demo's headline, on the data: the commonest pathway, for at least 10 of the 17.
    expect(graph.totalParticipants).toBe(17);
    expect(graph.variants[0].sequence).toEqual([push, pull, cocreation]);
    expect(graph.variants[0].count).toBeGreaterThanOrEqual(10);

    const { page, errors } = await open(`/projects/${projectId}/pathways?merge=majority`);
    const map = page.locator(`[data-edge-id="${push}->${pull}"][tabindex]`);
    await map.waitFor();
    // Every transition of the graph is drawn, and says its count.
    expect(await page.locator('[data-edge-id][tabindex]').count()).toBe(graph.edges.length);
    for (const edge of graph.edges) expect(await titleOf(page, edge.id)).toMatch(new RegExp(`: ${edge.participants} of 17 participants`));
    await page.getByRole('table', { name: /^Pathway variants/ }).getByText('Push → Pull → Co-creation').first().waitFor();

    // A quote opens its transcript at the passage.
    await map.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('complementary', { name: 'Push → Pull' });
    const link = drawer.getByRole('link', { name: 'Open in transcript' }).first();
    const href = (await link.getAttribute('href'))!;
    const [, at] = /[?&]at=(\d+-\d+)/.exec(href) ?? [];
    expect(at).toBeTruthy();
    await link.click();
    await page.getByRole('region', { name: 'Transcript text' }).waitFor();
    const [from, to] = at!.split('-').map(Number) as [number, number];
    const documentId = /\/documents\/([^/?]+)/.exec(href)![1]!;
    const quoted = (await transcriptOf(documentId)).slice(from, to).replace(/\s+/g, '');
    await expect.poll(() => framedText(page)).toBe(quoted);
    await page.goBack();
    await map.waitFor();

    // Another browser codes a late passage of P05 (push → pull, no co-creation) as Co-creation;
    // the open map gains the owner's reading without a reload.
    const p05 = (await pi.get(`/api/projects/${projectId}/documents`)).body.find((d: any) => d.name.startsWith('P05'));
    const phrase = 'helping them fix the things they see';
    const start = (await transcriptOf(p05.id)).indexOf(phrase);
    expect(start).toBeGreaterThan(0);
    // Only Ben reads co-creation in P05, so under majority it is not P05's stage yet; the owner
    // joins its assigned coders, and their reading makes two of three.
    expect((await pi.post(`/api/projects/${projectId}/assignments`, { documentIds: [p05.id], userIds: [piId], mode: 'add' })).status).toBe(200);
    const before = (await pi.get(`/api/projects/${projectId}/pathways?merge=majority`)).body.nodes.find((n: any) => n.id === cocreation).participants;
    const other = await open(`/projects/${projectId}/documents/${p05.id}?at=${start}-${start + phrase.length}`);
    await expect.poll(async () => (await other.page.locator('.focused').allTextContents()).join('')).toBe(phrase);
    await selectPhrase(other.page, phrase);
    // Typed only once the palette is open, and applied once the filter has put Co-creation first:
    // keys pressed before either went elsewhere, and the coding was made with another code.
    const palette = other.page.getByRole('dialog', { name: 'Apply a code to the selected text' });
    await palette.waitFor();
    await other.page.keyboard.type('Co-creation');
    await palette.getByRole('option', { name: /^Co-creation/, selected: true }).waitFor();
    await other.page.keyboard.press('Enter');
    const coded = Date.now();
    const node = page.locator(`[data-node-id="${cocreation}"][tabindex] > title`);
    await expect.poll(async () => (await node.textContent()) ?? '', { timeout: 10_000 }).toContain(`${before + 1} of 17`);
    console.log(`pathways-demo: the map counted the new coding ${Date.now() - coded} ms after it was made`);
    await page.screenshot({ path: 'test-results/pathways-demo.png', fullPage: true });
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
  });
});

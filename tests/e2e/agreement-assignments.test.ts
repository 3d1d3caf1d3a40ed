import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { nameSeedAccounts, seedReconcileProject, workedExampleText, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();
const screenshotDir = path.resolve(import.meta.dirname, '../../test-results');

/**
 * Issue 11, fix 3 in the browser: a member who coded a few passages of one document drags the
 * figures down as a coder who "coded nothing" elsewhere; the Agreement tab says so, and assigning
 * the documents to the real coders brings the figure back to theirs.
 */
describe.runIf(ready)('agreement follows the assignments, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let ctx: ReconcileProject & { coders: Record<'A' | 'B' | 'C', ReconcileCoder> };

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    await nameSeedAccounts(server);
    ctx = (await seedReconcileProject(server, clients, ['A', 'B', 'C'], example1)) as typeof ctx;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  const overallAlpha = (page: Page) => page.locator('li.figure.lead button.value[data-measure="krippendorff_alpha"]');
  const reportOf = async () => (await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement`)).body;

  async function code(coder: ReconcileCoder, documentId: string, codings: readonly { id: string; codeId: string; start: number; end: number }[]): Promise<void> {
    const transcript = createSyncClient(server.syncUrl, `text:${ctx.projectId}:${documentId}`, { token: coder.token });
    const layer = createSyncClient(server.syncUrl, `layer:${ctx.projectId}:${documentId}:${coder.id}`, { token: coder.token });
    clients.push(transcript, layer);
    await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
    for (const c of codings) addCoding(layer.doc, { id: `${documentId}-${c.id}`, codeId: c.codeId, anchor: createSpanAnchor(transcriptText(transcript.doc), c.start, c.end), at: Date.now() });
  }

  it('warns about a coder who barely coded, and assigning the documents changes the figures', async () => {
    const { A, B, C } = ctx.coders;
    // A and B code two more transcripts as they coded P1.
    for (const name of ['P2', 'P3']) {
      const documentId = (await ctx.owner.post(`/api/projects/${ctx.projectId}/documents`, { name, text: workedExampleText })).body.id as string;
      for (const [key, coder] of [['A', A], ['B', B]] as const) await code(coder, documentId, example1.filter((c) => c.coderId === key));
    }
    await waitFor(async () => (await reportOf()).coverage?.every((c: { codedDocuments: number }) => c.codedDocuments === 3) === true, 5000, 'A and B on three documents');
    const alphaOfTwo = (await reportOf()).report.overall.find((r: { measure: string }) => r.measure === 'krippendorff_alpha').value as number;
    // C codes one passage of P1, over their own stock socket.
    await code(C, ctx.documentId, [{ id: 'c1', codeId: 'push', start: 0, end: 40 }]);
    await waitFor(async () => (await reportOf()).report.coderIds.includes(C.id), 5000, 'C in the report');

    const { page, errors } = await openSignedIn(browser, server.httpUrl, ctx.owner, `/projects/${ctx.projectId}/agreement`, { width: 1440, height: 900 });
    await page.getByRole('heading', { level: 2, name: 'Agreement' }).waitFor();
    const note = page.getByRole('note').filter({ hasText: 'compared on' });
    await note.getByText('c', { exact: true }).waitFor();
    expect((await note.textContent())!.replace(/\s+/g, ' ')).toContain('c coded 1 of the 3 documents they are compared on');
    const before = Number(await overallAlpha(page).getAttribute('data-value'));
    expect(before).toBeLessThan(alphaOfTwo);

    // The owner assigns Ana and Ben to every document in the Documents page's dialog.
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('button', { name: 'Assign documents…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign documents to coders' });
    await dialog.getByRole('radio', { name: 'Documents I choose' }).check();
    await dialog.getByRole('button', { name: 'Choose all' }).click();
    await dialog.getByRole('checkbox', { name: 'Ana Ortiz' }).check();
    await dialog.getByRole('checkbox', { name: 'Ben Kim' }).check();
    await dialog.getByRole('button', { name: 'Apply to 3 documents' }).click();
    await page.getByText(/^Assignments saved/).waitFor();

    // Back on Agreement: C's passages are set aside, the warning is gone, and α is Ana and Ben's again.
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Agreement' }).click();
    await page.getByText('1 coding by coders not assigned to their document is not compared.').waitFor();
    await page.waitForFunction((two) => Number(document.querySelector('li.figure.lead button.value[data-measure="krippendorff_alpha"]')?.getAttribute('data-value')) === two, alphaOfTwo);
    expect(await page.getByRole('note').filter({ hasText: 'compared on' }).count()).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, 'agreement-assignments.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

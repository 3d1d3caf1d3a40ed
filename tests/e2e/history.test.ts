import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { codingsMap } from '../../shared/ydoc/layer-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { nameSeedAccounts, seedReconcileProject, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import { createSyncClient, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

describe.runIf(ready)('the History tab in the browser (ux.md item 8, spec §3.5)', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let ctx: ReconcileProject & { coders: Record<'A' | 'B', ReconcileCoder> };
  const history = () => `/projects/${ctx.projectId}/history`;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    await nameSeedAccounts(server);
    ctx = (await seedReconcileProject(server, clients, ['A', 'B'], example1)) as typeof ctx;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  /** A browser tab signed in as `who` (their session cookie), at `path`. */
  async function openAs(who: ApiClient, path: string): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, who, path);
    await page.getByRole('heading', { level: 2, name: 'History' }).waitFor();
    return { page, errors };
  }

  const timeline = (page: Page) => page.getByRole('region', { name: /^Timeline/ });
  /** The row of an event, by its sentence (runs must be open). */
  const row = (page: Page, sentence: string | RegExp) => timeline(page).locator('li.event').filter({ has: page.locator('.sentence', { hasText: sentence }) });
  const sentences = (page: Page) => timeline(page).locator('li.event .sentence').allTextContents();
  const openRuns = async (page: Page) => {
    const runs = timeline(page).getByRole('button', { expanded: false, name: / made \d+ changes / });
    while ((await runs.count()) > 0) await runs.first().click();
  };
  const seqOf = async (userId: string, index: number) => (await ctx.owner.get(`/api/projects/${ctx.projectId}/history?userId=${userId}&type=coding.added`)).body.events[index].seq as number;

  it('lists the coders’ codings by name, filters to one person, and shows a document as of an early event', async () => {
    const { page, errors } = await openAs(ctx.owner, history());
    const { A, B } = ctx.coders;
    // Newest first: Ben's four codings, then Ana's codebook and five codings, each folded into a run.
    await timeline(page).getByRole('button', { name: /^Ben Kim made 4 changes in P1, / }).waitFor();
    await timeline(page).getByRole('button', { name: /^Ana Ortiz made 12 changes in P1 and the codebook, / }).waitFor();
    await openRuns(page);
    await row(page, 'Ana Ortiz coded a passage as push.training in P1').waitFor();
    await row(page, 'Ben Kim coded a passage as pull in P1').waitFor();
    await row(page, 'Ana Ortiz added the code cocreation').waitFor();
    expect((await sentences(page)).length).toBe(16);
    // The coded text is not in the event: opening a row reads it as of the event, and the sentence quotes it.
    const first = timeline(page).locator(`li.event[data-seq="${await seqOf(A.id, 0)}"]`);
    expect(await first.locator('.sentence').textContent()).toBe('Ana Ortiz coded a passage as push in P1');
    await first.getByRole('button', { name: 'Details' }).click();
    await first.getByText('Passage (characters 0–120)').waitFor();
    expect(await first.locator('.sentence').textContent()).toBe('Ana Ortiz coded “Participant: we worked through it together…” as push in P1');
    expect(await first.getByRole('link', { name: 'P1' }).getAttribute('href')).toBe(`/projects/${ctx.projectId}/documents/${ctx.documentId}`);

    // One person: the address says so, and only Ben's events are left.
    await page.getByLabel('Person').selectOption({ label: 'Ben Kim' });
    await expect.poll(() => new URL(page.url()).searchParams.get('user')).toBe(B.id);
    await timeline(page).getByRole('button', { name: /^Ben Kim made 4 changes in P1, / }).waitFor();
    expect(await timeline(page).getByRole('button', { name: /^Ana Ortiz/ }).count()).toBe(0);
    await openRuns(page);
    expect((await sentences(page)).every((s) => s.startsWith('Ben Kim '))).toBe(true);
    // The activity panel counts per person over what is loaded.
    await page.getByRole('complementary', { name: 'Activity' }).getByText('4 coded').waitFor();

    // Ana's second coding: as of it, her layer held two codings and Ben had coded nothing yet.
    await page.getByLabel('Person').selectOption({ label: 'Ana Ortiz' });
    await expect.poll(() => new URL(page.url()).searchParams.get('user')).toBe(A.id);
    await timeline(page).getByRole('button', { name: /^Ana Ortiz made 12 changes/ }).waitFor();
    await openRuns(page);
    const second = await seqOf(A.id, 1);
    await row(page, 'Ana Ortiz coded a passage as push.training in P1').getByRole('button', { name: 'View as of this event' }).click();
    const asOf = page.getByRole('region', { name: new RegExp(`^As of .+ \\(event ${second}\\)$`) });
    await asOf.waitFor();
    await asOf.getByText('2 codings in 1 layer').waitFor();
    const anaTable = asOf.getByRole('table', { name: /^Ana Ortiz/ });
    expect(await anaTable.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^push\s.*0–120/s), expect.stringMatching(/^push\.training\s+this event\s.*150–260/s)]);
    expect(await asOf.getByRole('heading', { name: /^Ben Kim/ }).count()).toBe(0);
    // The scrubber moves to her next event (the banner, so the region's name, follows): a third coding appears.
    await asOf.getByRole('slider').focus();
    await page.keyboard.press('ArrowRight');
    const next = page.getByRole('region', { name: new RegExp(`^As of .+ \\(event ${second + 1}\\)$`) });
    await next.getByText('3 codings in 1 layer').waitFor();
    await next.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByRole('region', { name: /^As of / }).count()).toBe(0);
    // The History tab is a link to the unfiltered timeline, also after the filters changed the address.
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('user')).toBe(false);
    await expect.poll(() => page.getByLabel('Person').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets an owner revert one event with a reason, recorded as new events, and explains a conflict in words', async () => {
    const { B } = ctx.coders;
    const { page, errors } = await openAs(ctx.owner, `${history()}?user=${B.id}`);
    await timeline(page).getByRole('button', { name: /^Ben Kim made 4 changes/ }).waitFor();
    await openRuns(page);
    // b3 is Ben's third coding: push 440–480.
    const b3 = await seqOf(B.id, 2);
    const target = timeline(page).locator(`li.event[data-seq="${b3}"]`);
    await target.getByRole('button', { name: 'Revert…' }).click();
    const dialog = page.getByRole('dialog', { name: `Revert event ${b3}?` });
    await dialog.getByText('The coding it added is removed again.').waitFor();
    // A reason is required: the history keeps it.
    await dialog.getByRole('button', { name: 'Revert' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Say why' }).waitFor();
    await dialog.getByLabel(/^Reason/).fill('wrong passage');
    await dialog.getByRole('button', { name: 'Revert' }).click();
    const done = page.getByRole('dialog', { name: 'Reverted' });
    await done.getByText('2 new events were recorded:').waitFor();
    const recorded = await done.getByRole('listitem').allInnerTexts();
    expect(recorded.map((t) => t.replace(/^\d+\s+/, ''))).toEqual(
      expect.arrayContaining(['Pat Lee removed a coding of push in Ben Kim’s layer in P1', `Pat Lee (owner) reverted 1 change (event ${b3}) in P1: ‘wrong passage’`]),
    );
    await page.getByRole('status').filter({ hasText: 'Reverted. 2 new events were recorded' }).waitFor({ state: 'attached' });
    await done.getByRole('button', { name: 'Close' }).click();

    // The coding is gone from Ben's layer, as a stock client reads it.
    const layer = createSyncClient(server.syncUrl, `layer:${ctx.projectId}:${ctx.documentId}:${B.id}`, { token: B.token });
    clients.push(layer);
    await waitForSynced(layer);
    expect([...codingsMap(layer.doc).keys()].sort()).toEqual(['b1', 'b2', 'b4']);

    // The same event again: what it added is gone, so the server refuses, and the page says why.
    await target.getByRole('button', { name: 'Revert…' }).click();
    await dialog.getByLabel(/^Reason/).fill('again');
    await dialog.getByRole('button', { name: 'Revert' }).click();
    await dialog.getByRole('alert').filter({ hasText: `Nothing was reverted. The coding has changed since event ${b3}` }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows coders the history without revert actions', async () => {
    const { page, errors } = await openAs(ctx.coders.A.api, history());
    await timeline(page).getByRole('button', { name: /^Ana Ortiz made 12 changes/ }).waitFor();
    await openRuns(page);
    await row(page, 'Ana Ortiz coded a passage as cocreation in P1').waitFor();
    expect(await page.getByRole('button', { name: 'Revert…' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Revert everything/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

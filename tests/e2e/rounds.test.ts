import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { nameSeedAccounts, seedReconcileProject, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import type { SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

describe.runIf(ready)('coding rounds in the browser (issue 9, spec §3.2)', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let ctx: ReconcileProject & { coders: Record<'A' | 'B', ReconcileCoder> };

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    await nameSeedAccounts(server);
    // An open project: without a round, Ana would see Ben's codings.
    ctx = (await seedReconcileProject(server, clients, ['A', 'B'], example1)) as typeof ctx;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  /** A browser tab signed in as `who` (their session cookie), at `path`. */
  async function openAs(who: ApiClient, path: string): Promise<{ page: Page; errors: string[] }> {
    return openSignedIn(browser, server.httpUrl, who, path);
  }

  const dialog = (page: Page) => page.getByRole('dialog');
  const benCodings = (page: Page) => page.getByRole('button', { name: /, coded by Ben Kim:/ });

  it('runs a round: the owner starts it blind, a coder submits and is frozen, the owner reveals anyway, and the coder sees the others', async () => {
    // The owner creates a round over the document and starts blind coding.
    const owner = await openAs(ctx.owner, `/projects/${ctx.projectId}/rounds`);
    await owner.page.getByRole('heading', { name: 'No rounds yet' }).waitFor();
    await owner.page.getByRole('button', { name: 'Create the first round' }).click();
    await dialog(owner.page).getByLabel('Name').fill('Pilot');
    await dialog(owner.page).getByRole('checkbox', { name: 'P1' }).check();
    await dialog(owner.page).getByRole('button', { name: 'Create round' }).click();
    const card = owner.page.getByRole('article', { name: 'Pilot' });
    await card.getByRole('listitem').filter({ hasText: 'Setup' }).and(card.locator('[aria-current="step"]')).waitFor();
    await card.getByRole('button', { name: 'Start blind coding' }).click();
    await dialog(owner.page).getByText(/hidden from coders and viewers until you reveal the round/).waitFor();
    await dialog(owner.page).getByRole('button', { name: 'Start blind coding' }).click();
    await card.locator('[aria-current="step"]', { hasText: 'Blind coding' }).waitFor();
    await card.getByRole('table').getByText('Not yet').first().waitFor();

    // Ana opens the document: the banner names the round, Ben's layer is hidden, her own is writable.
    const ana = await openAs(ctx.coders.A.api, `/projects/${ctx.projectId}/documents/${ctx.documentId}`);
    const banner = ana.page.getByRole('region', { name: 'Coding round' });
    await banner.getByText('Pilot').waitFor();
    await banner.getByText('Blind coding').waitFor();
    await ana.page.getByText('Select a passage to code it').waitFor();
    await ana.page.getByRole('button', { name: /^Ben Kim: hidden/ }).waitFor();
    expect(await benCodings(ana.page).count()).toBe(0);

    // She submits: the layer turns read-only, and the banner offers to re-open it.
    await banner.getByRole('button', { name: 'Submit this document' }).click();
    await dialog(ana.page).getByText(/frozen as they are now/).waitFor();
    await dialog(ana.page).getByRole('button', { name: 'Submit' }).click();
    await banner.getByText(/^Submitted at/).waitFor();
    await banner.getByRole('button', { name: 'Re-open' }).waitFor();
    await banner.getByText('Read-only').waitFor();
    await ana.page.getByText(/^Read-only\. Submitted for this round/).waitFor();
    await ana.page.getByText('Your layer is read-only').waitFor();
    expect(await ana.page.getByRole('button', { name: /, coded by You:.*\(read-only\)$/ }).count()).toBeGreaterThan(0);

    // The owner sees her submission (the page polls every 10 s; coming back to it asks at once), and
    // the reveal is refused for Ben's missing one — until "Reveal anyway".
    await owner.page.reload();
    await card.getByRole('cell', { name: /^Submitted/ }).waitFor();
    expect(await card.getByRole('cell', { name: /^Not yet/ }).count()).toBe(1);
    await card.getByRole('button', { name: 'Reveal' }).click();
    await dialog(owner.page).getByText(/Every coder’s layer of the 1 document becomes visible to everyone/).waitFor();
    await dialog(owner.page).getByRole('button', { name: 'Reveal' }).click();
    await dialog(owner.page).getByRole('heading', { name: 'Not everyone has submitted' }).waitFor();
    expect((await dialog(owner.page).getByRole('list', { name: 'Not submitted' }).innerText()).trim()).toBe('Ben Kim: P1');
    await dialog(owner.page).getByRole('button', { name: 'Reveal anyway (their codings are submitted as they are now)' }).click();
    await card.locator('[aria-current="step"]', { hasText: 'Compare' }).waitFor();
    await expect.poll(() => card.getByRole('cell', { name: /^Submitted/ }).count()).toBe(2);

    // Ana's open page follows without a reload: Ben's codings appear, hers stay as submitted.
    await benCodings(ana.page).first().waitFor({ timeout: 10_000 });
    await banner.getByText('Compare').waitFor();
    await banner.getByText(/Codings stay as submitted/).waitFor();
    await ana.page.getByText(/^Read-only\. The round has been revealed/).waitFor();
    expect(await banner.getByRole('button').count()).toBe(0);

    expect(owner.errors).toEqual([]);
    expect(ana.errors).toEqual([]);
    await owner.page.context().close();
    await ana.page.context().close();
  });
});

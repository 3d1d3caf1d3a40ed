import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { seedReconcileProject, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();
/** Where the screenshots go, for a person to look at. */
const screenshotDir = path.resolve(import.meta.dirname, '../../test-results');

describe.runIf(ready)('the Pathways tab in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let ctx: ReconcileProject & { coders: Record<'A' | 'B', ReconcileCoder> };

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    // Worked example 1 (spec §4): P1 coded by a (push → pull → co-creation) and b (push → pull → push → co-creation).
    ctx = (await seedReconcileProject(server, clients, ['A', 'B'], example1)) as typeof ctx;
    await waitFor(async () => (await ctx.owner.get(`/api/projects/${ctx.projectId}/pathways`)).body.edges?.length === 6, 5000, 'the six transitions of worked example 1');
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  /** A browser tab signed in as `who`, at `path`, 1440 px wide. */
  async function openAs(who: ApiClient, at: string): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, who, at, { width: 1440, height: 1000 });
    await page.getByRole('heading', { level: 2, name: 'Pathways' }).waitFor();
    return { page, errors };
  }

  const titleOf = (page: Page, attribute: 'data-edge-id' | 'data-node-id', id: string) => page.locator(`[${attribute}="${id}"][tabindex] > title`).textContent();
  const edgeIds = (page: Page) => page.locator('[data-edge-id][tabindex]').evaluateAll((els) => els.map((el) => el.getAttribute('data-edge-id')).sort());

  it('draws worked example 1 as a map whose every stage and transition says what it is', async () => {
    const { page, errors } = await openAs(ctx.owner, `/projects/${ctx.projectId}/pathways`);
    await page.locator('[data-edge-id="pull->push"][tabindex]').waitFor();
    expect(await page.locator('[data-node-id][tabindex]').evaluateAll((els) => els.map((el) => el.getAttribute('data-node-id')))).toEqual(['__start__', 'push', 'pull', 'cocreation', '__end__']);
    expect(await edgeIds(page)).toEqual(['__start__->push', 'cocreation->__end__', 'pull->cocreation', 'pull->push', 'push->cocreation', 'push->pull']);
    expect(await titleOf(page, 'data-node-id', 'push')).toBe('push: coded by 2 of 2 coders');
    expect(await titleOf(page, 'data-edge-id', 'push->pull')).toBe('push → pull: 2 of 2 coders (a, b) in P1');
    expect(await titleOf(page, 'data-edge-id', 'pull->push')).toBe('pull → push: 1 of 2 coders (b) in P1; a back-transition; disputed: a did not code it');
    expect(await titleOf(page, 'data-edge-id', 'pull->cocreation')).toBe('pull → cocreation: 1 of 2 coders (a) in P1; disputed: b did not code it');
    // The back-transition is red, dashed (disputed) and marked ↩; agreed transitions are solid.
    const back = page.locator('[data-edge-line="pull->push"]');
    expect([await back.getAttribute('stroke'), await back.getAttribute('stroke-dasharray')]).toEqual(['#c0392b', '6 4']);
    expect(await page.locator('[data-edge-id="pull->push"] text').textContent()).toBe('↩ 1/2');
    expect(await page.locator('[data-edge-line="push->pull"]').getAttribute('stroke-dasharray')).toBeNull();

    // The variants table is the text alternative, with each coder's own reading.
    const readings = page.getByRole('table', { name: 'Readings by coder' });
    await readings.waitFor();
    const rows = await readings.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    expect(rows).toEqual([
      ['P1coders differ', 'a', 'push → pull → cocreation'],
      ['P1coders differ', 'b', 'push → pull → push → cocreation'],
    ]);
    await page.screenshot({ path: path.join(screenshotDir, 'pathways-map.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lists a transition’s quotes on click, opens the transcript from them, and closes with Esc back on the map', async () => {
    const { page, errors } = await openAs(ctx.owner, `/projects/${ctx.projectId}/pathways`);
    await page.locator('[data-edge-id="pull->push"] text').click();
    const drawer = page.getByRole('complementary', { name: 'pull → push' });
    await drawer.waitFor();
    await drawer.getByText('2 quotes from 1 participant.').waitFor();
    expect(await drawer.getByRole('heading', { level: 5 }).allTextContents()).toEqual(['b']);
    // b2 (pull, 290–430) is left for b3 (push, 440–480).
    expect(await drawer.locator('figcaption').allTextContents()).toEqual(['Leaving pull · characters 290–430', 'Entering push · characters 440–480']);
    expect(await drawer.locator('blockquote').first().textContent()).toContain('we worked through it together');
    // The transition hangs on an open disagreement: the drawer links it in the reconcile view.
    const reconcile = drawer.getByRole('link', { name: 'Reconcile it in P1' });
    expect(await reconcile.getAttribute('href')).toMatch(new RegExp(`^/projects/${ctx.projectId}/reconcile\\?document=${ctx.documentId}&locus=locus-`));
    await drawer.screenshot({ path: path.join(screenshotDir, 'pathways-drawer.png') });

    // Esc closes the drawer and gives focus back to the transition; Enter opens another.
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-edge-id'))).toBe('pull->push');
    await page.keyboard.press('Shift+Tab'); // the stage before it in reading order: pull
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-node-id'))).toBe('pull');
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'pull' }).getByText('2 quotes from 1 participant.').waitFor();
    await page.keyboard.press('Escape');

    await page.locator('[data-edge-id="push->pull"] text').click();
    const pushPull = page.getByRole('complementary', { name: 'push → pull' });
    await pushPull.getByText('4 quotes from 1 participant.').waitFor();
    // The link opens the transcript at the crossing: a's last push quote (a2, 150–260) to the first pull (a3, 300–420).
    const open = pushPull.getByRole('link', { name: 'Open in transcript' });
    expect(await open.evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('?')[1]))).toEqual(expect.arrayContaining(['at=150-420', 'at=0-430']));
    await open.first().click();
    await page.waitForURL(new RegExp(`/projects/${ctx.projectId}/documents/${ctx.documentId}\\?at=\\d+-\\d+$`));
    await page.getByText('we worked through it together').first().waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows a variant’s quotes and path on the map from the variants table, and saves the map as a PNG', async () => {
    const { page, errors } = await openAs(ctx.owner, `/projects/${ctx.projectId}/pathways`);
    const graph = (await ctx.owner.get(`/api/projects/${ctx.projectId}/pathways`)).body as { variants: { sequence: string[] }[]; edges: { id: string }[] };
    const [variant] = graph.variants;
    const stops = ['__start__', ...variant!.sequence, '__end__'];
    const onPath = stops.slice(1).map((to, i) => `${stops[i]}->${to}`);
    await page.locator('[data-edge-id][tabindex]').first().waitFor();
    expect(await page.locator('[data-faded]').count()).toBe(0);
    await page.getByRole('button', { name: variant!.sequence.join(' → ') }).click();
    const drawer = page.getByRole('complementary', { name: variant!.sequence.join(' → ') });
    await drawer.getByText('The pathway of 1 of 1 participants: P1.').waitFor();
    // Every crossing between consecutive stages of the variant, each captioned with its own transition.
    const captions = await drawer.locator('figcaption').allTextContents();
    const crossings = variant!.sequence.length - 1;
    expect(captions.filter((c) => c.startsWith('Leaving')).length).toBeGreaterThanOrEqual(crossings);
    expect(captions[0]).toMatch(new RegExp(`^Leaving ${variant!.sequence[0]} · `));
    expect(captions[1]).toMatch(new RegExp(`^Entering ${variant!.sequence[1]} · `));
    // The variant's path stays drawn; every other transition fades behind it.
    const faded = await page.locator('[data-faded] > path[data-edge-line]').evaluateAll((els) => els.map((el) => el.getAttribute('data-edge-line')).sort());
    expect(faded).toEqual(graph.edges.map((e) => e.id).filter((id) => !onPath.includes(id)).sort());
    expect(faded.length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshotDir, 'pathways-variant.png'), fullPage: true });
    // Esc closes it, focus goes back to the variant, and the map is whole again.
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-variant'))).toBe(variant!.sequence.join('>'));
    expect(await page.locator('[data-faded]').count()).toBe(0);

    // The PNG is the map drawn at twice its size, on white.
    const width = Number(await page.locator('svg.map').getAttribute('width'));
    await page.locator('summary', { hasText: 'Export' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'This map (PNG, for slides)' }).click()]);
    expect(download.suggestedFilename()).toBe('pathways.png');
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.readUInt32BE(16)).toBe(Math.ceil(width * 2));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  const stepNodes = (page: Page) => page.locator('[data-step-node]').evaluateAll((els) => els.map((el) => el.getAttribute('data-step-node')));
  const stepTitle = (page: Page, attribute: 'data-step-node' | 'data-step-link', id: string) => page.locator(`[${attribute}="${id}"] > title`).textContent();

  it('switches to the step Sankey, whose every step and band says what it is', async () => {
    const { page, errors } = await openAs(ctx.owner, `/projects/${ctx.projectId}/pathways`);
    await page.locator('[data-edge-id="pull->push"][tabindex]').waitFor();
    const tabs = page.getByRole('tablist', { name: 'Pathway views' });
    expect(await tabs.getByRole('tab').allTextContents()).toEqual(['Map', 'Steps', 'Lanes']);
    expect(await tabs.getByRole('tab', { name: 'Map' }).getAttribute('aria-selected')).toBe('true');
    await tabs.getByRole('tab', { name: 'Steps' }).click();
    await page.waitForURL(/\?view=steps$/);
    expect(await tabs.getByRole('tab', { name: 'Steps' }).getAttribute('aria-selected')).toBe('true');
    // Merged, P1 counts once, by the representative reading (a's): push → pull → cocreation.
    await page.locator('[data-step-node]').first().waitFor();
    expect(await stepNodes(page)).toEqual(['push@1', 'pull@2', 'cocreation@3']);
    expect(await stepTitle(page, 'data-step-node', 'pull@2')).toBe('Step 2: pull — 1 participant');
    expect(await stepTitle(page, 'data-step-link', 'push@1->pull@2')).toBe('push (1) → pull (2): 1 participant: P1');
    const figure = page.getByRole('group', { name: /^Step Sankey/ });
    expect(await figure.getAttribute('aria-describedby')).toBe('step-sankey-caption');
    await page.locator('#step-sankey-caption').getByText('The Variants table below lists every sequence').waitFor();

    // Coder b's own reading goes back from pull to push: a red band into push's row at step 3.
    await page.getByLabel('Whose coding').selectOption({ label: 'b' });
    await page.locator('[data-step-node="cocreation@4"]').waitFor();
    expect(await stepNodes(page)).toEqual(['push@1', 'pull@2', 'push@3', 'cocreation@4']);
    expect(await stepTitle(page, 'data-step-link', 'pull@2->push@3')).toBe('pull (2) → push (3): 1 participant: P1; a back-step to an earlier stage');
    expect(await page.locator('[data-step-link="pull@2->push@3"] path').getAttribute('stroke')).toBe('#c0392b');
    expect(page.url()).toContain('view=steps');
    await page.screenshot({ path: path.join(screenshotDir, 'pathways-steps.png'), fullPage: true });

    // Arrow keys move along the tabs; the choice stays in the address.
    await tabs.getByRole('tab', { name: 'Steps' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.locator('[data-edge-id][tabindex]').first().waitFor();
    expect(page.url()).not.toContain('view=');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Map');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows one lane per coder with their stage runs, each opening the transcript at its passage', async () => {
    const { page, errors } = await openAs(ctx.owner, `/projects/${ctx.projectId}/pathways`);
    await page.getByRole('tab', { name: 'Lanes' }).click();
    await page.waitForURL(/\?view=lanes$/);
    expect(await page.getByLabel('Participant', { exact: true }).inputValue()).toBe(ctx.documentId);
    await page.locator('[data-lane]').first().waitFor();
    const lanes = await page.locator('[data-lane]').evaluateAll((els) => els.map((el) => [el.getAttribute('data-lane'), [...el.querySelectorAll('[data-run]')].map((run) => run.getAttribute('data-run'))]));
    expect(lanes).toEqual([
      [ctx.coders.A.id, ['push', 'pull', 'cocreation']],
      [ctx.coders.B.id, ['push', 'pull', 'push', 'cocreation']],
    ]);
    const laneB = page.locator(`[data-lane="${ctx.coders.B.id}"]`);
    expect(await laneB.locator('[data-run] > title').allTextContents()).toEqual(['b: push, characters 0–250', 'b: pull, characters 290–430', 'b: push, characters 440–480', 'b: cocreation, characters 500–650']);
    expect(await laneB.locator('.arrow > title').allTextContents()).toEqual(['b: push → pull, at character 290', 'b: pull → push (a back-transition), at character 440', 'b: push → cocreation, at character 500']);
    // The readings differ, and an open disagreement can change them: a link to reconcile this document.
    const note = page.getByRole('note');
    await note.getByText('The lanes differ: open disagreements can add or remove the transitions').waitFor();
    expect(await note.getByRole('link', { name: 'Reconcile P1' }).getAttribute('href')).toMatch(new RegExp(`^/projects/${ctx.projectId}/reconcile\\?document=${ctx.documentId}&locus=locus-`));
    expect(page.url()).toContain('view=lanes');
    await page.screenshot({ path: path.join(screenshotDir, 'pathways-lanes.png'), fullPage: true });

    // An SVG link is routed inside the page (the marker survives), not loaded afresh.
    await page.evaluate(() => Object.assign(window, { accordSamePage: true }));
    await laneB.locator('[data-run]').nth(2).click();
    await page.waitForURL(`${server.httpUrl}/projects/${ctx.projectId}/documents/${ctx.documentId}?at=440-480`);
    await page.getByText('we worked through it together').first().waitFor();
    expect(await page.evaluate(() => (window as { accordSamePage?: boolean }).accordSamePage)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('follows a stage coding written by a stock client within a few seconds', async () => {
    const { page, errors } = await openAs(ctx.owner, `/projects/${ctx.projectId}/pathways`);
    await page.locator('[data-edge-id="pull->push"][tabindex]').waitFor();
    expect(await page.locator('[data-edge-id="cocreation->push"]').count()).toBe(0);
    // a codes push again after co-creation (660–690): a back-transition cocreation → push, then push → End.
    const a = ctx.coders.A;
    const transcript = createSyncClient(server.syncUrl, `text:${ctx.projectId}:${ctx.documentId}`, { token: a.token });
    const layer = createSyncClient(server.syncUrl, `layer:${ctx.projectId}:${ctx.documentId}:${a.id}`, { token: a.token });
    clients.push(transcript, layer);
    await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
    const started = Date.now();
    addCoding(layer.doc, { id: 'a6', codeId: 'push', anchor: createSpanAnchor(transcriptText(transcript.doc), 660, 690), at: Date.now() });
    await page.locator('[data-edge-id="cocreation->push"][tabindex]').waitFor({ timeout: 5000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(5000);
    expect(await titleOf(page, 'data-edge-id', 'cocreation->push')).toBe('cocreation → push: 1 of 2 coders (a) in P1; a back-transition; disputed: b did not code it');
    await page.getByRole('table', { name: 'Readings by coder' }).getByText('push → pull → cocreation → push').waitFor();
    expect(await edgeIds(page)).toContain('push->__end__');
    await page.screenshot({ path: path.join(screenshotDir, 'pathways-map-live.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the settings in the address, and shows a coder only their own layer in a blind round', async () => {
    const { page, errors } = await openAs(ctx.owner, `/projects/${ctx.projectId}/pathways`);
    await page.locator('[data-edge-id="pull->push"][tabindex]').waitFor();
    await page.getByLabel('Coder rule').selectOption('intersection');
    await page.waitForURL(/\?merge=intersection$/);
    // Under intersection only what both coders coded is left: no disputed transition.
    await page.locator('[data-edge-id="pull->push"]').waitFor({ state: 'detached' });
    expect(await edgeIds(page)).toEqual(['__start__->push', 'push->pull']);
    // At least k coders: with k = 2 of the 2 coders it is the intersection; with k = 1, the union.
    await page.getByLabel('Coder rule').selectOption('kofn');
    await page.waitForURL(/\?merge=kofn&k=2$/);
    expect(await page.getByLabel('Coders who must agree (k)').inputValue()).toBe('2');
    await page.getByText('A transition counts for a participant when at least k of their coders coded it.').waitFor();
    expect(await edgeIds(page)).toEqual(['__start__->push', 'push->pull']);
    await page.getByLabel('Coders who must agree (k)').fill('1');
    await page.getByLabel('Coders who must agree (k)').press('Enter');
    await page.waitForURL(/\?merge=kofn&k=1$/);
    await page.locator('[data-edge-id="pull->push"][tabindex]').waitFor();
    // The rule survives a reload.
    await page.reload();
    await page.locator('[data-edge-id="pull->push"][tabindex]').waitFor();
    expect([await page.getByLabel('Coder rule').inputValue(), await page.getByLabel('Coders who must agree (k)').inputValue()]).toEqual(['kofn', '1']);
    // This project has no attribute fields: the participant filter points to where they are made.
    expect(await page.getByRole('link', { name: 'project home’s attributes' }).getAttribute('href')).toBe(`/projects/${ctx.projectId}`);
    expect(await page.getByLabel('Participants', { exact: true }).count()).toBe(0);
    await page.context().close();

    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'blind' });
    try {
      const coder = await openAs(ctx.coders.B.api, `/projects/${ctx.projectId}/pathways`);
      await coder.page.getByText('This is a blind round: the diagram shows only your own coding').waitFor();
      expect(await coder.page.getByLabel('Whose coding').isDisabled()).toBe(true);
      await coder.page.locator('[data-edge-id="pull->push"][tabindex]').waitFor();
      expect(await titleOf(coder.page, 'data-edge-id', 'pull->push')).toBe('pull → push: 1 of 1 coder (b) in P1; a back-transition');
      expect(coder.errors).toEqual([]);
      await coder.page.context().close();
    } finally {
      await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'open' });
    }
    expect(errors).toEqual([]);
  });

  it('filters the participants by an attribute, which changes the counts, and keeps the filter in the address', async () => {
    // The demo project: 17 interviews coded by two demo coders. Give five of them the role coach.
    const projectId = (await ctx.owner.post('/api/demo', {})).body.projectId as string;
    const fields = await ctx.owner.request('PUT', `/api/projects/${projectId}/attribute-fields`, { fields: [{ key: 'role', label: 'Role', type: 'category', options: ['coach', 'manager'] }] });
    expect(fields.status).toBe(200);
    const documents = ((await ctx.owner.get(`/api/projects/${projectId}/documents`)).body as { id: string; name: string }[]).sort((a, b) => a.name.localeCompare(b.name));
    expect(documents).toHaveLength(17);
    const coaches = documents.slice(0, 5);
    for (const [i, document] of documents.entries()) {
      const patched = await ctx.owner.patch(`/api/projects/${projectId}/documents/${document.id}`, { attributes: { role: i < 5 ? 'coach' : 'manager' } });
      expect(patched.status).toBe(200);
    }

    const { page, errors } = await openAs(ctx.owner, `/projects/${projectId}/pathways`);
    await page.locator('[data-edge-id][tabindex]').first().waitFor();
    // The count beside the filter (the map's titles say "… of 17 participants" too).
    const countSays = (text: string) => page.locator('.count[role="status"]', { hasText: new RegExp(`^${text}$`) }).waitFor();
    await countSays('All 17 participants');
    await page.getByText('This filter changes the counts').waitFor();
    await page.getByLabel('Participants', { exact: true }).selectOption({ label: 'By Role' });
    await page.waitForURL(/\?field=role$/);
    expect(await page.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.parentElement!.textContent!.trim()))).toEqual(['coach (5)', 'manager (12)']);
    const asked = page.waitForRequest((request) => request.url().includes('/pathways?') && request.url().includes('participants='));
    await page.getByRole('checkbox', { name: /^coach/ }).check();
    await page.waitForURL(/\?field=role&values=coach$/);
    expect(new URL((await asked).url()).searchParams.get('participants')!.split(',').sort()).toEqual(coaches.map((d) => d.id).sort());
    await countSays('5 of 17 participants');

    // The variants now count only the five coaches.
    const variants = page.getByRole('table', { name: /^Pathway variants/ });
    const rows = () => variants.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    await page.waitForFunction(() => [...document.querySelectorAll('.variants table tbody tr td.number')].every((td) => td.textContent!.trim().endsWith('of 5')));
    const listed = (await rows()).flatMap((row) => row[2]!.split(', ')).sort();
    expect(listed).toEqual(coaches.map((d) => d.name).sort());
    expect((await rows()).reduce((sum, row) => sum + Number(row[1]!.split(' ')[0]), 0)).toBe(5);
    await page.screenshot({ path: path.join(screenshotDir, 'pathways-filter.png'), fullPage: true });

    // The address is a link to the filtered view.
    await page.reload();
    await countSays('5 of 17 participants');
    expect(await page.getByRole('checkbox', { name: /^coach/ }).isChecked()).toBe(true);
    expect(page.url()).toBe(`${server.httpUrl}/projects/${projectId}/pathways?field=role&values=coach`);
    // Back to all participants.
    await page.getByLabel('Participants', { exact: true }).selectOption({ label: 'All participants' });
    await page.waitForURL(`${server.httpUrl}/projects/${projectId}/pathways`);
    await countSays('All 17 participants');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('asks for stage codes when the codebook has none', async () => {
    const projectId = (await ctx.owner.post('/api/projects', { name: 'No stages' })).body.id as string;
    await ctx.owner.post(`/api/projects/${projectId}/documents`, { name: 'P9', text: 'Participant: nothing coded yet.' });
    const { page, errors } = await openAs(ctx.owner, `/projects/${projectId}/pathways`);
    await page.getByRole('heading', { name: 'No stage codes yet' }).waitFor();
    expect(await page.getByRole('link', { name: 'Codebook' }).last().getAttribute('href')).toBe(`/projects/${projectId}/codebook`);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { readCodings, readConsensusDecisions } from '../../shared/ydoc/layer-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { seedReconcileProject, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();
/** Where the screenshots of the reconcile view and the timeline go, for a person to look at. */
const screenshotDir = path.resolve(import.meta.dirname, '../../test-results');

describe.runIf(ready)('the reconcile view in the browser (issue 9)', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let ctx: ReconcileProject & { coders: Record<'A' | 'B', ReconcileCoder> };
  const base = () => `/api/projects/${ctx.projectId}/documents/${ctx.documentId}`;
  const stageLoci = async () => (await ctx.owner.get(`${base()}/loci`)).body.loci.filter((l: any) => l.domainId === 'stages');

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    ctx = (await seedReconcileProject(server, clients, ['A', 'B'], example1)) as typeof ctx;
    // Every coding counts before a page opens (worked example 1: L1–L4 in the stage domain, and barriers).
    await waitFor(async () => (await ctx.owner.get(`${base()}/loci`)).body.loci?.length === 5, 5000, 'the five loci of worked example 1');
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  /** A browser tab signed in as `who` (their session cookie), at `path`. */
  async function openAs(who: ApiClient, path: string): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, who, path);
    await page.getByRole('heading', { level: 2, name: 'Reconcile' }).waitFor();
    return { page, errors };
  }

  const item = (page: Page) => page.getByRole('region', { name: /^Passage(?!s)/ });
  const itemHeading = async (page: Page) => (await item(page).getByRole('heading', { level: 3 }).first().textContent())?.replace(/\s+/g, ' ').trim() ?? '';

  /** The consensus as a stock client reads it: code and range of every coding, with its decision. */
  async function consensus() {
    const reader = createSyncClient(server.syncUrl, `consensus:${ctx.projectId}:${ctx.documentId}`, { token: ctx.coders.A.token });
    const text = createSyncClient(server.syncUrl, `text:${ctx.projectId}:${ctx.documentId}`, { token: ctx.coders.A.token });
    clients.push(reader, text);
    await Promise.all([waitForSynced(reader), waitForSynced(text)]);
    const decisions = readConsensusDecisions(reader.doc);
    return readCodings(reader.doc, text.doc, 'consensus')
      .map((c) => ({ codeId: c.codeId, start: c.start, end: c.end, decisionId: decisions.get(c.id) }))
      .sort((a, b) => a.start! - b.start!);
  }

  it('shows a coder the queue and the passages read-only, and the blind round as waiting for the reveal', async () => {
    const { page, errors } = await openAs(ctx.coders.A.api, `/projects/${ctx.projectId}/reconcile`);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await item(page).waitFor();
    expect(await itemHeading(page)).toContain('Passage 1 of 4');
    expect(await page.getByRole('region', { name: /^Passages \(/ }).getByRole('listitem').count()).toBe(4);
    await page.getByText('Only the project’s owners decide.').waitFor();
    expect(await page.getByRole('button', { name: /^Accept|^Reject all|^Defer/ }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: /Rationale/ }).count()).toBe(0);
    // The keys read but never decide: stepping works, deciding does nothing.
    await page.keyboard.press('j');
    await expect.poll(() => itemHeading(page)).toContain('Passage 2 of 4');
    await page.keyboard.press('b');
    await page.keyboard.press('1');
    expect(posts).toEqual([]);

    // A coder takes part in the discussion: `c` reaches the box, Ctrl+Enter sends; the owner reads it.
    await page.keyboard.press('c');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('discussion-box');
    await page.keyboard.type('I stopped before the pause on purpose.');
    await page.keyboard.press('Control+Enter');
    const discussion = page.getByRole('region', { name: /^Discussion/ });
    await discussion.getByText('I stopped before the pause on purpose.').waitFor();
    await discussion.getByRole('heading', { name: 'Discussion (1)' }).waitFor();
    expect(posts.filter((url) => url.endsWith('/comments'))).toHaveLength(1);
    const comments = (await ctx.owner.get(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/comments`)).body.comments;
    expect(comments.map((c: any) => [c.userId, c.body])).toEqual([[ctx.coders.A.id, 'I stopped before the pause on purpose.']]);
    await page.getByRole('region', { name: /^Passages \(/ }).getByText('1 comment').waitFor();
    posts.length = 0;

    // A blind round hides the coders' codings from coders: the page says reconciliation waits, without a reload.
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'blind' });
    try {
      await page.getByRole('heading', { name: 'Reconciliation waits for the reveal' }).waitFor();
    } finally {
      await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'open' });
    }
    await item(page).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets an owner reconcile with the keyboard only — accept, accept all, reject all, then replace and edit — into decisions and the consensus layer', async () => {
    const { page, errors } = await openAs(ctx.owner, `/projects/${ctx.projectId}/reconcile`);
    await item(page).waitFor();
    expect(await itemHeading(page)).toBe('Passage 1 of 4 · characters 0–260');
    // Lane 2 is coder B, so `2` accepts B's single push [0,250) on L1 (the majority's code: no rationale needed).
    expect(await page.getByRole('button', { name: 'Accept b’s reading' }).getAttribute('aria-keyshortcuts')).toBe('2');
    // `g d` goes to the Documents tab; its `d` is not "defer" here (nothing is sent), and back is back.
    const posts: string[] = [];
    const onRequest = (request: { method(): string; url(): string }) => request.method() === 'POST' && posts.push(request.url());
    page.on('request', onRequest);
    await page.keyboard.press('g');
    await page.getByRole('status').filter({ hasText: /^Go to:/ }).waitFor();
    await page.keyboard.press('d');
    await page.getByRole('heading', { level: 2, name: 'Documents' }).waitFor();
    expect(posts).toEqual([]);
    page.off('request', onRequest);
    await page.goBack();
    await expect.poll(() => itemHeading(page)).toBe('Passage 1 of 4 · characters 0–260');
    // `g r` on this very tab stays here, and its `r` does not open the rationale box.
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    expect(await page.evaluate(() => document.activeElement?.id ?? '')).not.toBe('reconcile-rationale');
    await expect.poll(() => itemHeading(page)).toBe('Passage 1 of 4 · characters 0–260');
    await page.keyboard.press('2');
    await expect.poll(() => itemHeading(page)).toBe('Passage 2 of 4 · characters 290–430');
    await page.getByRole('status').filter({ hasText: 'Decided at 0–260' }).waitFor({ state: 'attached' });

    // L2: accept all stacks codes of the exclusive stage domain, so a rationale goes first (`r`, type, Esc, `b`).
    // The text is full of the view's letters (b, n, e, d, j, k): typed into the box, none of them acts.
    await page.keyboard.press('r');
    await page.keyboard.type('both readings mark the same pull episode; keep the wider one');
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');
    await expect.poll(() => itemHeading(page)).toBe('Passage 3 of 4 · characters 440–480');

    // L3: A coded nothing, B coded push; reject all needs a rationale too. Without one the server says so.
    await page.keyboard.press('n');
    await item(page).getByText(/Give a rationale/).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reconcile-rationale');
    await page.keyboard.type('reference back for contrast, not a stage');
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await expect.poll(() => itemHeading(page)).toBe('Passage 4 of 4 · characters 600–700');
    expect(await page.getByText('1 of 4').count()).toBe(0);
    await page.getByText('3 of 4').first().waitFor();

    const [l1, l2, l3] = await stageLoci();
    const decisions = (await ctx.owner.get(`${base()}/decisions`)).body.decisions;
    expect(decisions.map((d: any) => [d.locusId, d.action, d.chosenUserIds, d.rationale])).toEqual([
      [l1.id, 'accept', [ctx.coders.B.id], ''],
      [l2.id, 'acceptAll', [], 'both readings mark the same pull episode; keep the wider one'],
      [l3.id, 'rejectAll', [], 'reference back for contrast, not a stage'],
    ]);
    expect(await consensus()).toEqual([
      { codeId: 'push', start: 0, end: 250, decisionId: decisions[0].id },
      { codeId: 'pull', start: 290, end: 430, decisionId: decisions[1].id },
    ]);
    await page.screenshot({ path: path.join(screenshotDir, 'reconcile-view.png'), fullPage: true });

    // The History tab's timeline tells the three decisions, newest first, with their rationales.
    const timelinePage = await page.context().newPage();
    timelinePage.setDefaultTimeout(8_000);
    await timelinePage.goto(`${server.httpUrl}/projects/${ctx.projectId}/history?type=decisions`);
    const timeline = timelinePage.getByRole('region', { name: /^Timeline/ });
    // One person's changes in a row are folded into one line: open it.
    await timeline.getByRole('button', { expanded: false, name: /^PI made 3 changes in P1/ }).click();
    await timeline.locator('li.event').nth(2).waitFor();
    expect(await timeline.locator('li.event .sentence').allTextContents()).toEqual([
      'PI rejected every coding of a passage in P1: ‘reference back for contrast, not a stage’',
      'PI accepted every coder’s codings (pull) into the consensus in P1: ‘both readings mark the same pull episode; keep the wider one’',
      'PI accepted b’s push into the consensus in P1',
    ]);
    await timelinePage.screenshot({ path: path.join(screenshotDir, 'history-timeline.png') });
    await timelinePage.close();

    // The decided passage shows its decision and its consensus lane.
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await expect.poll(() => itemHeading(page)).toBe('Passage 2 of 4 · characters 290–430');
    await item(page).getByText('Accepted every reading: pull 290–430').waitFor();
    await item(page).getByRole('group', { name: 'Consensus' }).getByText('pull').waitFor();

    // Changing a decided passage asks first, then sends `supersedes`: L3 re-decided as B's push (spec §4, d4).
    await page.keyboard.press('j');
    await expect.poll(() => itemHeading(page)).toBe('Passage 3 of 4 · characters 440–480');
    await page.keyboard.press('2');
    const confirm = page.getByRole('dialog', { name: 'Replace this decision?' });
    await confirm.getByText('Rejected every reading').waitFor();
    await page.keyboard.press('Enter');
    await item(page).getByText('Accepted b’s reading: push 440–480').waitFor();
    const l3Decisions = (await ctx.owner.get(`${base()}/decisions`)).body.decisions.filter((d: any) => d.locusId === l3.id);
    expect(l3Decisions.map((d: any) => [d.action, d.supersedes, d.supersededBy === null])).toEqual([
      ['rejectAll', null, false],
      ['accept', l3Decisions[0].id, true],
    ]);
    expect((await consensus()).filter((c) => c.start === 440)).toEqual([{ codeId: 'push', start: 440, end: 480, decisionId: l3Decisions[1].id }]);

    // Edit, by keyboard too: L2 becomes pull [295,425) (the spec's d2). `e` opens the editor on the code,
    // Tab reaches the offsets, Esc leaves them, `r` the rationale, and `e` again saves (confirming the replacement).
    await page.keyboard.press('k');
    await expect.poll(() => itemHeading(page)).toBe('Passage 2 of 4 · characters 290–430');
    await page.keyboard.press('e');
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.value)).toBe('pull');
    for (const [tabs, value] of [[2, '295'], [3, '425']] as const) {
      for (let i = 0; i < tabs; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(value);
    }
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await page.keyboard.type('start at “Then they asked…”, end before the pause');
    await page.keyboard.press('Escape');
    await page.keyboard.press('e');
    await page.getByRole('dialog', { name: 'Replace this decision?' }).waitFor();
    await page.keyboard.press('Enter');
    await item(page).getByText('Edited the code or range: pull 295–425').waitFor();
    const l2Current = (await ctx.owner.get(`${base()}/decisions`)).body.decisions.find((d: any) => d.locusId === l2.id && d.supersededBy === null);
    expect(l2Current).toMatchObject({ action: 'edit', supersedes: decisions[1].id, rationale: 'start at “Then they asked…”, end before the pause' });
    expect((await consensus()).filter((c) => c.codeId === 'pull')).toEqual([{ codeId: 'pull', start: 295, end: 425, decisionId: l2Current.id }]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says “Decided by someone else a moment ago” when another owner decided the passage first, and never overwrites it', async () => {
    const { page, errors } = await openAs(ctx.owner, `/projects/${ctx.projectId}/reconcile`);
    await item(page).waitFor();
    // The only open passage left: barriers, coded by A alone.
    await expect.poll(() => itemHeading(page)).toBe('Passage 4 of 4 · characters 600–700');
    const barriers = (await ctx.owner.get(`${base()}/loci`)).body.loci.find((l: any) => l.domainId !== 'stages' && l.type !== 'agreed');
    // The page keeps seeing the passage as open (its polls answered from before), as if the other decision landed between two polls.
    const stale = JSON.stringify((await ctx.owner.get(`${base()}/loci`)).body);
    let frozen = true;
    await page.route(/\/loci$/, (route) => (frozen ? route.fulfill({ status: 200, contentType: 'application/json', body: stale }) : route.continue()));
    const theirs = await ApiClient.admin(server.httpUrl).post(`${base()}/decisions`, { locusId: barriers.id, action: 'rejectAll', rationale: 'barriers are coded in the next round' });
    expect(theirs.status).toBe(201);

    await page.keyboard.press('d');
    const notice = page.getByRole('alert').filter({ hasText: 'Decided by someone else a moment ago' });
    await notice.waitFor();
    await notice.getByText(/The administrator: rejected every reading/).waitFor();
    await notice.getByText('“barriers are coded in the next round”').waitFor();
    frozen = false;
    await item(page).getByText('Rejected every reading').first().waitFor();
    await item(page).getByText('Nothing: every reading was rejected').waitFor();

    const decisions = (await ctx.owner.get(`${base()}/decisions`)).body.decisions.filter((d: any) => d.locusId === barriers.id);
    expect(decisions.map((d: any) => [d.id, d.action, d.supersededBy])).toEqual([[theirs.body.decision.id, 'rejectAll', null]]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

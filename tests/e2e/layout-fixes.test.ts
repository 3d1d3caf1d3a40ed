import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { createSyncClient, waitFor, waitForSynced } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();
const sizes = [
  [1440, 900],
  [1024, 700],
] as const;

/** Whether the page (and `selector`'s box, when given) is no wider than the window. */
function overflowOf(page: Page, selector?: string) {
  return page.evaluate((selector) => {
    const root = document.documentElement;
    const box = selector ? document.querySelector(selector) : null;
    return { page: root.scrollWidth - root.clientWidth, box: box ? box.scrollWidth - box.clientWidth : 0 };
  }, selector);
}

/**
 * Issue 11, fix 4 (and the smaller items of fix 5), on the demo project as a new user meets it:
 * six participant attributes, the owner's own codings next to the two demo coders', two orphans.
 */
describe.runIf(ready)('the layout on the demo project at 1440 × 900 and 1024 × 700', () => {
  let server: TestServer;
  let browser: Browser;
  let owner: ApiClient;
  let projectId: string;
  let documents: { id: string; name: string }[];

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    owner = new ApiClient(server.httpUrl);
    // Named as `npm run demo` names its owner: three lanes that all begin with "Demo".
    const ownerId = await owner.signIn('demo@example.org', 'Demo owner');
    projectId = (await owner.post('/api/demo', {})).body.projectId;
    documents = (await owner.get(`/api/projects/${projectId}/documents`)).body;
    const header = 'document,Organisation type,Region,Years in role,Role,Support programme,Interview mode';
    const rows = documents.map(
      (d, i) =>
        `${d.name},${['Public health department', 'Community-based organisation', 'Hospital network'][i % 3]},${['North-east', 'South', 'Midwest'][i % 3]},${3 + (i % 9)},${['Programme manager', 'Implementation specialist'][i % 2]},${['Coaching collaborative', 'Technical assistance centre'][i % 2]},${i % 2 ? 'Video call' : 'In person'}`,
    );
    const imported = await owner.request('POST', `/api/projects/${projectId}/attributes/import`, [header, ...rows].join('\n'), { 'content-type': 'text/csv' });
    expect(imported.status).toBe(200);

    // The owner's own codings in P01 (a third layer beside Ana's and Ben's), and two whose text is gone.
    const token = (await owner.post('/api/tokens', { name: 'ws' })).body.token;
    const first = documents.find((d) => d.name.startsWith('P01'))!;
    const text = createSyncClient(server.syncUrl, `text:${projectId}:${first.id}`, { token });
    const layer = createSyncClient(server.syncUrl, `layer:${projectId}:${first.id}:${ownerId}`, { token });
    await Promise.all([waitForSynced(text), waitForSynced(layer)]);
    const ytext = transcriptText(text.doc);
    const t = ytext.toString();
    const codes = ['push', 'pull', 'barriers', 'relationships-trust'];
    for (let i = 0, from = 0; i < 8; i++) {
      const start = t.indexOf(' ', from + 250) + 1;
      const end = t.indexOf(' ', start + 90);
      addCoding(layer.doc, { id: `own-${i}`, codeId: codes[i % codes.length]!, anchor: createSpanAnchor(ytext, start, end), at: Date.now() });
      from = end;
    }
    const gone = new Y.Doc();
    gone.getText('t').insert(0, 'a passage that was deleted later');
    addCoding(layer.doc, { id: 'orphan-1', codeId: 'relationships-trust', anchor: createSpanAnchor(gone.getText('t'), 0, 12), at: Date.now() });
    addCoding(layer.doc, { id: 'orphan-2', codeId: 'context-organisational', anchor: createSpanAnchor(gone.getText('t'), 4, 20), at: Date.now() });
    await waitFor(async () => (await server.store.logSize(`layer:${projectId}:${first.id}:${ownerId}`)).rows > 0, 5000, 'the codings to be stored');
    text.destroy();
    layer.destroy();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (path: string, [width, height]: readonly [number, number]) => openSignedIn(browser, server.httpUrl, owner, path, { width, height, timeoutMs: 15_000 });

  it.each(sizes)('fits the documents table with six attributes into the page at %i px, names wrapping between words', async (width, height) => {
    const { page, errors } = await open(`/projects/${projectId}`, [width, height]);
    const table = page.getByRole('table', { name: /Documents in this project/ });
    await table.getByRole('button', { name: /^Region of P01 .*: North-east, edit$/ }).waitFor();
    expect(await overflowOf(page, '.table-wrap')).toEqual({ page: 0, box: 0 });
    // No word of a document's name is split over two lines.
    const split = await page.evaluate(() =>
      [...document.querySelectorAll('tbody th a')].flatMap((link) => {
        const node = link.firstChild!;
        const text = node.textContent ?? '';
        const broken: string[] = [];
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index!);
          range.setEnd(node, match.index! + match[0].length);
          if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) broken.push(match[0]);
        }
        return broken;
      }),
    );
    expect(split).toEqual([]);
    // The name column keeps its own borders (separate, not collapsed into its scrolling neighbours).
    const borders = await page.locator('tbody tr:first-child th.name-col').evaluate((th) => [getComputedStyle(th).borderRightWidth, getComputedStyle(th).borderBottomWidth]);
    expect(borders).toEqual(['1px', '1px']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps every layer reachable at 1024 × 700 through the overflow menu, and the lanes and highlights apart', async () => {
    const first = documents.find((d) => d.name.startsWith('P01'))!;
    const { page, errors } = await open(`/projects/${projectId}/documents/${first.id}`, [1024, 700]);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const layers = page.getByRole('group', { name: 'Layers', exact: true });
    await page.getByRole('button', { name: /, coded by Demo coder Ana:/ }).first().waitFor();

    // The chips that are shown are whole; the rest are in the menu, which lists every layer.
    const more = layers.getByRole('button', { name: /more layers/ });
    await more.waitFor();
    const clipped = await page.evaluate(() => {
      const row = document.querySelector('.layers .row')!.getBoundingClientRect();
      return [...document.querySelectorAll<HTMLElement>('.layers .row [data-layer-key]')]
        .filter((chip) => !chip.inert)
        .filter((chip) => {
          const r = chip.getBoundingClientRect();
          return r.left < row.left || r.right > row.right || r.top < row.top || r.bottom > row.bottom;
        })
        .map((chip) => chip.textContent);
    });
    expect(clipped).toEqual([]);
    await more.click();
    const menu = page.getByRole('group', { name: 'All layers' });
    expect(await menu.getByRole('button').count()).toBe(4);
    for (const name of ['You (your layer)', 'Demo coder Ana', 'Demo coder Ben', 'Consensus']) expect(await menu.getByRole('button', { name, exact: true }).count()).toBe(1);
    await menu.getByRole('button', { name: 'Consensus' }).click();
    await expect.poll(() => menu.getByRole('button', { name: 'Consensus' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('list', { name: /Margin lanes/ }).getByText('Consensus', { exact: true }).first().waitFor({ state: 'attached' });
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('more layers');

    // Lanes are told apart in the narrow header: each label distinct and shown whole.
    const lanes = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.lane-name .short')].map((el) => ({ text: el.textContent, whole: el.scrollHeight <= el.clientHeight + 1 })),
    );
    expect(lanes.map((l) => l.text)).toEqual(['You', 'Ana', 'Ben', 'Consensus']);
    expect(lanes.every((l) => l.whole)).toBe(true);

    // One's own codings are filled, the others' drawn as lines under the text (not colour alone).
    const runs = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.run.coded')].map((run) => {
        const { backgroundColor, boxShadow } = getComputedStyle(run);
        return { title: run.title, filled: backgroundColor !== 'rgba(0, 0, 0, 0)', lined: boxShadow.includes('inset') };
      }),
    );
    const ownOnly = runs.filter((r) => r.title.split('\n').every((line) => line.endsWith('(You)')));
    const othersOnly = runs.filter((r) => r.title.split('\n').every((line) => !line.endsWith('(You)')));
    expect(ownOnly.length).toBeGreaterThan(0);
    expect(othersOnly.length).toBeGreaterThan(0);
    for (const run of ownOnly) expect(run).toMatchObject({ filled: true, lined: false });
    for (const run of othersOnly) expect(run).toMatchObject({ filled: false, lined: true });
    await page.getByText('are filled,').waitFor();

    // The orphan list gives each code name the panel's width: "Relationships & trust" on one line.
    const orphans = page.locator('.orphaned');
    await orphans.getByText('Relationships & trust', { exact: true }).waitFor();
    const lines = await orphans.getByText('Relationships & trust', { exact: true }).evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
    expect(await overflowOf(page)).toEqual({ page: 0, box: 0 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows every layer as a chip when the window is wide enough, with no menu', async () => {
    const first = documents.find((d) => d.name.startsWith('P01'))!;
    const { page, errors } = await open(`/projects/${projectId}/documents/${first.id}`, [1440, 900]);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const layers = page.getByRole('group', { name: 'Layers', exact: true });
    await layers.getByRole('button', { name: 'Consensus' }).waitFor();
    expect(await layers.getByRole('button', { name: /more layers/ }).count()).toBe(0);
    expect(await page.evaluate(() => [...document.querySelectorAll('.lane-name .short')].map((el) => el.textContent))).toEqual(['You', 'Ana', 'Ben']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(sizes)('fits the agreement page into the window at %i px and explains its method in words', async (width, height) => {
    const { page, errors } = await open(`/projects/${projectId}/agreement`, [width, height]);
    await page.getByRole('table', { name: /per code and document/ }).waitFor();
    expect((await overflowOf(page)).page).toBe(0);
    // Wide tables scroll inside their own box, within the page.
    const boxes = await page.evaluate(() => [...document.querySelectorAll('.agreement .table-wrap')].map((wrap) => wrap.getBoundingClientRect().right <= document.documentElement.clientWidth));
    expect(boxes.every(Boolean)).toBe(true);
    await page.getByRole('heading', { name: 'How these figures are computed' }).waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/\bKA\d+|SPEC/);
    // A value's explanation points to the notes rather than to rule numbers.
    await page.getByRole('region', { name: 'By code', exact: true }).locator('button.value').first().hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toContain('How these figures are computed');
    expect(await tooltip.textContent()).not.toMatch(/\bKA\d+|SPEC/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe.runIf(ready)('the smaller fixes a new user found', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    // Not the first account, so the sign-up form is the ordinary one.
    await new ApiClient(server.httpUrl).signIn('admin@example.org', 'Admin');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says in words what an empty sign-up form is missing', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(`${server.httpUrl}/signup`);
    const form = page.locator('form');
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByText('Enter your name').waitFor();
    await form.getByLabel('Name', { exact: true }).fill('Pat Lee');
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByText('Enter your email address').waitFor();
    expect(await form.innerText()).not.toMatch(/must be at least/);
    await page.close();
  });

  it('serves a favicon the content security policy allows, so loading a page makes no 404', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(8_000);
    const missing: string[] = [];
    const violations: string[] = [];
    page.on('response', (response) => response.status() === 404 && missing.push(response.url()));
    await page.addInitScript('document.addEventListener("securitypolicyviolation", (e) => (window.__violations ??= []).push(e.blockedURI))');
    await page.goto(`${server.httpUrl}/signin`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Accord' }).waitFor();
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('/favicon.svg');
    // Loaded as the page loads images, under its policy.
    const loaded = await page.evaluate(
      (href) =>
        Promise.all(
          [href, '/favicon.ico'].map(
            (src) =>
              new Promise<boolean>((resolve) => {
                const image = new Image();
                image.onload = () => resolve(image.naturalWidth > 0);
                image.onerror = () => resolve(false);
                image.src = src;
              }),
          ),
        ),
      href!,
    );
    expect(loaded).toEqual([true, true]);
    violations.push(...((await page.evaluate('window.__violations ?? []')) as string[]));
    expect(violations).toEqual([]);
    expect(missing).toEqual([]);
    const svg = await fetch(`${server.httpUrl}/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    await page.close();
  });
});

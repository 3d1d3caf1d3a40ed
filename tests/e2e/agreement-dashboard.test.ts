import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { launchBrowser, browserTestsReady, builtClientDir as clientDir } from '../support/browser.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();
const run = promisify(execFile);

const text = 'Interviewer: How did support start?\nP01: They pushed a toolkit on us. Later we asked them for help, and then we built the plan together.';

type Coder = { id: string; token: string; codings: { start: number; end: number; code: string }[] };

describe.runIf(ready)('the agreement dashboard in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  const ctx = {} as { owner: ApiClient; projectId: string; documentId: string; coders: [Coder, Coder] };

  const open = (room: string, token: string) => {
    const client = createSyncClient(server.syncUrl, room, { token });
    clients.push(client);
    return client;
  };

  /** A coder codes the first occurrence of `phrase` in their own layer, over the socket, as the coding view does. */
  async function code(coder: Coder, phrase: string, codeId: string): Promise<void> {
    const transcript = open(`text:${ctx.projectId}:${ctx.documentId}`, coder.token);
    const layer = open(`layer:${ctx.projectId}:${ctx.documentId}:${coder.id}`, coder.token);
    await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
    const start = text.indexOf(phrase);
    addCoding(layer.doc, { id: `${coder.id}-${codeId}-${start}`, codeId, anchor: createSpanAnchor(transcriptText(transcript.doc), start, start + phrase.length), at: Date.now() });
    coder.codings.push({ start, end: start + phrase.length, code: codeId });
  }

  /** The real CLI on the same codings, as a continuum file (README: `accord agreement --measure … --json`). */
  async function cliAlpha(codeId: string): Promise<number> {
    const file = path.join(makeTempDir('accord-cli-'), 'continuum.json');
    fs.writeFileSync(file, JSON.stringify({ type: 'continuum', length: text.length, coders: ctx.coders.map((c) => c.codings) }));
    const { stdout } = await run(process.execPath, ['bin/accord.mjs', 'agreement', file, '--measure', 'per_code_binary_u_alpha', '--level', codeId, '--json']);
    const result = JSON.parse(stdout).results[0];
    expect(result.undefined).toBe(false);
    return result.value as number;
  }

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    const owner = new ApiClient(server.httpUrl);
    await owner.signIn('pi@example.org', 'Pat Investigator');
    const projectId = (await owner.post('/api/projects', { name: 'Support pathways' })).body.id;
    const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P01 interview', text })).body.id;
    const coders: Coder[] = [];
    for (const [email, name] of [
      ['ana@example.org', 'Ana Coder'],
      ['ben@example.org', 'Ben Coder'],
    ] as const) {
      const session = new ApiClient(server.httpUrl);
      const id = await session.signIn(email, name);
      const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
      await session.post(`/api/invites/${invite}/accept`);
      coders.push({ id, token: (await session.post('/api/tokens', { name: 'ws' })).body.token, codings: [] });
    }
    Object.assign(ctx, { owner, projectId, documentId, coders });
    const codebook = open(`project:${projectId}`, (await owner.post('/api/tokens', { name: 'ws' })).body.token);
    await waitForSynced(codebook);
    for (const [id, name, order] of [['push', 'Push', 1], ['pull', 'Pull', 2]] as const) {
      addCode(codebook.doc, { id, name, shortName: id, colour: '#E69F00', parentId: null, order, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: 'pi' });
    }
    await waitFor(async () => (await server.store.logSize(`project:${projectId}`)).rows > 0, 5000, 'the codebook stored');
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await browser?.close();
    await server?.close();
  });

  const alphaCell = (page: Page, codeName: string) =>
    page.getByRole('region', { name: 'By code', exact: true }).getByRole('row', { name: new RegExp(`^${codeName}\\b`) }).locator('button.value[data-measure="per_code_binary_u_alpha"]');

  it('shows a coder’s new coding within about a second, with the same alpha as the CLI', async () => {
    const [ana, ben] = ctx.coders;
    await code(ana, 'They pushed a toolkit on us.', 'push');
    await code(ben, 'pushed a toolkit on us.', 'push');
    await code(ana, 'we asked them for help', 'pull');
    await code(ben, 'we built the plan together', 'pull');

    // Every coding stored (the socket writes are asynchronous) before the page opens.
    const expected = await cliAlpha('push');
    await waitFor(async () => {
      const body = (await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement`)).body;
      const push = body.report?.perCode.find((c: any) => c.codeId === 'push')?.results.find((r: any) => r.measure === 'per_code_binary_u_alpha');
      return body.report?.coderIds.length === 2 && Math.abs((push?.value ?? NaN) - expected) < 1e-12;
    }, 5000, 'the four codings in the live report');

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = ctx.owner.sessionCookie!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.httpUrl }]);
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.httpUrl}/projects/${ctx.projectId}/agreement`);
    await page.getByRole('heading', { level: 2, name: 'Agreement' }).waitFor();

    const cell = alphaCell(page, 'Push');
    await cell.waitFor();
    const before = Number(await cell.getAttribute('data-value'));
    expect(before).toBeCloseTo(await cliAlpha('push'), 12);
    expect((await cell.textContent())?.trim()).toBe(before.toFixed(3));

    // Ben widens his coding to Ana's: the dashboard's alpha for Push moves on its own.
    await code(ben, 'They pushed a toolkit on us.', 'push');
    const written = Date.now();
    await page.waitForFunction((before) => {
      const button = [...document.querySelectorAll('section[aria-labelledby="codes-heading"] tr')].find((tr) => tr.querySelector('th')?.textContent?.trim().startsWith('Push'))?.querySelector('button.value[data-measure="per_code_binary_u_alpha"]');
      return button && Number(button.getAttribute('data-value')) !== before;
    }, before, { timeout: 5_000, polling: 50 });
    const elapsed = Date.now() - written;
    expect(elapsed).toBeLessThan(2_500);
    const after = Number(await cell.getAttribute('data-value'));
    expect(after).toBeGreaterThan(before);
    expect(after).toBeCloseTo(await cliAlpha('push'), 12);
    await expect.poll(async () => page.getByRole('status').filter({ hasText: 'updated just now' }).count()).toBe(1);

    // Every value explains itself on focus, and a click lists the disagreeing passages.
    await alphaCell(page, 'Pull').focus();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toMatch(/Code: Pull.*Measure\s*\|u-α.*Unit\s*characters.*Coders\s*Ana Coder, Ben Coder.*Documents\s*P01 interview.*n\s*136 characters.*Method\s*“How these figures are computed”/s);
    await alphaCell(page, 'Pull').click();
    const dialog = page.getByRole('dialog', { name: 'Disagreements on “Pull”' });
    await dialog.getByText('2 passages where the coders disagree', { exact: false }).waitFor();
    expect(await dialog.getByRole('article').count()).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});

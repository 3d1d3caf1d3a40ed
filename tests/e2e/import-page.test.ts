import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQdpx, guid, projectXml } from '../fixtures/refi/refi-fixtures.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();
/** Where the screenshots go, for a person to look at. */
const screenshotDir = path.resolve(import.meta.dirname, '../../test-results');

const text = 'Interviewer: How did the kit arrive?\nP01: We were pushed hard, honestly.\nInterviewer: And then?\nP01: We pulled what we needed.';
const mia = guid('user-mia');
const ben = guid('user-ben');
const push = guid('code-push');
const pull = guid('code-pull');
const source = guid('source-p01');
/** Ben's codings of a code the file does not define: each is left out, with why. */
const strayCodings = 10;

/** Code-point range of the first occurrence of `phrase` (QDA-XML positions). */
function span(phrase: string): { start: number; end: number } {
  const from = text.indexOf(phrase);
  if (from < 0) throw new Error(`"${phrase}" is not in the text`);
  const start = Array.from(text.slice(0, from)).length;
  return { start, end: start + Array.from(phrase).length };
}

function selection(key: string, phrase: string, code: string, user: string): string {
  const { start, end } = span(phrase);
  return (
    `<PlainTextSelection guid="${guid(`sel-${key}`)}" startPosition="${start}" endPosition="${end}" creatingUser="${user}">` +
    `<Coding guid="${guid(`coding-${key}`)}" creatingUser="${user}"><CodeRef targetGUID="${code}"/></Coding></PlainTextSelection>`
  );
}

/**
 * A study coded elsewhere by Mia and Ben: one transcript, two codes, three codings that fit, ten
 * codings of a code the file lacks and a network view (a `Graphs` element) that Accord leaves out.
 */
function studyQdpx(): Uint8Array {
  const selections = [
    selection('mia-push', 'pushed hard', push, mia),
    selection('ben-push', 'pushed hard, honestly', push, ben),
    selection('mia-pull', 'pulled what we needed', pull, mia),
    ...Array.from({ length: strayCodings }, (_, i) => selection(`stray-${i}`, 'And then?', guid(`missing-code-${i}`), ben)),
  ].join('');
  const inner =
    `<Users><User guid="${mia}" name="Mia Sato"/><User guid="${ben}" name="Ben Kim"/></Users>` +
    `<CodeBook><Codes><Code guid="${push}" name="Push" isCodable="true" color="#E69F00"/><Code guid="${pull}" name="Pull" isCodable="true" color="#56B4E9"/></Codes></CodeBook>` +
    `<Sources><TextSource guid="${source}" name="P01" plainTextPath="internal://${source}.txt">${selections}</TextSource></Sources>` +
    `<Graphs><Graph guid="${guid('graph')}"/></Graphs>`;
  return buildQdpx(projectXml(inner, 'name="Kit study (MAXQDA)"'), { [`sources/${source}.txt`]: text });
}

/** A codebook file: Push (already in the project below) and a new code, Relief. */
function codebookQdc(): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>` +
    `<Code guid="${push}" name="Push" isCodable="true" color="#E69F00"/><Code guid="${guid('code-relief')}" name="Relief" isCodable="true" color="#009E73"/>` +
    `</Codes></CodeBook>\n`
  );
}

/** Picks `file` through the picker button, as a person would: the button opens the file chooser. */
async function chooseFile(page: Page, scope: Page | Locator, buttonName: RegExp, file: { name: string; bytes: Uint8Array | string }): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), scope.getByRole('button', { name: buttonName }).click()]);
  await chooser.setFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: Buffer.from(file.bytes) });
}

/** Full-page screenshots at the two sizes the app is checked at. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(screenshotDir, `import-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);

/**
 * Issue 12, import in the browser: "Import project…" on the Projects page opens the import page; a
 * `.qdpx` is sent with its progress, then read, and the report names the new project (a link),
 * counts what came in and lists what did not, by kind. A refused file says why and offers another.
 * The imported coders are marked in Members.
 */
describe.runIf(ready)('importing a project file as a new project', () => {
  let server: TestServer;
  let browser: Browser;
  let person: ApiClient;
  let importedId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    person = new ApiClient(server.httpUrl);
    await person.signIn('ida@example.org', 'Ida Berg');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports a .qdpx from the Projects page, shows the progress and the report, and opens the new project', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, person, '/');
    await page.getByRole('link', { name: 'Import project…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import a project' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/import');
    await shoot(page, 'empty');

    // Every state the progress passes through, as the page announces it (read back once done).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { importStates: string[] }).importStates = seen;
      new MutationObserver(() => {
        const progress = document.querySelector('.progress-box')?.textContent?.replace(/\s+/g, ' ').trim();
        const announced = document.querySelector('.import-flow [role="status"]')?.textContent?.trim();
        for (const text of [progress, announced]) if (text && seen.at(-1) !== text && !seen.includes(text)) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await chooseFile(page, page, /Choose a \.qdpx file/, { name: 'kit-study.qdpx', bytes: studyQdpx() });

    const heading = page.getByRole('heading', { level: 2, name: 'Imported “Kit study (MAXQDA)”' });
    await heading.waitFor();
    // Focus moves to the report, so it is read out in place of the progress.
    expect(await focusedText(page)).toBe('Imported “Kit study (MAXQDA)”');
    const report = page.getByRole('region', { name: 'Imported “Kit study (MAXQDA)”' });
    const counts = (await report.locator('.counts li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(counts).toEqual(['1 document', '2 codes', '3 codings', '2 coder layers']);
    // On its way it showed the bytes sent, then that the server was reading the file — and said so.
    const states = await page.evaluate(() => (window as unknown as { importStates: string[] }).importStates);
    expect(states).toContain('Uploading kit-study.qdpx…');
    expect(states.some((t) => /^kit-study\.qdpx \d+ KB Uploading… \d+ (bytes|KB) of \d+ KB Cancel$/.test(t))).toBe(true);
    expect(states).toContain('Reading the file…');
    expect(states.some((t) => t.includes('Reading the file… A large project takes a little while.'))).toBe(true);

    // What was left out, grouped by kind, each with why; the long group behind "Show all".
    const notImported = report.getByRole('region', { name: /^Not imported/ });
    await notImported.getByRole('heading', { name: 'Other parts of the file 1' }).waitFor();
    await notImported.getByText('Graphs', { exact: true }).waitFor();
    await notImported.getByText(/network views/).waitFor();
    const codings = notImported.getByRole('list', { name: `Codings ${strayCodings}` });
    expect(await codings.getByRole('listitem').count()).toBe(5);
    await notImported.getByRole('button', { name: `Show all ${strayCodings} codings` }).click();
    expect(await codings.getByRole('listitem').count()).toBe(strayCodings);
    await shoot(page, 'report');

    const open = report.getByRole('link', { name: 'Open “Kit study (MAXQDA)”' });
    importedId = new URL((await open.getAttribute('href'))!, server.httpUrl).pathname.split('/')[2]!;
    await open.click();
    await page.getByRole('heading', { level: 1, name: 'Kit study (MAXQDA)' }).waitFor();
    await page.getByRole('link', { name: 'P01', exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it('marks the imported coders in Members, saying they cannot sign in', async () => {
    expect(importedId).toBeTruthy();
    const { page, errors } = await openSignedIn(browser, server.httpUrl, person, `/projects/${importedId}/members`);
    const rows = page.getByRole('row');
    await rows.filter({ hasText: 'Mia Sato' }).waitFor();
    const badge = (name: string) => rows.filter({ hasText: name }).locator('.pill.imported');
    const explanation = 'Coded in another tool; imported from a file. This account cannot sign in.';
    expect(await badge('Mia Sato').getAttribute('title')).toBe(explanation);
    expect(await badge('Ben Kim').textContent()).toBe(`Imported: ${explanation}`);
    expect(await badge('Ida Berg').count()).toBe(0);
    // The placeholder address of an imported account is not shown as if it were one.
    expect(await page.getByText('@accord.invalid').count()).toBe(0);
    await shoot(page, 'members');
    expect(errors).toEqual([]);
  });

  it('says why a file is refused — before sending, or as the server read it — and lets another be chosen', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, person, '/import');
    const before = (await person.get('/api/projects')).body.length;

    await chooseFile(page, page, /Choose a \.qdpx file/, { name: 'study.nvp', bytes: 'not ours' });
    await page.getByRole('alert').getByText('“study.nvp” is not a REFI-QDA project file (.qdpx).', { exact: false }).waitFor();

    await chooseFile(page, page, /Choose a \.qdpx file/, { name: 'broken.qdpx', bytes: 'just some text, not an archive' });
    const alert = page.getByRole('alert');
    await alert.getByText('This file could not be imported').waitFor();
    expect(await alert.locator('.failure-message').textContent()).toMatch(/zip/i);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await shoot(page, 'error');
    await page.getByRole('button', { name: 'Choose another file' }).click();
    // Back to the picker, with focus on it.
    expect(await focusedText(page)).toMatch(/^Choose a \.qdpx file or drop it here/);
    expect((await person.get('/api/projects')).body.length).toBe(before);
    expect(errors).toEqual([]);
  });
});

/**
 * Issue 12, import into an existing project (owners, from Settings) and into its codebook (from the
 * Codebook page): the preview shows what the file adds, finds already there and leaves out; "Import"
 * sends the same file again and shows the final report.
 */
describe.runIf(ready)('importing a file into an existing project after a preview', () => {
  let server: TestServer;
  let browser: Browser;
  let owner: ApiClient;
  let projectId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    owner = new ApiClient(server.httpUrl);
    await owner.signIn('pat@example.org', 'Pat Lee');
    projectId = (await owner.post('/api/projects', { name: 'Kit study' })).body.id;
    expect((await owner.post(`/api/projects/${projectId}/documents`, { name: 'P01 interview', text })).status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('previews the plan in Settings, imports on "Import", and reports what was added', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, owner, `/projects/${projectId}/settings`);
    const section = page.getByRole('region', { name: 'Import from another tool' });
    await chooseFile(page, section, /Choose a \.qdpx file/, { name: 'kit-study.qdpx', bytes: studyQdpx() });

    const preview = section.getByRole('region', { name: 'What this file brings' });
    await preview.waitFor();
    expect(await focusedText(page)).toBe('What this file brings');
    await preview.getByText('Nothing has changed yet.', { exact: false }).waitFor();
    // The transcript is here already (same text); both coders' layers are new, with their codings.
    const matched = preview.getByRole('region', { name: /^Already in this project/ });
    await matched.getByText('P01', { exact: false }).first().waitFor();
    const added = preview.getByRole('region', { name: /^To be added/ });
    await added.getByRole('heading', { name: /^Coder layers/ }).waitFor();
    await added.getByText('Mia Sato').waitFor();
    await added.getByText('2 codings').waitFor();
    await preview.getByRole('region', { name: /^Will not be imported/ }).waitFor();
    await shoot(page, 'preview');
    expect((await owner.get(`/api/projects/${projectId}/members`)).body).toHaveLength(1);

    await section.getByRole('button', { name: 'Import', exact: true }).click();
    const final = section.getByRole('region', { name: 'Imported into this project' });
    await final.waitFor();
    expect(await focusedText(page)).toBe('Imported into this project');
    await final.getByRole('region', { name: /^Added/ }).getByText('Ben Kim').waitFor();
    await shoot(page, 'final');
    const members: { name: string; imported?: true }[] = (await owner.get(`/api/projects/${projectId}/members`)).body;
    expect(members.filter((m) => m.imported).map((m) => m.name).sort()).toEqual(['Ben Kim', 'Mia Sato']);

    await section.getByRole('button', { name: 'Done' }).click();
    await section.getByRole('button', { name: /Choose a \.qdpx file/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('previews and imports codes from a .qdc on the Codebook page', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, owner, `/projects/${projectId}/codebook`);
    await page.getByRole('button', { name: 'Import codes…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import codes' });
    await chooseFile(page, dialog, /Choose a \.qdc or \.qdpx file/, { name: 'codes.qdc', bytes: codebookQdc() });
    const preview = dialog.getByRole('region', { name: 'What this file brings' });
    await preview.getByRole('region', { name: /^To be added/ }).getByText('Relief').waitFor();
    await shoot(page, 'codebook-preview');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('region', { name: 'Imported into the codebook' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: /Relief/ }).first().waitFor();
    expect(errors).toEqual([]);
  });
});

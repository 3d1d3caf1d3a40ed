import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { openSynced, waitFor, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

const interview = [
  'Interviewer: How did the pilot start?',
  'P01: The cost of traning was hihg, and the staff had no time for it.',
  'Interviewer: What happened then?',
  'P01: We stopped the pilot after a year.',
].join('\n');
const code: Code = {
  id: 'cost', name: 'Cost', shortName: 'Cos', colour: '#E69F00', parentId: null, order: 0, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: '',
};

describe.runIf(ready)('managing documents in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let owner: ApiClient;
  let projectId: string;
  const docs: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    owner = new ApiClient(server.httpUrl);
    await owner.signIn('pi@example.org', 'Pat Lee');
    projectId = (await owner.post('/api/projects', { name: 'Ward study' })).body.id;
    for (const name of ['P01', 'P02', 'P03', 'P04']) {
      docs[name] = (await owner.post(`/api/projects/${projectId}/documents`, { name, text: name === 'P01' ? interview : `Interviewer: Hello ${name}.\nParticipant: Hello.` })).body.id;
    }
    await owner.request('PUT', `/api/projects/${projectId}/attribute-fields`, { fields: [{ key: 'role', label: 'Role', type: 'category', options: ['Nurse', 'Manager'] }] });
    for (const [name, role] of [['P01', 'Nurse'], ['P02', 'Manager'], ['P03', 'Nurse'], ['P04', 'Manager']] as const) {
      await owner.patch(`/api/projects/${projectId}/documents/${docs[name]}`, { attributes: { role } });
    }
    // A coder has coded "The cost of traning was hihg" in P01.
    const ana = new ApiClient(server.httpUrl);
    const anaId = await ana.signIn('ana@example.org', 'Ana Ortiz');
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await ana.post(`/api/invites/${invite}/accept`);
    const token = (await ana.post('/api/tokens', { name: 'ws' })).body.token as string;
    const open = (room: string) => openSynced(server.syncUrl, clients, room, token);
    const codebook = await open(`project:${projectId}`);
    codebook.doc.transact(() => addCode(codebook.doc, code));
    const text = await open(`text:${projectId}:${docs.P01}`);
    const layer = await open(`layer:${projectId}:${docs.P01}:${anaId}`);
    for (const [id, phrase] of [['k1', 'The cost of traning was hihg'], ['k2', 'after a year']] as const) {
      const at = interview.indexOf(phrase);
      addCoding(layer.doc, { id, codeId: 'cost', anchor: createSpanAnchor(transcriptText(text.doc), at, at + phrase.length), at: Date.now() });
    }
    await waitFor(async () => (await owner.get(`/api/projects/${projectId}/segments`)).body.total === 2, 5000, 'the codings to be stored');
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  const table = (page: Page) => page.getByRole('table');
  const shownNames = async (page: Page) => (await table(page).locator('tbody th[scope="row"] a').allTextContents()).map((n) => n.trim());
  const count = (page: Page) => page.getByRole('status').filter({ hasText: /documents?$/ });

  it('an owner renames a document in place: Enter saves, Escape cancels, a taken name is refused', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, owner, `/projects/${projectId}`, { width: 1440, height: 900 });
    await table(page).getByRole('link', { name: 'P02' }).waitFor();

    await page.getByRole('button', { name: 'Rename P02' }).click();
    const input = page.getByRole('textbox', { name: 'New name for P02', exact: true });
    await input.fill('P02 ward manager');
    await input.press('Enter');
    await table(page).getByRole('link', { name: 'P02 ward manager' }).waitFor();
    await page.getByText('Renamed “P02” to “P02 ward manager”.').waitFor();
    // Focus is back on the row's Rename button, so the keyboard carries on from there.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('✎Rename P02 ward manager');

    await page.keyboard.press('Enter');
    const again = page.getByRole('textbox', { name: 'New name for P02 ward manager', exact: true });
    await again.fill('Something else');
    await again.press('Escape');
    await again.waitFor({ state: 'detached' });
    expect(await shownNames(page)).toContain('P02 ward manager');

    await page.getByRole('button', { name: 'Rename P03' }).click();
    const taken = page.getByRole('textbox', { name: 'New name for P03', exact: true });
    await taken.fill('p01');
    await taken.press('Enter');
    await page.getByRole('alert').filter({ hasText: '“P01” is already taken' }).waitFor();
    await taken.press('Escape');
    expect((await owner.get(`/api/projects/${projectId}/documents`)).body.map((d: { name: string }) => d.name).sort()).toEqual(['P01', 'P02 ward manager', 'P03', 'P04']);
    expect(errors).toEqual([]);
  });

  it('filters the table by attribute and by set, kept in the address, and shows all again', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, owner, `/projects/${projectId}`, { width: 1440, height: 900 });
    await count(page).filter({ hasText: '4 documents' }).waitFor();

    await page.getByLabel('Filter by attribute').selectOption({ label: 'Role' });
    await page.getByRole('checkbox', { name: /^Nurse/ }).check();
    await count(page).filter({ hasText: '2 of 4 documents' }).waitFor();
    expect(await shownNames(page)).toEqual(['P01', 'P03']);
    expect(new URL(page.url()).searchParams.getAll('attr.role')).toEqual(['Nurse']);
    await page.keyboard.press('Escape');

    // Tick both nurses and make a set of them.
    await page.getByRole('checkbox', { name: /^Select all 2 documents/ }).check();
    await page.getByRole('button', { name: 'Add to set…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add 2 documents to a set' });
    await dialog.getByLabel('Name of the new set').fill('Nurses, wave 1');
    await dialog.getByRole('button', { name: 'Make the set' }).click();
    await page.getByText('Made the set “Nurses, wave 1” with 2 documents.').waitFor();

    // The set alone, once the attribute filter is gone: the two nurses.
    await page.getByRole('button', { name: 'Remove the Role filter' }).click();
    await count(page).filter({ hasText: '4 documents' }).waitFor();
    await page.getByLabel('Set', { exact: true }).selectOption({ label: 'Nurses, wave 1 (2)' });
    await count(page).filter({ hasText: '2 of 4 documents' }).waitFor();
    expect(await shownNames(page)).toEqual(['P01', 'P03']);

    // The address keeps the filter: reloading shows the same documents.
    const setId = new URL(page.url()).searchParams.get('set');
    expect(setId).toBeTruthy();
    await page.reload();
    await count(page).filter({ hasText: '2 of 4 documents' }).waitFor();
    expect(await shownNames(page)).toEqual(['P01', 'P03']);

    // Renaming and deleting the set: its documents stay.
    await page.getByRole('button', { name: 'Rename the set Nurses, wave 1' }).click();
    const renaming = page.getByRole('dialog', { name: 'Rename the set “Nurses, wave 1”' });
    await renaming.getByLabel('Name').fill('Nurses');
    await renaming.getByRole('button', { name: 'Rename set' }).click();
    await page.getByLabel('Set', { exact: true }).getByRole('option', { name: 'Nurses (2)' }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Delete the set Nurses' }).click();
    await page.getByRole('dialog', { name: 'Delete the set “Nurses”?' }).getByRole('button', { name: 'Delete set' }).click();
    await page.getByText('Deleted the set “Nurses”; its documents stay in the project.').waitFor();
    await count(page).filter({ hasText: '4 documents' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('.set-filter') !== null)).toBe(true);
    expect(new URL(page.url()).search).toBe('');

    await page.getByLabel('Filter by attribute').selectOption({ label: 'Role' });
    await page.getByRole('checkbox', { name: /^Manager/ }).check();
    await count(page).filter({ hasText: '2 of 4 documents' }).waitFor();
    await page.getByRole('button', { name: 'Show all' }).click();
    await count(page).filter({ hasText: '4 documents' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(errors).toEqual([]);
  });

  it('an owner corrects a word in the coding view and the coding stays highlighted on the corrected words', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, owner, `/projects/${projectId}/documents/${docs.P01}`, { width: 1440, height: 900 });
    const coded = async () => (await page.locator('[data-o].coded').allTextContents()).join('|');
    await waitFor(async () => (await coded()) === 'The cost of traning was hihg|after a year', 8000, 'the codings to be highlighted');

    await page.getByRole('button', { name: 'Correct transcript' }).click();
    await page.getByText('You are correcting the transcript; codings stay attached to their words.').waitFor();
    await page.getByRole('button', { name: 'Correct passage 2 (P01)' }).click();
    const editor = page.getByRole('textbox', { name: 'Text of passage 2 (P01)' });
    await editor.fill('P01: The cost of training was high, and the staff had no time for it.');
    await editor.press('Enter');
    await page.getByText('Saved. Codings stay on their words.').waitFor();
    // Escape on a passage cancels without saving.
    await page.getByRole('button', { name: 'Correct passage 4 (P01)' }).click();
    const other = page.getByRole('textbox', { name: 'Text of passage 4 (P01)' });
    await other.fill('P01: Nothing.');
    await other.press('Escape');
    await other.waitFor({ state: 'detached' });
    expect(await page.locator('[data-correct-unit="3"] p').textContent()).toBe('P01: We stopped the pilot after a year.');

    // Deleting every word of a coding asks first, then lists it as orphaned.
    await page.getByRole('button', { name: 'Correct passage 4 (P01)' }).click();
    await other.fill('P01: We stopped the pilot.');
    await other.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'This removes every word of 1 coding' }).waitFor();
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByText('Saved. 1 coding lost all its words and is listed under Orphaned codings').waitFor();

    await page.getByRole('button', { name: 'Done correcting' }).click();
    await waitFor(async () => (await coded()) === 'The cost of training was high', 8000, 'the corrected words to be highlighted');
    expect(await page.locator('[data-o]').allTextContents().then((t) => t.join(''))).toContain('P01: We stopped the pilot.');
    await page.getByText('Orphaned codings').waitFor();
    // As the server reads it too.
    await waitFor(async () => (await owner.get(`/api/projects/${projectId}/segments`)).body.segments[0]?.text === 'The cost of training was high', 5000, 'the server to read the correction');
    expect((await owner.get(`/api/projects/${projectId}/segments`)).body.total).toBe(1);
    expect(errors).toEqual([]);
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir as clientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

describe.runIf(ready)('assignments in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let owner: ApiClient;
  let ana: ApiClient;
  let anaId: string;
  let benId: string;
  let projectId: string;
  const documents: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    owner = new ApiClient(server.httpUrl);
    await owner.signIn('pi@example.org', 'Pat Lee');
    projectId = (await owner.post('/api/projects', { name: 'Ward study' })).body.id;
    for (const name of ['P01', 'P02', 'P03', 'P04']) documents[name] = (await owner.post(`/api/projects/${projectId}/documents`, { name, text: `Interviewer: Hello ${name}.\nParticipant: Hello.` })).body.id;
    await owner.request('PUT', `/api/projects/${projectId}/attribute-fields`, { fields: [{ key: 'role', label: 'Role', type: 'category', options: ['Nurse', 'Manager'] }] });
    for (const [name, role] of [['P01', 'Nurse'], ['P02', 'Manager'], ['P03', 'Nurse'], ['P04', 'Manager']] as const) {
      await owner.patch(`/api/projects/${projectId}/documents/${documents[name]}`, { attributes: { role } });
    }
    const join = async (email: string, name: string, role: 'coder' | 'viewer') => {
      const client = new ApiClient(server.httpUrl);
      const id = await client.signIn(email, name);
      const code = (await owner.post(`/api/projects/${projectId}/invites`, { role })).body.code;
      expect((await client.post(`/api/invites/${code}/accept`)).status).toBe(200);
      return { client, id };
    };
    ({ client: ana, id: anaId } = await join('ana@example.org', 'Ana Silva', 'coder'));
    ({ id: benId } = await join('ben@example.org', 'Ben Okafor', 'coder'));
    await join('vic@example.org', 'Vic Viewer', 'viewer');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an owner assigns both coders to every nurse’s interview, reading the summary first', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, owner, `/projects/${projectId}`, { width: 1440, height: 900 });
    await page.getByText('No one is assigned yet: agreement compares everyone who coded.').waitFor();
    await page.getByRole('button', { name: 'Assign documents…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign documents to coders' });
    await dialog.waitFor();
    // By attribute is offered first when the project has attributes; viewers are not offered.
    await dialog.getByLabel('Value', { exact: true }).selectOption({ label: 'Nurse (2)' });
    await dialog.getByText('2 documents: P01, P03').waitFor();
    expect(await dialog.getByRole('checkbox', { name: 'Vic Viewer' }).count()).toBe(0);
    await dialog.getByRole('checkbox', { name: 'Ana Silva' }).check();
    await dialog.getByRole('checkbox', { name: 'Ben Okafor' }).check();
    const summary = dialog.getByRole('region', { name: 'What will change' });
    await summary.getByText('2 documents of 2 will change.').waitFor();
    const said = (await summary.textContent())!.replace(/\s+/g, ' ');
    expect(said).toContain('Ana Silva: assigned to 2 more documents');
    expect(said).toContain('Ben Okafor: assigned to 2 more documents');
    await dialog.getByRole('button', { name: 'Apply to 2 documents' }).click();
    await page.getByText('Assignments saved: 4 assignments added, 0 assignments removed.').waitFor();
    expect(await dialog.isVisible()).toBe(false);

    // The table shows who is assigned; the server holds it.
    const row = page.getByRole('row', { name: /^P01/ });
    await row.getByRole('list', { name: 'Assigned to' }).getByText('Ana Silva').waitFor();
    const stored = (await owner.get(`/api/projects/${projectId}/assignments`)).body.assignments;
    expect(stored).toEqual({ [documents.P01!]: [anaId, benId].sort(), [documents.P03!]: [anaId, benId].sort() });

    // One document's "Change" opens the dialog on it with its assignees ticked: replacing by Ana alone.
    await page.getByRole('button', { name: 'Change who is assigned to P03' }).click();
    await dialog.getByRole('checkbox', { name: 'Ben Okafor' }).uncheck();
    await dialog.getByText('1 document will have only one coder assigned: agreement needs at least two.').waitFor();
    await dialog.getByRole('button', { name: 'Apply to 1 document' }).click();
    await page.getByText('Assignments saved: 0 assignments added, 1 assignment removed.').waitFor();
    expect((await owner.get(`/api/projects/${projectId}/assignments`)).body.assignments[documents.P03!]).toEqual([anaId]);
    expect(errors).toEqual([]);
  });

  it('a coder sees “My documents” with their submission marks', async () => {
    // P01 is in a blind round, and Ana has submitted it.
    const round = (await owner.post(`/api/projects/${projectId}/rounds`, { name: 'Round 1', documentIds: [documents.P01, documents.P02] })).body;
    expect((await owner.post(`/api/projects/${projectId}/rounds/${round.id}/phase`, { phase: 'blind' })).status).toBe(200);
    expect((await ana.post(`/api/projects/${projectId}/rounds/${round.id}/documents/${documents.P01}/submit`)).status).toBe(201);

    const { page, errors } = await openSignedIn(browser, server.httpUrl, ana, `/projects/${projectId}`, { width: 1024, height: 700 });
    // Coders with assignments see their own documents first.
    const mine = page.getByRole('button', { name: /My documents/ });
    await mine.waitFor();
    await page.getByRole('table', { name: /Documents assigned to you/ }).waitFor();
    expect(await mine.getAttribute('aria-pressed')).toBe('true');
    const rows = page.getByRole('table', { name: /Documents assigned to you/ }).getByRole('row');
    expect(await rows.count()).toBe(3);
    await page.getByRole('row', { name: /^P01 Round 1 Submitted/ }).waitFor();
    await page.getByRole('row', { name: /^P03 Not in a round/ }).waitFor();
    await page.getByText('1 of 1 in a round submitted').waitFor();
    // Coders cannot assign.
    expect(await page.getByRole('button', { name: 'Assign documents…' }).count()).toBe(0);
    // All documents is one click away.
    await page.getByRole('button', { name: /All documents/ }).click();
    await page.getByRole('row', { name: /^P04/ }).waitFor();
    expect(errors).toEqual([]);
  });
});

import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQdpx } from '../../shared/refi/index.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { browserTestsReady, builtClientDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { codeFixture } from '../support/code-fixture.ts';
import { openSynced, waitFor, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ready = browserTestsReady();

const text = 'Interviewer: How did the kit arrive? 📦\nP07: It was pushed on us, honestly 😤. We pulled what we needed later.';

async function bytesOf(download: Download): Promise<Uint8Array> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Issue 12, export from the Settings page: the owner downloads the project as a REFI-QDA `.qdpx`
 * (a zip holding project.qde and the transcript) and the codebook as `.qdc`; the section says
 * what a failure was.
 */
describe.runIf(ready)('exporting a project from Settings', () => {
  let server: TestServer;
  let browser: Browser;
  const clients: SyncClient[] = [];
  let owner: ApiClient;
  let projectId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIR: builtClientDir } });
    browser = await launchBrowser();
    owner = new ApiClient(server.httpUrl);
    const ownerId = await owner.signIn('pi@example.org', 'Pat Lee');
    projectId = (await owner.post('/api/projects', { name: 'Kit study' })).body.id;
    const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P07', text })).body.id;
    const token = (await owner.post('/api/tokens', { name: 'ws' })).body.token as string;
    const open = (room: string) => openSynced(server.syncUrl, clients, room, token);
    const codebook = await open(`project:${projectId}`);
    codebook.doc.transact(() => addCode(codebook.doc, codeFixture('push', { name: 'Push', colour: '#E69F00' })));
    const transcript = await open(`text:${projectId}:${documentId}`);
    const layer = await open(`layer:${projectId}:${documentId}:${ownerId}`);
    const phrase = 'It was pushed on us, honestly 😤';
    const start = transcriptText(transcript.doc).toString().indexOf(phrase);
    addCoding(layer.doc, { id: 'c1', codeId: 'push', anchor: createSpanAnchor(transcriptText(transcript.doc), start, start + phrase.length), memo: 'Clear push.', at: Date.UTC(2024, 4, 1) });
    await waitFor(async () => (await owner.get(`/api/projects/${projectId}/segments`)).body.total === 1, 5000, 'the coding to be stored');
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await browser?.close();
    await server?.close();
  });

  it('downloads the .qdpx — a zip with project.qde — and the .qdc, saying what it saved', async () => {
    const { page, errors } = await openSignedIn(browser, server.httpUrl, owner, `/projects/${projectId}/settings`);
    const section = page.getByRole('region', { name: 'Export project' });
    await section.getByText('opens in MAXQDA, ATLAS.ti, NVivo, QualCoder').waitFor();
    await section.getByText('every coder’s layer and the consensus').waitFor();

    const project = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Download project (.qdpx)' }).click();
    const file = await project;
    expect(file.suggestedFilename()).toBe('kit-study.qdpx');
    const bytes = await bytesOf(file);
    expect(strFromU8(bytes.subarray(0, 4), true)).toBe('PK\u0003\u0004');
    expect(Object.keys(unzipSync(bytes))).toContain('project.qde');
    const read = readQdpx(bytes).project;
    expect(read.sources.map((s) => [s.name, s.selections.length])).toEqual([['P07', 1]]);
    await section.getByRole('status').getByText(/^Saved kit-study\.qdpx \(\d+ KB\) to your downloads\.$/).waitFor();

    const codebook = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Download codebook (.qdc)' }).click();
    const qdc = await codebook;
    expect(qdc.suggestedFilename()).toBe('kit-study.qdc');
    expect(strFromU8(await bytesOf(qdc))).toContain('<Code guid=');
    await section.getByRole('status').getByText(/^Saved kit-study\.qdc/).waitFor();
    expect(errors).toEqual([]);
  });

  it('says why an export failed, and keeps the buttons usable', async () => {
    const empty = (await owner.post('/api/projects', { name: 'Empty study' })).body.id;
    const { page, errors } = await openSignedIn(browser, server.httpUrl, owner, `/projects/${empty}/settings`);
    const section = page.getByRole('region', { name: 'Export project' });
    await section.getByRole('button', { name: 'Download codebook (.qdc)' }).click();
    await section.getByRole('alert').getByText('This project’s codebook has no codes yet, so there is no codebook to export.').waitFor();
    expect(await section.getByRole('button', { name: 'Download project (.qdpx)' }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});

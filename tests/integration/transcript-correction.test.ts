import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { runCli } from '../../server/cli/run-cli.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * An owner's correction of a transcript, as the coding view's correction mode writes it over a
 * stock provider: the recorded length follows the text (the documents table's "N characters"),
 * and the history says who changed which words — the import itself is not a correction.
 */
let server: TestServer;
const clients: SyncClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('a transcript correction', () => {
  it('updates the recorded length and is stated in the history with the words it changed', async () => {
    const owner = new ApiClient(server.httpUrl);
    await owner.signIn('pi@example.org', 'Pat Lee');
    const projectId = (await owner.post('/api/projects', { name: 'Lengths' })).body.id as string;
    const text = 'Interviewer: How did it start?\nParticipant: We asked for help.';
    const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P1', text })).body.id as string;
    const lengthNow = async () => ((await owner.get(`/api/projects/${projectId}/documents`)).body as { id: string; length: number }[]).find((d) => d.id === documentId)!.length;
    expect(await lengthNow()).toBe(text.length);

    // The owner corrects a word over a stock provider, as the correction mode writes it.
    const token = (await owner.post('/api/tokens', { name: 'ws' })).body.token as string;
    const transcript = createSyncClient(server.syncUrl, `text:${projectId}:${documentId}`, { token });
    clients.push(transcript);
    await waitForSynced(transcript);
    const at = text.indexOf('help');
    transcript.doc.transact(() => {
      transcriptText(transcript.doc).delete(at, 'help'.length);
      transcriptText(transcript.doc).insert(at, 'support from the county');
    });
    const corrected = text.length - 'help'.length + 'support from the county'.length;
    await waitFor(async () => (await lengthNow()) === corrected, 5000, 'the recorded length to follow the correction');

    const history = (await owner.get(`/api/projects/${projectId}/history?documentId=${documentId}`)).body as { events: { type: string; userId: string; before: unknown; after: unknown }[] };
    const corrections = history.events.filter((e) => e.type === 'transcript.changed');
    expect(corrections).toHaveLength(1);
    expect(corrections[0]).toMatchObject({ userId: await owner.get('/api/me').then((r) => r.body.user.id), before: { at, text: 'help' }, after: { at, text: 'support from the county' } });
    // The chain still verifies with the new kind of event in it.
    const said: string[] = [];
    expect(await runCli(['history', 'verify', '--data-dir', server.dataDir], { readFile: async () => '', stdout: (line) => said.push(line), stderr: (line) => said.push(line) })).toBe(0);
  });

  it('records a length still settling when the server stops (lengths are written a second after the last change)', async () => {
    const owner = new ApiClient(server.httpUrl);
    await owner.signIn('pi2@example.org', 'Pat Lee');
    const projectId = (await owner.post('/api/projects', { name: 'Lengths at shutdown' })).body.id as string;
    const text = 'Interviewer: And then?\nParticipant: We met weekly.';
    const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P2', text })).body.id as string;
    const token = (await owner.post('/api/tokens', { name: 'ws' })).body.token as string;
    const room = `text:${projectId}:${documentId}`;
    const transcript = createSyncClient(server.syncUrl, room, { token });
    clients.push(transcript);
    await waitForSynced(transcript);
    transcriptText(transcript.doc).insert(text.length, ' Every Monday.');
    await waitFor(async () => (await server.store.loadUpdates(room)).updates.length > 1, 3000, 'the correction to be stored');
    // Well within the settle time: only the shutdown can have recorded it.
    transcript.destroy();
    await server.close();
    const again = await startTestServer({ dataDir: server.dataDir });
    server = again;
    expect((await again.directory.findDocument(projectId, documentId))?.length).toBe(text.length + ' Every Monday.'.length);
  });
});

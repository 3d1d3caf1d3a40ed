import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { runCli } from '../../server/cli/run-cli.ts';
import type { DocumentStore } from '../../server/persistence/document-store.ts';
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

/** A new owner's project with one transcript, opened over a stock provider with the owner's API token. */
async function openOwnTranscript(on: TestServer, email: string, projectName: string, documentName: string, text: string) {
  const owner = new ApiClient(on.httpUrl);
  await owner.signIn(email, 'Pat Lee');
  const projectId = (await owner.post('/api/projects', { name: projectName })).body.id as string;
  const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: documentName, text })).body.id as string;
  const token = (await owner.post('/api/tokens', { name: 'ws' })).body.token as string;
  const transcript = createSyncClient(on.syncUrl, `text:${projectId}:${documentId}`, { token });
  await waitForSynced(transcript);
  return { projectId, documentId, transcript };
}

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
    const text = 'Interviewer: And then?\nParticipant: We met weekly.';
    const { projectId, documentId, transcript } = await openOwnTranscript(server, 'pi2@example.org', 'Lengths at shutdown', 'P2', text);
    clients.push(transcript);
    const room = `text:${projectId}:${documentId}`;
    transcriptText(transcript.doc).insert(text.length, ' Every Monday.');
    await waitFor(async () => (await server.store.loadUpdates(room)).updates.length > 1, 3000, 'the correction to be stored');
    // Well within the settle time: only the shutdown can have recorded it.
    transcript.destroy();
    await server.close();
    const again = await startTestServer({ dataDir: server.dataDir });
    server = again;
    expect((await again.directory.findDocument(projectId, documentId))?.length).toBe(text.length + ' Every Monday.'.length);
  });

  it('records the length of a correction whose write is acknowledged only after shutdown began', async () => {
    // The store commits the correction, then holds its acknowledgement until the server is closing:
    // the room learns it was stored during the shutdown, after which its length must still be recorded.
    let holdText = false;
    let committed = false;
    let release = () => {};
    const acknowledgedLate = (store: DocumentStore): DocumentStore => ({
      ...store,
      appendUpdates: async (room, updates, history) => {
        const seq = await store.appendUpdates(room, updates, history);
        if (holdText && room.startsWith('text:')) {
          committed = true;
          await new Promise<void>((resolve) => (release = resolve));
        }
        return seq;
      },
    });
    const late = await startTestServer({ wrapStore: acknowledgedLate });
    const text = 'Interviewer: Since when?\nParticipant: Since spring.';
    const { projectId, documentId, transcript } = await openOwnTranscript(late, 'pi3@example.org', 'Lengths acknowledged late', 'P3', text);
    holdText = true;
    transcriptText(transcript.doc).insert(text.length, ' Every spring.');
    await waitFor(() => committed, 3000, 'the correction to be committed');
    transcript.destroy();
    const closing = late.close();
    // Let the shutdown get as far as waiting for the room's write, then acknowledge it.
    setTimeout(() => release(), 100);
    await closing;
    const again = await startTestServer({ dataDir: late.dataDir });
    try {
      expect((await again.directory.findDocument(projectId, documentId))?.length).toBe(text.length + ' Every spring.'.length);
    } finally {
      await again.close();
    }
  });
});

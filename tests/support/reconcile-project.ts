import type { Code } from '../../shared/model/codebook.ts';
import type { LocusCoding } from '../../shared/reconcile/index.ts';
import { exampleCodes } from '../../shared/reconcile/worked-examples.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from './api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from './sync-client.ts';
import type { TestServer } from './test-server.ts';

export interface ReconcileCoder {
  readonly id: string;
  readonly token: string;
  readonly api: ApiClient;
}

export interface ReconcileProject {
  readonly owner: ApiClient;
  readonly projectId: string;
  readonly documentId: string;
  readonly coders: Readonly<Record<string, ReconcileCoder>>;
  readonly viewer: ApiClient;
}

/** 700 characters, as the spec's worked examples' transcripts (their words do not matter). */
export const workedExampleText = 'Participant: we worked through it together. '.repeat(16).slice(0, 699) + '.';

/**
 * A project set up for reconciliation tests: an owner, the named coders and a viewer, the worked
 * examples' stage codebook, one transcript, and each coder's codings written over their own stock
 * sockets as the coding view writes them (`coderId` of each coding is a key of the coders).
 */
export async function seedReconcileProject(server: TestServer, clients: SyncClient[], coderNames: readonly string[], codings: readonly LocusCoding[]): Promise<ReconcileProject> {
  const open = (room: string, token: string) => {
    const client = createSyncClient(server.syncUrl, room, { token });
    clients.push(client);
    return client;
  };
  const owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  const projectId = (await owner.post('/api/projects', { name: 'Reconcile' })).body.id as string;
  const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P1', text: workedExampleText })).body.id as string;
  const join = async (email: string, role: 'coder' | 'viewer'): Promise<ReconcileCoder> => {
    const api = new ApiClient(server.httpUrl);
    const id = await api.signIn(email);
    const code = (await owner.post(`/api/projects/${projectId}/invites`, { role })).body.code;
    await api.post(`/api/invites/${code}/accept`);
    return { id, token: (await api.post('/api/tokens', { name: 'ws' })).body.token as string, api };
  };
  const coders: Record<string, ReconcileCoder> = {};
  for (const name of coderNames) coders[name] = await join(`${name.toLowerCase()}@example.org`, 'coder');
  const viewer = (await join('viewer@example.org', 'viewer')).api;
  const first = coders[coderNames[0]!]!;
  const codebook = open(`project:${projectId}`, first.token);
  await waitForSynced(codebook);
  codebook.doc.transact(() => {
    exampleCodes.forEach((c, i) => {
      const code: Code = { id: c.id, name: c.id, shortName: c.id.slice(0, 3), colour: '#E69F00', parentId: c.parentId, order: i, definition: '', inclusion: '', exclusion: '', examples: [], isStage: c.isStage, stageOrder: c.isStage ? i : null, domain: c.domain, createdAt: '', createdBy: first.id };
      addCode(codebook.doc, code);
    });
  });
  for (const [name, coder] of Object.entries(coders)) {
    const transcript = open(`text:${projectId}:${documentId}`, coder.token);
    const layer = open(`layer:${projectId}:${documentId}:${coder.id}`, coder.token);
    await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
    for (const c of codings.filter((c) => c.coderId === name)) {
      addCoding(layer.doc, { id: c.id, codeId: c.codeId, anchor: createSpanAnchor(transcriptText(transcript.doc), c.start, c.end), at: Date.now() });
    }
  }
  const stored = async () => {
    for (const name of new Set(codings.map((c) => c.coderId))) if ((await server.store.logSize(`layer:${projectId}:${documentId}:${coders[name]!.id}`)).rows === 0) return false;
    return (await server.store.logSize(`project:${projectId}`)).rows > 0;
  };
  await waitFor(stored, 5000, 'the codebook and codings to be stored');
  return { owner, projectId, documentId, coders, viewer };
}

/**
 * Signs up the seed's owner and first two coders under names a researcher reads (Pat Lee, Ana
 * Ortiz, Ben Kim). Call it before `seedReconcileProject`, which then signs them in by email.
 */
export async function nameSeedAccounts(server: TestServer): Promise<void> {
  for (const [email, name] of [
    ['pi@example.org', 'Pat Lee'],
    ['a@example.org', 'Ana Ortiz'],
    ['b@example.org', 'Ben Kim'],
  ] as const) {
    await new ApiClient(server.httpUrl).signIn(email, name);
  }
}

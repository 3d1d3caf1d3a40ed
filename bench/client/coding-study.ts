import { codeFixture } from '../../tests/support/code-fixture.ts';
import { codePalette, type Code } from '../../shared/model/codebook.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../../tests/support/api-client.ts';
import type { Random } from '../../tests/support/seeded-random.ts';
import { createSyncClient, waitFor, waitForSynced } from '../../tests/support/sync-client.ts';

export const studyPassword = 'a long enough password';

export interface Person {
  readonly id: string;
  readonly email: string;
  /** An API token for the stock y-websocket provider (`?token=`). */
  readonly token: string;
}

/**
 * A project as a team codes it: owner Ana (whose browser the bench drives) and coder Ben (the
 * other client), in the default open coding mode, so Ana's coding view shows Ben's lane.
 */
export interface CodingStudy {
  readonly projectId: string;
  readonly documentId: string;
  readonly ana: Person;
  readonly ben: Person;
  readonly codes: readonly Code[];
  readonly textLength: number;
  /** The path of the coding view of the document. */
  readonly documentPath: string;
}

const words = ['support', 'practice', 'we', 'the', 'team', 'asked', 'for', 'help', 'and', 'then', 'together', 'planned', 'training', 'coach', 'data', 'trust', 'referral', 'county'];

/** An interview of `length` characters: alternating turns of 20–80 words. */
export function syntheticInterview(random: Random, length: number): string {
  const turns: string[] = [];
  let size = 0;
  for (let turn = 0; size < length; turn++) {
    const speaker = turn % 2 === 0 ? 'Interviewer' : 'P07';
    const line = `${speaker}: ${Array.from({ length: 20 + random.int(60) }, () => random.pick(words)).join(' ')}.`;
    turns.push(line);
    size += line.length + 2;
  }
  return turns.join('\n\n');
}

async function signUp(baseUrl: string, email: string, name: string): Promise<{ api: ApiClient; person: Person }> {
  const api = new ApiClient(baseUrl);
  const id = await api.signIn(email, name, studyPassword);
  const token = (await api.post('/api/tokens', { name: 'bench' })).body.token as string;
  return { api, person: { id, email, token } };
}

/**
 * Creates the study through the REST API and the sync rooms, the way the app does: the codebook
 * in the `project:` room, each coder's codings in their own `layer:` room (`shared/ydoc`).
 */
export async function createCodingStudy(
  server: { httpUrl: string; syncUrl: string },
  random: Random,
  options: { chars: number; codes: number; codingsPerCoder: number },
): Promise<CodingStudy> {
  const { api: anaApi, person: ana } = await signUp(server.httpUrl, 'ana@example.org', 'Ana');
  const { api: benApi, person: ben } = await signUp(server.httpUrl, 'ben@example.org', 'Ben');
  const projectId = (await anaApi.post('/api/projects', { name: 'Implementation support' })).body.id as string;
  const invite = (await anaApi.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code as string;
  const accepted = await benApi.post(`/api/invites/${invite}/accept`);
  if (accepted.status >= 300) throw new Error(`invite failed: ${accepted.status}`);
  const text = syntheticInterview(random, options.chars);
  const documentId = (await anaApi.post(`/api/projects/${projectId}/documents`, { name: 'P07 interview', text })).body.id as string;

  const codebook = createSyncClient(server.syncUrl, `project:${projectId}`, { token: ana.token });
  await waitForSynced(codebook, 10_000);
  const codes: Code[] = Array.from({ length: options.codes }, (_, i) =>
    codeFixture(`code-${i}`, { name: `Theme ${i + 1}`, shortName: `T${i + 1}`, colour: codePalette[i % codePalette.length]!, order: i, createdAt: new Date().toISOString(), createdBy: ana.id }),
  );
  codebook.doc.transact(() => codes.forEach((code) => addCode(codebook.doc, code)));

  for (const person of [ana, ben]) {
    const writer = await openLayerWriter(server.syncUrl, projectId, documentId, person);
    writer.layer.doc.transact(() => {
      for (let i = 0; i < options.codingsPerCoder; i++) {
        const start = random.int(writer.text.length - 400);
        addCoding(writer.layer.doc, { id: `${person.id}-seed-${i}`, codeId: random.pick(codes).id, anchor: createSpanAnchor(writer.text, start, start + 15 + random.int(300)), at: Date.now() });
      }
    });
    await waitFor(() => writer.layer.provider.synced, 10_000, 'the seeded codings to be sent');
    // A second client reads them back: they are stored, not just sent.
    const probe = createSyncClient(server.syncUrl, writer.room, { token: person.token });
    await waitFor(() => probe.doc.getMap('codings').size === options.codingsPerCoder, 20_000, 'the seeded codings to be stored');
    probe.destroy();
    writer.destroy();
  }
  const probe = createSyncClient(server.syncUrl, `project:${projectId}`, { token: ana.token });
  await waitFor(() => probe.doc.getMap('codes').size === codes.length, 10_000, 'the codebook to be stored');
  probe.destroy();
  codebook.destroy();
  return { projectId, documentId, ana, ben, codes, textLength: text.length, documentPath: `/projects/${projectId}/documents/${documentId}` };
}

export interface LayerWriter {
  readonly room: string;
  readonly layer: ReturnType<typeof createSyncClient>;
  /** The transcript, to anchor codings against (the layer only stores relative positions). */
  readonly text: ReturnType<typeof transcriptText>;
  destroy(): void;
}

/** A coder's own layer and the document's text, synced over the stock provider, as the web client writes them. */
export async function openLayerWriter(syncUrl: string, projectId: string, documentId: string, person: Person): Promise<LayerWriter> {
  const room = `layer:${projectId}:${documentId}:${person.id}`;
  const textClient = createSyncClient(syncUrl, `text:${projectId}:${documentId}`, { token: person.token });
  const layer = createSyncClient(syncUrl, room, { token: person.token });
  await Promise.all([waitForSynced(textClient, 20_000), waitForSynced(layer, 20_000)]);
  return {
    room,
    layer,
    text: transcriptText(textClient.doc),
    destroy() {
      layer.destroy();
      textClient.destroy();
    },
  };
}

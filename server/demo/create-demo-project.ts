import type * as Y from 'yjs';
import { Role } from '../../shared/api/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor, type SpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText, writeTranscript } from '../../shared/ydoc/transcript-doc.ts';
import { hashPassword } from '../auth/password-hash.ts';
import { createId, createSecret } from '../auth/secret-token.ts';
import { importTranscript } from '../../shared/import/index.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { createDemoCodebook } from './demo-codebook.ts';
import { demoCodingPlan } from './demo-coding-plan.ts';
import { deriveCodings, demoCoders, type DemoCoder, type DemoCoding } from './demo-codings.ts';
import { demoTranscripts, type DemoTranscript } from './demo-transcripts.ts';

import { demoProjectName } from '../../shared/model/demo.ts';
import { KeyedQueue } from '../keyed-queue.ts';
import { nextDemoName } from './demo-name.ts';

export { demoProjectName };

const naming = new KeyedQueue();

export interface DemoProjectDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
}

export interface DemoProjectOptions {
  readonly ownerId: string;
  readonly now?: () => Date;
}

interface DemoLayer {
  readonly coder: DemoCoder;
  readonly userId: string;
}

/**
 * Creates a complete demo project owned by `ownerId`: two demo coder accounts, seventeen
 * transcripts, the codebook and both coders' layers. Every room is written through
 * `registry.change`, the same store-then-broadcast path as an import, so this works on a live
 * server. Each call makes a new project (and new coder accounts, whose passwords nobody knows),
 * named with a number from the owner's second demo on ("… (2)"), so demos can be told apart.
 */
export async function createDemoProject(deps: DemoProjectDeps, options: DemoProjectOptions): Promise<{ projectId: string; name: string }> {
  const { directory, registry } = deps;
  const now = options.now ?? (() => new Date());
  const projectId = createId();
  // One owner's demos are named one at a time, so two made at once do not both become "… (2)".
  const name = await naming.run(options.ownerId, async () => {
    const name = nextDemoName((await directory.listProjectsOfUser(options.ownerId)).map((p) => p.name));
    await directory.createProject({ id: projectId, name, ownerId: options.ownerId });
    return name;
  });

  const layers: DemoLayer[] = [];
  for (const coder of demoCoders) {
    const user = await directory.createUser({
      id: createId(),
      email: `${coder.emailLocal}+${projectId}@accord.invalid`,
      name: coder.name,
      // A hash of a secret that is thrown away: the account exists to own a layer, not to sign in.
      passwordHash: await hashPassword(createSecret('demo')),
      isAdmin: false,
    });
    await directory.putMember(projectId, user.id, Role.coder);
    layers.push({ coder, userId: user.id });
  }

  const codebook = createDemoCodebook({ createdBy: options.ownerId, createdAt: now().toISOString() });
  await registry.change(formatRoomName({ kind: 'project', projectId }), (doc: Y.Doc) => {
    for (const code of codebook) addCode(doc, code);
  });

  for (const transcript of demoTranscripts) await addDemoDocument(deps, projectId, transcript, layers, now);
  return { projectId, name };
}

async function addDemoDocument(deps: DemoProjectDeps, projectId: string, transcript: DemoTranscript, layers: readonly DemoLayer[], now: () => Date): Promise<void> {
  // Imported like an uploaded .txt file, so the demo gets the same normalisation and speaker turns.
  const imported = importTranscript({ name: `${transcript.participant}.txt`, bytes: new TextEncoder().encode(transcript.text) });
  const text = imported.text;
  const passages = demoCodingPlan[transcript.participant];
  if (!passages) throw new Error(`demo plan: no passages for ${transcript.participant}`);
  const documentId = createId();
  const codingsByLayer = layers.map((layer) => deriveCodings(transcript.participant, text, passages, layer.coder));

  // Anchors are relative positions into the items of the text room's own Y.Text, so they are made
  // inside the change that writes it: anchors into any other copy of the text would not resolve.
  const anchors = new Map<DemoCoding, SpanAnchor>();
  await deps.registry.change(formatRoomName({ kind: 'text', projectId, documentId }), (doc: Y.Doc) => {
    writeTranscript(doc, text, imported.units);
    const ytext = transcriptText(doc);
    for (const codings of codingsByLayer) for (const coding of codings) anchors.set(coding, createSpanAnchor(ytext, coding.start, coding.end));
  });
  // Listed only once its text is stored, as the import route does.
  const name = `${transcript.participant} – ${transcript.role.charAt(0).toUpperCase()}${transcript.role.slice(1)}`;
  await deps.directory.createDocument({ id: documentId, projectId, name, length: text.length });
  // Both demo coders are assigned every document, so agreement compares exactly them.
  await deps.directory.setAssignments(projectId, documentId, layers.map((layer) => layer.userId), 'demo');

  for (const [index, layer] of layers.entries()) {
    const at = now().getTime();
    // On behalf of the demo coder whose layer it is: the History page then shows who coded what,
    // as it would for a real team, not one "Accord" entry for every coding of the demo.
    await deps.registry.change(
      formatRoomName({ kind: 'layer', projectId, documentId, userId: layer.userId }),
      (doc: Y.Doc) => {
        for (const coding of codingsByLayer[index] ?? []) {
          addCoding(doc, { id: createId(), codeId: coding.codeId, anchor: anchors.get(coding)!, memo: coding.memo, at });
        }
      },
      layer.userId,
    );
  }
}

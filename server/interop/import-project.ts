import type * as Y from 'yjs';
import type { AttributeValues } from '../../shared/model/attributes.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { refiGuid, type RefiSkipped } from '../../shared/refi/index.ts';
import { addCode, codesMap, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding, addConsensusCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText, writeTranscript } from '../../shared/ydoc/transcript-doc.ts';
import { createId } from '../auth/secret-token.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import { eraseDocument, type ErasureDeps } from '../deletion/erasure.ts';
import { exploreRoomsOf } from '../explore/explore-rooms.ts';
import type { ProjectAccess } from '../http/project-access.ts';
import { memoEvent, MemoEventType } from '../memos/memo-history.ts';
import type { DirectoryStore, MemoRecord } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import type { ExistingProject, ImportPlan } from './import-plan.ts';
import { readProjectExport } from './project-export.ts';

export interface ProjectImportDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
}

export interface ProjectImportReport {
  readonly documents: number;
  readonly codes: number;
  /** Codings placed: the coders' and the consensus's. */
  readonly codings: number;
  /** Coder layers (imported accounts); the consensus is not one. */
  readonly layers: number;
  readonly skipped: RefiSkipped[];
  readonly warnings: RefiSkipped[];
}

/** The domain of every imported coder's address: reserved (RFC 2606), so it never reaches anyone. */
export const importedCoderDomain = 'accord.invalid';
/** Not a hash `verifyPassword` accepts: an imported coder can never sign in. */
export const importedCoderPasswordHash = '!imported-coder';



/**
 * The project as the planner compares a file with it: read as the export reads it (every layer
 * resolved against one transcript snapshot per document, in QDA-XML's terms), with its codebook,
 * attribute fields and set names.
 */
export async function readExistingProject(deps: ProjectImportDeps, access: ProjectAccess): Promise<ExistingProject> {
  const projectId = access.project.id;
  const [exported, codes, documents, sets] = await Promise.all([
    readProjectExport(deps, access, { softwareVersion: 'import' }),
    exploreRoomsOf(deps.registry).codes(projectId),
    deps.directory.listDocuments(projectId),
    deps.directory.listDocumentSets(projectId),
  ]);
  return {
    refi: exported.project,
    codes,
    documentIdOf: new Map(documents.map((d) => [refiGuid('document', d.id), d.id])),
    fields: access.project.attributeFields,
    documentSetNames: sets.map((s) => s.name),
  };
}

/** Where an import came from: the file's `origin` and name, kept in imported consensus codings. */
export interface ImportSource {
  readonly origin: string | null;
  readonly fileName: string | null;
}

/**
 * Carries out a plan (`planImport`) in `projectId`: new codes into the codebook, new documents
 * (through the transcript path a `.txt` upload takes), one imported coder account per new layer —
 * an account that cannot sign in — with its codings, the consensus codings (provenance: the file),
 * attribute fields and the new documents' values, memos and document sets. Accounts and documents
 * made are pushed to `created` as they are made, so the caller can undo a failed import.
 */
export async function applyImportPlan(deps: ProjectImportDeps, projectId: string, ownerId: string, plan: ImportPlan, source: ImportSource, created: ImportCreated): Promise<void> {
  const { directory, registry } = deps;
  const slice = new TimeSlice();
  const at = new Date().toISOString();

  if (plan.codes.length > 0) {
    created.codeIds.push(...plan.codes.map((c) => c.id));
    await registry.change(formatRoomName({ kind: 'project', projectId }), (doc: Y.Doc) => doc.transact(() => plan.codes.forEach((code) => addCode(doc, code))));
  }

  for (const document of plan.documents) {
    await registry.change(formatRoomName({ kind: 'text', projectId, documentId: document.id }), (doc: Y.Doc) => writeTranscript(doc, document.text, document.units));
    created.documentIds.push(document.id);
    await directory.createDocument({ id: document.id, projectId, name: document.name, length: document.text.length });
    await slice.yieldIfDue();
  }

  const layerIds: string[] = [];
  for (const layer of plan.layers) {
    const id = createId();
    created.userIds.push(id);
    await directory.createUser({ id, email: `imported+${id}@${importedCoderDomain}`, name: layer.name, passwordHash: importedCoderPasswordHash, isAdmin: false });
    await directory.putMember(projectId, id, 'coder');
    layerIds.push(id);
  }
  const origin = source.origin ?? 'no origin given';
  const writes = [
    ...plan.layers.map((layer, i) => ({ codings: layer.codings, room: (documentId: string) => formatRoomName({ kind: 'layer', projectId, documentId, userId: layerIds[i]! }), consensus: false })),
    { codings: plan.consensus, room: (documentId: string) => formatRoomName({ kind: 'consensus', projectId, documentId }), consensus: true },
  ];
  for (const documentId of new Set([...plan.layers.flatMap((l) => l.codings), ...plan.consensus].map((c) => c.documentId))) {
    const transcript = await registry.snapshot(formatRoomName({ kind: 'text', projectId, documentId }));
    try {
      const text = transcriptText(transcript);
      for (const write of writes) {
        const codings = write.codings.filter((c) => c.documentId === documentId);
        if (codings.length === 0) continue;
        await registry.change(write.room(documentId), (doc: Y.Doc) =>
          doc.transact(() => {
            for (const c of codings) {
              const coding = { id: createId(), codeId: c.codeId, anchor: createSpanAnchor(text, c.start, c.end), memo: c.memo, at: c.at };
              if (!write.consensus) addCoding(doc, coding);
              // As the decision service writes the consensus (the room's only other writer): a coding
              // like any other plus its provenance — here, the file it was imported from.
              else addConsensusCoding(doc, { ...coding, provenance: { decisionId: `imported:${origin}`, sourceCodingIds: [c.guid], method: 'manual', imported: { kind: 'imported', origin, fileName: source.fileName } } });
            }
          }),
        );
        await slice.yieldIfDue();
      }
    } finally {
      transcript.destroy();
    }
  }

  if (plan.fields.length > 0) await directory.importAttributes(projectId, plan.fields, plan.attributeUpdates.map((u) => ({ documentId: u.documentId, attributes: u.attributes as AttributeValues })));

  for (const { documentId, note, layerIndex } of plan.memos) {
    const authorId = layerIndex === null ? ownerId : layerIds[layerIndex]!;
    const memo: MemoRecord = { id: createId(), projectId, documentId, authorId, title: (note.name ?? '').slice(0, 200), text: note.text, createdAt: note.creationDateTime ?? at, updatedAt: note.modifiedDateTime ?? note.creationDateTime ?? at };
    await directory.createMemo(memo, memoEvent(MemoEventType.added, ownerId, null, memo));
  }

  for (const set of plan.documentSets) await directory.createDocumentSet({ id: set.id, projectId, name: set.name, createdAt: at }, set.documentIds);
}

/** What an import made so far: undone (`undoImport`) when it fails part way. */
export interface ImportCreated {
  readonly codeIds: string[];
  readonly documentIds: string[];
  readonly userIds: string[];
}

export const nothingCreated = (): ImportCreated => ({ codeIds: [], documentIds: [], userIds: [] });

/**
 * Undoes a failed import into an existing project: its documents erased (rooms and records), its
 * imported coder accounts deleted, its codes removed from the codebook. A new project's failed
 * import is undone by erasing the project instead.
 */
export async function undoImport(deps: ProjectImportDeps & ErasureDeps, projectId: string, created: ImportCreated): Promise<void> {
  for (const documentId of created.documentIds) await eraseDocument(deps, projectId, documentId);
  for (const userId of created.userIds) {
    await deps.directory.removeMember(projectId, userId);
    await deps.directory.deleteUser(userId);
  }
  if (created.codeIds.length > 0) {
    const ids = new Set(created.codeIds);
    await deps.registry.change(formatRoomName({ kind: 'project', projectId }), (doc: Y.Doc) => doc.transact(() => readCodes(doc).forEach((code) => ids.has(code.id) && codesMap(doc).delete(code.id))));
  }
}

/** The report of a new project's import, in the shape `POST /api/projects/import` answers. */
export function newProjectReport(plan: ImportPlan): ProjectImportReport {
  const { report } = plan;
  return { documents: report.documents, codes: report.codes, codings: report.codings, layers: report.layers, skipped: report.ignored.map((i) => ({ kind: i.kind, name: i.name, reason: i.reason ?? '' })), warnings: report.warnings.map((i) => ({ kind: i.kind, name: i.name, reason: i.reason ?? '' })) };
}

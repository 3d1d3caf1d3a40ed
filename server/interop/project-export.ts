import type { AttributeField, AttributeValue } from '../../shared/model/attributes.ts';
import type { Code } from '../../shared/model/codebook.ts';
import type { Coding } from '../../shared/model/coding.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import {
  CodePointIndex,
  refiGuid,
  RefiVariableType,
  type RefiCase,
  type RefiCodebook,
  type RefiNote,
  type RefiProject,
  type RefiSelection,
  type RefiSet,
  type RefiTextSource,
  type RefiUser,
  type RefiVariable,
  type RefiVariableValue,
} from '../../shared/refi/index.ts';
import { readCodings } from '../../shared/ydoc/layer-doc.ts';
import { readTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import { consensusCoderId } from '../agreement/project-extracts.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import { exploreRoomsOf } from '../explore/explore-rooms.ts';
import type { ProjectAccess } from '../http/project-access.ts';
import type { DirectoryStore, DocumentRecord, MemoRecord } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { describeSkips, ExportSkipReason, type ExportSkip } from './export-skips.ts';
import { refiCodebookOf } from './refi-codebook.ts';

export interface ProjectExportDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
}

/** A whole project as QDA-XML's model, and the codings that could not be placed in it. */
export interface ProjectExport {
  readonly project: RefiProject;
  readonly skipped: readonly ExportSkip[];
}

/** One layer of a document: a member's (their user id) or the consensus. */
interface LayerOwner {
  readonly id: string;
  readonly user: RefiUser;
}

/** `xsd:dateTime` of a stored time (ISO text or ms since the epoch); null when there is none or it does not parse. */
function dateTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The later of two `xsd:dateTime`s written by `dateTime` (ISO strings in UTC compare as text). */
function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}

/**
 * Everything of a project as the server holds it, in QDA-XML's model (docs/refi.md, "Export"):
 * the members as users (the consensus its own user, `id="consensus"`), the codebook, each document
 * as a text source with every member's layer and the consensus (one selection per coding, in code
 * points; the coding memo its description; created and modified times), document and project memos
 * as notes, participant attributes as variables and one case per document, and the stage set, code
 * domains and document sets as sets. For owners only: it holds every layer whatever the rounds.
 *
 * Each document's transcript is read once (a snapshot), and its layers are resolved against that
 * same snapshot, so a passage's positions always index the text written beside them. Rooms are
 * read without loading them into the registry, one at a time, with the event loop served in
 * between (`TimeSlice`). Codings that cannot be placed — orphaned (no passage), an offset inside a
 * surrogate pair, a code no longer in the codebook — are left out and listed in `skipped`, and the
 * project's `description` names each one.
 */
export async function readProjectExport(deps: ProjectExportDeps, access: ProjectAccess, options: { readonly softwareVersion: string }): Promise<ProjectExport> {
  const { directory, registry } = deps;
  const record = access.project;
  const projectId = record.id;
  const slice = new TimeSlice();
  const [documents, members, memos, documentSets, codes] = await Promise.all([
    directory.listDocuments(projectId),
    directory.listMembers(projectId),
    directory.listMemos(projectId),
    directory.listDocumentSets(projectId),
    exploreRoomsOf(registry).codes(projectId),
  ]);

  const users: RefiUser[] = members.map((m) => ({ guid: refiGuid('user', m.userId), name: m.name, id: m.userId }));
  const consensus: RefiUser = { guid: refiGuid('user', `consensus:${projectId}`), name: 'Consensus', id: consensusCoderId };
  const layers: LayerOwner[] = [...users.map((user) => ({ id: user.id!, user })), { id: consensusCoderId, user: consensus }];
  users.push(consensus);
  // A memo's author may have left the project: still a user of the file, without a layer.
  const userGuid = new Map(users.map((u) => [u.id!, u.guid]));
  for (const authorId of new Set(memos.map((m) => m.authorId))) {
    if (userGuid.has(authorId)) continue;
    const author = await directory.findUserById(authorId);
    const user: RefiUser = { guid: refiGuid('user', authorId), name: author?.name ?? null, id: authorId };
    users.push(user);
    userGuid.set(authorId, user.guid);
  }

  const codebook = refiCodebookOf(projectId, codes);
  const codeNames = new Map(codes.map((c) => [c.id, c.name]));
  const skipped: ExportSkip[] = [];
  let modified = dateTime(record.updatedAt);

  const notes: RefiNote[] = [];
  const documentNotes = new Map<string, string[]>();
  const projectNotes: string[] = [];
  for (const memo of sortMemos(memos)) {
    const note = memoNote(memo, userGuid.get(memo.authorId) ?? null);
    notes.push(note);
    modified = later(modified, note.modifiedDateTime);
    if (memo.documentId === null) projectNotes.push(note.guid);
    else documentNotes.set(memo.documentId, [...(documentNotes.get(memo.documentId) ?? []), note.guid]);
  }

  const sources: RefiTextSource[] = [];
  for (const document of documents) {
    const read = await readDocumentSource(deps, projectId, document, layers, codebook.guidOf, codeNames, slice);
    for (const skip of read.skipped) skipped.push(skip);
    modified = later(later(modified, dateTime(document.createdAt)), read.modified);
    sources.push({ ...read.source, noteGuids: documentNotes.get(document.id) ?? [] });
    await slice.yieldIfDue();
  }

  const sourceGuid = new Map(documents.map((d) => [d.id, refiGuid('document', d.id)]));
  const { variables, cases } = attributesOf(record.attributeFields, documents, sourceGuid);
  const sets: RefiSet[] = codebook.sets.map((set) => ({ ...set, sourceGuids: [], noteGuids: [] }));
  for (const set of documentSets) {
    const members = set.documentIds.filter((id) => sourceGuid.has(id)).map((id) => sourceGuid.get(id)!);
    sets.push({ guid: refiGuid('document-set', set.id), name: set.name, description: null, codeGuids: [], sourceGuids: members, noteGuids: [] });
  }

  return {
    project: {
      name: record.name,
      origin: `Accord ${options.softwareVersion}`,
      creatingUser: null,
      creationDateTime: dateTime(record.createdAt),
      modifyingUser: null,
      // The latest change the file holds, so exporting unchanged data gives the same bytes.
      modifiedDateTime: modified,
      basePath: null,
      description: describeSkips(skipped),
      users,
      codes: codebook.codes,
      variables,
      cases,
      sources,
      notes,
      sets,
      noteGuids: projectNotes,
    },
    skipped,
  };
}

/** The project's codebook as a `.qdc`: the code tree and the sets of codes (stages, domains). */
export async function readCodebookExport(deps: ProjectExportDeps, access: ProjectAccess, options: { readonly softwareVersion: string }): Promise<RefiCodebook> {
  const codes: readonly Code[] = await exploreRoomsOf(deps.registry).codes(access.project.id);
  const codebook = refiCodebookOf(access.project.id, codes);
  return { origin: `Accord ${options.softwareVersion}`, codes: codebook.codes, sets: codebook.sets };
}

/** Oldest first (then by id): the order of a memo list does not change between exports. */
function sortMemos(memos: readonly MemoRecord[]): MemoRecord[] {
  return [...memos].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function memoNote(memo: MemoRecord, author: string | null): RefiNote {
  return {
    guid: refiGuid('memo', memo.id),
    name: memo.title,
    text: memo.text,
    creatingUser: author,
    creationDateTime: dateTime(memo.createdAt),
    modifyingUser: author,
    modifiedDateTime: dateTime(memo.updatedAt),
  };
}

/**
 * One document: its transcript (a snapshot every layer is resolved against) and each layer's
 * codings as selections in code points, ordered by position, then layer, then code.
 */
async function readDocumentSource(
  deps: ProjectExportDeps,
  projectId: string,
  document: DocumentRecord,
  layers: readonly LayerOwner[],
  codeGuids: ReadonlyMap<string, string>,
  codeNames: ReadonlyMap<string, string>,
  slice: TimeSlice,
): Promise<{ source: RefiTextSource; skipped: ExportSkip[]; modified: string | null }> {
  const transcript = await deps.registry.snapshot(formatRoomName({ kind: 'text', projectId, documentId: document.id }));
  try {
    const text = readTranscriptText(transcript);
    const index = new CodePointIndex(text);
    const selections: { selection: RefiSelection; layer: number; start: number; end: number; code: string; id: string }[] = [];
    const skipped: ExportSkip[] = [];
    let modified: string | null = null;
    for (const [layerIndex, layer] of layers.entries()) {
      await slice.yieldIfDue();
      const room = formatRoomName(layer.id === consensusCoderId ? { kind: 'consensus', projectId, documentId: document.id } : { kind: 'layer', projectId, documentId: document.id, userId: layer.id });
      const codings: Coding[] = await deps.registry.read(room, (doc) => readCodings(doc, transcript, layer.id));
      for (const [k, coding] of codings.entries()) {
        // Each coding costs two SHA-256 GUIDs (~8 µs): a layer of thousands is served in slices.
        if (k % 64 === 63) await slice.yieldIfDue();
        const skip = (reason: ExportSkipReason) =>
          skipped.push({ documentName: document.name, coderName: layer.user.name ?? layer.id, codeName: codeNames.get(coding.codeId) ?? coding.codeId, start: coding.start, end: coding.end, reason });
        const codeGuid = codeGuids.get(coding.codeId);
        if (coding.orphaned || coding.start === null || coding.end === null) {
          skip(ExportSkipReason.orphaned);
          continue;
        }
        if (codeGuid === undefined) {
          skip(ExportSkipReason.unknownCode);
          continue;
        }
        const range = index.rangeToCodePoints(coding.start, coding.end);
        if (!range.ok) {
          skip(range.problem);
          continue;
        }
        const key = `${document.id}:${layer.id}:${coding.id}`;
        const created = dateTime(coding.createdAt);
        const changed = dateTime(coding.updatedAt) ?? created;
        modified = later(modified, changed);
        selections.push({
          selection: {
            guid: refiGuid('selection', key),
            name: null,
            start: range.start,
            end: range.end,
            creatingUser: layer.user.guid,
            creationDateTime: created,
            modifyingUser: layer.user.guid,
            modifiedDateTime: changed,
            description: coding.memo === '' ? null : coding.memo,
            codings: [{ guid: refiGuid('coding', key), codeGuid, creatingUser: layer.user.guid, creationDateTime: created, noteGuids: [] }],
            noteGuids: [],
          },
          layer: layerIndex,
          start: range.start,
          end: range.end,
          code: codeGuid,
          id: coding.id,
        });
      }
    }
    selections.sort((a, b) => a.start - b.start || a.end - b.end || a.layer - b.layer || compare(a.code, b.code) || compare(a.id, b.id));
    return {
      source: {
        guid: refiGuid('document', document.id),
        name: document.name,
        text,
        description: null,
        creatingUser: null,
        creationDateTime: dateTime(document.createdAt),
        modifyingUser: null,
        modifiedDateTime: null,
        selections: selections.map((s) => s.selection),
        noteGuids: [],
        values: [],
      },
      skipped,
      modified,
    };
  } finally {
    transcript.destroy();
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Participant attributes: one variable per field (text and category → Text, the category's options
 * in its description; number → Integer when every value is whole, else Float) and, when the
 * project has fields, one case per document named after it, holding its values.
 */
function attributesOf(fields: readonly AttributeField[], documents: readonly DocumentRecord[], sourceGuid: ReadonlyMap<string, string>): { variables: RefiVariable[]; cases: RefiCase[] } {
  if (fields.length === 0) return { variables: [], cases: [] };
  const numberOf = (value: AttributeValue): number | null => {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(n) ? n : null;
  };
  const variables = fields.map((field): RefiVariable => {
    let type: RefiVariableType = RefiVariableType.text;
    if (field.type === 'number') {
      const values = documents.map((d) => numberOf(d.attributes[field.key] ?? null)).filter((n) => n !== null);
      type = values.length > 0 && values.every((n) => Number.isSafeInteger(n)) ? RefiVariableType.integer : RefiVariableType.float;
    }
    return {
      guid: refiGuid('attribute', field.key),
      name: field.label,
      type,
      description: field.type === 'category' && field.options?.length ? `Category: ${field.options.join(', ')}` : null,
    };
  });
  const cases = documents.map((document): RefiCase => {
    const values: RefiVariableValue[] = [];
    fields.forEach((field, i) => {
      const raw = document.attributes[field.key];
      if (raw === null || raw === undefined || raw === '') return;
      const variable = variables[i]!;
      if (variable.type === RefiVariableType.text) values.push({ variableGuid: variable.guid, value: String(raw) });
      else {
        const n = numberOf(raw);
        if (n !== null) values.push({ variableGuid: variable.guid, value: n });
      }
    });
    return { guid: refiGuid('case', document.id), name: document.name, description: null, values, sourceGuids: [sourceGuid.get(document.id)!] };
  });
  return { variables, cases };
}

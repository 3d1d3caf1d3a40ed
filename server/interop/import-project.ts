import type * as Y from 'yjs';
import type { AttributeField, AttributeValues } from '../../shared/model/attributes.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { importTranscript } from '../../shared/import/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { CodePointIndex, walkCodes, type RefiCode, type RefiProject, type RefiSkipped } from '../../shared/refi/index.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding, addConsensusCoding, type ConsensusProvenance } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText, writeTranscript } from '../../shared/ydoc/transcript-doc.ts';
import { createId } from '../auth/secret-token.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import { memoEvent, MemoEventType } from '../memos/memo-history.ts';
import type { DirectoryStore, MemoRecord } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

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
}

/** The domain of every imported coder's address: reserved (RFC 2606), so it never reaches anyone. */
export const importedCoderDomain = 'accord.invalid';
/** Not a hash `verifyPassword` accepts: an imported coder can never sign in. */
export const importedCoderPasswordHash = '!imported-coder';
/** Accord's own export names the consensus `User/@id="consensus"`. */
const consensusUserId = 'consensus';

/**
 * The provenance of an imported consensus coding. `ConsensusProvenance` only knows decisions
 * (`decisionId`, `sourceCodingIds`, `method: 'auto' | 'manual'`), so its fields are filled as
 * closely as they can be — no decision made it in this project, so `decisionId` is
 * `imported:<origin>`; `sourceCodingIds` holds the file's coding GUID; `method` is `manual` (a
 * person's consensus in the software that wrote the file) — and `imported` says where it came from.
 */
export interface ImportedConsensusProvenance extends ConsensusProvenance {
  readonly imported: { readonly kind: 'imported'; readonly origin: string; readonly fileName: string | null };
}

/** `#abc`/`#aabbcc` → `#AABBCC`; anything else → null (the code keeps Accord's fallback colour). */
function colourOf(value: string | null): string | null {
  if (value === null) return null;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toUpperCase();
  return /^#[0-9a-f]{6}$/i.test(value) ? value.toUpperCase() : null;
}

/**
 * A new project from a read `.qdpx` (docs/refi.md, "Import"), owned by `ownerId`: its documents
 * (through the same transcript path as a `.txt` upload, units re-derived), the codebook (tree,
 * colours, definitions; the "Stages" and "Domain: …" sets Accord writes), attribute fields and
 * values from variables and cases, one coder layer per QDA-XML user who coded — under a new
 * *imported coder* account that cannot sign in — the consensus user's codings into the `consensus:`
 * rooms (provenance: the file), and document and project memos from notes.
 * Everything that cannot be placed is listed in `skipped`, never shifted. The caller erases the
 * project and the accounts pushed to `createdUsers` if this throws.
 */
export async function importProject(deps: ProjectImportDeps, projectId: string, ownerId: string, model: RefiProject, readSkipped: readonly RefiSkipped[], createdUsers: string[] = [], fileName: string | null = null): Promise<ProjectImportReport> {
  const { directory, registry } = deps;
  const slice = new TimeSlice();
  const skipped: RefiSkipped[] = [...readSkipped];
  const now = Date.now();
  const at = new Date(now).toISOString();

  // Codebook.
  const codeIds = new Map<string, string>();
  const codes: Code[] = [];
  const stageOrder = new Map<string, number>();
  const domains = new Map<string, string>();
  for (const set of model.sets) {
    if (set.name === 'Stages') set.codeGuids.forEach((guid, i) => stageOrder.set(guid, i + 1));
    else if (set.name.startsWith('Domain: ')) for (const guid of set.codeGuids) domains.set(guid, set.name.slice('Domain: '.length).trim());
  }
  const addCodes = (list: readonly RefiCode[], parentId: string | null) => {
    list.forEach((code, order) => {
      const id = createId();
      codeIds.set(code.guid, id);
      const colour = colourOf(code.color);
      codes.push({
        id,
        name: code.name.slice(0, 200),
        shortName: '',
        colour: colour ?? '#888888',
        parentId,
        order,
        definition: code.description ?? '',
        inclusion: '',
        exclusion: '',
        examples: [],
        isStage: stageOrder.has(code.guid),
        stageOrder: stageOrder.get(code.guid) ?? null,
        domain: domains.get(code.guid) ?? null,
        createdAt: at,
        createdBy: ownerId,
      });
      addCodes(code.children, id);
    });
  };
  addCodes(model.codes, null);
  const codeNames = new Map([...walkCodes(model.codes)].map((c) => [c.guid, c.name]));
  if (codes.length > 0) await registry.change(formatRoomName({ kind: 'project', projectId }), (doc: Y.Doc) => doc.transact(() => codes.forEach((code) => addCode(doc, code))));

  // Coders: one imported account per user who coded (created on first use).
  const usersByGuid = new Map(model.users.map((u) => [u.guid, u]));
  const coderIds = new Map<string, string>();
  const coderOf = async (userGuid: string | null): Promise<string> => {
    const key = userGuid ?? '';
    const known = coderIds.get(key);
    if (known) return known;
    const user = userGuid === null ? undefined : usersByGuid.get(userGuid);
    const name = (user?.name ?? (userGuid === null ? `Unnamed coder (${model.origin ?? 'no origin given'})` : `Coder ${userGuid.slice(0, 8)}`)).slice(0, 120);
    const id = createId();
    createdUsers.push(id);
    await directory.createUser({ id, email: `imported+${id}@${importedCoderDomain}`, name, passwordHash: importedCoderPasswordHash, isAdmin: false });
    await directory.putMember(projectId, id, 'coder');
    coderIds.set(key, id);
    return id;
  };

  // Documents and codings.
  const documentIds = new Map<string, string>();
  let codingCount = 0;
  for (const source of model.sources) {
    const imported = importTranscript({ name: 'imported.txt', bytes: new TextEncoder().encode(source.text) });
    if (imported.text !== source.text) {
      // Never shift a coding: if Accord's text import changed the text, the positions would not hold.
      skipped.push({ kind: 'source', name: source.name, reason: `Its text changed when Accord normalised it, so its ${source.selections.length} coded passages could not be placed; it was not imported.` });
      continue;
    }
    const documentId = createId();
    const textRoom = formatRoomName({ kind: 'text', projectId, documentId });
    await registry.change(textRoom, (doc: Y.Doc) => writeTranscript(doc, imported.text, imported.units));
    await directory.createDocument({ id: documentId, projectId, name: source.name.slice(0, 200), length: imported.text.length });
    documentIds.set(source.guid, documentId);

    const index = new CodePointIndex(source.text);
    const byCoder = new Map<string, { codeId: string; start: number; end: number; memo: string; at: number }[]>();
    const consensus: { codeId: string; start: number; end: number; memo: string; at: number; guid: string }[] = [];
    for (const selection of source.selections) {
      const range = index.rangeToUtf16(selection.start, selection.end);
      for (const coding of selection.codings) {
        const label = `${source.name}: ${selection.start}–${selection.end}, ${codeNames.get(coding.codeGuid) ?? coding.codeGuid}`;
        const codeId = codeIds.get(coding.codeGuid);
        if (!range.ok || codeId === undefined) {
          skipped.push({ kind: 'coding', name: label, reason: codeId === undefined ? 'It applies a code the codebook does not have.' : 'Its positions fall outside the text.' });
          continue;
        }
        const userGuid = coding.creatingUser;
        const when = Date.parse(coding.creationDateTime ?? selection.creationDateTime ?? '');
        if (userGuid !== null && usersByGuid.get(userGuid)?.id === consensusUserId) {
          consensus.push({ codeId, start: range.start, end: range.end, memo: selection.description ?? '', at: Number.isFinite(when) ? when : now, guid: coding.guid });
          continue;
        }
        const coderId = await coderOf(userGuid);
        const list = byCoder.get(coderId) ?? [];
        list.push({ codeId, start: range.start, end: range.end, memo: selection.description ?? '', at: Number.isFinite(when) ? when : now });
        byCoder.set(coderId, list);
      }
    }
    if (byCoder.size > 0 || consensus.length > 0) {
      const transcript = await registry.snapshot(textRoom);
      try {
        for (const [coderId, list] of byCoder) {
          await registry.change(formatRoomName({ kind: 'layer', projectId, documentId, userId: coderId }), (doc: Y.Doc) =>
            doc.transact(() => {
              for (const c of list) addCoding(doc, { id: createId(), codeId: c.codeId, anchor: createSpanAnchor(transcriptText(transcript), c.start, c.end), memo: c.memo, at: c.at });
            }),
          );
          codingCount += list.length;
          await slice.yieldIfDue();
        }
        if (consensus.length > 0) {
          // As the decision service writes the consensus (the room's only other writer): a coding like
          // any other plus its provenance — here, the file it was imported from.
          const origin = model.origin ?? 'no origin given';
          await registry.change(formatRoomName({ kind: 'consensus', projectId, documentId }), (doc: Y.Doc) =>
            doc.transact(() => {
              for (const c of consensus) {
                const provenance: ImportedConsensusProvenance = { decisionId: `imported:${origin}`, sourceCodingIds: [c.guid], method: 'manual', imported: { kind: 'imported', origin, fileName } };
                addConsensusCoding(doc, { id: createId(), codeId: c.codeId, anchor: createSpanAnchor(transcriptText(transcript), c.start, c.end), memo: c.memo, at: c.at, provenance });
              }
            }),
          );
          codingCount += consensus.length;
        }
      } finally {
        transcript.destroy();
      }
    }
    await slice.yieldIfDue();
  }

  // Attributes: variables → text/number fields, values from cases (and from sources).
  const fields: AttributeField[] = model.variables.map((v, i) => ({
    key: `f${i + 1}`,
    label: v.name.slice(0, 120),
    type: v.type === 'Integer' || v.type === 'Float' ? 'number' : 'text',
  }));
  if (fields.length > 0) {
    const fieldOf = new Map(model.variables.map((v, i) => [v.guid, fields[i]!]));
    const values = new Map<string, Record<string, string | number>>();
    const put = (sourceGuid: string, variableGuid: string, value: string | number | boolean) => {
      const documentId = documentIds.get(sourceGuid);
      const field = fieldOf.get(variableGuid);
      if (!documentId || !field) return;
      const record = values.get(documentId) ?? {};
      record[field.key] = field.type === 'number' && typeof value === 'number' ? value : String(value);
      values.set(documentId, record);
    };
    for (const c of model.cases) for (const sourceGuid of c.sourceGuids) for (const v of c.values) put(sourceGuid, v.variableGuid, v.value);
    for (const source of model.sources) for (const v of source.values) put(source.guid, v.variableGuid, v.value);
    await directory.importAttributes(projectId, fields, [...values].map(([documentId, attributes]) => ({ documentId, attributes: attributes as AttributeValues })));
  }

  // Memos: notes on sources → document memos, project-level notes → project memos.
  const notes = new Map(model.notes.map((n) => [n.guid, n]));
  const writeMemo = async (noteGuid: string, documentId: string | null) => {
    const note = notes.get(noteGuid);
    if (!note || note.text.trim() === '') return;
    const authorId = (note.creatingUser !== null && coderIds.get(note.creatingUser)) || ownerId;
    const memo: MemoRecord = { id: createId(), projectId, documentId, authorId, title: (note.name ?? '').slice(0, 200), text: note.text, createdAt: note.creationDateTime ?? at, updatedAt: note.modifiedDateTime ?? note.creationDateTime ?? at };
    await directory.createMemo(memo, memoEvent(MemoEventType.added, ownerId, null, memo));
  };
  for (const source of model.sources) {
    const documentId = documentIds.get(source.guid);
    if (documentId) for (const guid of source.noteGuids) await writeMemo(guid, documentId);
  }
  for (const guid of model.noteGuids) await writeMemo(guid, null);

  return { documents: documentIds.size, codes: codes.length, codings: codingCount, layers: coderIds.size, skipped };
}

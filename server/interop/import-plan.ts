import type { ImportItem, ImportPlanReport } from '../../shared/api/index.ts';
import type { AttributeField } from '../../shared/model/attributes.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { ImportError, importTranscript, type ImportedTranscript } from '../../shared/import/index.ts';
import { CodePointIndex, refiGuid, walkCodes, type RefiCode, type RefiCodeSet, type RefiNote, type RefiProject, type RefiSkipped, type RefiTextSource } from '../../shared/refi/index.ts';
import { createId } from '../auth/secret-token.ts';
import { codeOfDescription } from './refi-codebook.ts';

/**
 * What importing a read `.qdpx` (or `.qdc`) into a project would do, worked out before anything is
 * written: the preview answers it as it is, the import carries it out (`apply-import.ts`) and
 * answers the same report. Pure — the project's current state comes in as `ExistingProject` (read
 * as the export reads it, so both sides are in QDA-XML's terms), new ids are made here.
 *
 * Matching (docs/refi.md, "Import into an existing project"):
 * - a source is the project's document when their texts are equal (after Accord's normalisation,
 *   which the reader already applied); otherwise it is a new document;
 * - a code is the project's code with the same GUID (Accord's export names code `x` by
 *   `refiGuid('code', x)`), else the same path (case and surrounding spaces aside), else the only
 *   code of that name; otherwise a new code under its (matched or new) parent;
 * - a user who coded becomes a new coder layer, unless every coding they made is already in one of
 *   the project's layers (same document, passage and code) — a file exported from a copy of the
 *   project carries its coders back, and they must not come in twice;
 * - the consensus user's codings go into a new project's consensus; an existing project's
 *   consensus is made in Reconcile, so there they are listed as ignored.
 */
export interface ExistingProject {
  /** The project as its export sees it (`readProjectExport`): sources with text and every layer, users with their account ids. */
  readonly refi: RefiProject;
  readonly codes: readonly Code[];
  /** Source GUID → document id, for the project's documents. */
  readonly documentIdOf: ReadonlyMap<string, string>;
  readonly fields: readonly AttributeField[];
  /** Names of the project's document sets. */
  readonly documentSetNames: readonly string[];
}

/** A project with nothing in it: what a new project's import is planned against. */
export const emptyProject: ExistingProject = {
  refi: { name: '', origin: null, creatingUser: null, creationDateTime: null, modifyingUser: null, modifiedDateTime: null, basePath: null, description: null, users: [], codes: [], variables: [], cases: [], sources: [], notes: [], sets: [], noteGuids: [] },
  codes: [],
  documentIdOf: new Map(),
  fields: [],
  documentSetNames: [],
};

/** One coding to write, in UTF-16 offsets of its document's text. */
export interface PlannedCoding {
  readonly documentId: string;
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
  readonly memo: string;
  readonly at: number;
  /** The file's coding GUID (kept in an imported consensus coding's provenance). */
  readonly guid: string;
}

export interface PlannedDocument {
  readonly id: string;
  readonly name: string;
  readonly text: string;
  readonly units: ImportedTranscript['units'];
}

export interface PlannedLayer {
  /** The new imported coder's name. */
  readonly name: string;
  readonly codings: readonly PlannedCoding[];
}

export interface PlannedMemo {
  readonly documentId: string | null;
  readonly note: RefiNote;
  /** The new layer whose user wrote it, if any (else the importer is the author). */
  readonly layerIndex: number | null;
}

export interface ImportPlan {
  readonly documents: readonly PlannedDocument[];
  readonly codes: readonly Code[];
  readonly layers: readonly PlannedLayer[];
  readonly consensus: readonly PlannedCoding[];
  /** The project's attribute fields after the import (its own, then the file's new ones). */
  readonly fields: readonly AttributeField[];
  /** Values for the new documents. */
  readonly attributeUpdates: readonly { readonly documentId: string; readonly attributes: Record<string, string | number> }[];
  readonly memos: readonly PlannedMemo[];
  readonly documentSets: readonly { readonly id: string; readonly name: string; readonly documentIds: readonly string[] }[];
  readonly report: ImportPlanReport;
}

export interface PlanOptions {
  readonly ownerId: string;
  /** Where the file's consensus goes: a new project takes it; an existing one lists it as ignored. */
  readonly consensus: 'import' | 'ignore';
  readonly now: number;
}

/** Accord's own export names the consensus `User/@id="consensus"`. */
const consensusUserId = 'consensus';

const pathKey = (path: readonly string[]) => path.map((p) => p.trim().toLowerCase()).join('\u0000');
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** `#abc`/`#aabbcc` → `#AABBCC`; anything else → null (the code keeps Accord's fallback colour). */
function colourOf(value: string | null): string | null {
  if (value === null) return null;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toUpperCase();
  return /^#[0-9a-f]{6}$/i.test(value) ? value.toUpperCase() : null;
}

/**
 * A source's annotations — passages commented on without a code (MAXQDA's uncoded selections,
 * NVivo's annotations) — as one note, to become a document memo: each passage quoted (up to 80
 * characters) with its position and comment. Null when the source has none.
 */
function annotationsMemo(source: RefiTextSource, noteText: (guid: string) => string, origin: string | null): RefiNote | null {
  const lines: string[] = [];
  let index: CodePointIndex | null = null;
  for (const selection of source.selections) {
    if (selection.codings.length > 0) continue;
    const comment = [selection.description ?? '', ...selection.noteGuids.map(noteText)].filter((t) => t.trim() !== '').join(' — ');
    if (comment === '') continue;
    index ??= new CodePointIndex(source.text);
    const range = index.rangeToUtf16(selection.start, selection.end);
    const passage = (range.ok ? source.text.slice(range.start, range.end) : '').replace(/\s+/g, ' ').trim();
    const quoted = passage.length > 80 ? `${passage.slice(0, 79)}…` : passage;
    lines.push(`“${quoted}” (characters ${selection.start}–${selection.end}): ${comment}`);
  }
  if (lines.length === 0) return null;
  return { guid: `annotations:${source.guid}`, name: `Annotations from ${origin ?? 'the imported file'}`, text: lines.join('\n\n'), creatingUser: null, creationDateTime: null, modifyingUser: null, modifiedDateTime: null };
}

/** The codes of a file matched to the project's, and the new ones (ids made here), with the report's items. */
export interface CodePlan {
  /** File code GUID → Accord code id (matched or new). */
  readonly codeIdOf: ReadonlyMap<string, string>;
  readonly added: readonly Code[];
  readonly items: { readonly added: ImportItem[]; readonly matched: ImportItem[]; readonly ignored: ImportItem[] };
}

/**
 * Matches a file's code tree to the project's codebook (GUID, then path, then a unique name) and
 * plans the rest as new codes. The "Stages" set marks new stage codes (its member order, after the
 * project's last stage); "Domain: x" sets give new codes their domain; other sets of codes are
 * listed as ignored (Accord has no such sets).
 */
export function planCodes(existing: readonly Code[], incoming: readonly RefiCode[], sets: readonly RefiCodeSet[], options: Pick<PlanOptions, 'ownerId' | 'now'>, noteText: (guid: string) => string = () => ''): CodePlan {
  const at = new Date(options.now).toISOString();
  const byGuid = new Map(existing.map((c) => [refiGuid('code', c.id), c]));
  const byId = new Map(existing.map((c) => [c.id, c]));
  const pathOf = (code: Code): string[] => {
    const path: string[] = [];
    const seen = new Set<string>();
    for (let c: Code | undefined = code; c && !seen.has(c.id); c = c.parentId === null ? undefined : byId.get(c.parentId)) {
      seen.add(c.id);
      path.unshift(c.name);
    }
    return path;
  };
  const byPath = new Map(existing.map((c) => [pathKey(pathOf(c)), c]));
  const byName = new Map<string, Code[]>();
  for (const c of existing) byName.set(pathKey([c.name]), [...(byName.get(pathKey([c.name])) ?? []), c]);

  const items = { added: [] as ImportItem[], matched: [] as ImportItem[], ignored: [] as ImportItem[] };
  const stageOrder = new Map<string, number>();
  const domains = new Map<string, string>();
  for (const set of sets) {
    if (set.name === 'Stages') set.codeGuids.forEach((guid, i) => stageOrder.set(guid, i));
    else if (set.name.startsWith('Domain: ')) for (const guid of set.codeGuids) domains.set(guid, set.name.slice('Domain: '.length).trim());
    else items.ignored.push({ kind: 'set', name: set.name, reason: `A set of ${plural(set.codeGuids.length, 'code')}: Accord groups codes by their hierarchy, stages and domains only.` });
  }
  const lastStage = Math.max(0, ...existing.map((c) => c.stageOrder ?? 0));
  const siblings = new Map<string | null, number>();
  for (const c of existing) siblings.set(c.parentId, Math.max(siblings.get(c.parentId) ?? -1, c.order));

  const codeIdOf = new Map<string, string>();
  const added: Code[] = [];
  const visit = (list: readonly RefiCode[], parentId: string | null, parentPath: string[], parentIsNew: boolean) => {
    for (const code of list) {
      const path = [...parentPath, code.name];
      const label = path.join(' / ');
      let match: Code | undefined;
      let how = '';
      if (!parentIsNew) {
        match = byGuid.get(code.guid);
        how = 'It has the same identifier (GUID) as a code of this project.';
        if (!match) {
          match = byPath.get(pathKey(path));
          how = 'A code with the same path is already in the codebook.';
        }
        if (!match) {
          const named = byName.get(pathKey([code.name]));
          if (named?.length === 1) {
            match = named[0];
            how = `The codebook has one code of this name (${pathOf(match!).join(' / ')}).`;
          }
        }
      }
      const codeNotes = code.noteGuids.map(noteText).filter((t) => t.trim() !== '');
      if (match) {
        codeIdOf.set(code.guid, match.id);
        items.matched.push({ kind: 'code', name: label, reason: how });
        if (codeNotes.length > 0) items.ignored.push({ kind: 'note', name: label, reason: `${plural(codeNotes.length, 'note')} on this code not imported: the project’s code was left as it is.` });
        visit(code.children, match.id, path, false);
        continue;
      }
      const id = createId();
      codeIdOf.set(code.guid, id);
      const order = (siblings.get(parentId) ?? -1) + 1;
      siblings.set(parentId, order);
      const parsed = codeOfDescription(code.description);
      // A note on a code (NVivo's annotations, say) is part of what the code means here.
      const described = codeNotes.length === 0 ? parsed : { ...parsed, definition: [parsed.definition, ...codeNotes].filter((t) => t.trim() !== '').join('\n\n') };
      added.push({
        id,
        name: code.name.slice(0, 200),
        shortName: '',
        colour: colourOf(code.color) ?? '#888888',
        parentId,
        order,
        ...described,
        isStage: stageOrder.has(code.guid),
        stageOrder: stageOrder.has(code.guid) ? lastStage + stageOrder.get(code.guid)! + 1 : null,
        domain: domains.get(code.guid) ?? null,
        createdAt: at,
        createdBy: options.ownerId,
      });
      items.added.push({ kind: 'code', name: label });
      visit(code.children, id, path, true);
    }
  };
  visit(incoming, null, [], false);
  return { codeIdOf, added, items };
}

/**
 * Plans the import of `file` (read by `readQdpx`, with what the reader left out and changed) into
 * `existing` (`emptyProject` for a new project).
 */
export function planImport(existing: ExistingProject, file: RefiProject, read: { readonly skipped: readonly RefiSkipped[]; readonly warnings: readonly RefiSkipped[] }, options: PlanOptions): ImportPlan {
  const added: ImportItem[] = [];
  const matched: ImportItem[] = [];
  const ignored: ImportItem[] = read.skipped.map((s) => ({ kind: s.kind, name: s.name, reason: s.reason }));

  // Notes: each is brought in where it is referenced (a memo of its source or the project, a
  // coding's memo, a code's definition, a document's annotations); one nothing refers to is listed.
  const notes = new Map<string, RefiNote>(file.notes.map((n) => [n.guid, n]));
  const noteText = (guid: string): string => notes.get(guid)?.text ?? '';
  const referenced = new Set<string>([...file.noteGuids, ...file.sets.flatMap((set) => set.noteGuids)]);
  for (const code of walkCodes(file.codes)) code.noteGuids.forEach((g) => referenced.add(g));
  for (const source of file.sources) {
    source.noteGuids.forEach((g) => referenced.add(g));
    for (const selection of source.selections) {
      selection.noteGuids.forEach((g) => referenced.add(g));
      for (const coding of selection.codings) coding.noteGuids.forEach((g) => referenced.add(g));
    }
  }
  for (const note of file.notes) {
    if (!referenced.has(note.guid) && note.text.trim() !== '') ignored.push({ kind: 'note', name: note.name?.trim() || `“${note.text.trim().slice(0, 40)}”`, reason: 'Nothing in the file refers to this note, so Accord has nowhere to put it.' });
  }

  // Codes.
  const codePlan = planCodes(existing.codes, file.codes, file.sets, options, noteText);
  added.push(...codePlan.items.added);
  matched.push(...codePlan.items.matched);
  ignored.push(...codePlan.items.ignored);
  const codeNames = new Map([...walkCodes(file.codes)].map((c) => [c.guid, c.name]));

  // Documents: by text.
  const existingByText = new Map<string, { id: string; name: string }>();
  for (const source of existing.refi.sources) {
    const id = existing.documentIdOf.get(source.guid);
    if (id !== undefined && !existingByText.has(source.text)) existingByText.set(source.text, { id, name: source.name });
  }
  const documents: PlannedDocument[] = [];
  const documentIdOf = new Map<string, string>();
  const isNewDocument = new Set<string>();
  for (const source of file.sources) {
    const same = existingByText.get(source.text);
    if (same) {
      documentIdOf.set(source.guid, same.id);
      matched.push({ kind: 'document', name: source.name, reason: same.name === source.name ? 'The project has this document (the same text).' : `The project has this text as “${same.name}”.` });
      continue;
    }
    let units: PlannedDocument['units'];
    try {
      const read = importTranscript({ name: 'imported.txt', bytes: new TextEncoder().encode(source.text) });
      if (read.text !== source.text) throw new Error('changed');
      units = read.units;
    } catch (error) {
      if (!(error instanceof ImportError) && (error as Error).message !== 'changed') throw error;
      const why = error instanceof ImportError ? error.message : 'its text changed when Accord normalised it, so its coded passages could not be placed';
      ignored.push({ kind: 'source', name: source.name, reason: `Not imported: ${why}${source.selections.length > 0 ? ` (${plural(source.selections.length, 'coded passage')} lost).` : '.'}` });
      continue;
    }
    const id = createId();
    documentIdOf.set(source.guid, id);
    isNewDocument.add(id);
    // Only the project's documents are matched: two sources of the file with the same text stay two documents.
    documents.push({ id, name: source.name.slice(0, 200), text: source.text, units });
    added.push({ kind: 'document', name: source.name });
  }

  // What each of the project's layers already holds: document | start | end | code (code points), by the layer's name.
  const usersById = new Map(existing.refi.users.map((u) => [u.guid, u]));
  const existingCodeIdOf = new Map(existing.codes.map((c) => [refiGuid('code', c.id), c.id]));
  const heldBy = new Map<string, { name: string; keys: Set<string> }>();
  for (const source of existing.refi.sources) {
    const documentId = existing.documentIdOf.get(source.guid);
    for (const selection of source.selections) {
      for (const coding of selection.codings) {
        const user = coding.creatingUser === null ? undefined : usersById.get(coding.creatingUser);
        if (!user || user.id === null || user.id === consensusUserId) continue;
        const held = heldBy.get(user.id) ?? { name: user.name ?? 'a coder', keys: new Set<string>() };
        held.keys.add(`${documentId}|${selection.start}|${selection.end}|${existingCodeIdOf.get(coding.codeGuid)}`);
        heldBy.set(user.id, held);
      }
    }
  }

  // Codings, by the file's user.
  const fileUsers = new Map(file.users.map((u) => [u.guid, u]));
  const byUser = new Map<string, { guid: string | null; codings: PlannedCoding[]; keys: string[] }>();
  const consensus: PlannedCoding[] = [];
  for (const source of file.sources) {
    const documentId = documentIdOf.get(source.guid);
    if (documentId === undefined) continue;
    const index = new CodePointIndex(source.text);
    for (const selection of source.selections) {
      const range = index.rangeToUtf16(selection.start, selection.end);
      for (const coding of selection.codings) {
        const codeId = codePlan.codeIdOf.get(coding.codeGuid);
        if (!range.ok || codeId === undefined) {
          ignored.push({ kind: 'coding', name: `${source.name}: ${selection.start}–${selection.end}, ${codeNames.get(coding.codeGuid) ?? coding.codeGuid}`, reason: codeId === undefined ? 'It applies a code the codebook does not have.' : 'Its positions fall outside the text.' });
          continue;
        }
        const when = Date.parse(coding.creationDateTime ?? selection.creationDateTime ?? '');
        const memo = [selection.description ?? '', ...[...selection.noteGuids, ...coding.noteGuids].map(noteText)].filter((t) => t.trim() !== '').join('\n\n');
        const planned: PlannedCoding = { documentId, codeId, start: range.start, end: range.end, memo, at: Number.isFinite(when) ? when : options.now, guid: coding.guid };
        const userGuid = coding.creatingUser;
        if (userGuid !== null && fileUsers.get(userGuid)?.id === consensusUserId) {
          consensus.push(planned);
          continue;
        }
        const key = userGuid ?? '';
        const entry = byUser.get(key) ?? { guid: userGuid, codings: [], keys: [] };
        entry.codings.push(planned);
        entry.keys.push(isNewDocument.has(documentId) ? '' : `${documentId}|${selection.start}|${selection.end}|${codeId}`);
        byUser.set(key, entry);
      }
    }
  }

  // Layers: a new one per user, unless a layer of the project already holds all they coded.
  const layers: PlannedLayer[] = [];
  const layerOfUser = new Map<string, number>();
  for (const [key, entry] of byUser) {
    const user = entry.guid === null ? undefined : fileUsers.get(entry.guid);
    const name = (user?.name ?? (entry.guid === null ? `Unnamed coder (${file.origin ?? 'no origin given'})` : `Coder ${entry.guid.slice(0, 8)}`)).slice(0, 120);
    const holder = entry.keys.every((k) => k !== '') ? [...heldBy.values()].find((held) => entry.keys.every((k) => held.keys.has(k))) : undefined;
    if (holder) {
      matched.push({ kind: 'layer', name, reason: `All ${plural(entry.codings.length, 'coding')} are already in ${holder.name}’s layer.`, codings: entry.codings.length });
      continue;
    }
    layerOfUser.set(key, layers.length);
    layers.push({ name, codings: entry.codings });
    added.push({ kind: 'layer', name, codings: entry.codings.length });
  }
  for (const user of file.users) {
    if (user.id === consensusUserId || byUser.has(user.guid)) continue;
    ignored.push({ kind: 'user', name: user.name ?? user.guid, reason: 'Coded nothing in this file, so no layer was made for them.' });
  }
  let consensusCodings: PlannedCoding[] = [];
  if (consensus.length > 0) {
    if (options.consensus === 'import') {
      consensusCodings = consensus;
      added.push({ kind: 'consensus', name: 'Consensus', codings: consensus.length });
    } else {
      ignored.push({ kind: 'consensus', name: 'Consensus', codings: consensus.length, reason: `${plural(consensus.length, 'consensus coding')} not imported: this project’s consensus is made in Reconcile. Import the file as a new project to see its consensus.` });
    }
  }

  // Attributes: fields by label (new ones added), values for new documents.
  const fields: AttributeField[] = [...existing.fields];
  const fieldOf = new Map<string, AttributeField>();
  const usedKeys = new Set(fields.map((f) => f.key));
  for (const variable of file.variables) {
    const label = variable.name.trim().slice(0, 80);
    if (label === '') continue;
    const same = fields.find((f) => f.label.toLowerCase() === label.toLowerCase());
    if (same) {
      fieldOf.set(variable.guid, same);
      matched.push({ kind: 'attribute', name: label, reason: 'The project has an attribute of this name.' });
      continue;
    }
    let n = fields.length + 1;
    while (usedKeys.has(`f${n}`)) n++;
    usedKeys.add(`f${n}`);
    const options = /^Category: (.+)$/s.exec(variable.description ?? '')?.[1]?.split(',').map((o) => o.trim()).filter((o) => o !== '');
    const field: AttributeField =
      variable.type === 'Integer' || variable.type === 'Float'
        ? { key: `f${n}`, label, type: 'number' }
        : options && options.length > 0
          ? { key: `f${n}`, label, type: 'category', options: [...new Set(options)] }
          : { key: `f${n}`, label, type: 'text' };
    fields.push(field);
    fieldOf.set(variable.guid, field);
    added.push({ kind: 'attribute', name: label });
  }
  const values = new Map<string, Record<string, string | number>>();
  const put = (sourceGuid: string, variableGuid: string, value: string | number | boolean) => {
    const documentId = documentIdOf.get(sourceGuid);
    const field = fieldOf.get(variableGuid);
    if (!documentId || !field || !isNewDocument.has(documentId)) return;
    if (field.type === 'category' && !field.options?.includes(String(value))) {
      ignored.push({ kind: 'attribute', name: `${file.sources.find((s) => s.guid === sourceGuid)?.name ?? sourceGuid}: ${field.label}`, reason: `“${String(value)}” is not one of the category’s options.` });
      return;
    }
    const record = values.get(documentId) ?? {};
    record[field.key] = field.type === 'number' && typeof value === 'number' ? value : String(value);
    values.set(documentId, record);
  };
  for (const c of file.cases) for (const sourceGuid of c.sourceGuids) for (const v of c.values) put(sourceGuid, v.variableGuid, v.value);
  for (const source of file.sources) for (const v of source.values) put(source.guid, v.variableGuid, v.value);

  // Memos: notes on sources and on the project, unless the same text is there already.
  const existingNotes = new Map(existing.refi.notes.map((n) => [n.guid, n]));
  const heldMemos = new Set<string>();
  for (const source of existing.refi.sources) for (const guid of source.noteGuids) heldMemos.add(`${existing.documentIdOf.get(source.guid)}|${existingNotes.get(guid)?.text.trim()}`);
  for (const guid of existing.refi.noteGuids) heldMemos.add(`null|${existingNotes.get(guid)?.text.trim()}`);
  const memos: PlannedMemo[] = [];
  const planMemo = (noteGuid: string, documentId: string | null, where: string) => {
    const note = notes.get(noteGuid);
    if (!note || note.text.trim() === '') return;
    const name = note.name?.trim() || `${where}: “${note.text.trim().slice(0, 40)}${note.text.trim().length > 40 ? '…' : ''}”`;
    const key = `${documentId}|${note.text.trim()}`;
    if (heldMemos.has(key)) {
      matched.push({ kind: 'memo', name, reason: 'A memo with the same text is already there.' });
      return;
    }
    heldMemos.add(key);
    memos.push({ documentId, note, layerIndex: note.creatingUser === null ? null : (layerOfUser.get(note.creatingUser) ?? null) });
    added.push({ kind: 'memo', name });
  };
  for (const source of file.sources) {
    const documentId = documentIdOf.get(source.guid);
    if (!documentId) continue;
    for (const guid of source.noteGuids) planMemo(guid, documentId, source.name);
    const annotations = annotationsMemo(source, noteText, file.origin);
    if (annotations) {
      notes.set(annotations.guid, annotations);
      planMemo(annotations.guid, documentId, source.name);
    }
  }
  for (const guid of file.noteGuids) planMemo(guid, null, 'Project');

  // Document sets, by name.
  const setNames = new Set(existing.documentSetNames.map((n) => n.trim().toLowerCase()));
  const documentSets: ImportPlan['documentSets'][number][] = [];
  for (const set of file.sets) {
    if (set.sourceGuids.length === 0) continue;
    const name = set.name.trim().slice(0, 120);
    if (name === '') continue;
    if (setNames.has(name.toLowerCase())) {
      matched.push({ kind: 'set', name, reason: 'The project has a document set of this name; its documents were left as they are.' });
      continue;
    }
    setNames.add(name.toLowerCase());
    const documentIds = [...new Set(set.sourceGuids.flatMap((g) => documentIdOf.get(g) ?? []))];
    documentSets.push({ id: createId(), name, documentIds });
    added.push({ kind: 'set', name });
  }

  const codings = layers.reduce((n, l) => n + l.codings.length, 0) + consensusCodings.length;
  return {
    documents,
    codes: codePlan.added,
    layers,
    consensus: consensusCodings,
    fields,
    attributeUpdates: [...values].map(([documentId, attributes]) => ({ documentId, attributes })),
    memos,
    documentSets,
    report: { added, matched, ignored, warnings: read.warnings.map((w) => ({ kind: w.kind, name: w.name, reason: w.reason })), documents: documents.length, codes: codePlan.added.length, layers: layers.length, codings },
  };
}

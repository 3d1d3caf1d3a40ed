import * as Y from 'yjs';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode, codesMap, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { codingsMap, type StoredCoding } from '../../shared/ydoc/layer-doc.ts';

/**
 * Merging one code into another, as Y.Doc operations (no HTTP, no registry): the routes call these
 * inside `registry.change`, the tests call them on plain docs. The record of a merge is returned to
 * the caller, which keeps it where no client can write (the directory store): undo acts on it.
 */

/**
 * Where merge records used to be kept, in the `project:` room that coders may write: a coder could
 * forge or extend one and make the owner's undo recode someone else's codings, and in a blind
 * round anyone could read which coding of whose layer a merge touched. Nothing reads it any more;
 * it is emptied on start (`legacy-merge-records.ts`) and by every merge.
 */
export const legacyMergesKey = 'codebookMerges';

export interface RecodedCoding {
  readonly room: string;
  readonly codingId: string;
}

export interface MovedChild {
  readonly codeId: string;
  /** Its `order` before it moved under `into`, restored on undo. */
  readonly order: number;
}

/** What a merge did, as the codebook half of an undo needs it. */
export interface MergeRecord {
  readonly mergeId: string;
  /** The merged code exactly as it was, so undo can put it back. */
  readonly from: Code;
  readonly into: string;
  readonly children: readonly MovedChild[];
  readonly recoded: readonly RecodedCoding[];
  readonly by: string;
  readonly at: string;
}

export const CodeMergeFailure = {
  unknownCode: 'unknownCode',
  intoItself: 'intoItself',
  intoDescendant: 'intoDescendant',
  unknownMerge: 'unknownMerge',
  alreadyUndone: 'alreadyUndone',
  notUndoable: 'notUndoable',
  codeExists: 'codeExists',
} as const;
export type CodeMergeFailure = (typeof CodeMergeFailure)[keyof typeof CodeMergeFailure];

export class CodeMergeError extends Error {
  constructor(
    readonly reason: CodeMergeFailure,
    message: string,
  ) {
    super(message);
    this.name = 'CodeMergeError';
  }
}

/** `codeId` and every code below it. Cycle-safe: concurrent moves can make parent cycles. */
export function descendantsOf(codes: readonly Code[], codeId: string): Set<string> {
  const below = new Set<string>([codeId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of codes) {
      if (c.parentId !== null && below.has(c.parentId) && !below.has(c.id)) {
        below.add(c.id);
        grew = true;
      }
    }
  }
  return below;
}

/** Throws a `CodeMergeError` unless `from` may be merged into `into`; returns both codes. */
export function checkMerge(codebook: Y.Doc, fromId: string, intoId: string): { from: Code; into: Code } {
  const codes = readCodes(codebook);
  const from = codes.find((c) => c.id === fromId);
  const into = codes.find((c) => c.id === intoId);
  if (!from) throw new CodeMergeError(CodeMergeFailure.unknownCode, `No code ${fromId}`);
  if (!into) throw new CodeMergeError(CodeMergeFailure.unknownCode, `No code ${intoId}`);
  if (fromId === intoId) throw new CodeMergeError(CodeMergeFailure.intoItself, 'A code cannot be merged into itself');
  if (descendantsOf(codes, fromId).has(intoId)) throw new CodeMergeError(CodeMergeFailure.intoDescendant, `“${into.name}” is below “${from.name}”: merge it the other way round`);
  return { from, into };
}

function isStoredCoding(value: unknown): value is StoredCoding {
  return value !== null && typeof value === 'object' && typeof (value as { codeId?: unknown }).codeId === 'string';
}

/** Ids of the codings of a layer that use `codeId`. */
export function codingsOfCode(layer: Y.Doc, codeId: string): string[] {
  const ids: string[] = [];
  codingsMap(layer).forEach((value, id) => {
    if (isStoredCoding(value) && value.codeId === codeId) ids.push(id);
  });
  return ids;
}

/** Recodes every coding of `fromId` in a layer to `intoId`; returns their ids. `at` in ms. */
export function recodeLayer(layer: Y.Doc, fromId: string, intoId: string, at: number): string[] {
  const ids = codingsOfCode(layer, fromId);
  const codings = codingsMap(layer);
  layer.transact(() => {
    for (const id of ids) codings.set(id, { ...codings.get(id)!, codeId: intoId, updatedAt: at });
  });
  return ids;
}

/**
 * Undo of `recodeLayer` for the listed codings: only those still coded `intoId` go back to `fromId`
 * (a coding recoded or deleted since was changed on purpose and stays as it is).
 */
export function restoreLayer(layer: Y.Doc, codingIds: readonly string[], fromId: string, intoId: string, at: number): { restored: number; notRestored: number } {
  const codings = codingsMap(layer);
  let restored = 0;
  layer.transact(() => {
    for (const id of codingIds) {
      const value = codings.get(id);
      if (!isStoredCoding(value) || value.codeId !== intoId) continue;
      codings.set(id, { ...value, codeId: fromId, updatedAt: at });
      restored++;
    }
  });
  return { restored, notRestored: codingIds.length - restored };
}

/** Sets a field of a code, if it exists and the value differs (the history derives the change). */
function setField(codebook: Y.Doc, codeId: string, field: string, after: unknown): void {
  const map = codesMap(codebook).get(codeId);
  if (!(map instanceof Y.Map)) return;
  if (JSON.stringify(map.get(field) ?? null) === JSON.stringify(after)) return;
  map.set(field, after);
}

/**
 * The codebook half of a merge, in one transaction: `from`'s children move under `into` (after
 * its own children) and `from` is removed; the service states the merge in the history. Call after the layers were
 * recoded, with what `recodeLayer` returned; returns the record for the caller to keep.
 */
export function mergeInCodebook(
  codebook: Y.Doc,
  input: { mergeId: string; fromId: string; intoId: string; recoded: readonly RecodedCoding[]; by: string; at: string },
): MergeRecord {
  const { from, into } = checkMerge(codebook, input.fromId, input.intoId);
  const codes = readCodes(codebook);
  const children = codes.filter((c) => c.parentId === from.id).sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  const nextOrder = Math.max(0, ...codes.filter((c) => c.parentId === into.id).map((c) => c.order)) + 1;
  const record: MergeRecord = {
    mergeId: input.mergeId,
    from,
    into: into.id,
    children: children.map((c) => ({ codeId: c.id, order: c.order })),
    recoded: input.recoded,
    by: input.by,
    at: input.at,
  };
  codebook.transact(() => {
    children.forEach((child, i) => {
      setField(codebook, child.id, 'parentId', into.id);
      setField(codebook, child.id, 'order', nextOrder + i);
    });
    codesMap(codebook).delete(from.id);
    codebook.getMap(legacyMergesKey).clear();
  });
  return record;
}

/**
 * The codebook half of an undo, in one transaction: puts the merged code back as it was and moves
 * back the children still under `into`. The caller then restores `record.recoded` with
 * `restoreLayer` and marks the record undone.
 */
export function undoMergeInCodebook(codebook: Y.Doc, record: MergeRecord): void {
  if (codesMap(codebook).has(record.from.id)) throw new CodeMergeError(CodeMergeFailure.codeExists, `The code ${record.from.id} exists again`);
  const current = new Map(readCodes(codebook).map((c) => [c.id, c]));
  codebook.transact(() => {
    addCode(codebook, record.from);
    for (const child of record.children) {
      // A child moved elsewhere (or deleted) since the merge was moved on purpose: leave it.
      if (current.get(child.codeId)?.parentId !== record.into) continue;
      setField(codebook, child.codeId, 'parentId', record.from.id);
      setField(codebook, child.codeId, 'order', child.order);
    }
  });
}

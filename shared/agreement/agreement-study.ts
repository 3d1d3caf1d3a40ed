import { AgreementError } from './agreement-error.ts';
import { mergeOverlapping, type ValuedUnit } from './continuum.ts';

/**
 * A transcript (or any text) of `length` characters. `coderIds`, when given, are the coders who
 * coded it (its assigned coders): every other coder is missing in it, not "coded nothing" (SPEC KA33).
 */
export type StudyDocument = { readonly id: string; readonly length: number; readonly coderIds?: readonly string[] | undefined };
export type StudyCoder = { readonly id: string; readonly name?: string | undefined };
/** A code of the codebook; `domain` groups codes into an ATLAS.ti-style semantic domain. */
export type StudyCode = { readonly id: string; readonly name?: string | undefined; readonly domain?: string | null | undefined };
/** One coder applying one code to [start, end) of one document. Codings may overlap (QDA data). */
export type StudyCoding = {
  readonly documentId: string;
  readonly coderId: string;
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
};

/** Plain data of a coding study: what the live dashboard, the exports and the CLI hand to the report. */
export type AgreementStudy = {
  readonly documents: readonly StudyDocument[];
  readonly coders: readonly StudyCoder[];
  readonly codes: readonly StudyCode[];
  readonly codings: readonly StudyCoding[];
};

/** Which coders, documents and codes a report covers (all, in study order, when omitted). */
export type StudySelection = {
  readonly coderIds?: readonly string[] | undefined;
  readonly documentIds?: readonly string[] | undefined;
  readonly codeIds?: readonly string[] | undefined;
};

/**
 * A validated, indexed study restricted to a selection. Built once per report so that every
 * measure reads the same per-code structures (SPEC KA25).
 */
export type StudyIndex = {
  readonly coderIds: readonly string[];
  readonly documents: readonly StudyDocument[];
  readonly codes: readonly StudyCode[];
  /** `segments[d][k][c]`: coder c's codings of code k in document d, sorted, as given. */
  readonly segments: readonly (readonly (readonly (readonly ValuedUnit[])[])[])[];
  /** `units[d][k][c]`: the same with overlapping codings merged (touching ones kept apart). */
  readonly units: readonly (readonly (readonly (readonly ValuedUnit[])[])[])[];
  /** `absent[d]`: bit c set when selected coder c did not code document d (its `coderIds` leave them out). */
  readonly absent: readonly number[];
};

/** Most coders a report handles: coder sets are bit masks (SPEC KA25). */
export const maxReportCoders = 30;

function selectIds<T extends { readonly id: string }>(all: readonly T[], wanted: readonly string[] | undefined, what: string): T[] {
  const byId = new Map<string, T>();
  for (const item of all) {
    if (typeof item?.id !== 'string') throw new AgreementError('invalidInput', `every ${what} needs a string id`);
    if (byId.has(item.id)) throw new AgreementError('invalidInput', `duplicate ${what} id "${item.id}"`);
    byId.set(item.id, item);
  }
  if (wanted === undefined) return [...all];
  return wanted.map((id) => {
    const item = byId.get(id);
    if (item === undefined) throw new AgreementError('invalidInput', `selected ${what} "${id}" is not in the study`);
    return item;
  });
}

/**
 * Validates a study and indexes the selected part of it.
 *
 * @example
 * const index = indexStudy(study, { coderIds: ['ana', 'ben'] });
 * index.units[0][0][1] // ben's merged codings of the first code in the first document
 */
export function indexStudy(study: AgreementStudy, selection: StudySelection = {}): StudyIndex {
  if (study === null || typeof study !== 'object') throw new AgreementError('invalidInput', 'a study must be an object');
  for (const key of ['documents', 'coders', 'codes', 'codings'] as const) {
    if (!Array.isArray(study[key])) throw new AgreementError('invalidInput', `a study needs a "${key}" array`);
  }
  const allCoders = selectIds(study.coders, undefined, 'coder');
  const allDocuments = selectIds(study.documents, undefined, 'document');
  const allCodes = selectIds(study.codes, undefined, 'code');
  const coders = selectIds(allCoders, selection.coderIds, 'coder');
  const documents = selectIds(allDocuments, selection.documentIds, 'document');
  const codes = selectIds(allCodes, selection.codeIds, 'code');
  if (coders.length > maxReportCoders) {
    throw new AgreementError('invalidInput', `a report compares at most ${maxReportCoders} coders, ${coders.length} were selected`);
  }
  for (const d of documents) {
    if (!Number.isInteger(d.length) || d.length < 0) {
      throw new AgreementError('invalidInput', `document "${d.id}" needs a non-negative integer length`);
    }
  }
  const coderSlot = new Map(coders.map((c, i) => [c.id, i]));
  const absent = documents.map((d) => {
    if (d.coderIds === undefined) return 0;
    if (!Array.isArray(d.coderIds)) throw new AgreementError('invalidInput', `document "${d.id}" has "coderIds" that is not an array`);
    const present = new Set<string>();
    for (const id of d.coderIds) {
      if (typeof id !== 'string' || !allCoders.some((c) => c.id === id)) throw new AgreementError('invalidInput', `document "${d.id}" names unknown coder ${JSON.stringify(id)} in "coderIds"`);
      present.add(id);
    }
    let mask = 0;
    coders.forEach((c, i) => {
      if (!present.has(c.id)) mask |= 1 << i;
    });
    return mask;
  });
  const documentSlot = new Map(documents.map((d, i) => [d.id, i]));
  const codeSlot = new Map(codes.map((k, i) => [k.id, i]));
  const knownCoders = new Set(allCoders.map((c) => c.id));
  const knownDocuments = new Map(allDocuments.map((d) => [d.id, d]));
  const knownCodes = new Set(allCodes.map((k) => k.id));
  const segments: ValuedUnit[][][][] = documents.map(() => codes.map(() => coders.map(() => [])));
  for (const coding of study.codings) {
    const { documentId, coderId, codeId, start, end } = coding ?? ({} as StudyCoding);
    const document = knownDocuments.get(documentId);
    if (document === undefined) throw new AgreementError('invalidInput', `a coding refers to unknown document "${documentId}"`);
    if (!knownCoders.has(coderId)) throw new AgreementError('invalidInput', `a coding refers to unknown coder "${coderId}"`);
    if (!knownCodes.has(codeId)) throw new AgreementError('invalidInput', `a coding refers to unknown code "${codeId}"`);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > document.length) {
      throw new AgreementError(
        'segmentOutOfRange',
        `coding [${String(start)}, ${String(end)}) of "${codeId}" by "${coderId}" is not within document "${documentId}" (length ${document.length})`,
      );
    }
    const d = documentSlot.get(documentId);
    const k = codeSlot.get(codeId);
    const c = coderSlot.get(coderId);
    // A coder missing in a document has no codings there: theirs are not compared (SPEC KA33).
    if (d === undefined || k === undefined || c === undefined || end === start || ((absent[d] as number) & (1 << c)) !== 0) continue;
    (segments[d]?.[k]?.[c] as ValuedUnit[]).push({ start, end, value: k });
  }
  for (const byCode of segments) {
    for (const byCoder of byCode) for (const list of byCoder) list.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  const units = segments.map((byCode) => byCode.map((byCoder, k) => byCoder.map((list) => mergeOverlapping(list, k))));
  return { coderIds: coders.map((c) => c.id), documents, codes, segments, units, absent };
}

import { studyReliabilityData, type AgreementStudy, type ReliabilityData, type ReportUnit, type StudyCoding } from '../agreement/index.ts';
import { pairKey, type UnitCounts } from './agreement-snapshot.ts';

/** Units of reliability data that two or more coders coded: what the coefficients compare (SPEC KA4). */
function pairableUnits(data: ReliabilityData): number {
  let n = 0;
  for (let u = 0; u < data.unitCount; u++) {
    let values = 0;
    for (let c = 0; c < data.coderCount; c++) if ((data.values[u * data.coderCount + c] as number) >= 0) values++;
    if (values >= 2) n += data.weights ? (data.weights[u] as number) : 1;
  }
  return n;
}

export type UnitCountOptions = {
  readonly unit: ReportUnit;
  readonly excludeUncoded: boolean;
  readonly coderIds?: readonly string[] | undefined;
  readonly documentIds?: readonly string[] | undefined;
  readonly codeIds?: readonly string[] | undefined;
  /** Also count code × document cells (one small computation per cell). Default true. */
  readonly cells?: boolean;
};

function groupBy<K>(codings: readonly StudyCoding[], key: (c: StudyCoding) => K): Map<K, StudyCoding[]> {
  const out = new Map<K, StudyCoding[]>();
  for (const c of codings) {
    const k = key(c);
    const list = out.get(k);
    if (list) list.push(c);
    else out.set(k, [c]);
  }
  return out;
}

/**
 * How many units each report section compared, from the same reliability data the report and
 * the bootstrap use (so it counts exactly what alpha saw): characters (× codes when pooled),
 * transcript units, segment groups or documents, after `excludeUncoded` (SPEC KA27–KA30).
 * Each section is computed on just its own codings, so the cost grows with the codings, not with
 * sections × codings.
 *
 * @example
 * sectionUnitCounts(study, { unit: { kind: 'document' }, excludeUncoded: false }).overall // documents × codes
 */
export function sectionUnitCounts(study: AgreementStudy, options: UnitCountOptions): UnitCounts {
  const coderIds = options.coderIds ?? study.coders.map((c) => c.id);
  const documentIds = options.documentIds ?? study.documents.map((d) => d.id);
  const codeIds = options.codeIds ?? study.codes.map((c) => c.id);
  const base = { unit: options.unit, excludeUncoded: options.excludeUncoded };
  const count = (codings: readonly StudyCoding[], selection: { coderIds?: readonly string[]; documentIds: readonly string[]; codeIds: readonly string[] }): number => {
    // The study keeps every document and code (selection validates against them) but only the codings that matter.
    return pairableUnits(studyReliabilityData({ ...study, codings }, { ...base, coderIds: selection.coderIds ?? coderIds, documentIds: selection.documentIds, codeIds: selection.codeIds }));
  };
  const selectedDocuments = new Set(documentIds);
  const selectedCodes = new Set(codeIds);
  const selectedCoders = new Set(coderIds);
  const codings = study.codings.filter((c) => selectedDocuments.has(c.documentId) && selectedCodes.has(c.codeId) && selectedCoders.has(c.coderId));
  const byCode = groupBy(codings, (c) => c.codeId);
  const byDocument = groupBy(codings, (c) => c.documentId);
  const byCell = groupBy(codings, (c) => pairKey(c.codeId, c.documentId));
  const perCode: Record<string, number> = {};
  for (const k of codeIds) perCode[k] = count(byCode.get(k) ?? [], { documentIds, codeIds: [k] });
  const perDocument: Record<string, number> = {};
  for (const d of documentIds) perDocument[d] = count(byDocument.get(d) ?? [], { documentIds: [d], codeIds });
  const perCodeDocument: Record<string, number> = {};
  if (options.cells !== false) {
    for (const k of codeIds) for (const d of documentIds) perCodeDocument[pairKey(k, d)] = count(byCell.get(pairKey(k, d)) ?? [], { documentIds: [d], codeIds: [k] });
  }
  const perCoderPair: Record<string, number> = {};
  for (let a = 0; a < coderIds.length; a++) {
    for (let b = a + 1; b < coderIds.length; b++) {
      const pair = [coderIds[a] as string, coderIds[b] as string];
      perCoderPair[pairKey(pair[0] as string, pair[1] as string)] = count(codings.filter((c) => pair.includes(c.coderId)), { coderIds: pair, documentIds, codeIds });
    }
  }
  return { overall: count(codings, { documentIds, codeIds }), perCode, perDocument, perCodeDocument, perCoderPair };
}

import type { DirectoryStore, RoundRecord } from '../persistence/directory-store.ts';
import { layerSourcesOf } from '../rounds/layer-sources.ts';
import { consensusCoderId, type ProjectExtracts, type ResolvedLayer } from './project-extracts.ts';
import type { StudyTable } from './study-table.ts';
import { TimeSlice } from './time-slice.ts';

/**
 * Reads a project's documents, codebook and every coder's layers into the study the agreement
 * report takes, as a `StudyTable` for the worker; a revealed round's documents as submitted, and
 * with `round`, only that round's documents.
 *
 * A document with assigned coders is compared among them: every other coder is missing there (SPEC
 * KA33) and their codings in it are counted as unassigned, not compared. A document without
 * assignments is compared among every coder of the study. Coders are the members (not viewers) with
 * at least one compared coding — an owner who only administers, a coder who has not started, or
 * someone who coded two passages of a document nobody assigned them would otherwise count as
 * "coded nothing" everywhere. A coder who has not coded a document they are compared on counts as
 * coding nothing in it (`coverage` says how often). Codings of codes since deleted from the
 * codebook are not compared; codings whose text was deleted are counted as orphaned, not compared.
 *
 * Rooms come from `extracts` (cached per room, read cold one at a time with the event loop served
 * in between), so this costs a few map lookups per document once the project has been read.
 */
export async function readProjectStudy(directory: DirectoryStore, extracts: ProjectExtracts, projectId: string, options: { withConsensus?: boolean; round?: RoundRecord } = {}): Promise<StudyTable> {
  const [allDocuments, members, assignments] = await Promise.all([directory.listDocuments(projectId), directory.listMembers(projectId), directory.listAssignments(projectId)]);
  extracts.retainDocuments(projectId, allDocuments.map((d) => d.id));
  // One round's study: its documents only, as that round's submissions have them.
  const documents = options.round ? allDocuments.filter((d) => options.round!.documentIds.includes(d.id)) : allDocuments;
  // Against the consensus: the consensus layer joins as one more coder, so each coder's pair with it is in the report.
  const coders: { userId: string; name: string }[] = [...members.filter((m) => m.role !== 'viewer'), ...(options.withConsensus ? [{ userId: consensusCoderId, name: 'Consensus' }] : [])];
  const userIds = coders.map((c) => c.userId);
  const codes = await extracts.codes(projectId);
  const codeIndex = new Map(codes.map((c, i) => [c.id, i]));
  // Between documents, and within the passes below, the event loop is served every few ms.
  const slice = new TimeSlice();
  const perDocument: { readonly length: number; readonly units: Int32Array; readonly layers: readonly ResolvedLayer[] }[] = [];
  for (const document of documents) {
    // A revealed round's documents are compared on its submitted snapshots (layer-sources.ts).
    const { sources } = await layerSourcesOf(directory, projectId, document.id, userIds, options.round);
    const { text, layers } = await extracts.document(projectId, document.id, sources, slice);
    perDocument.push({ length: text.length, units: text.units, layers });
    await slice.yieldIfDue();
  }

  // Who is compared on each document: its assigned coders (and the consensus), or everyone.
  const comparedOn = documents.map((d) => {
    const assigned = assignments[d.id];
    if (!assigned || assigned.length === 0) return null;
    const ids = new Set<string>([...assigned, ...(options.withConsensus ? [consensusCoderId] : [])]);
    return coders.map((c) => ids.has(c.userId));
  });
  const counts = (d: number, c: number): boolean => comparedOn[d]?.[c] ?? true;

  // First pass: who coded anything where they are compared (orphaned codings included), how many codings are compared.
  const active = new Array<boolean>(coders.length).fill(false);
  let orphanedCodings = 0;
  let unassignedCodings = 0;
  let compared = 0;
  let unitPairs = 0;
  for (const [d, { units, layers }] of perDocument.entries()) {
    await slice.yieldIfDue();
    unitPairs += units.length / 2;
    layers.forEach((layer, c) => {
      if (!counts(d, c)) {
        unassignedCodings += layer.code.length;
        return;
      }
      if (layer.code.length > 0) active[c] = true;
      const known = layer.codeIds.map((id) => codeIndex.has(id));
      for (let i = 0; i < layer.code.length; i++) {
        if (layer.start[i]! < 0) orphanedCodings++;
        else if (known[layer.code[i]!]) compared++;
      }
    });
  }
  const coderIndex = new Int32Array(coders.length).fill(-1);
  const studyCoders: { id: string; name?: string | undefined }[] = [];
  coders.forEach((c, i) => {
    if (active[i]) coderIndex[i] = studyCoders.push({ id: c.userId, name: c.name }) - 1;
  });

  // Second pass: the columns, in document, coder and layer order (the order the report always saw).
  const columns = { document: new Int32Array(compared), coder: new Int32Array(compared), code: new Int32Array(compared), start: new Int32Array(compared), end: new Int32Array(compared) };
  const unitOffsets = new Int32Array(documents.length + 1);
  const unitBounds = new Int32Array(unitPairs * 2);
  let n = 0;
  let unitPair = 0;
  for (const [d, { units, layers }] of perDocument.entries()) {
    await slice.yieldIfDue();
    unitOffsets[d] = unitPair;
    unitBounds.set(units, unitPair * 2);
    unitPair += units.length / 2;
    layers.forEach((layer, c) => {
      if (!counts(d, c)) return;
      const global = layer.codeIds.map((id) => codeIndex.get(id) ?? -1);
      for (let i = 0; i < layer.code.length; i++) {
        const k = global[layer.code[i]!]!;
        if (layer.start[i]! < 0 || k < 0) continue;
        columns.document[n] = d;
        columns.coder[n] = coderIndex[c]!;
        columns.code[n] = k;
        columns.start[n] = layer.start[i]!;
        columns.end[n] = layer.end[i]!;
        n++;
      }
    });
  }
  unitOffsets[documents.length] = unitPair;
  // How many documents each coder is compared on, and in how many of those they coded anything.
  const coverage = coders.flatMap((coder, c) => {
    if (!active[c]) return [];
    let comparedDocuments = 0;
    let codedDocuments = 0;
    perDocument.forEach(({ layers }, d) => {
      if (!counts(d, c)) return;
      comparedDocuments++;
      if ((layers[c]?.code.length ?? 0) > 0) codedDocuments++;
    });
    return [{ coderId: coder.userId, comparedDocuments, codedDocuments }];
  });
  return {
    documents: documents.map((d, i) => {
      const on = comparedOn[i];
      return on ? { id: d.id, length: perDocument[i]!.length, coderIds: coders.flatMap((c, k) => (on[k] && active[k] ? [c.userId] : [])) } : { id: d.id, length: perDocument[i]!.length };
    }),
    coders: studyCoders,
    codes,
    codings: columns,
    unitOffsets,
    unitBounds,
    orphanedCodings,
    unassignedCodings,
    coverage,
  };
}

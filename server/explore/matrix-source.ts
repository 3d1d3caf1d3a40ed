import { documentCodingMode } from '../../shared/model/round.ts';
import { describeMatrix } from '../../shared/explore/matrix-caption.ts';
import type { MatrixQuery } from '../../shared/explore/matrix-query.ts';
import { MatrixAccumulator, type MatrixDocument, type MatrixResponse, type MatrixSegment } from '../../shared/explore/matrix.ts';
import type { UnitSpan } from '../../shared/explore/cooccurrence.ts';
import { consensusCoderId, projectExtractsOf } from '../agreement/project-extracts.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import type { ProjectAccess } from '../http/project-access.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { readVisibleSegmentsAs } from './visible-segments.ts';

/** Most cells one matrix may have (codes × columns): beyond it a table is no longer readable, and its body grows past a few MiB. */
export const maxMatrixCells = 400_000;

export class MatrixTooLargeError extends Error {
  constructor(readonly cells: number) {
    super(`This matrix would have ${cells.toLocaleString('en')} cells; at most ${maxMatrixCells.toLocaleString('en')}. Group documents by an attribute instead.`);
    this.name = 'MatrixTooLargeError';
  }
}

/**
 * A project's code matrix as `access` may see it. The codings come from `readVisibleSegmentsAs`
 * (the rooms' visibility: in a document that is blind now, a coder sees only their own layer and a
 * viewer none). The consensus is left out unless asked for by `userId=consensus`. Computed one
 * document at a time, the event loop served in between (`TimeSlice`), so a large project never
 * holds it for long.
 */
export async function readProjectMatrix(deps: { directory: DirectoryStore; registry: DocumentRegistry }, access: ProjectAccess, query: MatrixQuery): Promise<MatrixResponse> {
  const { directory, registry } = deps;
  const project = access.project;
  const visible = await readVisibleSegmentsAs(deps, access);
  const members = await directory.listMembers(project.id);
  const self = access.actor.kind === 'member' ? access.actor.userId : null;

  // Documents blind now for this reader: only their own codings count there (a viewer's: none).
  const restricted = new Set<string>();
  if (access.role !== 'owner') {
    for (const document of visible.documents) {
      if (documentCodingMode(project.codingMode, await readDocumentRound(directory, project.id, document.id)) === 'blind') restricted.add(document.id);
    }
  }
  // The reader above already applies the rooms' rule; this repeats its blind narrowing, so a
  // change there can never widen what the matrix counts.
  const seen = visible.segments.filter((s) => !restricted.has(s.documentId) || (access.role === 'coder' && s.userId === self));
  const seesOthers = access.role === 'owner' || restricted.size < visible.documents.length;

  // Coders to offer and to show as columns: the coders, and anyone else with codings one can see.
  const withCodings = new Set(seen.map((s) => s.userId));
  const names = new Map(visible.coders.map((c) => [c.id, c.name]));
  const coders = members
    .filter((m) => withCodings.has(m.userId) || (m.role === 'coder' && (seesOthers || m.userId === self)))
    .map((m) => ({ id: m.userId, name: m.name }));
  for (const id of withCodings) if (id !== consensusCoderId && !coders.some((c) => c.id === id)) coders.push({ id, name: names.get(id) ?? 'Former member' });
  const offered = seesOthers ? [...coders, { id: consensusCoderId, name: 'Consensus' }] : coders;

  const wantsConsensus = query.userId === consensusCoderId;
  const segments = seen.filter((s) => (s.userId === consensusCoderId) === wantsConsensus);
  const withSegments = new Set(segments.map((s) => s.documentId));
  const extracts = projectExtractsOf(registry);
  const slice = new TimeSlice();
  const documents: MatrixDocument[] = [];
  for (const d of visible.documents) {
    // Spans are resolved against the current transcript, whose length is what clips them.
    const length = withSegments.has(d.id) ? (await extracts.document(project.id, d.id, [], slice)).text.length : 0;
    documents.push({ id: d.id, name: d.name, length, attributes: d.attributes });
  }

  const accumulator = new MatrixAccumulator(
    { codes: visible.codes, documents, coders: wantsConsensus ? offered : coders, attributeFields: project.attributeFields, segments },
    query,
  );
  const cells = accumulator.rows.length * accumulator.cols.length;
  if (cells > maxMatrixCells) throw new MatrixTooLargeError(cells);
  const unitMode = query.cols.kind === 'codes' && query.cooccurrence === 'unit';
  const byDocument = new Map<string, MatrixSegment[]>();
  for (const s of segments) {
    const list = byDocument.get(s.documentId) ?? [];
    list.push(s);
    byDocument.set(s.documentId, list);
  }
  for (const [documentId, list] of byDocument) {
    let units: UnitSpan[] = [];
    if (unitMode) {
      units = (await visible.unitsOf(documentId)).map(([start, end]) => ({ start, end }));
      // A transcript without units is one unit, as retrieval's `cooccurrence=unit` reads it.
      if (units.length === 0) units = [{ start: 0, end: documents.find((d) => d.id === documentId)!.length }];
    }
    accumulator.addDocument(documentId, list, units);
    await slice.yieldIfDue();
  }

  const matrix = accumulator.result();
  const field = query.cols.kind === 'attribute' ? project.attributeFields.find((f) => f.key === (query.cols as { field: string }).field) : undefined;
  const caption = describeMatrix(query, {
    coders: coders.length,
    coderName: query.userId === null ? null : (offered.find((c) => c.id === query.userId)?.name ?? null),
    attributeLabel: field?.label ?? null,
    ownOnlyDocuments: access.role === 'coder' ? restricted.size : 0,
    hiddenDocuments: access.role === 'viewer' ? restricted.size : 0,
  });
  return { ...matrix, caption, coders: offered, attributes: project.attributeFields.map((f) => ({ key: f.key, label: f.label })) };
}

import type { LociResponse, LocusView } from '../../shared/api/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { computeLoci, type LociInput, type Locus, type LocusCoding } from '../../shared/reconcile/index.ts';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { projectExtractsOf } from '../agreement/project-extracts.ts';
import type { DecisionRecord, DirectoryStore, LocusCommentRecord } from '../persistence/directory-store.ts';
import { layerSourcesOf } from '../rounds/layer-sources.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

/** A document as reconciliation sees it: the loci of its coders' layers, and what decisions need. */
export interface DocumentLoci {
  readonly input: LociInput;
  readonly loci: readonly Locus[];
  readonly textLength: number;
}

/**
 * The disagreement loci of one document. Once its round has been revealed, they are computed on
 * the coders' submitted snapshots, and the coders compared are those who submitted. Otherwise on
 * the live layers, comparing the members with the coder role — one of them who coded nothing in
 * a passage omitted it — and anyone else (an owner) who has codings in the document. Until
 * documents have assigned coders (issue 11), that is who counts as assigned.
 */
export async function readDocumentLoci(directory: DirectoryStore, registry: DocumentRegistry, projectId: string, documentId: string): Promise<DocumentLoci> {
  const members = (await directory.listMembers(projectId)).filter((m) => m.role !== 'viewer');
  const codes = await registry.read(formatRoomName({ kind: 'project', projectId }), readCodes);
  const { sources, submitted } = await layerSourcesOf(directory, projectId, documentId, members.map((m) => m.userId));
  // The same per-room extracts agreement reads: resolved once per stored change of a room.
  const document = await projectExtractsOf(registry).document(projectId, documentId, sources);
  const codings: LocusCoding[] = [];
  members.forEach((member, i) => {
    const layer = document.layers[i]!;
    for (let k = 0; k < layer.code.length; k++) {
      if (layer.start[k]! < 0) continue; // orphaned: its text is gone
      codings.push({ id: layer.codingIds[k]!, coderId: member.userId, codeId: layer.codeIds[layer.code[k]!]!, start: layer.start[k]!, end: layer.end[k]! });
    }
  });
  const coding = new Set(codings.map((c) => c.coderId));
  const coderIds = members.filter((m) => (submitted ? submitted.has(m.userId) : m.role === 'coder' || coding.has(m.userId))).map((m) => m.userId);
  const input: LociInput = { documentId, coderIds, codes, codings };
  return { input, loci: computeLoci(input), textLength: document.text.length };
}

/** Where a locus stands, from its current decision (SPEC RC10). */
function statusOf(decision: DecisionRecord | undefined): LocusView['status'] {
  if (!decision) return 'open';
  if (decision.action === 'defer') return 'deferred';
  const dissent = (decision.strategy as { dissent?: unknown[] } | null)?.dissent;
  return decision.action === 'auto' ? (Array.isArray(dissent) && dissent.length > 0 ? 'autoResolvedWithDissent' : 'autoResolved') : 'resolved';
}

/** The API's view of a document's loci, each with its current decision and how many comments discuss it. */
export function lociView(document: DocumentLoci, current: readonly DecisionRecord[], comments: readonly LocusCommentRecord[] = []): LociResponse {
  const byLocus = new Map(current.map((d) => [d.locusId, d]));
  const commentCounts = new Map<string, number>();
  for (const c of comments) commentCounts.set(c.locusId, (commentCounts.get(c.locusId) ?? 0) + 1);
  return {
    coderIds: document.input.coderIds,
    loci: document.loci.map((l) => ({
      id: l.id,
      type: l.type,
      flags: l.flags,
      domainId: l.domainId,
      codeIds: l.codeIds,
      start: l.start,
      end: l.end,
      versions: l.versions.map((v) => ({ userId: v.coderId, codingId: v.codingId, codeId: v.codeId, appliedCodeId: v.appliedCodeId, start: v.start, end: v.end })),
      missingUserIds: l.missingCoderIds,
      status: statusOf(byLocus.get(l.id)),
      decisionId: byLocus.get(l.id)?.id ?? null,
      commentCount: commentCounts.get(l.id) ?? 0,
    })),
  };
}

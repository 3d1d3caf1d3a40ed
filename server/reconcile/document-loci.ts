import type { LociResponse } from '../../shared/api/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { computeLoci, type LocusCoding } from '../../shared/reconcile/index.ts';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { readCodings } from '../../shared/ydoc/layer-doc.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

/**
 * The disagreement loci of one document, from the coders' live layers (rounds with submitted
 * snapshots come later). Compared are the members with the coder role — one of them who coded
 * nothing in a passage omitted it — and anyone else (an owner) who has codings in the document.
 * Until documents have assigned coders (issue 11), that is who counts as assigned.
 */
export async function readDocumentLoci(directory: DirectoryStore, registry: DocumentRegistry, projectId: string, documentId: string): Promise<LociResponse> {
  const members = (await directory.listMembers(projectId)).filter((m) => m.role !== 'viewer');
  const codes = await registry.read(formatRoomName({ kind: 'project', projectId }), readCodes);
  const transcript = await registry.snapshot(formatRoomName({ kind: 'text', projectId, documentId }));
  const codings: LocusCoding[] = [];
  try {
    for (const member of members) {
      const resolved = await registry.read(formatRoomName({ kind: 'layer', projectId, documentId, userId: member.userId }), (layer) => readCodings(layer, transcript, member.userId));
      for (const c of resolved) if (!c.orphaned && c.start !== null && c.end !== null) codings.push({ id: c.id, coderId: member.userId, codeId: c.codeId, start: c.start, end: c.end });
    }
  } finally {
    transcript.destroy();
  }
  const coding = new Set(codings.map((c) => c.coderId));
  const coderIds = members.filter((m) => m.role === 'coder' || coding.has(m.userId)).map((m) => m.userId);
  const loci = computeLoci({ documentId, coderIds, codes, codings });
  return {
    coderIds,
    loci: loci.map((l) => ({
      id: l.id,
      type: l.type,
      flags: l.flags,
      domainId: l.domainId,
      codeIds: l.codeIds,
      start: l.start,
      end: l.end,
      versions: l.versions.map((v) => ({ userId: v.coderId, codingId: v.codingId, codeId: v.codeId, start: v.start, end: v.end })),
      missingUserIds: l.missingCoderIds,
      status: 'open',
      decisionId: null,
    })),
  };
}

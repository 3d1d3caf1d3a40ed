import { documentCodingMode } from '../../shared/model/round.ts';
import { stageSetOfCodebook } from '../../shared/pathways/codebook-stage-set.ts';
import type { PathwayInput } from '../../shared/pathways/pathway-input.ts';
import type { HeldCoding } from '../../shared/pathways/pathway-loci.ts';
import type { CodedSegment, Id } from '../../shared/pathways/types.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { readTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import { consensusCoderId, projectExtractsOf, type ResolvedLayer } from '../agreement/project-extracts.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import type { ProjectAccess } from '../http/project-access.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import { layerSourcesOf } from '../rounds/layer-sources.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

/** What a project's pathways are built from, as `access` may see it, minus the request. */
export type ProjectPathwaySource = Omit<PathwayInput, 'request'> & {
  /** Documents (participants) by id: their names label the quotes and the lanes. */
  readonly documents: readonly { readonly id: Id; readonly name: string }[];
  /** Coders by id, for names; the consensus is `consensus`. */
  readonly coders: readonly { readonly id: Id; readonly name: string }[];
  /** Per document, what the consensus holds for each decided locus: no longer open, and held so while others are weighed. */
  readonly held: Record<Id, Record<Id, readonly HeldCoding[]>>;
};

/**
 * Gathers a project's stage segments as `access` may see them (spec §2.2): one transcript per
 * document, and the document is its participant's episode; the coders' layers (each round's
 * submissions once revealed, as agreement and loci read them) and the consensus. A coder or viewer
 * sees, in a document that is blind now, only their own layer — never the others' or the
 * consensus. Who is assigned to a document: the members the owners assigned to it, if any; else
 * the coders who submitted (a revealed round), else the members with the coder role and anyone
 * else with codings there, as the loci count them.
 * Reads go through the shared per-room extracts, yielding to the event loop between rooms.
 */
export async function readProjectPathwaySource(directory: DirectoryStore, registry: DocumentRegistry, access: ProjectAccess): Promise<ProjectPathwaySource> {
  const projectId = access.project.id;
  const viewerId = access.actor.kind === 'member' ? access.actor.userId : null;
  const members = (await directory.listMembers(projectId)).filter((m) => m.role !== 'viewer');
  const codes = await registry.read(formatRoomName({ kind: 'project', projectId }), readCodes);
  const { stageSet, parents } = stageSetOfCodebook(codes);
  const documents = await directory.listDocuments(projectId);
  const assigned = await directory.listAssignments(projectId);
  const extracts = projectExtractsOf(registry);
  const slice = new TimeSlice();
  const segments: CodedSegment[] = [];
  const assignments: Record<Id, readonly Id[]> = {};
  const texts: Record<Id, string> = {};
  const held: Record<Id, Record<Id, readonly HeldCoding[]>> = {};
  for (const document of documents) {
    const blind = access.role !== 'owner' && documentCodingMode(access.project.codingMode, await readDocumentRound(directory, projectId, document.id)) === 'blind';
    const visible = blind ? members.filter((m) => m.userId === viewerId) : members;
    const { sources, submitted } = await layerSourcesOf(directory, projectId, document.id, [...visible.map((m) => m.userId), ...(blind ? [] : [consensusCoderId])]);
    const extract = await extracts.document(projectId, document.id, sources, slice);
    const layerOf = (i: number): ResolvedLayer => extract.layers[i]!;
    const coding = new Set<Id>();
    visible.forEach((member, i) => {
      const added = pushSegments(segments, layerOf(i), document.id, { kind: 'coder', coderId: member.userId });
      if (added > 0) coding.add(member.userId);
    });
    if (!blind) {
      pushSegments(segments, layerOf(visible.length), document.id, { kind: 'consensus' });
      // A deferred decision writes nothing: its locus is still open.
      const decided = (await directory.listDecisions(projectId, document.id, { current: true })).filter((d) => d.result !== null);
      if (decided.length > 0) held[document.id] = Object.fromEntries(decided.map((d) => [d.locusId, d.result!.map(({ codeId, start, end }) => ({ codeId, start, end }))]));
    }
    // The owners' assignment when the document has one (as much of it as the reader may see), else as the loci count coders.
    const stored = assigned[document.id];
    assignments[document.id] = visible.filter((m) => (stored ? stored.includes(m.userId) : submitted ? submitted.has(m.userId) : m.role === 'coder' || coding.has(m.userId))).map((m) => m.userId);
    texts[document.id] = await registry.read(formatRoomName({ kind: 'text', projectId, documentId: document.id }), readTranscriptText);
    await slice.yieldIfDue();
  }
  return {
    stageSet,
    parents,
    segments,
    assignments,
    texts,
    documents: documents.map((d) => ({ id: d.id, name: d.name })),
    coders: [...members.map((m) => ({ id: m.userId, name: m.name })), { id: consensusCoderId, name: 'Consensus' }],
    held,
  };
}

/** Adds a resolved layer's codings as segments (orphaned ones marked, so pathways can count them); returns how many. */
function pushSegments(out: CodedSegment[], layer: ResolvedLayer, documentId: Id, owner: CodedSegment['layer']): number {
  for (let k = 0; k < layer.code.length; k++) {
    const orphaned = layer.start[k]! < 0;
    out.push({
      id: layer.codingIds[k]!,
      transcriptId: documentId,
      participantId: documentId,
      layer: owner,
      codeId: layer.codeIds[layer.code[k]!]!,
      start: orphaned ? 0 : layer.start[k]!,
      end: orphaned ? 0 : layer.end[k]!,
      ...(orphaned && { status: 'orphaned' as const }),
    });
  }
  return layer.code.length;
}

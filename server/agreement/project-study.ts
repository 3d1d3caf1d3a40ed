import * as Y from 'yjs';
import type { AgreementStudy, StudyCoding } from '../../shared/agreement/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { readCodings } from '../../shared/ydoc/layer-doc.ts';
import { readTranscriptText, readTranscriptUnits } from '../../shared/ydoc/transcript-doc.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

export interface ProjectStudy {
  readonly study: AgreementStudy;
  /** Transcript units per document, for the "transcript unit" choice. */
  readonly unitRanges: Record<string, [number, number][]>;
  /** Codings whose text was deleted: not compared, but counted so the dashboard can say so. */
  readonly orphanedCodings: number;
}

/**
 * Reads a project's documents, codebook and every coder's layers into the plain study the
 * agreement report takes. Coders are the members (not viewers) with at least one coding in the
 * project — an owner who only administers, or a coder who has not started, would otherwise count
 * as "coded nothing anywhere". A coder who has not coded a document counts as coding nothing in it.
 */
export async function readProjectStudy(directory: DirectoryStore, registry: DocumentRegistry, projectId: string): Promise<ProjectStudy> {
  const [documents, members] = await Promise.all([directory.listDocuments(projectId), directory.listMembers(projectId)]);
  const coders = members.filter((m) => m.role !== 'viewer');
  const codes = await registry.read(formatRoomName({ kind: 'project', projectId }), (doc) => readCodes(doc));
  const codings: StudyCoding[] = [];
  const unitRanges: Record<string, [number, number][]> = {};
  const studyDocuments: { id: string; length: number }[] = [];
  let orphanedCodings = 0;
  const orphanCoders = new Set<string>();
  for (const document of documents) {
    // A snapshot of the transcript, so layers can be resolved after the room read has returned.
    const transcript = await registry.read(formatRoomName({ kind: 'text', projectId, documentId: document.id }), (doc) => {
      const copy = new Y.Doc({ gc: false });
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      return copy;
    });
    const length = readTranscriptText(transcript).length;
    studyDocuments.push({ id: document.id, length });
    unitRanges[document.id] = readTranscriptUnits(transcript).map((u) => [u.start, u.end]);
    for (const coder of coders) {
      const resolved = await registry.read(formatRoomName({ kind: 'layer', projectId, documentId: document.id, userId: coder.userId }), (layer) =>
        readCodings(layer, transcript, coder.userId),
      );
      for (const coding of resolved) {
        if (coding.orphaned || coding.start === null || coding.end === null) {
          orphanedCodings++;
          orphanCoders.add(coder.userId);
        }
        else codings.push({ documentId: document.id, coderId: coder.userId, codeId: coding.codeId, start: coding.start, end: coding.end });
      }
    }
    transcript.destroy();
  }
  const knownCodes = new Set(codes.map((c) => c.id));
  const active = new Set([...codings.map((c) => c.coderId), ...orphanCoders]);
  return {
    study: {
      documents: studyDocuments,
      coders: coders.filter((c) => active.has(c.userId)).map((c) => ({ id: c.userId, name: c.name })),
      codes: codes.map((c) => ({ id: c.id, name: c.name, domain: c.domain })),
      // A coding of a code since deleted from the codebook is not compared.
      codings: codings.filter((c) => knownCodes.has(c.codeId)),
    },
    unitRanges,
    orphanedCodings,
  };
}

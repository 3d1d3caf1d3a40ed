import { decideRoomAccess, type RoomActor } from '../access/room-access.ts';
import type { DocumentRoundState } from '../../shared/model/round.ts';
import { projectExtractsOf } from '../agreement/project-extracts.ts';
import type { DirectoryStore, ProjectRecord } from '../persistence/directory-store.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { codingRoomsOf } from './code-merge-service.ts';

export interface CodeUsage {
  readonly codings: number;
  readonly byCoder: Record<string, number>;
  readonly byDocument: Record<string, number>;
  /** Codings in the consensus layers (counted in `codings`, not in `byCoder`). */
  readonly consensus: number;
}

/**
 * How many codings use a code, per coder and per document, for the merge and delete dialogs.
 * Counts only the layers `actor` may read (in a blind project or round a coder sees only their own). The
 * counts per room come from the per-room extracts (cached until the room is stored again, read cold
 * one room at a time), so asking about another code costs no room reads.
 */
export async function codeUsage(directory: DirectoryStore, registry: DocumentRegistry, project: ProjectRecord, actor: RoomActor, codeId: string): Promise<CodeUsage> {
  const byCoder: Record<string, number> = {};
  const byDocument: Record<string, number> = {};
  let codings = 0;
  let consensus = 0;
  const rooms = await codingRoomsOf(directory, project.id);
  const rounds = new Map<string, DocumentRoundState | null>();
  for (const documentId of new Set(rooms.map((r) => r.documentId))) rounds.set(documentId, await readDocumentRound(directory, project.id, documentId));
  const readable = rooms.filter(({ documentId, userId }) => {
    const name = userId === null ? { kind: 'consensus' as const, projectId: project.id, documentId } : { kind: 'layer' as const, projectId: project.id, documentId, userId };
    return decideRoomAccess(name, actor, project, rounds.get(documentId) ?? null).read;
  });
  const counts = await projectExtractsOf(registry).counts(readable.map((r) => r.room));
  readable.forEach(({ documentId, userId }, i) => {
    const n = counts[i]!.codeCounts.get(codeId) ?? 0;
    if (n === 0) return;
    codings += n;
    byDocument[documentId] = (byDocument[documentId] ?? 0) + n;
    if (userId === null) consensus += n;
    else byCoder[userId] = (byCoder[userId] ?? 0) + n;
  });
  return { codings, byCoder, byDocument, consensus };
}

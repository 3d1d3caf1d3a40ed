import { decideRoomAccess } from '../access/room-access.ts';
import type { DocumentRoundState } from '../../shared/model/round.ts';
import { projectExtractsOf } from '../agreement/project-extracts.ts';
import { codingRoomsOf } from '../codebook/code-merge-service.ts';
import type { ProjectAccess } from '../http/project-access.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';

/**
 * How many codings use each code (the code alone, not its sub-codes), over every layer the caller
 * may read — every member's and the consensus for an owner, only their own in a blind project or
 * round for a coder — counted as the merge and delete dialogs count them (`codeUsage`). The counts
 * per room come from the per-room extracts cache, so a second export reads no room again.
 */
export async function codebookCodingCounts(directory: DirectoryStore, registry: DocumentRegistry, access: ProjectAccess): Promise<Map<string, number>> {
  const { project, actor } = access;
  const rooms = await codingRoomsOf(directory, project.id);
  const rounds = new Map<string, DocumentRoundState | null>();
  for (const documentId of new Set(rooms.map((r) => r.documentId))) rounds.set(documentId, await readDocumentRound(directory, project.id, documentId));
  const readable = rooms.filter(({ documentId, userId }) => {
    const name = userId === null ? { kind: 'consensus' as const, projectId: project.id, documentId } : { kind: 'layer' as const, projectId: project.id, documentId, userId };
    return decideRoomAccess(name, actor, project, rounds.get(documentId) ?? null).read;
  });
  const totals = new Map<string, number>();
  for (const counts of await projectExtractsOf(registry).counts(readable.map((r) => r.room))) {
    for (const [codeId, n] of counts.codeCounts) totals.set(codeId, (totals.get(codeId) ?? 0) + n);
  }
  return totals;
}

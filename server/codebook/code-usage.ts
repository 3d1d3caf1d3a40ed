import { decideRoomAccess, type RoomActor } from '../access/room-access.ts';
import type { DirectoryStore, ProjectRecord } from '../persistence/directory-store.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { codingsOfCode } from './code-merge.ts';
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
 * Counts only the layers `actor` may read (in a blind round a coder sees only their own).
 */
export async function codeUsage(directory: DirectoryStore, registry: DocumentRegistry, project: ProjectRecord, actor: RoomActor, codeId: string): Promise<CodeUsage> {
  const byCoder: Record<string, number> = {};
  const byDocument: Record<string, number> = {};
  let codings = 0;
  let consensus = 0;
  for (const { room, documentId, userId } of await codingRoomsOf(directory, project.id)) {
    const name = userId === null ? { kind: 'consensus' as const, projectId: project.id, documentId } : { kind: 'layer' as const, projectId: project.id, documentId, userId };
    if (!decideRoomAccess(name, actor, project).read) continue;
    const n = await registry.read(room, (doc) => codingsOfCode(doc, codeId).length);
    if (n === 0) continue;
    codings += n;
    byDocument[documentId] = (byDocument[documentId] ?? 0) + n;
    if (userId === null) consensus += n;
    else byCoder[userId] = (byCoder[userId] ?? 0) + n;
  }
  return { codings, byCoder, byDocument, consensus };
}

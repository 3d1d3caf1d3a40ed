/**
 * Room names: the path segment after `/sync/` and the key under which a document is stored.
 * Every room belongs to a project:
 *
 *   project:{projectId}                         the codebook and project-wide state
 *   text:{projectId}:{documentId}               a transcript
 *   layer:{projectId}:{documentId}:{userId}     one coder's codings of a transcript
 *   consensus:{projectId}:{documentId}          the reconciled codings
 *
 * @example
 * parseRoomName('text:p1:d1') // { kind: 'text', projectId: 'p1', documentId: 'd1' }
 * parseRoomName('../etc')     // null
 */
export const maxRoomNameLength = 200;

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

export const RoomKind = { project: 'project', text: 'text', layer: 'layer', consensus: 'consensus' } as const;
export type RoomKind = (typeof RoomKind)[keyof typeof RoomKind];

export type RoomName =
  | { readonly kind: 'project'; readonly projectId: string }
  | { readonly kind: 'text'; readonly projectId: string; readonly documentId: string }
  | { readonly kind: 'layer'; readonly projectId: string; readonly documentId: string; readonly userId: string }
  | { readonly kind: 'consensus'; readonly projectId: string; readonly documentId: string };

const arity: Record<RoomKind, number> = { project: 1, text: 2, layer: 3, consensus: 2 };

export function parseRoomName(name: string): RoomName | null {
  if (name.length === 0 || name.length > maxRoomNameLength) return null;
  const [kind, ...ids] = name.split(':');
  if (!kind || !(kind in arity) || ids.length !== arity[kind as RoomKind] || !ids.every((id) => idPattern.test(id))) return null;
  const [projectId, documentId, userId] = ids as [string, string, string];
  switch (kind as RoomKind) {
    case 'project':
      return { kind: 'project', projectId };
    case 'text':
      return { kind: 'text', projectId, documentId };
    case 'layer':
      return { kind: 'layer', projectId, documentId, userId };
    case 'consensus':
      return { kind: 'consensus', projectId, documentId };
  }
}

export function formatRoomName(room: RoomName): string {
  switch (room.kind) {
    case 'project':
      return `project:${room.projectId}`;
    case 'text':
      return `text:${room.projectId}:${room.documentId}`;
    case 'layer':
      return `layer:${room.projectId}:${room.documentId}:${room.userId}`;
    case 'consensus':
      return `consensus:${room.projectId}:${room.documentId}`;
  }
}

/** True for names the sync server can store: a known kind with valid ids. */
export function isValidRoomName(name: string): boolean {
  return parseRoomName(name) !== null;
}

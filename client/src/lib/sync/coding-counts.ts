import * as Y from 'yjs';
import { readCodings } from '../../../../shared/ydoc/layer-doc.ts';
import { RoomConnection } from './room-connection.ts';

export interface CodingCount {
  /** Codings per code id, over the layers that could be read. */
  readonly byCode: ReadonlyMap<string, number>;
  readonly layersRead: number;
  /** Layers the server did not let us read (blind mode) or that did not answer in time. */
  readonly layersUnread: number;
}

/**
 * Counts codings per code across `rooms` (layer rooms), opening each briefly. Anchors are not
 * resolved (an empty transcript doc is passed), only code ids are read.
 */
export async function countCodings(rooms: readonly string[], options: { serverUrl?: string; timeoutMs?: number } = {}): Promise<CodingCount> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const empty = new Y.Doc();
  const byCode = new Map<string, number>();
  let layersRead = 0;
  let layersUnread = 0;
  await Promise.all(
    rooms.map(async (room) => {
      const connection = new RoomConnection({ room, ...(options.serverUrl !== undefined && { serverUrl: options.serverUrl }) });
      try {
        const outcome = await Promise.race([
          connection.whenSynced().then(() => 'synced' as const),
          new Promise<'refused'>((resolve) => connection.provider.on('closed', () => resolve('refused'))),
          new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs)),
        ]);
        if (outcome !== 'synced') {
          layersUnread += 1;
          return;
        }
        layersRead += 1;
        for (const coding of readCodings(connection.doc, empty, '')) byCode.set(coding.codeId, (byCode.get(coding.codeId) ?? 0) + 1);
      } finally {
        connection.destroy();
      }
    }),
  );
  empty.destroy();
  return { byCode, layersRead, layersUnread };
}

import { formatRoomName } from '../../../../shared/protocol/room-name.ts';
import { LayerCodings } from '../sync/layer-codings.ts';
import { RoomConnection } from '../sync/room-connection.ts';
import { createTranscriptSource, type Transcript } from '../sync/transcript-source.ts';
import type { YjsValue } from '../sync/yjs-value.ts';

/**
 * The live rooms the reconcile view reads for one document, through the sync layer and never
 * written: the transcript (`text:`), for the passages, and the consensus (`consensus:`, read-only
 * for every client: only the server's decisions write it), for the consensus lane.
 */
export class DocumentRooms {
  readonly text: RoomConnection;
  readonly transcript: YjsValue<Transcript>;
  readonly consensus: RoomConnection;
  readonly consensusCodings: LayerCodings;

  constructor(projectId: string, documentId: string, serverUrl?: string) {
    const url = serverUrl !== undefined ? { serverUrl } : {};
    this.text = new RoomConnection({ room: formatRoomName({ kind: 'text', projectId, documentId }), ...url });
    this.transcript = createTranscriptSource(this.text.doc);
    this.consensus = new RoomConnection({ room: formatRoomName({ kind: 'consensus', projectId, documentId }), ...url });
    this.consensusCodings = new LayerCodings(this.consensus.doc, this.text.doc, 'consensus');
  }

  destroy(): void {
    this.consensusCodings.destroy();
    this.transcript.destroy();
    this.consensus.destroy();
    this.text.destroy();
  }
}

import type { Code } from '../../shared/model/codebook.ts';
import type { AttributeValues } from '../../shared/model/attributes.ts';
import { documentCodingMode, type DocumentRoundState } from '../../shared/model/round.ts';
import { formatRoomName, type RoomName } from '../../shared/protocol/index.ts';
import { decideRoomAccess } from '../access/room-access.ts';
import { consensusCoderId, projectExtractsOf } from '../agreement/project-extracts.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import type { Principal } from '../auth/principal.ts';
import { loadProjectAs, type ProjectAccess } from '../http/project-access.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { readDocumentRound } from '../rounds/document-round.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { exploreRoomsOf } from './explore-rooms.ts';

export interface VisibleSegmentsDeps {
  readonly directory: DirectoryStore;
  readonly registry: DocumentRegistry;
}

/** A document of the project, with its participant attributes. */
export interface VisibleDocument {
  readonly id: string;
  readonly name: string;
  readonly attributes: AttributeValues;
}

/** A layer someone's codings came from: a member (`id` is their user id) or the consensus (`id` is `consensus`). */
export interface VisibleCoder {
  readonly id: string;
  readonly name: string;
}

/**
 * One coding the reader may see, resolved against the current transcript: [start, end) character
 * offsets into the document's text. `userId` is the coder, or `consensus` for the consensus layer.
 * `createdAt` is when the coding was made, in ms since the epoch (null for a coding written without one).
 */
export interface VisibleSegment {
  readonly documentId: string;
  readonly userId: string;
  readonly codingId: string;
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
  readonly memo: string;
  readonly createdAt: number | null;
}

/**
 * Every coding of a project that one reader may see — the data behind retrieval ("coded
 * segments"), the code × document / coder / attribute matrices and co-occurrence:
 *
 * - `documents`: every document of the project, in the project's order, with its attributes;
 * - `codes`: the codebook as it stands (codings may name a code deleted since);
 * - `coders`: the project's members, then `consensus` — names for every `userId`;
 * - `segments`: the codings, ordered by document (as `documents`), then start, end, coder
 *   (as `coders`) and code. Codings whose text was deleted (orphaned) are left out: they have no span;
 * - `textOf(documentId)`: the transcript text the offsets index (cached per room);
 * - `unitsOf(documentId)`: the transcript's units (speaker turns, cues, paragraphs) as sorted,
 *   non-overlapping [start, end) pairs.
 *
 * Visibility is the rooms' (`decideRoomAccess`) for each document's current round: owners see
 * every layer; in open mode everyone does; where a document is blind (a blind project, or a round
 * in its blind phase) a coder sees only their own layer and a viewer none — nor the consensus,
 * which non-owners never see while a document is blind. The layers are the live ones (what the
 * coding view shows, and where a retrieval link lands), not a revealed round's submissions.
 */
export interface VisibleSegments {
  readonly projectId: string;
  readonly documents: readonly VisibleDocument[];
  readonly codes: readonly Code[];
  readonly coders: readonly VisibleCoder[];
  readonly segments: readonly VisibleSegment[];
  textOf(documentId: string): Promise<string>;
  unitsOf(documentId: string): Promise<[number, number][]>;
}

/**
 * `readVisibleSegments(deps, projectId, principal)` — loads the project as `principal` (404 for
 * non-members, as every route) and returns what they may see of its codings (see `VisibleSegments`).
 *
 * @example
 * const { segments, textOf } = await readVisibleSegments({ directory, registry }, projectId, principal);
 * const text = await textOf(segments[0].documentId);
 * text.slice(segments[0].start, segments[0].end); // the coded passage
 */
export async function readVisibleSegments(deps: VisibleSegmentsDeps, projectId: string, principal: Principal): Promise<VisibleSegments> {
  return readVisibleSegmentsAs(deps, await loadProjectAs(deps.directory, principal, projectId, 'viewer'));
}

/** As `readVisibleSegments`, for a project the caller has already loaded with `loadProjectAs`. */
export async function readVisibleSegmentsAs(deps: VisibleSegmentsDeps, access: ProjectAccess): Promise<VisibleSegments> {
  const { directory, registry } = deps;
  const project = access.project;
  const projectId = project.id;
  const extracts = projectExtractsOf(registry);
  const rooms = exploreRoomsOf(registry);
  const [documents, members, codes] = await Promise.all([directory.listDocuments(projectId), directory.listMembers(projectId), rooms.codes(projectId)]);
  extracts.retainDocuments(projectId, documents.map((d) => d.id));
  rooms.retainDocuments(projectId, documents.map((d) => d.id));
  const isOwner = access.role === 'owner';
  const layerIds = [...members.map((m) => m.userId), consensusCoderId];
  const slice = new TimeSlice();
  const segments: VisibleSegment[] = [];
  for (const document of documents) {
    const round = await readDocumentRound(directory, projectId, document.id);
    const readable = layerIds.filter((userId) => mayRead(access, roomOf(projectId, document.id, userId), round, isOwner));
    if (readable.length === 0) continue;
    const { layers } = await extracts.document(projectId, document.id, readable, slice);
    const found: VisibleSegment[] = [];
    for (const [i, userId] of readable.entries()) {
      const layer = layers[i]!;
      if (layer.code.length === 0) continue;
      const notes = await rooms.notes(formatRoomName(roomOf(projectId, document.id, userId)));
      for (let k = 0; k < layer.code.length; k++) {
        const start = layer.start[k]!;
        if (start < 0) continue; // orphaned: its text is gone
        const codingId = layer.codingIds[k]!;
        const note = notes.get(codingId);
        found.push({ documentId: document.id, userId, codingId, codeId: layer.codeIds[layer.code[k]!]!, start, end: layer.end[k]!, memo: note?.memo ?? '', createdAt: note?.createdAt ?? null });
      }
    }
    const coderOrder = new Map(layerIds.map((id, i) => [id, i]));
    found.sort((a, b) => a.start - b.start || a.end - b.end || coderOrder.get(a.userId)! - coderOrder.get(b.userId)! || (a.codeId < b.codeId ? -1 : a.codeId > b.codeId ? 1 : 0) || (a.codingId < b.codingId ? -1 : 1));
    for (const segment of found) segments.push(segment);
    await slice.yieldIfDue();
  }
  return {
    projectId,
    documents: documents.map((d) => ({ id: d.id, name: d.name, attributes: d.attributes })),
    codes,
    coders: [...members.map((m) => ({ id: m.userId, name: m.name })), { id: consensusCoderId, name: 'Consensus' }],
    segments,
    textOf: (documentId) => rooms.text(projectId, documentId),
    unitsOf: async (documentId) => {
      const { text } = await extracts.document(projectId, documentId, []);
      const units: [number, number][] = [];
      for (let i = 0; i < text.units.length; i += 2) units.push([text.units[i]!, text.units[i + 1]!]);
      return units;
    },
  };
}

function roomOf(projectId: string, documentId: string, userId: string): RoomName {
  return userId === consensusCoderId ? { kind: 'consensus', projectId, documentId } : { kind: 'layer', projectId, documentId, userId };
}

/**
 * The rooms' own rule, plus one narrowing: the consensus stays hidden from coders and viewers
 * wherever the document is blind (a blind project as well as a blind round), as pathways and the
 * history hide it, since it is made from the layers they may not see.
 */
function mayRead(access: ProjectAccess, room: RoomName, round: DocumentRoundState | null, isOwner: boolean): boolean {
  if (!decideRoomAccess(room, access.actor, access.project, round).read) return false;
  if (room.kind === 'consensus' && !isOwner && documentCodingMode(access.project.codingMode, round) === 'blind') return false;
  return true;
}

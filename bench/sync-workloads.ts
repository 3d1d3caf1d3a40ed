/**
 * What the clients of bench/sync.ts do. `text`: every client of a room edits one shared Y.Map of
 * a `text:` room (the raw relay, which derives no history). `layer`: every client is a coder
 * account writing codings into its own `layer:` room of a document, as the coding view does, and
 * reading the next coder's layer of the same document (a ring) — each accepted update there is
 * also turned into history events stored with it, so this is the workload that shows what
 * deriving history costs.
 */
import { exampleCodes } from '../shared/reconcile/worked-examples.ts';
import { addCoding } from '../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../shared/ydoc/transcript-doc.ts';
import { ApiClient, seedProject } from '../tests/support/api-client.ts';
import { codingsKey } from '../shared/ydoc/layer-doc.ts';
import { createSyncClient, waitForSynced, type SyncClient } from '../tests/support/sync-client.ts';

export const workloads = ['text', 'layer'] as const;
export type WorkloadName = (typeof workloads)[number];

/** One simulated person: the sockets they hold, and one edit that others will see as `key`. */
export interface Participant {
  readonly room: number;
  /** How many other sockets must see each of this participant's edits. */
  readonly expectedArrivals: number;
  edit(key: string): void;
}

export interface Workload {
  readonly participants: readonly Participant[];
  /** Every socket opened (writers and readers), for syncing, tearing down and counting. */
  readonly sockets: readonly SyncClient[];
  /** How many edits room `room` holds, read by a fresh socket: what the server stored. */
  storedIn(room: number): Promise<number>;
  readonly roomCount: number;
}

type Arrival = (key: string, at: number) => void;

export async function textWorkload(urls: { httpUrl: string; syncUrl: string }, clientCount: number, roomCount: number, onArrival: Arrival): Promise<Workload> {
  const seeded = await seedProject(urls.httpUrl, { documents: roomCount, text: 'Benchmark transcript.' });
  const rooms = seeded.documents.map((d) => d.textRoom);
  const peers = new Array<number>(roomCount).fill(0);
  for (let i = 0; i < clientCount; i++) peers[i % roomCount]! += 1;
  const sockets: SyncClient[] = [];
  const participants: Participant[] = [];
  for (let i = 0; i < clientCount; i++) {
    const room = i % roomCount;
    const client = createSyncClient(urls.syncUrl, rooms[room]!);
    sockets.push(client);
    const map = client.doc.getMap<number>('bench');
    map.observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      for (const key of event.keysChanged) onArrival(key, now);
    });
    participants.push({ room, expectedArrivals: peers[room]! - 1, edit: (key) => map.set(key, Math.round(performance.now())) });
  }
  return {
    participants,
    sockets,
    roomCount,
    storedIn: (room) => storedSize(urls.syncUrl, rooms[room]!, null, (doc) => doc.getMap('bench').size),
  };
}

/** Codings of 40–400 characters over a transcript of this length. */
const transcriptLength = 20_000;

export async function layerWorkload(urls: { httpUrl: string; syncUrl: string }, clientCount: number, roomCount: number, onArrival: Arrival): Promise<Workload> {
  if (clientCount < roomCount * 2) throw new Error('the layer workload needs at least two coders per document (--clients ≥ 2 × --rooms)');
  const admin = ApiClient.admin(urls.httpUrl);
  const projectId = (await admin.post('/api/projects', { name: 'Sync bench (layers)' })).body.id as string;
  const turn = 'Participant: we asked them for help, and then we built the plan together. ';
  const text = turn.repeat(Math.ceil(transcriptLength / turn.length)).slice(0, transcriptLength);
  const documents: string[] = [];
  for (let i = 0; i < roomCount; i++) documents.push((await admin.post(`/api/projects/${projectId}/documents`, { name: `P${i + 1}`, text })).body.id as string);
  const coders: { id: string; token: string }[] = [];
  for (let i = 0; i < clientCount; i++) {
    const api = new ApiClient(urls.httpUrl);
    const id = await api.signIn(`bench-coder-${i}@example.org`, `Coder ${i}`);
    const code = (await admin.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await api.post(`/api/invites/${code}/accept`);
    coders.push({ id, token: (await api.post('/api/tokens', { name: 'bench' })).body.token as string });
  }
  // One transcript per document, read once: the anchors are relative positions in it.
  const transcripts = documents.map((documentId) => createSyncClient(urls.syncUrl, `text:${projectId}:${documentId}`));
  await Promise.all(transcripts.map((t) => waitForSynced(t, 60_000)));
  const layerRoom = (i: number) => `layer:${projectId}:${documents[i % roomCount]}:${coders[i]!.id}`;
  const codeIds = exampleCodes.map((c) => c.id);
  const sockets: SyncClient[] = [...transcripts];
  const participants: Participant[] = [];
  for (let i = 0; i < clientCount; i++) {
    const room = i % roomCount;
    // The ring: the next coder on the same document (coders i, i+rooms, i+2·rooms, … share it).
    const next = i + roomCount < clientCount ? i + roomCount : room;
    const writer = createSyncClient(urls.syncUrl, layerRoom(i), { token: coders[i]!.token });
    const reader = createSyncClient(urls.syncUrl, layerRoom(next), { token: coders[i]!.token });
    sockets.push(writer, reader);
    reader.doc.getMap(codingsKey).observe((event) => {
      const now = performance.now();
      for (const key of event.keysChanged) onArrival(key, now);
    });
    const ytext = transcriptText(transcripts[room]!.doc);
    let n = 0;
    participants.push({
      room,
      expectedArrivals: 1,
      edit: (key) => {
        const start = (i * 997 + n++ * 389) % (transcriptLength - 400);
        addCoding(writer.doc, { id: key, codeId: codeIds[(i + n) % codeIds.length]!, anchor: createSpanAnchor(ytext, start, start + 40 + ((n * 53) % 360)), at: Date.now() });
      },
    });
  }
  return {
    participants,
    sockets,
    roomCount,
    // A document's codings: the sum over its coders' layers, each read by its own coder.
    storedIn: async (room) => {
      let total = 0;
      for (let i = room; i < clientCount; i += roomCount) total += await storedSize(urls.syncUrl, layerRoom(i), coders[i]!.token, (doc) => doc.getMap(codingsKey).size);
      return total;
    },
  };
}

async function storedSize(syncUrl: string, room: string, token: string | null, size: (doc: SyncClient['doc']) => number): Promise<number> {
  const verifier = createSyncClient(syncUrl, room, token === null ? {} : { token });
  try {
    await waitForSynced(verifier, 30_000);
    return size(verifier.doc);
  } finally {
    verifier.destroy();
  }
}

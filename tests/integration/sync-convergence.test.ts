import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRandom, type Random } from '../support/seeded-random.ts';
import { createSyncClient, replicaFingerprint, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { seedProject } from '../support/api-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let rooms: Awaited<ReturnType<typeof seedProject>>;
const clients: SyncClient[] = [];
const connect = (room: string) => {
  const client = createSyncClient(server.syncUrl, room);
  clients.push(client);
  return client;
};

beforeEach(async () => {
  server = await startTestServer();
  rooms = await seedProject(server.httpUrl, { documents: 2 });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
});

/** One random edit of the kinds Accord makes: transcript text edits and coding map sets. */
function randomEdit(random: Random, client: SyncClient, step: number): void {
  const text = client.doc.getText('transcript');
  const codings = client.doc.getMap<Y.Map<unknown>>('codings');
  const roll = random.next();
  if (roll < 0.45) {
    text.insert(random.int(text.length + 1), random.pick(['a', 'bc', 'def ', '\n', 'é', 'Interviewer: ']));
  } else if (roll < 0.65 && text.length > 0) {
    const at = random.int(text.length);
    text.delete(at, Math.min(1 + random.int(5), text.length - at));
  } else if (roll < 0.9) {
    const coding = new Y.Map<unknown>();
    coding.set('codeId', `code-${random.int(8)}`);
    coding.set('start', random.int(100));
    coding.set('memo', `m${step}`);
    codings.set(`c${client.doc.clientID}-${step}`, coding);
  } else if (codings.size > 0) {
    codings.delete(random.pick([...codings.keys()]));
  }
}

function contentOf(doc: Y.Doc) {
  return { text: doc.getText('transcript').toString(), codings: doc.getMap('codings').toJSON() };
}

describe('sync with the stock y-websocket provider', () => {
  it('converges 4 clients making seeded random concurrent edits across reconnects, byte-identical', async () => {
    const random = createRandom(20261128);
    const room = rooms.documents[0]!.textRoom;
    const group = [connect(room), connect(room), connect(room), connect(room)];
    await Promise.all(group.map((c) => waitForSynced(c)));

    for (let step = 0; step < 400; step++) {
      const client = random.pick(group);
      randomEdit(random, client, step);
      if (step % 40 === 13) {
        // Drop one client, keep editing while it is offline, bring it back later.
        const offline = random.pick(group);
        if (offline.provider.wsconnected) offline.provider.disconnect();
      }
      if (step % 40 === 33) for (const c of group) if (!c.provider.shouldConnect) c.provider.connect();
      if (step % 25 === 0) await new Promise((resolve) => setTimeout(resolve, random.int(15)));
    }
    for (const c of group) if (!c.provider.shouldConnect) c.provider.connect();

    const expected = () => replicaFingerprint(group[0]!.doc);
    await waitFor(() => group.every((c) => c.provider.synced && replicaFingerprint(c.doc) === expected()), 15_000, 'replicas to converge');
    const state = Y.encodeStateVector(group[0]!.doc);
    for (const c of group) {
      expect(Y.encodeStateVector(c.doc)).toEqual(state);
      expect(contentOf(c.doc)).toEqual(contentOf(group[0]!.doc));
    }
    expect(contentOf(group[0]!.doc).text.length).toBeGreaterThan(0);

    // A late joiner gets everything, from the server alone.
    const late = connect(room);
    await waitForSynced(late);
    await waitFor(() => replicaFingerprint(late.doc) === expected(), 5000, 'late joiner to catch up');
    expect(contentOf(late.doc)).toEqual(contentOf(group[0]!.doc));
  });

  it('keeps rooms apart', async () => {
    const a = connect(rooms.documents[0]!.textRoom);
    const b = connect(rooms.documents[1]!.textRoom);
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    a.doc.getMap('notes').set('only', 'in a');
    const a2 = connect(rooms.documents[0]!.textRoom);
    await waitFor(() => a2.doc.getMap('notes').get('only') === 'in a');
    expect(b.doc.getMap('notes').size).toBe(0);
  });

  it('keeps a dozen present clients connected although each relays the others’ awareness', async () => {
    // Stock providers re-send every awareness change they see, so each socket carries many ids
    // that are not its own; the server must treat those as echoes, not as a socket claiming ids.
    const room = rooms.projectRoom;
    const crowd = Array.from({ length: 12 }, () => connect(room));
    const closes: number[] = [];
    for (const c of crowd) c.provider.on('connection-close', (event) => closes.push(event?.code ?? -1));
    await Promise.all(crowd.map((c) => waitForSynced(c)));
    crowd.forEach((c, i) => c.provider.awareness.setLocalState({ user: { name: `coder ${i}` } }));
    await waitFor(() => crowd.every((c) => c.provider.awareness.getStates().size === crowd.length), 5000, 'everyone to see everyone');
    crowd.forEach((c, i) => c.provider.awareness.setLocalState({ user: { name: `coder ${i}` }, selection: { from: i, to: i + 1 } }));
    await waitFor(() => crowd.every((c) => [...c.provider.awareness.getStates().values()].every((st: any) => st.selection)), 5000, 'updated selections');
    expect(closes).toEqual([]);
  });

  it('shows awareness states to peers and removes them when a client disconnects', async () => {
    const room = rooms.projectRoom;
    const alice = connect(room);
    const bob = connect(room);
    await Promise.all([waitForSynced(alice), waitForSynced(bob)]);
    alice.provider.awareness.setLocalState({ user: { name: 'Alice' }, selection: { from: 3, to: 9 } });
    await waitFor(() => bob.provider.awareness.getStates().get(alice.doc.clientID) !== undefined, 3000, 'Bob to see Alice');
    // The selection as Alice sent it; the name is her socket's account (here the admin token's).
    expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { id: 'admin', name: 'Administrator token' }, selection: { from: 3, to: 9 } });

    // A newcomer receives the states already present.
    const carol = connect(room);
    await waitFor(() => carol.provider.awareness.getStates().has(alice.doc.clientID), 3000, 'Carol to see Alice');

    // Alice's socket goes away without saying goodbye: the server removes her state for everyone.
    (alice.provider.ws as unknown as { terminate(): void }).terminate?.();
    alice.provider.shouldConnect = false;
    await waitFor(() => !bob.provider.awareness.getStates().has(alice.doc.clientID), 3000, 'Alice to disappear for Bob');
    await waitFor(() => !carol.provider.awareness.getStates().has(alice.doc.clientID), 3000, 'Alice to disappear for Carol');
  });
});

import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Every HTTP route and every room kind against every kind of caller, through real HTTP and real
 * y-websocket clients. Expected outcomes are written out in full so a policy change shows up as a
 * failing row, not as a silently different behaviour.
 */
type Actor = 'anonymous' | 'nonMember' | 'viewer' | 'coder' | 'owner';
const actors: Actor[] = ['anonymous', 'nonMember', 'viewer', 'coder', 'owner'];

let server: TestServer;
const api = {} as Record<Actor, ApiClient>;
const tokens = {} as Record<Actor, string | null>;
const userIds = {} as Record<Actor, string>;
let coder2Id: string;
let projectId: string;
let documentId: string;

beforeAll(async () => {
  server = await startTestServer();
  for (const actor of actors) {
    if (actor === 'anonymous') {
      api[actor] = new ApiClient(server.httpUrl);
      tokens[actor] = null;
      continue;
    }
    const session = new ApiClient(server.httpUrl);
    userIds[actor] = await session.signIn(`${actor}@example.org`, actor);
    const token = (await session.post('/api/tokens', { name: 'matrix' })).body.token as string;
    tokens[actor] = token;
    api[actor] = new ApiClient(server.httpUrl, token);
  }
  const coder2 = new ApiClient(server.httpUrl);
  coder2Id = await coder2.signIn('coder2@example.org', 'coder2');

  projectId = (await api.owner.post('/api/projects', { name: 'Matrix' })).body.id;
  documentId = (await api.owner.post(`/api/projects/${projectId}/documents`, { name: 'P01', text: 'Participant: we co-created the plan.' })).body.id;
  for (const [actor, role] of [['viewer', 'viewer'], ['coder', 'coder']] as const) {
    const code = (await api.owner.post(`/api/projects/${projectId}/invites`, { role })).body.code;
    expect((await api[actor].post(`/api/invites/${code}/accept`)).status).toBe(200);
  }
  const code2 = (await api.owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
  await coder2.post(`/api/invites/${code2}/accept`);
});
afterAll(async () => {
  await server?.close();
});

// Expected HTTP status per actor: 401 anonymous, 404 non-member (ids cannot be probed), 403 role too low.
const expectFor = (minimum: 'signedIn' | 'viewer' | 'coder' | 'owner', allowed: number): Record<Actor, number> => {
  const rank = { anonymous: 0, nonMember: 1, viewer: 2, coder: 3, owner: 4 } as const;
  const need = { signedIn: 1, viewer: 2, coder: 3, owner: 4 }[minimum];
  return Object.fromEntries(
    actors.map((a) => [a, rank[a] >= need ? allowed : a === 'anonymous' ? 401 : minimum === 'signedIn' || a === 'nonMember' ? 404 : 403]),
  ) as Record<Actor, number>;
};

describe('HTTP authorization matrix', () => {
  const routes: { name: string; minimum: 'signedIn' | 'viewer' | 'coder' | 'owner'; allowed: number; call: (c: ApiClient) => Promise<{ status: number }> }[] = [
    { name: 'GET /api/projects', minimum: 'signedIn', allowed: 200, call: (c) => c.get('/api/projects') },
    { name: 'POST /api/projects', minimum: 'signedIn', allowed: 201, call: (c) => c.post('/api/projects', { name: 'Another' }) },
    { name: 'GET /api/tokens', minimum: 'signedIn', allowed: 200, call: (c) => c.get('/api/tokens') },
    { name: 'GET /api/projects/:id', minimum: 'viewer', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}`) },
    { name: 'GET /api/projects/:id/members', minimum: 'viewer', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}/members`) },
    { name: 'GET /api/projects/:id/documents', minimum: 'viewer', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}/documents`) },
    { name: 'PATCH /api/projects/:id', minimum: 'owner', allowed: 200, call: (c) => c.patch(`/api/projects/${projectId}`, { name: 'Matrix' }) },
    { name: 'POST /api/projects/:id/documents', minimum: 'owner', allowed: 201, call: (c) => c.post(`/api/projects/${projectId}/documents`, { name: 'P02', text: 'More text.' }) },
    { name: 'POST /api/projects/:id/invites', minimum: 'owner', allowed: 201, call: (c) => c.post(`/api/projects/${projectId}/invites`, { role: 'viewer' }) },
    { name: 'PATCH /api/projects/:id/members/:userId', minimum: 'owner', allowed: 200, call: (c) => c.patch(`/api/projects/${projectId}/members/${coder2Id}`, { role: 'coder' }) },
    { name: 'GET /api/projects/:id/invites', minimum: 'owner', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}/invites`) },
    { name: 'DELETE /api/projects/:id/invites/:inviteId', minimum: 'owner', allowed: 404, call: (c) => c.delete(`/api/projects/${projectId}/invites/not-an-invite`) },
    { name: 'GET /api/projects/:id/progress', minimum: 'viewer', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}/progress`) },
    { name: 'GET /api/projects/:id/agreement', minimum: 'viewer', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}/agreement`) },
    { name: 'GET /api/projects/:id/documents/:documentId/loci', minimum: 'viewer', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}/documents/${documentId}/loci`) },
    { name: 'GET /api/projects/:id/history', minimum: 'viewer', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}/history`) },
    { name: 'POST /api/projects/:id/history/revert', minimum: 'owner', allowed: 404, call: (c) => c.post(`/api/projects/${projectId}/history/revert`, { seq: 999999, reason: 'matrix' }) },
    { name: 'GET /api/projects/:id/documents/:documentId/codings', minimum: 'viewer', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}/documents/${documentId}/codings?asOf=0`) },
    { name: 'GET /api/projects/:id/documents/:documentId/decisions', minimum: 'viewer', allowed: 200, call: (c) => c.get(`/api/projects/${projectId}/documents/${documentId}/decisions`) },
    { name: 'POST /api/projects/:id/documents/:documentId/premerge', minimum: 'owner', allowed: 200, call: (c) => c.post(`/api/projects/${projectId}/documents/${documentId}/premerge`, {}) },
    { name: 'POST /api/demo', minimum: 'signedIn', allowed: 201, call: (c) => c.post('/api/demo') },
  ];
  for (const route of routes) {
    it(`${route.name}: ${JSON.stringify(expectFor(route.minimum, route.allowed))}`, async () => {
      const expected = expectFor(route.minimum, route.allowed);
      const actual = Object.fromEntries(await Promise.all(actors.map(async (a) => [a, (await route.call(api[a])).status] as const)));
      // The non-member's own project list and tokens are theirs to see: "signedIn" routes allow them.
      expect(actual).toEqual(route.minimum === 'signedIn' ? { ...expected, nonMember: route.allowed } : expected);
    });
  }

  it('DELETE /api/projects/:id and DELETE …/members/:userId are owner-only (checked on throwaway projects)', async () => {
    for (const actor of actors) {
      const throwaway = (await api.owner.post('/api/projects', { name: 'Throwaway' })).body.id;
      for (const [a, role] of [['viewer', 'viewer'], ['coder', 'coder']] as const) {
        const code = (await api.owner.post(`/api/projects/${throwaway}/invites`, { role })).body.code;
        await api[a].post(`/api/invites/${code}/accept`);
      }
      // Someone other than the caller (removing oneself is leaving, which anyone may do).
      const other = actor === 'viewer' ? userIds.coder : userIds.viewer;
      const removeOther = await api[actor].delete(`/api/projects/${throwaway}/members/${other}`);
      const remove = await api[actor].delete(`/api/projects/${throwaway}`);
      const expected = { anonymous: 401, nonMember: 404, viewer: 403, coder: 403, owner: 204 }[actor];
      expect(removeOther.status, `${actor} removes another member`).toBe(expected);
      expect(remove.status, `${actor} deletes the project`).toBe(expected);
    }
  });

  it('GET /api/projects/:id/members shows email addresses to owners and the admin token only', async () => {
    const callers = { viewer: api.viewer, coder: api.coder, owner: api.owner, admin: ApiClient.admin(server.httpUrl) };
    const seen: Record<string, string[]> = {};
    for (const [caller, client] of Object.entries(callers)) {
      const members = (await client.get(`/api/projects/${projectId}/members`)).body as { name: string; email?: string }[];
      seen[caller] = members.map((m) => m.email ?? `(no email for ${m.name})`).sort();
    }
    const emails = ['coder2@example.org', 'coder@example.org', 'owner@example.org', 'viewer@example.org'];
    const hidden = ['(no email for coder)', '(no email for coder2)', '(no email for owner)', '(no email for viewer)'];
    expect(seen).toEqual({ viewer: hidden, coder: hidden, owner: emails, admin: emails });
  });

  it('POST /api/invites/:code/accept needs a person; unknown codes are 404', async () => {
    expect((await api.anonymous.post('/api/invites/inv_nope/accept')).status).toBe(401);
    expect((await api.nonMember.post('/api/invites/inv_nope/accept')).status).toBe(404);
    expect((await ApiClient.admin(server.httpUrl).post('/api/invites/inv_nope/accept')).status).toBe(403);
  });
});

/** Opens a socket as `actor` and reports whether it synced (read allowed) or was closed, with the code. */
async function openAs(actor: Actor, room: string): Promise<{ client: SyncClient; outcome: 'synced' | number }> {
  const client = createSyncClient(server.syncUrl, room, { token: tokens[actor] });
  let outcome: 'synced' | number | null = null;
  client.provider.on('connection-close', (event) => {
    outcome ??= event?.code ?? -1;
    client.provider.shouldConnect = false;
  });
  client.provider.on('sync', (synced: boolean) => {
    if (synced) outcome ??= 'synced';
  });
  await waitFor(() => outcome !== null, 5000, `${actor} on ${room}`);
  return { client, outcome: outcome! };
}

/**
 * Sends sync step 1 on the provider's socket and resolves with the server's sync step 2 answer.
 * The server handles a socket's frames in order and sends direct answers only after what came
 * before them is stored, so once this resolves every earlier frame was stored or dropped.
 */
async function roundTrip(client: SyncClient): Promise<void> {
  const ws = client.provider.ws!;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, client.doc);
  await new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const frame = new Uint8Array(event.data as ArrayBuffer);
      if (frame[0] !== 0 || frame[1] !== 1) return;
      ws.removeEventListener('message', onMessage);
      resolve();
    };
    ws.addEventListener('message', onMessage);
    ws.send(encoding.toUint8Array(encoder));
  });
}

/** Writes a marker as `actor` and reports whether the server stored it. */
async function writeAs(client: SyncClient, room: string, marker: string): Promise<boolean> {
  client.doc.getMap('probe').set(marker, true);
  // The answer to a later frame proves the marker was stored or dropped; then read the store itself.
  await roundTrip(client);
  const log = await server.store.loadUpdates(room);
  const replica = new Y.Doc();
  for (const update of log.updates) Y.applyUpdate(replica, update);
  return replica.getMap('probe').has(marker);
}

describe('websocket room authorization matrix', () => {
  const room = (kind: string) =>
    ({
      project: `project:${projectId}`,
      text: `text:${projectId}:${documentId}`,
      ownLayer: `layer:${projectId}:${documentId}:SELF`,
      coder2Layer: `layer:${projectId}:${documentId}:${coder2Id}`,
      consensus: `consensus:${projectId}:${documentId}`,
    })[kind]!;
  type Outcome = 'rw' | 'r' | number;
  // rw = reads and writes; r = reads, writes dropped; a number = the close code.
  const table: Record<string, Record<Actor, Outcome>> = {
    project: { anonymous: 4401, nonMember: 4403, viewer: 'r', coder: 'rw', owner: 'rw' },
    text: { anonymous: 4401, nonMember: 4403, viewer: 'r', coder: 'r', owner: 'rw' },
    ownLayer: { anonymous: 4401, nonMember: 4403, viewer: 'r', coder: 'rw', owner: 'rw' },
    coder2Layer: { anonymous: 4401, nonMember: 4403, viewer: 'r', coder: 'r', owner: 'r' },
    consensus: { anonymous: 4401, nonMember: 4403, viewer: 'r', coder: 'r', owner: 'r' },
  };

  for (const [kind, row] of Object.entries(table)) {
    it(`${kind}: ${JSON.stringify(row)} (open coding mode)`, async () => {
      const actual: Record<string, Outcome> = {};
      for (const actor of actors) {
        const name = room(kind).replace('SELF', userIds[actor] ?? 'nobody');
        const { client, outcome } = await openAs(actor, name);
        try {
          if (outcome !== 'synced') actual[actor] = outcome;
          else actual[actor] = (await writeAs(client, name, `${kind}-${actor}`)) ? 'rw' : 'r';
        } finally {
          client.destroy();
        }
      }
      expect(actual).toEqual(row);
    });
  }

  it('in blind mode, coders and viewers cannot open another coder’s layer; owners still can', async () => {
    expect((await api.owner.patch(`/api/projects/${projectId}`, { codingMode: 'blind' })).status).toBe(200);
    try {
      const outcomes: Record<string, Outcome> = {};
      for (const actor of ['viewer', 'coder', 'owner'] as const) {
        const { client, outcome } = await openAs(actor, room('coder2Layer'));
        outcomes[actor] = outcome === 'synced' ? 'r' : outcome;
        client.destroy();
      }
      expect(outcomes).toEqual({ viewer: 4403, coder: 4403, owner: 'r' });
    } finally {
      await api.owner.patch(`/api/projects/${projectId}`, { codingMode: 'open' });
    }
  });

  it('refuses rooms that name nothing with 4404', async () => {
    for (const name of ['not-a-room', `text:${projectId}:missing`, 'project:missing', `layer:${projectId}:${documentId}:nobody`]) {
      const { client, outcome } = await openAs('owner', name);
      client.destroy();
      expect(outcome, name).toBe(4404);
    }
  });
});

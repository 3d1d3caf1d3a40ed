import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgreementReport } from '../../shared/agreement/index.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { ApiClient } from '../support/api-client.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const text = 'Interviewer: How did support start?\nP01: They pushed a toolkit on us. Later we asked them for help, and then we built the plan together.';

let server: TestServer;
const clients: SyncClient[] = [];
const ctx = {} as { owner: ApiClient; projectId: string; documentId: string; coders: { id: string; token: string }[] };

beforeAll(async () => {
  server = await startTestServer();
  const owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  const projectId = (await owner.post('/api/projects', { name: 'Agreement' })).body.id;
  const documentId = (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P01', text })).body.id;
  const coders = [];
  for (const email of ['ana@example.org', 'ben@example.org']) {
    const session = new ApiClient(server.httpUrl);
    const id = await session.signIn(email);
    const code = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    await session.post(`/api/invites/${code}/accept`);
    coders.push({ id, token: (await session.post('/api/tokens', { name: 'ws' })).body.token });
  }
  Object.assign(ctx, { owner, projectId, documentId, coders });
  // The owner writes the codebook over the socket, like the codebook editor does.
  const ownerToken = (await owner.post('/api/tokens', { name: 'ws' })).body.token;
  const codebook = open(`project:${projectId}`, ownerToken);
  await waitForSynced(codebook);
  for (const [id, order] of [['push', 1], ['pull', 2], ['cocreation', 3]] as const) {
    addCode(codebook.doc, { id, name: id, shortName: id.slice(0, 3), colour: '#E69F00', parentId: null, order, definition: '', inclusion: '', exclusion: '', examples: [], isStage: true, stageOrder: order, domain: 'Support', createdAt: '', createdBy: 'pi' });
  }
  await waitFor(async () => (await server.store.logSize(`project:${projectId}`)).rows > 0);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

function open(room: string, token: string) {
  const client = createSyncClient(server.syncUrl, room, { token });
  clients.push(client);
  return client;
}

/** A coder codes the first occurrence of `phrase` with `codeId` in their own layer, as the coding view does. */
async function code(coder: { id: string; token: string }, phrase: string, codeId: string) {
  const transcript = open(`text:${ctx.projectId}:${ctx.documentId}`, coder.token);
  const layer = open(`layer:${ctx.projectId}:${ctx.documentId}:${coder.id}`, coder.token);
  await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
  const start = text.indexOf(phrase);
  addCoding(layer.doc, {
    id: `${coder.id}-${codeId}-${start}`,
    codeId,
    anchor: createSpanAnchor(transcriptText(transcript.doc), start, start + phrase.length),
    at: Date.now(),
  });
}

const alphaOf = (body: any, codeId: string) =>
  body.report.perCode.find((c: any) => c.codeId === codeId).results.find((r: any) => r.measure === 'per_code_binary_u_alpha');

describe('live agreement from the coders’ layers', () => {
  it('recomputes after a coding changes, answers 304 while nothing changed, and equals the shared report on the same data', async () => {
    const [ana, ben] = ctx.coders as [{ id: string; token: string }, { id: string; token: string }];
    await code(ana, 'They pushed a toolkit on us.', 'push');
    await code(ben, 'pushed a toolkit on us.', 'push');
    await code(ana, 'we asked them for help', 'pull');
    await code(ben, 'we built the plan together', 'pull');
    const url = `/api/projects/${ctx.projectId}/agreement?unit=character`;
    let first: any;
    await waitFor(async () => {
      first = (await ctx.owner.get(url)).body;
      return first.report.perCode.length === 3 && first.report.coderIds.length === 2;
    }, 3000, 'the report');
    const before = alphaOf(first, 'push');
    expect(before.undefined).toBe(false);

    // Nothing changed: the ETag answers 304.
    const etagResponse = await ctx.owner.get(url);
    const again = await ctx.owner.request('GET', url, undefined, { 'if-none-match': etagResponse.headers.get('etag')! });
    expect(again.status).toBe(304);

    // Ben widens his push coding to match Ana's exactly: alpha for push goes up within a second.
    await code(ben, 'They pushed a toolkit on us.', 'push');
    const changedAt = Date.now();
    let after: any;
    await waitFor(async () => {
      after = (await ctx.owner.get(url)).body;
      return alphaOf(after, 'push').value !== before.value;
    }, 1000, 'the dashboard value to change');
    expect(Date.now() - changedAt).toBeLessThan(1000);
    expect(alphaOf(after, 'push').value).toBeGreaterThan(before.value);

    // Same data through the shared report builder directly (the CLI calls it too): the same number.
    const direct = buildAgreementReport({ documents: after.documents, coders: after.coders, codes: after.codes, codings: readCodingsFromReport() }, { unit: { kind: 'character' } });
    expect(alphaOf({ report: direct }, 'push').value).toBeCloseTo(alphaOf(after, 'push').value, 12);
  });

  it('adds reproducible bootstrap intervals for alpha when asked, computed off the event loop', async () => {
    const url = `/api/projects/${ctx.projectId}/agreement?unit=unit&bootstrap=1000&seed=7`;
    const first = (await ctx.owner.get(url)).body;
    const second = (await ctx.owner.get(url.replace('unit=unit', 'unit=unit&excludeUncoded=false'))).body;
    const overall = first.bootstrap.find((b: any) => b.codeId === null);
    expect(overall.samples).toBe(1000);
    expect(first.bootstrap.map((b: any) => b.codeId)).toEqual([null, 'push', 'pull', 'cocreation']);
    expect(second.bootstrap).toEqual(first.bootstrap); // same seed, same data → same interval
    expect(overall.belowMinimum.map((m: any) => m.minimum)).toEqual([0.667, 0.8]);
    expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement?bootstrap=5`)).status).toBe(422);
  });

  it('hides agreement from coders during a blind round unless the owner shows it', async () => {
    const coder = new ApiClient(server.httpUrl, ctx.coders[0]!.token);
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { codingMode: 'blind' });
    expect((await coder.get(`/api/projects/${ctx.projectId}/agreement`)).status).toBe(403);
    expect((await ctx.owner.get(`/api/projects/${ctx.projectId}/agreement`)).status).toBe(200);
    await ctx.owner.patch(`/api/projects/${ctx.projectId}`, { agreementVisibleInBlind: true });
    expect((await coder.get(`/api/projects/${ctx.projectId}/agreement`)).status).toBe(200);
  });
});

/** The codings as the test made them (offsets into the unchanged transcript). */
function readCodingsFromReport() {
  const [ana, ben] = ctx.coders as [{ id: string; token: string }, { id: string; token: string }];
  const at = (phrase: string) => [text.indexOf(phrase), text.indexOf(phrase) + phrase.length] as const;
  const coding = (coderId: string, codeId: string, phrase: string) => ({ documentId: ctx.documentId, coderId, codeId, start: at(phrase)[0], end: at(phrase)[1] });
  return [
    coding(ana.id, 'push', 'They pushed a toolkit on us.'),
    coding(ben.id, 'push', 'pushed a toolkit on us.'),
    coding(ben.id, 'push', 'They pushed a toolkit on us.'),
    coding(ana.id, 'pull', 'we asked them for help'),
    coding(ben.id, 'pull', 'we built the plan together'),
  ];
}

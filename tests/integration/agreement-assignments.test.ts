import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { seedReconcileProject, workedExampleText, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import { createSyncClient, waitFor, waitForSynced, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Issue 11, fix 3: agreement compares each document's assigned coders. A member who codes two
 * passages of a document nobody assigned them no longer drags every figure down as a coder who
 * "coded nothing" everywhere else (the demo's α fell from 0.723 to 0.231 that way).
 */
let server: TestServer;
const clients: SyncClient[] = [];
let ctx: ReconcileProject & { coders: Record<'A' | 'B' | 'C', ReconcileCoder> };
let second: string;

beforeAll(async () => {
  server = await startTestServer();
  // Worked example 1's codings by A and B on P1; C joins but codes nothing yet.
  ctx = (await seedReconcileProject(server, clients, ['A', 'B', 'C'], example1)) as typeof ctx;
  // A second transcript, which A and B code the same way.
  second = (await ctx.owner.post(`/api/projects/${ctx.projectId}/documents`, { name: 'P2', text: workedExampleText })).body.id;
  for (const name of ['A', 'B'] as const) {
    await code(ctx.coders[name], second, example1.filter((c) => c.coderId === name));
  }
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

async function code(coder: ReconcileCoder, documentId: string, codings: readonly { id: string; codeId: string; start: number; end: number }[]): Promise<void> {
  const transcript = createSyncClient(server.syncUrl, `text:${ctx.projectId}:${documentId}`, { token: coder.token });
  const layer = createSyncClient(server.syncUrl, `layer:${ctx.projectId}:${documentId}:${coder.id}`, { token: coder.token });
  clients.push(transcript, layer);
  await Promise.all([waitForSynced(transcript), waitForSynced(layer)]);
  for (const c of codings) addCoding(layer.doc, { id: `${documentId}-${c.id}`, codeId: c.codeId, anchor: createSpanAnchor(transcriptText(transcript.doc), c.start, c.end), at: Date.now() });
}

const url = () => `/api/projects/${ctx.projectId}/agreement?unit=character`;
const figure = (body: any, measure: string) => body.report.overall.find((r: any) => r.measure === measure);
async function agreementWhen(ready: (body: any) => boolean, what: string): Promise<any> {
  let body: any;
  await waitFor(async () => ready((body = (await ctx.owner.get(url())).body)), 5000, what);
  return body;
}

describe('agreement over each document’s assigned coders', () => {
  it('compares the assigned coders only, reports what it left out, and who covered little', async () => {
    const { A, B, C } = ctx.coders;
    const twoCoders = await agreementWhen((b) => b.report?.documentIds.length === 2 && b.report.coderIds.length === 2 && b.coverage?.every((c: any) => c.codedDocuments === 2), 'A and B on both documents');
    const alpha = figure(twoCoders, 'krippendorff_alpha').value as number;
    expect(alpha).toBeGreaterThan(0);

    // C codes two passages of P1 only: without assignments C is compared everywhere and the figure falls.
    await code(C, ctx.documentId, [
      { id: 'c1', codeId: 'push', start: 0, end: 120 },
      { id: 'c2', codeId: 'cocreation', start: 600, end: 690 },
    ]);
    const threeCoders = await agreementWhen((b) => b.report.coderIds.includes(C.id), 'C to join the report');
    expect(figure(threeCoders, 'krippendorff_alpha').value).toBeLessThan(alpha);
    expect(threeCoders.coverage).toContainEqual({ coderId: C.id, comparedDocuments: 2, codedDocuments: 1 });

    // The owner assigns A and B to both documents: C's codings are set aside and the figure is A and B's again, exactly.
    for (const documentId of [ctx.documentId, second]) {
      expect((await ctx.owner.put(`/api/projects/${ctx.projectId}/documents/${documentId}/assignments`, { userIds: [A.id, B.id] })).status).toBe(200);
    }
    const assigned = await agreementWhen((b) => !b.report.coderIds.includes(C.id), 'C to leave the report');
    expect(assigned.report.coderIds.sort()).toEqual([A.id, B.id].sort());
    expect(figure(assigned, 'krippendorff_alpha').value).toBe(alpha);
    expect(assigned.unassignedCodings).toBe(2);
    expect(assigned.documents.map((d: any) => d.coderIds.sort())).toEqual([[A.id, B.id].sort(), [A.id, B.id].sort()]);
    // Progress names each document's assigned coders, so the page can show C's codings as outside the assignment.
    const progress = (await ctx.owner.get(`/api/projects/${ctx.projectId}/progress`)).body;
    const p1 = progress.documents.find((d: any) => d.documentId === ctx.documentId);
    expect(p1.assigned.sort()).toEqual([A.id, B.id].sort());
    expect(p1.counts[C.id]).toBe(2);

    // C assigned to P1 as well: compared there only, missing (not "coded nothing") in P2.
    expect((await ctx.owner.put(`/api/projects/${ctx.projectId}/documents/${ctx.documentId}/assignments`, { userIds: [A.id, B.id, C.id] })).status).toBe(200);
    const partly = await agreementWhen((b) => b.report.coderIds.includes(C.id), 'C back on P1');
    expect(partly.unassignedCodings).toBe(0);
    expect(partly.coverage).toContainEqual({ coderId: C.id, comparedDocuments: 1, codedDocuments: 1 });
    const p2 = partly.documents.find((d: any) => d.id === second);
    expect(p2.coderIds).not.toContain(C.id);
    // One continuum per coder cannot hold a coder missing from a document; the coefficients can.
    expect(figure(partly, 'u_alpha_2004')).toMatchObject({ undefined: true, reason: 'unequalCoderSets' });
    expect(figure(partly, 'krippendorff_alpha').undefined).toBe(false);
    // A and B's pair still covers both documents: its figure is theirs alone.
    const pair = partly.report.perCoderPair.find((p: any) => [...p.coderIds].sort().join() === [A.id, B.id].sort().join());
    expect(pair.results.find((r: any) => r.measure === 'krippendorff_alpha').value).toBe(alpha);
  });
});

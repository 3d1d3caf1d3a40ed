import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example4 } from '../../shared/reconcile/worked-examples.ts';
import { seedReconcileProject, type ReconcileProject } from '../support/reconcile-project.ts';
import type { SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: SyncClient[] = [];
let ctx: ReconcileProject;

beforeAll(async () => {
  server = await startTestServer();
  ctx = await seedReconcileProject(server, clients, ['A', 'B', 'C'], example4);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('pre-merge on the server (worked example 4)', () => {
  const base = () => `/api/projects/${ctx.projectId}/documents/${ctx.documentId}`;
  const name = (id: string) => Object.entries(ctx.coders).find(([, c]) => c.id === id)?.[0];

  it('RC5: completeAgreement merges nothing here and says why', async () => {
    const { body } = await ctx.owner.post(`${base()}/premerge`, { strategy: { kind: 'completeAgreement' } });
    expect(body.merged).toEqual([]);
    expect(body.open.map((o: { reason: string }) => o.reason)).toEqual(['codeConflict', 'omission']);
  });

  it('RC7/RC8: threshold {2, 0.6, annotated} writes one auto decision per merged locus, with its strategy and dissent, and a re-merge keeps them', async () => {
    const strategy = { kind: 'threshold', userThreshold: 2, confidence: 0.6, denominator: 'annotated' };
    const first = await ctx.owner.post(`${base()}/premerge`, { strategy });
    expect(first.status).toBe(200);
    expect(first.body.merged.map((d: any) => ({ action: d.action, result: d.result.map((r: any) => [r.codeId, r.start, r.end]), dissent: d.strategy.dissent.map(name), confidence: Number(d.strategy.confidence.toFixed(3)) }))).toEqual([
      { action: 'auto', result: [['pull', 300, 420]], dissent: ['C'], confidence: 0.667 },
      { action: 'auto', result: [['cocreation', 500, 640]], dissent: [], confidence: 1 },
    ]);
    expect(first.body.merged[0].strategy.strategy).toEqual(strategy);
    const loci = (await ctx.owner.get(`${base()}/loci`)).body.loci;
    expect(loci.map((l: any) => l.status)).toEqual(['autoResolvedWithDissent', 'autoResolved']);

    const again = await ctx.owner.post(`${base()}/premerge`, { strategy: { kind: 'incompleteAgreement' } });
    expect(again.body).toEqual({ merged: [], open: [] });
    expect((await ctx.owner.get(`${base()}/decisions`)).body.decisions).toHaveLength(2);
  });

  it('is for owners, and refuses a strategy it does not know', async () => {
    expect((await ctx.coders.A!.api.post(`${base()}/premerge`, {})).status).toBe(403);
    expect((await ctx.owner.post(`${base()}/premerge`, { strategy: { kind: 'threshold', userThreshold: 2, confidence: 2, denominator: 'annotated' } })).body.error).toMatchObject({ code: 'validation', field: 'strategy' });
  });
});

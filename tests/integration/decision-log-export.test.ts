import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example1 } from '../../shared/reconcile/worked-examples.ts';
import { csvCell } from '../../shared/interop-export/index.ts';
import { parseCsv } from '../../shared/model/attributes.ts';
import { seedReconcileProject, workedExampleText, type ReconcileCoder, type ReconcileProject } from '../support/reconcile-project.ts';
import { waitFor, type SyncClient } from '../support/sync-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The reconciliation log export (issue 12, "Other exports"): `GET …/export?format=decisions-csv`
 * lists every decision of worked example 1 — a superseded one marked, a rejection with no coding
 * written — with names, the codes written, their positions and the passage, the rationale and who
 * decided. Owners only: decisions quote every coder's choices.
 */
let server: TestServer;
const clients: SyncClient[] = [];
let ctx: ReconcileProject & { coders: Record<'A' | 'B', ReconcileCoder> };

beforeAll(async () => {
  server = await startTestServer();
  ctx = (await seedReconcileProject(server, clients, ['A', 'B'], example1)) as typeof ctx;
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

async function download(cookie: string | null) {
  const response = await fetch(`${server.httpUrl}/api/projects/${ctx.projectId}/export?format=decisions-csv`, { headers: cookie ? { cookie } : {} });
  return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), text: await response.text() };
}

describe('the reconciliation log export', () => {
  it('lists every decision, oldest first, with what it wrote, why and by whom', async () => {
    const base = `/api/projects/${ctx.projectId}/documents/${ctx.documentId}`;
    let loci: { id: string; domainId: string; start: number; end: number }[] = [];
    await waitFor(async () => (loci = (await ctx.owner.get(`${base}/loci`)).body.loci?.filter((l: { domainId: string }) => l.domainId === 'stages') ?? []).length === 4, 5000, 'the loci');
    const [first, second] = loci;
    const accepted = await ctx.owner.post(`${base}/decisions`, { locusId: first!.id, action: 'accept', userIds: [ctx.coders.A.id], rationale: 'A read it as "push", = the definition' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    const rejected = await ctx.owner.post(`${base}/decisions`, { locusId: second!.id, action: 'rejectAll', rationale: 'neither fits' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(201);
    const redone = await ctx.owner.post(`${base}/decisions`, { locusId: first!.id, action: 'accept', userIds: [ctx.coders.B.id], supersedes: accepted.body.decision.id, rationale: 'on reflection, B' });
    expect(redone.status, JSON.stringify(redone.body)).toBe(201);

    const members: { userId: string; name: string }[] = (await ctx.owner.get(`/api/projects/${ctx.projectId}/members`)).body;
    const nameOf = new Map(members.map((m) => [m.userId, m.name]));
    const file = await download(ctx.owner.sessionCookie);
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^text\/csv/);
    expect(file.disposition).toMatch(/reconciliation-log\.csv/);
    const [header, ...rows] = parseCsv(file.text.replace(/^\uFEFF/, '')).filter((row) => row.length > 1);
    const column = (name: string) => header!.indexOf(name);
    expect(header).toContain('passage (as the text reads now)');
    // Ids as the file holds them: one starting with `-` (1 in 64 of them) is guarded like any
    // cell a spreadsheet would run as a formula.
    const byId = (id: string) => rows.filter((r) => r[column('decision id')] === csvCell(id));
    // The first acceptance, superseded by the second; each wrote its coder's codings, with their passages.
    const firstRows = byId(accepted.body.decision.id);
    expect(firstRows.length).toBeGreaterThan(0);
    for (const row of firstRows) {
      expect(row[column('current')]).toBe('no');
      expect(row[column('superseded by')]).toBe(csvCell(redone.body.decision.id));
      expect(row[column('from coders')]).toBe(nameOf.get(ctx.coders.A.id));
      expect(row[column('rationale')]).toBe('A read it as "push", = the definition');
      const [start, end] = [Number(row[column('start')]), Number(row[column('end')])];
      expect(row[column('passage (as the text reads now)')]).toBe(workedExampleText.slice(start, end));
      expect(row[column('code path')]).not.toBe('');
    }
    expect(byId(redone.body.decision.id).length).toBeGreaterThan(0);
    expect(byId(redone.body.decision.id).every((r) => r[column('current')] === 'yes' && r[column('supersedes')] === csvCell(accepted.body.decision.id) && r[column('from coders')] === nameOf.get(ctx.coders.B.id))).toBe(true);
    // A rejection wrote nothing: one row, no code.
    expect(byId(rejected.body.decision.id)).toHaveLength(1);
    expect(byId(rejected.body.decision.id)[0]![column('code path')]).toBe('');
    expect(byId(rejected.body.decision.id)[0]![column('decision')]).toBe('rejected all');
    // Oldest first; decided by the owner, named.
    const times = rows.map((r) => r[column('decided at')]!);
    expect([...times].sort()).toEqual(times);
    expect(new Set(rows.map((r) => r[column('decided by')]))).toEqual(new Set([members.find((m) => m.name === 'PI')!.name]));
  });

  it('is for owners only', async () => {
    expect((await download(ctx.coders.A.api.sessionCookie)).status).toBe(403);
    expect((await download(ctx.viewer.sessionCookie)).status).toBe(403);
  });
});

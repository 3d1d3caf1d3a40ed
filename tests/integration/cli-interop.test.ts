import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { SegmentView } from '../../shared/api/index.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode } from '../../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import { nodeIo } from '../../server/cli/node-io.ts';
import { runCli } from '../../server/cli/run-cli.ts';
import { ApiClient } from '../support/api-client.ts';
import { codeFixture } from '../support/code-fixture.ts';
import { waitFor } from '../support/sync-client.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The `accord` CLI against a real server (issue 12, must-show 4): a project where two coders code
 * the same two transcripts (emoji and Devanagari in them; some passages agreed, some not), plus a
 * consensus from the pre-merge, is exported with `accord export`; `accord agreement file.qdpx`
 * then gives every number the dashboard gives for the project (`GET …/agreement`), overall and per
 * code, document, domain and coder pair, at each unit. `accord import` brings the file into a new
 * project (whose dashboard gives the same numbers again) and previews adding it to the original.
 */
let server: TestServer;
let owner: ApiClient;
let ownerToken: string;
let importerToken: string;
let projectId: string;
let dir: string;
let qdpxPath: string;

const p01 =
  'Interviewer: How did the new kit reach you? 📦\n' +
  'P01: It was pushed on us, honestly 😤 and nobody asked.\n\n' +
  'Interviewer: And then?\n' +
  'P01: We pulled what we needed 👩‍👩‍👧 and built the rest together 🇳🇱.';
const p02 = 'Interviewer: Anything else?\nP02: Only that the ठीक है moment came late 🙂 but it helped.';

const codes: Code[] = [
  codeFixture('question', { name: 'Question', order: 0 }),
  codeFixture('push', { name: 'Push', order: 1, domain: 'pathway' }),
  codeFixture('pull', { name: 'Pull', order: 2, domain: 'pathway' }),
  codeFixture('cocreate', { name: 'Co-creation', order: 3, domain: 'pathway' }),
  codeFixture('emotion', { name: 'Emotion ✨', order: 4 }),
  codeFixture('frustration', { name: 'Frustration', parentId: 'emotion', order: 0, domain: 'affect' }),
  codeFixture('calm', { name: 'Calm', parentId: 'emotion', order: 1, domain: 'affect' }),
];
type Coder = 'ana' | 'ben';
/** [coder, document, phrase, code]: the same question coded alike, pushes and pulls that overlap, frustration that differs. */
const plan: [Coder, 'p01' | 'p02', string, string][] = [
  ['ana', 'p01', 'How did the new kit reach you? 📦', 'question'],
  ['ben', 'p01', 'How did the new kit reach you? 📦', 'question'],
  ['ana', 'p01', 'It was pushed on us, honestly 😤', 'push'],
  ['ben', 'p01', 'pushed on us, honestly 😤', 'push'],
  ['ana', 'p01', 'We pulled what we needed 👩‍👩‍👧', 'pull'],
  ['ben', 'p01', 'We pulled what we needed', 'pull'],
  ['ana', 'p01', 'honestly 😤 and nobody asked', 'frustration'],
  ['ben', 'p01', 'nobody asked', 'frustration'],
  ['ana', 'p01', 'built the rest together 🇳🇱', 'cocreate'],
  ['ben', 'p02', 'ठीक है moment', 'pull'],
  ['ana', 'p02', 'came late 🙂', 'frustration'],
  ['ben', 'p02', 'came late 🙂 but it helped', 'frustration'],
];

/** Runs `accord …` in this process on the real files, network and an empty environment, collecting its output. */
async function accord(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { ...nodeIo(), env, stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const serverArgs = (token: string) => ['--url', server.httpUrl, '--token', token];

beforeAll(async () => {
  server = await startTestServer();
  dir = makeTempDir('accord-cli-');
  qdpxPath = path.join(dir, 'kit study.qdpx');
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'Pat Lee');
  ownerToken = (await owner.post('/api/tokens', { name: 'cli' })).body.token;
  projectId = (await owner.post('/api/projects', { name: 'Kit study' })).body.id;
  const docs = {
    p01: (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P01 – interview', text: p01 })).body.id as string,
    p02: (await owner.post(`/api/projects/${projectId}/documents`, { name: 'P02', text: p02 })).body.id as string,
  };
  const coders = {} as Record<Coder, string>;
  for (const [key, email, name] of [['ana', 'ana@example.org', 'Ana Ortiz'], ['ben', 'ben@example.org', 'Ben Kim']] as const) {
    const api = new ApiClient(server.httpUrl);
    coders[key] = await api.signIn(email, name);
    const invite = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    expect((await api.post(`/api/invites/${invite}/accept`)).status).toBeLessThan(300);
  }
  const { registry } = server.server;
  await registry.change(`project:${projectId}`, (doc: Y.Doc) => doc.transact(() => codes.forEach((c) => addCode(doc, c))));
  for (const key of ['p01', 'p02'] as const) {
    const transcript = await registry.snapshot(`text:${projectId}:${docs[key]}`);
    const text = transcriptText(transcript).toString();
    for (const coder of ['ana', 'ben'] as const) {
      await registry.change(`layer:${projectId}:${docs[key]}:${coders[coder]}`, (doc: Y.Doc) =>
        plan.forEach(([who, document, phrase, codeId], i) => {
          if (who !== coder || document !== key) return;
          const start = text.indexOf(phrase);
          if (start < 0) throw new Error(`"${phrase}" is not in ${key}`);
          addCoding(doc, { id: `k${i}`, codeId, anchor: createSpanAnchor(transcriptText(transcript), start, start + phrase.length), at: Date.UTC(2024, 4, 1 + i) });
        }),
      );
    }
    transcript.destroy();
  }
  await waitFor(async () => (await owner.get(`/api/projects/${projectId}/segments?limit=500`)).body.total === plan.length, 5000, 'every coding to be stored');
  // Ana and Ben coded the question alike: the pre-merge writes it into the consensus.
  expect((await owner.post(`/api/projects/${projectId}/documents/${docs.p01}/premerge`, {})).status).toBe(200);
  const consensus = async () => (await owner.get(`/api/projects/${projectId}/segments?userId=consensus&limit=500`)).body.segments as SegmentView[];
  await waitFor(async () => (await consensus()).length > 0, 5000, 'the consensus coding');

  const importer = new ApiClient(server.httpUrl);
  await importer.signIn('ida@example.org', 'Ida Berg');
  importerToken = (await importer.post('/api/tokens', { name: 'cli' })).body.token;
}, 30_000);

afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

type Result = { measure: string; level: string | null; value: number | null; undefined: boolean; reason?: string };
type ReportJson = {
  unit: string;
  overall: Result[];
  perCode: { codeId: string; results: Result[] }[];
  perDocument: { documentId: string; results: Result[] }[];
  perCoderPair: { coderIds: [string, string]; results: Result[] }[];
  perDomain: { domain: string; results: Result[] }[];
};
type Names = { coders: Record<string, string>; documents: Record<string, string>; codes: Record<string, string> };

/** Every result of a report keyed by names instead of ids (`code:Push|krippendorff_alpha|nominal`), so two projects' reports compare. */
function resultsByName(report: ReportJson, names: Names): Map<string, Result> {
  const level = (l: string | null): string => {
    if (l === null) return '-';
    const at = /^(.*)(@[0-9.]+%)$/.exec(l);
    if (at && at[1]! in names.codes) return `${names.codes[at[1]!]}${at[2]}`;
    return names.codes[l] ?? l;
  };
  const out = new Map<string, Result>();
  const add = (section: string, results: Result[]) => {
    for (const r of results) {
      const key = `${section}|${r.measure}|${level(r.level)}`;
      expect(out.has(key), key).toBe(false);
      out.set(key, r);
    }
  };
  add('overall', report.overall);
  for (const c of report.perCode) add(`code:${names.codes[c.codeId]}`, c.results);
  for (const d of report.perDocument) add(`document:${names.documents[d.documentId]}`, d.results);
  for (const p of report.perCoderPair) add(`pair:${p.coderIds.map((id) => names.coders[id]).sort().join(' × ')}`, p.results);
  for (const d of report.perDomain) add(`domain:${d.domain}`, d.results);
  return out;
}

/** The dashboard's report of a project, with the names behind its ids. */
async function dashboard(api: ApiClient, id: string, query: string): Promise<Map<string, Result>> {
  const response = await api.get(`/api/projects/${id}/agreement${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const documents = (await api.get(`/api/projects/${id}/documents`)).body as { id: string; name: string }[];
  const byId = (list: { id: string; name?: string }[]) => Object.fromEntries(list.map((x) => [x.id, x.name ?? x.id]));
  return resultsByName(response.body.report, { coders: byId(response.body.coders), codes: byId(response.body.codes), documents: byId(documents) });
}

/** `accord agreement <file> --json …`'s report, by names. */
async function fromFile(...args: string[]): Promise<Map<string, Result>> {
  const { code, out, err } = await accord(['agreement', qdpxPath, '--json', ...args]);
  expect(code, err).toBe(0);
  const json = JSON.parse(out) as ReportJson & { names: Names };
  return resultsByName(json, json.names);
}

/** Asserts two reports hold the same results, every value to 1e-9; returns how many were compared. */
function expectSameReport(actual: Map<string, Result>, expected: Map<string, Result>): number {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, want] of expected) {
    const got = actual.get(key)!;
    expect(got.undefined, key).toBe(want.undefined);
    if (want.undefined) expect(got.reason, key).toBe(want.reason);
    else expect(Math.abs(got.value! - want.value!), `${key}: ${got.value} vs ${want.value}`).toBeLessThan(1e-9);
  }
  return expected.size;
}

describe('accord export', () => {
  it('writes the project’s .qdpx whole, through a .part file, with a token from the environment', async () => {
    const { code, out, err } = await accord(['export', projectId, '-o', qdpxPath], { ACCORD_URL: `${server.httpUrl}/`, ACCORD_TOKEN: ownerToken });
    expect(code, err).toBe(0);
    const bytes = fs.readFileSync(qdpxPath);
    expect(out).toBe(`Wrote ${qdpxPath}: ${bytes.length.toLocaleString('en')} bytes (qdpx export of project ${projectId}).`);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 3, 4]);
    expect(fs.existsSync(`${qdpxPath}.part`)).toBe(false);
    const served = new Uint8Array(await (await fetch(`${server.httpUrl}/api/projects/${projectId}/export?format=qdpx`, { headers: { authorization: `Bearer ${ownerToken}` } })).arrayBuffer());
    expect(Buffer.from(served).equals(bytes)).toBe(true);
  });

  it('writes the codebook as .qdc, the format taken from the file name', async () => {
    const file = path.join(dir, 'codebook.qdc');
    const { code, err } = await accord(['export', projectId, '--output', file, ...serverArgs(ownerToken)]);
    expect(code, err).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/<CodeBook[^>]*>[\s\S]*name="Frustration"/);
  });

  it('passes the table formats through: codings as .csv and .xlsx', async () => {
    const csv = path.join(dir, 'codings.csv');
    const asCsv = await accord(['export', projectId, '-o', csv, ...serverArgs(ownerToken)]);
    expect(asCsv.code, asCsv.err).toBe(0);
    expect(asCsv.out).toMatch(/\(csv export of project /);
    expect(fs.readFileSync(csv, 'utf8')).toMatch(/Ana Ortiz[\s\S]*ठीक है moment/);
    const xlsx = path.join(dir, 'codings.xlsx');
    const asXlsx = await accord(['export', projectId, '-o', xlsx, ...serverArgs(ownerToken)]);
    expect(asXlsx.code, asXlsx.err).toBe(0);
    expect([...fs.readFileSync(xlsx).subarray(0, 4)]).toEqual([0x50, 0x4b, 3, 4]);
  });

  it('prints the server’s sentence and exits 1 when it refuses, and writes nothing', async () => {
    const file = path.join(dir, 'refused.qdpx');
    const unknown = await accord(['export', 'no-such-project', '-o', file, ...serverArgs(ownerToken)]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^accord: Project not found/);
    const badFormat = await accord(['export', projectId, '--format', 'pdf', '-o', file, ...serverArgs(ownerToken)]);
    expect(badFormat.code).toBe(1);
    expect(badFormat.err).toMatch(/^accord: format must be /);
    const badToken = await accord(['export', projectId, '-o', file, ...serverArgs('not-a-token')]);
    expect(badToken.code).toBe(1);
    expect(badToken.err).toMatch(/^accord: .*check --token \/ ACCORD_TOKEN/);
    // A coder is not an owner: the file would hold every layer.
    const coder = new ApiClient(server.httpUrl);
    await coder.signIn('ana@example.org');
    const coderToken = (await coder.post('/api/tokens', { name: 'cli' })).body.token;
    const forbidden = await accord(['export', projectId, '-o', file, ...serverArgs(coderToken)]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.err).toMatch(/^accord: /);
    expect(fs.existsSync(file) || fs.existsSync(`${file}.part`)).toBe(false);
    const nowhere = path.join(dir, 'no-such-folder', 'x.qdpx');
    const unwritable = await accord(['export', projectId, '-o', nowhere, ...serverArgs(ownerToken)]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.err).toMatch(/^accord: cannot write .*no-such-folder.*x\.qdpx: ENOENT/);
  });

  it('names the URL when nothing listens there, and wants a URL and a token before anything', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await accord(['export', projectId, '-o', path.join(dir, 'x.qdpx'), '--url', `http://127.0.0.1:${port}`, '--token', ownerToken]);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(`accord: cannot reach the Accord server at http://127.0.0.1:${port}: connection refused. Is the server running, and are --url / ACCORD_URL right?`);

    const noToken = await accord(['export', projectId, '-o', path.join(dir, 'x.qdpx'), '--url', server.httpUrl]);
    expect(noToken.code).toBe(2);
    expect(noToken.err).toMatch(/--token TOKEN or set ACCORD_TOKEN/);
    const noUrl = await accord(['import', qdpxPath], { ACCORD_TOKEN: ownerToken });
    expect(noUrl.code).toBe(2);
    expect(noUrl.err).toMatch(/--url URL or set ACCORD_URL/);
    expect((await accord(['export', projectId, ...serverArgs(ownerToken)])).code).toBe(2);
  });
});

describe('accord agreement FILE.qdpx gives the dashboard’s numbers', () => {
  beforeAll(async () => {
    if (!fs.existsSync(qdpxPath)) expect((await accord(['export', projectId, '-o', qdpxPath, ...serverArgs(ownerToken)])).code).toBe(0);
  });

  it('at the character unit (the dashboard’s default), in every section', async () => {
    const expected = await dashboard(owner, projectId, '');
    const compared = expectSameReport(await fromFile(), expected);
    // Not a vacuous match: the coders agree on some codes and not on others.
    const alphas = [...expected].filter(([k, r]) => k.startsWith('code:') && r.measure === 'per_code_binary_u_alpha' && !r.undefined).map(([, r]) => r.value!);
    expect(alphas.some((a) => a > 0.5 && a < 1)).toBe(true);
    expect(alphas.some((a) => a < 0.5)).toBe(true);
    expect(alphas).toContain(1);
    expect(compared).toBeGreaterThan(150);
  });

  it.each([
    ['the segment unit', '?unit=segment', ['--unit', 'segment']],
    ['the segment unit with a 60 % threshold', '?unit=segment&threshold=60', ['--unit', 'segment', '--threshold', '60']],
    ['the transcript unit', '?unit=unit', ['--unit', 'unit']],
    ['the document unit', '?unit=document', ['--unit', 'document']],
    ['the character unit without uncoded characters', '?excludeUncoded=1', ['--exclude-uncoded']],
  ])('at %s', async (_, query, args) => {
    expectSameReport(await fromFile(...args), await dashboard(owner, projectId, query));
  });

  it('with the consensus compared as one more coder (--with-consensus, the dashboard’s against=consensus)', async () => {
    const withConsensus = await fromFile('--with-consensus');
    expectSameReport(withConsensus, await dashboard(owner, projectId, '?against=consensus'));
    expect([...withConsensus.keys()].some((k) => k.startsWith('pair:Ana Ortiz × Consensus'))).toBe(true);
  });

  it('prints coders, documents and codes by name, and says the consensus was left out', async () => {
    const { code, out } = await accord(['agreement', qdpxPath, '--measure', 'krippendorff_alpha']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Project "Kit study" \(written by Accord [^)]+\)\nAgreement report — unit: character; 2 coders \(Ana Ortiz, Ben Kim\), 2 documents, 7 codes/);
    expect(out).toMatch(/Note: the consensus layer's 1 coding is not compared \(--with-consensus/);
    expect(out).toMatch(/\nCode Frustration\n {2}Krippendorff's alpha \[nominal\]/);
    expect(out).toMatch(/\nDocument P01 – interview\n/);
    expect(out).toMatch(/\nDomain affect\n/);
    expect(out).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('takes coders and documents by name', async () => {
    const byName = await fromFile('--coders', 'Ben Kim,Ana Ortiz', '--documents', 'P02');
    const { code, out } = await accord(['agreement', qdpxPath, '--json', '--documents', 'P02']);
    expect(code).toBe(0);
    expect(JSON.parse(out).documentIds).toHaveLength(1);
    expect(byName.get('overall|krippendorff_alpha|nominal')).toBeDefined();
    const unknown = await accord(['agreement', qdpxPath, '--coders', 'Ana Ortiz,Cleo']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe('accord: --coders: the file has no coder named "Cleo" (it has "Ana Ortiz", "Ben Kim")');
  });
});

describe('accord import', () => {
  it('imports the file as a new project whose dashboard gives the same numbers', async () => {
    const { code, out, err } = await accord(['import', qdpxPath, '--json', ...serverArgs(importerToken)]);
    expect(code, err).toBe(0);
    const body = JSON.parse(out);
    expect(body.project.name).toBe('Kit study');
    expect(body.report).toMatchObject({ documents: 2, codes: codes.length, layers: 2, codings: plan.length + 1 });
    const importer = new ApiClient(server.httpUrl, importerToken);
    expectSameReport(await dashboard(importer, body.project.id, ''), await dashboard(owner, projectId, ''));
    expectSameReport(await dashboard(importer, body.project.id, '?unit=unit'), await dashboard(owner, projectId, '?unit=unit'));

    const again = await accord(['import', qdpxPath, ...serverArgs(importerToken)]);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/^Imported kit study\.qdpx as a new project "Kit study" \(id [^)]+\):\n {2}2 documents, 7 codes, 2 coder layers, 13 codings placed\./);
  });

  it('previews adding the file to the project it came from: everything already there, nothing changed', async () => {
    const before = await owner.get(`/api/projects/${projectId}/segments?limit=500`);
    const { code, out, err } = await accord(['import', qdpxPath, '--into', projectId, '--preview', '--json', ...serverArgs(ownerToken)]);
    expect(code, err).toBe(0);
    const body = JSON.parse(out);
    expect(body).toMatchObject({ preview: true, project: { id: projectId, name: 'Kit study' }, report: { documents: 0, codes: 0 } });
    const matched = body.report.matched as { kind: string; name: string }[];
    expect(matched.filter((m) => m.kind === 'document').map((m) => m.name).sort()).toEqual(['P01 – interview', 'P02']);
    expect((await owner.get(`/api/projects/${projectId}/segments?limit=500`)).body.total).toBe(before.body.total);

    const human = await accord(['import', qdpxPath, '--into', projectId, '--preview', ...serverArgs(ownerToken)]);
    expect(human.code, human.err).toBe(0);
    expect(human.out).toMatch(/^Preview of importing kit study\.qdpx into "Kit study" \(id [^)]+\) — nothing was changed\./);
    expect(human.out).toMatch(/\nWould add: none\nAlready in the project \(\d+\)\n/);
    expect(human.out).toMatch(/\n {2}document \(2\)\n {4}P01 – interview — .*\n {4}P02 — /);
    expect(human.out).toMatch(/\n {4}Ana Ortiz \(6 codings\) — /);
  });

  it('refuses --preview without --into, and prints the server’s sentence for a file that is not a project', async () => {
    expect((await accord(['import', qdpxPath, '--preview', ...serverArgs(ownerToken)])).code).toBe(2);
    const notZip = path.join(dir, 'notes.qdpx');
    fs.writeFileSync(notZip, 'just some text');
    const refused = await accord(['import', notZip, ...serverArgs(importerToken)]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^accord: notes\.qdpx: /);
    const missing = await accord(['import', path.join(dir, 'absent.qdpx'), ...serverArgs(importerToken)]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^accord: cannot read .*absent\.qdpx: no such file/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let owner: ApiClient;
let projectId: string;
beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  projectId = (await owner.post('/api/projects', { name: 'Attributes' })).body.id;
  for (const name of ['P01', 'P02', 'P03']) await owner.post(`/api/projects/${projectId}/documents`, { name, text: `Interviewer: Hello ${name}.` });
});
afterAll(async () => {
  await server?.close();
});

describe('participant attributes', () => {
  it('imports a CSV table matched to documents by name, with inferred types, and reports unmatched rows', async () => {
    const csv = 'Participant,Role,Sector,Years\nP01,coach,health,12\np02,manager,education,3\nP09,coach,health,1\n';
    const result = await owner.request('POST', `/api/projects/${projectId}/attributes/import`, csv, { 'content-type': 'text/csv' });
    expect(result.status).toBe(200);
    expect(result.body.fields.map((f: any) => [f.key, f.type])).toEqual([['role', 'category'], ['sector', 'category'], ['years', 'number']]);
    expect(result.body).toMatchObject({ updated: 2, unmatched: ['P09'] });
    const documents = (await owner.get(`/api/projects/${projectId}/documents`)).body;
    expect(documents.find((d: any) => d.name === 'P02').attributes).toEqual({ role: 'manager', sector: 'education', years: 3 });
    expect(documents.find((d: any) => d.name === 'P03').attributes).toEqual({});
  });

  it('edits one value inline with type checks, and changes nothing when a table has a bad value', async () => {
    const documents = (await owner.get(`/api/projects/${projectId}/documents`)).body;
    const p03 = documents.find((d: any) => d.name === 'P03');
    const edited = await owner.patch(`/api/projects/${projectId}/documents/${p03.id}`, { attributes: { years: '7' } });
    expect(edited.body.attributes).toEqual({ years: 7 });
    const wrong = await owner.patch(`/api/projects/${projectId}/documents/${p03.id}`, { attributes: { years: 'seven' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toMatch(/Years: "seven" is not a number/);
    const bad = await owner.request('POST', `/api/projects/${projectId}/attributes/import`, 'Participant,Years\nP01,40\nP02,lots\n', { 'content-type': 'text/csv' });
    expect(bad.status).toBe(422);
    expect((await owner.get(`/api/projects/${projectId}/documents`)).body.find((d: any) => d.name === 'P01').attributes.years).toBe(12);
  });

  it('lets only owners define fields and change documents', async () => {
    const code = (await owner.post(`/api/projects/${projectId}/invites`, { role: 'coder' })).body.code;
    const coder = new ApiClient(server.httpUrl);
    await coder.signIn('coder@example.org');
    await coder.post(`/api/invites/${code}/accept`);
    expect((await coder.request('PUT', `/api/projects/${projectId}/attribute-fields`, { fields: [] })).status).toBe(403);
    const someDoc = (await coder.get(`/api/projects/${projectId}/documents`)).body[0];
    expect((await coder.patch(`/api/projects/${projectId}/documents/${someDoc.id}`, { name: 'x' })).status).toBe(403);
    expect((await coder.get(`/api/projects/${projectId}`)).body.attributeFields.length).toBe(3);
  });
});

describe('participant attribute tables beyond the limits', () => {
  const importCsv = (csv: string) => owner.request('POST', `/api/projects/${projectId}/attributes/import`, csv, { 'content-type': 'text/csv' });
  const fieldsNow = async () => (await owner.get(`/api/projects/${projectId}`)).body.attributeFields.map((f: { key: string }) => f.key);
  const attributesOf = async (name: string) => (await owner.get(`/api/projects/${projectId}/documents`)).body.find((d: { name: string }) => d.name === name).attributes;

  it('refuses a table of 10,000 columns with 422 and keeps the project’s field list', async () => {
    const before = await fieldsNow();
    const columns = Array.from({ length: 10_000 }, (_, i) => `c${i + 1}`);
    const response = await importCsv(`Participant,${columns.join(',')}\nP01,${columns.map(() => '1').join(',')}\n`);
    expect(response.status).toBe(422);
    expect(response.body.error.message).toMatch(/10000 attribute columns; a project has at most 50 attribute fields/);
    expect(await fieldsNow()).toEqual(before);
  });

  it('counts the fields the project already has: 3 now and 48 new columns are refused', async () => {
    expect(await fieldsNow()).toHaveLength(3);
    const columns = Array.from({ length: 48 }, (_, i) => `extra ${i + 1}`);
    const response = await importCsv(`Participant,${columns.join(',')}\nP01,${columns.map(() => 'x').join(',')}\n`);
    expect(response.status).toBe(422);
    expect(response.body.error.message).toMatch(/would have 51 attribute fields \(3 now, 48 new columns\); a project has at most 50/);
    expect(await fieldsNow()).toHaveLength(3);
  });

  it('refuses more than 10,000 rows with 422', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `Someone ${i},${i % 50}`);
    const response = await importCsv(`Participant,Years\n${rows.join('\n')}\n`);
    expect(response.status).toBe(422);
    expect(response.body.error.message).toMatch(/10001 rows; at most 10000/);
  });

  it('answers 413 to a 5 MiB table, as a text/csv body and as an uploaded file', async () => {
    const row = 'P01,' + 'x'.repeat(1000) + '\n';
    const csv = `Participant,Notes\n${row.repeat(Math.ceil((5 * 1024 * 1024) / row.length))}`;
    expect((await importCsv(csv)).status).toBe(413);
    const token = (await owner.post('/api/tokens', { name: 'upload' })).body.token as string;
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'attributes.csv');
    const upload = await fetch(`${server.httpUrl}/api/projects/${projectId}/attributes/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(upload.status).toBe(413);
    expect(await fieldsNow()).toHaveLength(3);
  });

  it('changes nothing — no field, no document — when one row of a table is wrong', async () => {
    const response = await importCsv('Participant,Years,Region\nP01,41,north\nP02,lots,south\n');
    expect(response.status).toBe(422);
    expect(response.body.error.message).toMatch(/^Nothing was imported\. P02: Years: "lots" is not a number/);
    expect(await fieldsNow()).toEqual(['role', 'sector', 'years']);
    expect(await attributesOf('P01')).toEqual({ role: 'coach', sector: 'health', years: 12 });
  });
});

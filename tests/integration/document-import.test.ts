import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscriptText, readTranscriptUnits } from '../../shared/ydoc/transcript-doc.ts';
import { buildDocx } from '../fixtures/import/docx-fixture.ts';
import { ApiClient } from '../support/api-client.ts';
import { startTestServer, testAdminToken, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let owner: ApiClient;
let projectId: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = new ApiClient(server.httpUrl);
  await owner.signIn('pi@example.org', 'PI');
  projectId = (await owner.post('/api/projects', { name: 'Imports' })).body.id;
});
afterAll(async () => {
  await server?.close();
});

/** Uploads files exactly as the browser's form (or curl -F file=@…) does. */
async function upload(files: { name: string; bytes: Uint8Array | string }[]) {
  const form = new FormData();
  for (const file of files) form.append('file', new Blob([file.bytes as BlobPart]), file.name);
  const response = await fetch(`${server.httpUrl}/api/projects/${projectId}/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${testAdminToken}` } });
  return { status: response.status, body: (await response.json()) as any };
}

const textOf = (documentId: string) => server.server.registry.read(`text:${projectId}:${documentId}`, (doc) => ({ text: readTranscriptText(doc), units: readTranscriptUnits(doc) }));

describe('importing transcripts over the API', () => {
  it('imports several formats in one request, with units and speakers, and reports each bad file by name', async () => {
    const before = (await owner.get(`/api/projects/${projectId}/documents`)).body.length;
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>How did it start?\n\n00:00:04.500 --> 00:00:09.000\n<v P07>With a <i>toolkit</i> they pushed on us.\n';
    const result = await upload([
      { name: 'P01 interview.txt', bytes: 'Interviewer: How did support start?\r\nP01: They came with a training.\r\nInterviewer: And later?\r\nP01: Later we asked for help.' },
      { name: 'P07.vtt', bytes: vtt },
      { name: 'P09.docx', bytes: buildDocx('<w:p><w:r><w:t>Interviewer: And then?</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">P09: We built it together.</w:t></w:r></w:p>') },
      { name: 'photo.docx', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) },
      { name: 'empty.txt', bytes: '' },
      { name: 'slides.pdf', bytes: '%PDF-1.7' },
    ]);
    expect(result.status).toBe(201);
    expect(result.body.documents.map((d: any) => d.name)).toEqual(['P01 interview', 'P07', 'P09']);
    expect(result.body.errors.map((e: any) => [e.fileName, e.code])).toEqual([
      ['photo.docx', 'corrupt'],
      ['empty.txt', 'empty'],
      ['slides.pdf', 'unsupported'],
    ]);
    for (const error of result.body.errors) expect(error.message.startsWith(error.fileName)).toBe(true);
    // Nothing half-imported: exactly the good files were added.
    expect((await owner.get(`/api/projects/${projectId}/documents`)).body.length).toBe(before + 3);

    const [p01, p07, p09] = result.body.documents;
    const first = await textOf(p01.id);
    expect(first.text).toBe('Interviewer: How did support start?\nP01: They came with a training.\nInterviewer: And later?\nP01: Later we asked for help.');
    expect(first.units.map((u) => u.speaker)).toEqual(['Interviewer', 'P01', 'Interviewer', 'P01']);
    const cues = await textOf(p07.id);
    expect(cues.text).toBe('Interviewer: How did it start?\nP07: With a toolkit they pushed on us.');
    expect(cues.units.map((u) => [u.kind, u.speaker, u.startTime, u.endTime])).toEqual([
      ['cue', 'Interviewer', 1, 4],
      ['cue', 'P07', 4.5, 9],
    ]);
    expect((await textOf(p09.id)).text).toContain('P09: We built it together.');
  });

  it('refuses a request whose files are all bad with 422, and a request without files', async () => {
    const bad = await upload([{ name: 'binary.txt', bytes: new Uint8Array([0, 1, 2, 3, 0, 0, 0, 9]) }]);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].code).toBe('binary');
    const none = await fetch(`${server.httpUrl}/api/projects/${projectId}/documents`, { method: 'POST', body: new FormData(), headers: { authorization: `Bearer ${testAdminToken}` } });
    expect(none.status).toBe(422);
  });

  it('imports pasted text (JSON) through the same pipeline, and rejects empty text with the field named', async () => {
    const pasted = await owner.post(`/api/projects/${projectId}/documents`, { name: 'Pasted', text: 'Interviewer: Hi.\nP02: Hello.\nInterviewer: Tell me more.\nP02: Sure.' });
    expect(pasted.status).toBe(201);
    expect((await textOf(pasted.body.id)).units).toHaveLength(4);
    const empty = await owner.post(`/api/projects/${projectId}/documents`, { name: 'Empty', text: '   \n  ' });
    expect(empty.status).toBe(422);
    expect(empty.body.error.field).toBe('text');
  });
});

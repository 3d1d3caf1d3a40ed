import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxImportBytes } from '../../server/http/import-routes.ts';
import { rawZip, zeroBombDeflate, type RawZipEntry } from '../fixtures/import/docx-fixture.ts';
import { buildQdpx, codePointSpan, guid, projectXml } from '../fixtures/refi/refi-fixtures.ts';
import { ApiClient } from '../support/api-client.ts';
import { codingsByName } from '../support/project-codings.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Every refusal of `POST /api/projects/import` (docs/refi.md, "Refused"), through the real route on
 * a real server: for each malformed or hostile file, a small fixture built here, the status (422, or
 * 413 when too large), a sentence naming the problem, and nothing left behind — no project, no
 * imported coder account. After all of them the server still answers and imports a valid file.
 */
let server: TestServer;
let importer: ApiClient;
let importerToken: string;
let admin: ApiClient;
/** A file on this machine that an external entity could point at; its content must never be sent back. */
let secretPath: string;
const secret = `accord-xxe-canary-${randomBytes(8).toString('hex')}`;

beforeAll(async () => {
  server = await startTestServer();
  importer = new ApiClient(server.httpUrl);
  await importer.signIn('ida@example.org', 'Ida Berg');
  importerToken = (await importer.post('/api/tokens', { name: 'import' })).body.token;
  admin = ApiClient.admin(server.httpUrl);
  secretPath = path.join(makeTempDir('accord-xxe-'), 'secret.txt');
  fs.writeFileSync(secretPath, secret);
});

afterAll(async () => {
  await server?.close();
});

const mia = guid('user-mia');
const push = guid('code-push');
const doc = guid('source-1');
const users = `<Users><User guid="${mia}" name="Mia"/></Users>`;
const codebook = `<CodeBook><Codes><Code guid="${push}" name="Push" isCodable="true"/></Codes></CodeBook>`;
const text = 'Interviewer: Hello.\nP01: We were pushed 😤 hard.';

/** A valid one-source project.qde whose text is `sources/<doc>.txt`, with one coding of "pushed 😤 hard". */
function validProjectXml(plainTextPath = `internal://${doc}.txt`): string {
  const { start, end } = codePointSpan(text, 'pushed 😤 hard');
  const coding = `<Coding guid="${guid('coding')}" creatingUser="${mia}"><CodeRef targetGUID="${push}"/></Coding>`;
  const selection = `<PlainTextSelection guid="${guid('selection')}" startPosition="${start}" endPosition="${end}" creatingUser="${mia}">${coding}</PlainTextSelection>`;
  return projectXml(`${users}${codebook}<Sources><TextSource guid="${doc}" name="P01" plainTextPath="${plainTextPath}">${selection}</TextSource></Sources>`, 'name="Refusals"');
}

/** A stored (uncompressed) zip entry that tells the truth about its size. */
const stored = (name: string, content: string | Uint8Array): RawZipEntry => {
  const data = typeof content === 'string' ? strToU8(content) : content;
  return { name, data, method: 0, declaredSize: data.length };
};

async function upload(bytes: Uint8Array, name = 'study.qdpx'): Promise<{ status: number; body: any; raw: string }> {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  const response = await fetch(`${server.httpUrl}/api/projects/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${importerToken}` } });
  const raw = await response.text();
  return { status: response.status, body: JSON.parse(raw), raw };
}

/** What a refused import must leave as it was: the projects (the importer's and all), the accounts (imported coders too). */
async function traces() {
  const accounts: { email: string }[] = (await admin.get('/api/admin/users')).body.users;
  return {
    importerProjects: (await importer.get('/api/projects')).body.length as number,
    allProjects: (await server.directory.listAllProjects()).length,
    accounts: accounts.length,
    importedCoders: accounts.filter((a) => a.email.endsWith('@accord.invalid')).length,
  };
}

/** A message a researcher can act on: one or a few sentences, no stack trace, no internal error text. */
function expectSentence(message: unknown): asserts message is string {
  expect(typeof message).toBe('string');
  expect(message).toMatch(/^\S[^\n]*[.)]$/);
  expect(message).not.toMatch(/\bat \S+ \(|Error:|\[object/);
}

/** Uploads `bytes`, expects the refusal, and checks that nothing was created. Returns the message. */
async function expectRefused(bytes: Uint8Array, expected: { status: 413 | 422; message: RegExp; name?: string }): Promise<string> {
  const before = await traces();
  const { status, body, raw } = await upload(bytes, expected.name);
  expect(status, raw).toBe(expected.status);
  expect(body.error.code).toBe(expected.status === 413 ? 'payloadTooLarge' : 'validation');
  expectSentence(body.error.message);
  expect(body.error.message).toMatch(expected.message);
  expect(body.project).toBeUndefined();
  expect(await traces()).toEqual(before);
  return body.error.message;
}

describe('import refuses a file that is not a REFI-QDA project', () => {
  it('refuses bytes that are not a zip', async () => {
    const message = await expectRefused(strToU8('just some text, not an archive'), { status: 422, message: /^study\.qdpx: this is not a readable zip archive, so it is not a \.qdpx project\./ });
    expect(message).toContain('Export the project again from the other program as a REFI-QDA project (.qdpx).');
  });

  it('refuses a bare project.qde, saying a .qdpx is a zip of project.qde and its sources', async () => {
    const message = await expectRefused(strToU8(validProjectXml()), { status: 422, name: 'project.qde', message: /^project\.qde: this is not a readable zip archive/ });
    expect(message).toContain('It looks like XML: a .qdpx is a zip of project.qde and its sources');
  });

  it('refuses an archive whose entry is shorter than its directory declares (cut short)', async () => {
    const xml = strToU8(validProjectXml());
    await expectRefused(rawZip([{ name: 'project.qde', data: xml.subarray(0, 100), method: 0, declaredSize: xml.length }]), {
      status: 422,
      message: /"project\.qde" (is incomplete|cannot be unzipped).*damaged/,
    });
  });

  it('refuses a zip with no project.qde in it', async () => {
    await expectRefused(buildQdpx(null, { [`sources/${doc}.txt`]: text, 'notes.txt': 'x' }), { status: 422, message: /^study\.qdpx: the archive has no project\.qde, so it is not a REFI-QDA project\./ });
  });

  it('refuses malformed XML, naming the line and column', async () => {
    const xml = '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x">\n<Users>\n</Project>\n';
    await expectRefused(buildQdpx(xml), { status: 422, message: /^project\.qde is not well-formed XML \(line 4, column \d+: .+\), so it cannot be read\./ });
  });

  it('refuses a project.qde that is not UTF-8 (Latin-1 bytes)', async () => {
    const latin1 = Uint8Array.from([...strToU8('<Project xmlns="urn:QDA-XML:project:1.0" name="caf'), 0xe9, ...strToU8('"/>')]);
    await expectRefused(buildQdpx(null, { 'project.qde': latin1 }), { status: 422, message: /^project\.qde is not valid UTF-8 text, as QDA-XML requires/ });
  });

  it.each([
    ['a CodeBook', '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', /its project\.qde is <CodeBook> in urn:QDA-XML:codebook:1\.0, not a QDA-XML project/],
    ['a Project in another namespace', '<Project xmlns="urn:example:other" name="x"/>', /its project\.qde is <Project> in urn:example:other, not a QDA-XML project/],
    ['an HTML page', '<html><body>Hello</body></html>', /its project\.qde is <html>, not a QDA-XML project/],
  ])('refuses a project.qde whose root is %s, not a Project', async (_, xml, message) => {
    await expectRefused(buildQdpx(xml), { status: 422, message });
  });
});

describe('import refuses DTDs and entities: nothing is expanded or fetched (XXE, billion laughs)', () => {
  const xxe = () => [
    ['an external entity in an internal subset', `<?xml version="1.0"?>\n<!DOCTYPE Project [\n<!ENTITY xxe SYSTEM "file://${secretPath}">\n]>\n${projectXml(`<Description>&xxe;</Description>`, 'name="&xxe;"').replace(/^<\?xml[^>]*>\n/, '')}`, 2],
    ['an external DTD', `<!-- a comment first -->\n<!DOCTYPE Project SYSTEM "file://${secretPath}">\n<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`, 2],
    ['a parameter entity', `<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY % p SYSTEM "file://${secretPath}"> %p;]><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`, 1],
  ] as const;

  it.each(xxe())('refuses %s without reading the file it names', async (_, xml, line) => {
    const before = await traces();
    const { status, body, raw } = await upload(buildQdpx(xml));
    expect(status).toBe(422);
    expectSentence(body.error.message);
    expect(body.error.message).toMatch(new RegExp(`^project\\.qde declares a document type \\(<!DOCTYPE …>, line ${line}\\)\\. QDA-XML never needs one`));
    expect(raw).not.toContain(secret);
    // Nothing anywhere holds the file's content: no project was made from it.
    expect(await traces()).toEqual(before);
    expect(JSON.stringify((await importer.get('/api/projects')).body)).not.toContain(secret);
  });

  it('refuses an entity reference with no DTD as malformed: it is never resolved', async () => {
    const message = await expectRefused(buildQdpx(projectXml('<Description>&xxe;</Description>')), { status: 422, message: /^project\.qde is not well-formed XML \(line 3, column \d+: / });
    expect(message).not.toContain(secret);
  });

  it('refuses a billion-laughs file without expanding it', async () => {
    const lol = [`<!ENTITY lol0 "lol">`, ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)].join('\n');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE Project [\n${lol}\n]>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"><Description>&lol9;</Description></Project>`;
    const message = await expectRefused(buildQdpx(xml), { status: 422, message: /^project\.qde declares a document type \(<!DOCTYPE …>, line 2\)\. .*entities that expand without end or read files/ });
    expect(message).not.toContain('lollol');
  });
});

describe('import refuses paths that leave the archive, and ambiguous archives', () => {
  it.each(['../x.txt', 'sources/../../x.txt', '/etc/x', 'C:\\x', 'C:/Windows/x.txt', '..\\x.txt'])('refuses an archive entry named %s', async (name) => {
    const bytes = rawZip([stored('project.qde', validProjectXml()), stored(`sources/${doc}.txt`, text), stored(name, 'x')]);
    const message = await expectRefused(bytes, { status: 422, message: /^study\.qdpx: the archive holds a file named ".+", which points outside the archive, so it was not opened\.$/ });
    expect(message).toContain(`"${name}"`);
  });

  it.each(['internal://../../secret.txt', 'internal://sources/../../secret.txt', 'internal://%2E%2E/secret.txt', 'internal://%2e%2e%2fsecret.txt', 'relative://..%5Csecret.txt', '../secret.txt'])(
    'refuses a source whose path is %s',
    async (plainTextPath) => {
      const bytes = buildQdpx(validProjectXml(plainTextPath), { 'secret.txt': 'not for you', [`sources/${doc}.txt`]: text });
      const message = await expectRefused(bytes, { status: 422, message: /^study\.qdpx: a source path \(".+"\) points outside the archive, so the project was not opened\.$/ });
      expect(message).toContain(plainTextPath);
    },
  );

  it.each([
    ['the same name twice', `sources/${doc}.txt`, `sources/${doc}.txt`],
    ['names that differ only in their separator', `sources/${doc}.txt`, `sources\\${doc}.txt`],
  ])('refuses an archive holding %s', async (_, first, second) => {
    const bytes = rawZip([stored('project.qde', validProjectXml()), stored(first, text), stored(second, 'We were never pushed.')]);
    await expectRefused(bytes, { status: 422, message: new RegExp(`^study\\.qdpx: the archive holds two files named "sources/${doc}\\.txt", so it is ambiguous which to read\\.$`) });
  });
});

describe('import refuses zip bombs before or while inflating', () => {
  it('refuses an archive listing more than 20,000 entries, from its directory', async () => {
    const entries = [stored('project.qde', validProjectXml()), ...Array.from({ length: 20_000 }, (_, i) => stored(`media/${i}.jpg`, ''))];
    await expectRefused(rawZip(entries), { status: 422, message: /^study\.qdpx: its zip directory lists more than 20000 files, so it was not opened\.$/ });
  });

  it('refuses text files whose declared sizes add up to more than 512 MB, before inflating any', async () => {
    // 52 sources declared at 10 MB each (none alone looks like a bomb), each really one byte.
    const guids = Array.from({ length: 52 }, (_, i) => guid(`big-${i}`));
    const sources = guids.map((g, i) => `<TextSource guid="${g}" name="S${i}" plainTextPath="internal://${g}.txt"/>`).join('');
    const xml = projectXml(`${users}<Sources>${sources}</Sources>`);
    const entries: RawZipEntry[] = [stored('project.qde', xml), ...guids.map((g) => ({ name: `sources/${g}.txt`, data: strToU8('x'), method: 0 as const, declaredSize: 10 * 1024 * 1024 }))];
    await expectRefused(rawZip(entries), { status: 422, message: /^study\.qdpx: its files would unzip to 520 MB, more than the 512 MB Accord accepts, so the project was not opened\.$/ });
  });

  it('refuses a text file compressed more than 200:1 (50 MB of zeros in ~50 KB), before inflating it', async () => {
    const bomb = zeroBombDeflate(203_212);
    const bytes = rawZip([stored('project.qde', validProjectXml()), { name: `sources/${doc}.txt`, data: bomb.data, method: 8, declaredSize: bomb.inflatedSize }]);
    await expectRefused(bytes, { status: 422, message: new RegExp(`^study\\.qdpx: "sources/${doc}\\.txt" is compressed more than 200:1 \\(.+ unzipping to 50 MB\\), the signature of a "zip bomb"`) });
  });

  it('stops inflating a text file as soon as it grows past the size its headers declare', async () => {
    // Declared as 4 KB (nothing suspicious), it inflates to 2 MB.
    const bomb = zeroBombDeflate(8_000);
    const bytes = rawZip([stored('project.qde', validProjectXml()), { name: `sources/${doc}.txt`, data: bomb.data, method: 8, declaredSize: 4096 }]);
    await expectRefused(bytes, { status: 422, message: new RegExp(`^study\\.qdpx: "sources/${doc}\\.txt" unzips to more than its zip directory declares .*"zip bomb"`) });
  });

  it('stops inflating project.qde as soon as it grows past the size its headers declare', async () => {
    const bomb = zeroBombDeflate(8_000);
    await expectRefused(rawZip([{ name: 'project.qde', data: bomb.data, method: 8, declaredSize: 1024 }]), { status: 422, message: /^study\.qdpx: "project\.qde" unzips to more than its zip directory declares/ });
  });
});

/**
 * Sends a multipart upload of `fileBytes` zero bytes, declaring its whole length, without this
 * process ever holding the file: zeros are written in 1 MiB chunks, and only while the server has
 * not answered. Resolves with the server's answer (a refusal may come before the body is sent).
 */
function postZeros(fileBytes: number): Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }> {
  const boundary = 'accord-refusal-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.qdpx"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const headers = { authorization: `Bearer ${importerToken}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + fileBytes + tail.length) };
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(new URL('/api/projects/import', server.httpUrl), { method: 'POST', headers }, (response) => {
      answered = true;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')), headers: response.headers });
        request.destroy();
      });
      response.on('error', reject);
    });
    // Once the server has answered and closed, further writes fail: that is expected.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(1024 * 1024);
    let sent = 0;
    const pump = (): void => {
      while (sent < fileBytes && !answered && !request.destroyed) {
        const part = chunk.subarray(0, Math.min(chunk.length, fileBytes - sent));
        sent += part.length;
        if (!request.write(part)) {
          request.once('drain', pump);
          return;
        }
      }
      if (sent === fileBytes && !answered && !request.destroyed) request.end(tail);
    };
    request.write(head);
    pump();
  });
}

describe('import refuses a file over the configured size', () => {
  // The route reads at most `maxImportBytes`; the body limit (app.ts) refuses anything larger from
  // its declared length, before reading it. (A file in the 64 KiB of multipart framing between the
  // two is refused by the reader with the same 413 — see read-project.test.ts for its message — but
  // sending one makes the server hold ~300 MB of copies, too much for this suite.)
  it('refuses an upload declaring more than the 64 MiB body limit before reading it (413)', async () => {
    const before = await traces();
    const { status, body, headers } = await postZeros(maxImportBytes + 1024 * 1024);
    expect(status).toBe(413);
    expect(body.error.code).toBe('payloadTooLarge');
    expect(body.error.message).toBe('Project files are limited to 64 MiB');
    expect(headers.connection).toBe('close');
    expect(await traces()).toEqual(before);
  });

  it('refuses a project.qde nesting elements deeper than 256 (413)', async () => {
    const deep = `${`<Code guid="${push}" name="x" isCodable="true">`.repeat(300)}${'</Code>'.repeat(300)}`;
    await expectRefused(buildQdpx(projectXml(`<CodeBook><Codes>${deep}</Codes></CodeBook>`)), { status: 413, message: /^project\.qde nests elements more than 256 deep \(line \d+\), more than Accord reads\.$/ });
  });
});

describe('after every refusal', () => {
  it('the server still answers, and a valid file still imports with its coding in place', async () => {
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
    const before = await traces();
    const { status, body } = await upload(buildQdpx(validProjectXml(), { [`sources/${doc}.txt`]: text }));
    expect(status).toBe(201);
    expect(body.report).toEqual({ documents: 1, codes: 1, codings: 1, layers: 1, skipped: [], warnings: [] });
    expect(await traces()).toEqual({ ...before, importerProjects: before.importerProjects + 1, allProjects: before.allProjects + 1, accounts: before.accounts + 1, importedCoders: before.importedCoders + 1 });
    expect(await codingsByName(server, importer, body.project.id)).toEqual(['P01 | pushed 😤 hard | Push | Mia | ']);
  });
});

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { bracedUpper, buildQdpx, codePointSpan, guid, projectXml } from '../fixtures/refi/refi-fixtures.ts';
import { ApiClient } from '../support/api-client.ts';
import { codingsByName, documentTexts } from '../support/project-codings.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Every vendor quirk docs/refi.md handles on import ("Vendor quirks handled on import"), through
 * `POST /api/projects/import` on a real server: each test builds the small project.qde another
 * tool would write, imports it, and checks the answer's report (counts, and what was skipped and
 * why) and the imported project itself — every coding as `document | passage | code | coder | memo`,
 * so a passage placed one character off fails.
 */
let server: TestServer;
let importer: ApiClient;
let importerToken: string;

beforeAll(async () => {
  server = await startTestServer();
  importer = new ApiClient(server.httpUrl);
  await importer.signIn('ida@example.org', 'Ida Berg');
  importerToken = (await importer.post('/api/tokens', { name: 'import' })).body.token;
});

afterAll(async () => {
  await server?.close();
});

const mia = guid('user-mia');
const push = guid('code-push');
const pull = guid('code-pull');
const users = `<Users><User guid="${mia}" name="Mia"/></Users>`;
const codebook = `<CodeBook><Codes><Code guid="${push}" name="Push" isCodable="true"/><Code guid="${pull}" name="Pull" isCodable="true"/></Codes></CodeBook>`;
/** Four lines; "We pulled" is after three line breaks, so counting them wrongly moves it. */
const text = 'Interviewer: Hello.\nP01: We were pushed 😤 hard.\nInterviewer: Then?\nP01: We pulled.';

let serial = 0;
/** A fresh, stable GUID for an element nobody refers to. */
const fresh = (kind: string) => guid(`${kind}-${++serial}`);

/** `<Coding>` of `code` by `user` (none when null). */
function coding(code: string, user: string | null = mia): string {
  return `<Coding guid="${fresh('coding')}"${user === null ? '' : ` creatingUser="${user}"`}><CodeRef targetGUID="${code}"/></Coding>`;
}

/** A `PlainTextSelection` of `phrase` in `within` (code points), holding `inner`. */
function selection(phrase: string, inner: string, options: { within?: string; user?: string | null; guid?: string } = {}): string {
  const { start, end } = codePointSpan(options.within ?? text, phrase);
  return positioned(start, end, inner, options);
}

function positioned(start: number, end: number, inner: string, options: { user?: string | null; guid?: string } = {}): string {
  const user = options.user === undefined ? mia : options.user;
  return `<PlainTextSelection guid="${options.guid ?? fresh('selection')}" startPosition="${start}" endPosition="${end}"${user === null ? '' : ` creatingUser="${user}"`}>${inner}</PlainTextSelection>`;
}

/** A `TextSource` whose text is at `plainTextPath` (and/or inline), with its selections. */
function textSource(name: string, where: { path?: string; content?: string; guid?: string }, selections = '', extra = ''): string {
  const pathAttribute = where.path === undefined ? '' : ` plainTextPath="${where.path}"`;
  const content = where.content === undefined ? '' : `<PlainTextContent>${where.content}</PlainTextContent>`;
  return `<TextSource guid="${where.guid ?? fresh('source')}" name="${name}"${pathAttribute}>${content}${selections}${extra}</TextSource>`;
}

/** A `.qdpx` of Mia, Push and Pull, the given sources, any other project children, and files. */
function qdpx(sources: string, files: Record<string, string | Uint8Array>, options: { attributes?: string; namespace?: string | null; inner?: string; users?: string } = {}): Uint8Array {
  const inner = `${options.users ?? users}${codebook}<Sources>${sources}</Sources>${options.inner ?? ''}`;
  return buildQdpx(projectXml(inner, options.attributes ?? 'name="Quirks"', options.namespace === undefined ? 'urn:QDA-XML:project:1.0' : options.namespace), files);
}

interface Imported {
  readonly id: string;
  readonly report: { documents: number; codes: number; codings: number; layers: number; skipped: { kind: string; name: string; reason: string }[]; warnings: { kind: string; name: string; reason: string }[] };
  /** `document | passage | code | coder | memo`, sorted. */
  readonly codings: string[];
  readonly documents: { name: string; text: string }[];
}

/** Imports `bytes` as a new project (it must be accepted) and reads the project back. */
async function importQdpx(bytes: Uint8Array, name = 'study.qdpx'): Promise<Imported> {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  const response = await fetch(`${server.httpUrl}/api/projects/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${importerToken}` } });
  const raw = await response.text();
  expect(response.status, raw).toBe(201);
  const body = JSON.parse(raw);
  const id = body.project.id as string;
  return { id, report: body.report, codings: await codingsByName(server, importer, id), documents: await documentTexts(server, importer, id) };
}

async function membersOf(id: string): Promise<{ userId: string; name: string; email: string; role: string }[]> {
  return (await importer.get(`/api/projects/${id}/members`)).body;
}

async function memosOf(id: string): Promise<{ documentId: string | null; title: string; text: string }[]> {
  const body = (await importer.get(`/api/projects/${id}/memos`)).body;
  return Array.isArray(body) ? body : body.memos;
}

describe('MAXQDA', () => {
  it('reads a CodeRef straight inside a selection (no Coding) as a coding by the selection’s creator', async () => {
    const bytes = qdpx(textSource('P01', { path: 'internal://p01.txt' }, selection('We were pushed', `<CodeRef targetGUID="${push}"/>`)), { 'sources/p01.txt': text }, { attributes: 'name="M" origin="MAXQDA 2022"' });
    const imported = await importQdpx(bytes);
    expect(imported.report).toMatchObject({ documents: 1, codes: 2, codings: 1, layers: 1, skipped: [] });
    expect(imported.codings).toEqual(['P01 | We were pushed | Push | Mia | ']);
    // What was read differently is in the report's warnings.
    expect(imported.report.warnings).toContainEqual(expect.objectContaining({ kind: 'coding', reason: expect.stringMatching(/without a Coding element/) }));
  });

  it('lists a selection that applies no code (with a comment, and without), importing the codings beside it', async () => {
    const commented = codePointSpan(text, 'hard');
    const bare = codePointSpan(text, 'Then?');
    const selections = [
      positioned(commented.start, commented.end, '<Description>Check this later</Description>'),
      positioned(bare.start, bare.end, ''),
      selection('We pulled', coding(pull)),
    ].join('');
    const imported = await importQdpx(qdpx(textSource('P01', { path: 'internal://p01.txt' }, selections), { 'sources/p01.txt': text }, { attributes: 'name="M" origin="MAXQDA 2022"' }));
    expect(imported.report).toMatchObject({ documents: 1, codes: 2, codings: 1, layers: 1 });
    expect(imported.report.skipped).toEqual([
      { kind: 'selection', name: `P01: ${commented.start}–${commented.end}`, reason: expect.stringMatching(/^It applies no code: it is a comment on a passage/) },
      { kind: 'selection', name: `P01: ${bare.start}–${bare.end}`, reason: 'It applies no code and has no comment.' },
    ]);
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ']);
  });

  it('keeps an uncoded selection’s comment where its report says it is kept', async () => {
    const commented = codePointSpan(text, 'hard');
    const selections = positioned(commented.start, commented.end, '<Description>Check this later</Description>') + selection('We pulled', coding(pull));
    const imported = await importQdpx(qdpx(textSource('P01', { path: 'internal://p01.txt' }, selections), { 'sources/p01.txt': text }));
    const reason = imported.report.skipped.find((s) => s.kind === 'selection')!.reason;
    const memos = await memosOf(imported.id);
    // docs/refi.md leaves it to the route to keep an annotation (in the document's memo) or not, and
    // to word the report accordingly: either the comment is in the project, or the report says it is not.
    const kept = memos.some((m) => m.text.includes('Check this later'));
    const saysKept = /(?<!not )\bkept\b/i.test(reason);
    expect(kept, `the report says: "${reason}", but no memo holds the comment`).toBe(saysKept);
  });
});

describe('NVivo', () => {
  const noteOnSource = guid('note-source');
  const noteOnCoded = guid('note-coded');
  const noteOnUncoded = guid('note-uncoded');
  const noteOnCode = guid('note-code');
  const doc = guid('nvivo-source');
  const other = guid('nvivo-other');
  const coded = guid('nvivo-coded-selection');
  const uncoded = guid('nvivo-uncoded-selection');

  function nvivoProject(): Uint8Array {
    const span = codePointSpan(text, 'hard');
    const sources =
      textSource('P01', { path: `internal://${doc}.txt`, guid: doc }, selection('We pulled', coding(pull), { guid: coded }) + positioned(span.start, span.end, '', { guid: uncoded })) +
      textSource('P02', { path: `internal://${other}.txt`, guid: other });
    const note = (g: string, name: string) => `<Note guid="${g}" name="${name}" plainTextPath="internal://${g}.txt" creatingUser="${mia}"/>`;
    const notes = `<Notes>${note(noteOnSource, 'About P01')}${note(noteOnCoded, 'On the pull')}${note(noteOnUncoded, 'On hard')}${note(noteOnCode, 'About Pull')}</Notes>`;
    const link = (from: string, to: string, name: string) => `<Link guid="${fresh('link')}" name="${name}" originGUID="${from}" targetGUID="${to}"/>`;
    const links = `<Links>${link(noteOnSource, doc, 'Memo link')}${link(noteOnCoded, coded, 'Annotation')}${link(uncoded, noteOnUncoded, 'Annotation (reversed)')}${link(doc, other, 'See also')}${link(noteOnCode, pull, 'Code memo')}</Links>`;
    return qdpx(sources, {
      [`Sources/${doc}.txt`]: text,
      [`Sources/${other}.txt`]: 'P02: Nothing coded here.',
      [`Sources/${noteOnSource}.txt`]: 'Met at the depot.',
      [`Sources/${noteOnCoded}.txt`]: 'Said with a sigh.',
      [`Sources/${noteOnUncoded}.txt`]: 'Emphasis in the audio.',
      [`Sources/${noteOnCode}.txt`]: 'Pull: the team asks.',
    }, { attributes: 'name="N" origin="NVivo 14"', inner: `${notes}${links}` });
  }

  it('reads annotations written as a Note and a Link: on a source a document memo, on an uncoded passage listed; other links listed', async () => {
    const imported = await importQdpx(nvivoProject());
    expect(imported.report).toMatchObject({ documents: 2, codes: 2, codings: 1, layers: 1 });
    const span = codePointSpan(text, 'hard');
    expect(imported.report.skipped).toEqual(
      expect.arrayContaining([
        { kind: 'link', name: 'See also', reason: 'Only links between a note and a passage, source or code are imported (as that note on it).' },
        { kind: 'selection', name: `P01: ${span.start}–${span.end}`, reason: expect.stringMatching(/^It applies no code: it is a comment on a passage/) },
      ]),
    );
    // The note linked to the coded passage is that coding's memo.
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | Said with a sigh.']);
    const memos = await memosOf(imported.id);
    const documents: { id: string; name: string }[] = (await importer.get(`/api/projects/${imported.id}/documents`)).body;
    const p01 = documents.find((d) => d.name === 'P01')!.id;
    expect(memos.filter((m) => m.text === 'Met at the depot.').map((m) => [m.documentId, m.title])).toEqual([[p01, 'About P01']]);
    // The note on the uncoded passage is kept with its source, as the report says: in P01's annotations memo.
    expect(memos.filter((m) => m.title === 'Annotations from NVivo 14').map((m) => [m.documentId, m.text])).toEqual([[p01, `“hard” (characters ${span.start}–${span.end}): Emphasis in the audio.`]]);
  });

  it('does not lose a note on a coded passage or on a code without saying so', async () => {
    const imported = await importQdpx(nvivoProject());
    const memos = await memosOf(imported.id);
    const codes = await server.server.registry.read(`project:${imported.id}`, (doc: Y.Doc) => readCodes(doc));
    const skipped = JSON.stringify(imported.report.skipped);
    // "On the pull" is linked to the coded passage "We pulled": the coding's memo, a memo of P01, or
    // listed in the report — never gone without a word.
    const pulled = codePointSpan(text, 'We pulled');
    const passageNoteKept = imported.codings.some((c) => c.includes('Said with a sigh.')) || memos.some((m) => m.text.includes('Said with a sigh.'));
    const passageNoteListed = imported.report.skipped.some((s) => /On the pull|Said with a sigh/.test(`${s.name} ${s.reason}`) || (/note|annotation/i.test(s.reason) && s.name.includes(`${pulled.start}–${pulled.end}`)));
    expect(passageNoteKept || passageNoteListed, `the note on a coded passage is neither imported nor listed; the report lists: ${skipped}`).toBe(true);
    // "About Pull" is linked to the code Pull: in its definition, a memo, or listed.
    const codeNoteKept = codes.some((c) => c.definition.includes('Pull: the team asks.')) || memos.some((m) => m.text.includes('Pull: the team asks.'));
    const codeNoteListed = /About Pull|Pull: the team asks/.test(skipped);
    expect(codeNoteKept || codeNoteListed, `the note on a code is neither imported nor listed; the report lists: ${skipped}`).toBe(true);
    // Both are imported: the passage's note as the coding's memo (above), the code's in its definition.
    expect(codes.find((c) => c.name === 'Pull')!.definition).toContain('Pull: the team asks.');
  });
});

describe('ATLAS.ti', () => {
  it('finds relative:// sources in the archive when there is no basePath, and names a missing one', async () => {
    const sources =
      textSource('P01', { path: 'relative://p01.txt' }, selection('We pulled', coding(pull))) +
      textSource('Gone', { path: 'relative://gone.txt' }, selection('Hello', coding(push)));
    const imported = await importQdpx(qdpx(sources, { 'sources/p01.txt': text }, { attributes: 'name="A" origin="ATLAS.ti 23.2.1"' }));
    expect(imported.report).toMatchObject({ documents: 1, codes: 2, codings: 1, layers: 1 });
    expect(imported.report.skipped).toEqual([
      { kind: 'source', name: 'Gone', reason: 'Its text is a file next to the project, not inside the .qdpx (relative://gone.txt); export the project with its sources embedded. Its 1 coded passage(s) were not imported either.' },
    ]);
    expect(imported.documents).toEqual([{ name: 'P01', text }]);
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ']);
  });

  it('counts \\r\\n as one when the origin is ATLAS.ti, as two (as stored) for NVivo and MAXQDA', async () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const asOne = codePointSpan(text, 'We pulled'); // ATLAS.ti's count: \r\n is one
    const asTwo = codePointSpan(crlf, 'We pulled'); // everyone else's: as stored
    expect(asTwo.start - asOne.start).toBe(3);
    const project = (origin: string, span: { start: number; end: number }) =>
      qdpx(textSource('P01', { path: 'internal://p01.txt' }, positioned(span.start, span.end, coding(pull))), { 'sources/p01.txt': crlf }, { attributes: `name="${origin}" origin="${origin}"` });

    for (const [origin, span] of [['ATLAS.ti 23.2.1', asOne], ['NVivo 14', asTwo]] as const) {
      const imported = await importQdpx(project(origin, span));
      expect(imported.report, origin).toMatchObject({ documents: 1, codings: 1, layers: 1, skipped: [] });
      expect(imported.documents, origin).toEqual([{ name: 'P01', text }]);
      expect(imported.codings, origin).toEqual(['P01 | We pulled | Pull | Mia | ']);
    }
    // ATLAS.ti's positions from any other program are read as stored: three characters earlier.
    const maxqda = await importQdpx(project('MAXQDA 2022', asOne));
    expect(maxqda.codings).toEqual(['P01 | 1: We pul | Pull | Mia | ']);
  });
});

describe('where a source’s text is', () => {
  it('reads PlainTextContent when there is no file, prefers the file when both are there, and falls back to the content when the file is missing', async () => {
    const inline = 'P02: Only inline, we were pushed.';
    const fallback = 'P03: The file is gone, we pulled anyway.';
    const sources =
      textSource('Inline', { content: inline }, selection('we were pushed', coding(push), { within: inline })) +
      textSource('Both', { path: 'internal://both.txt', content: 'An older draft that is not the text.' }, selection('We pulled', coding(pull))) +
      textSource('Fallback', { path: 'internal://missing.txt', content: fallback }, selection('we pulled anyway', coding(pull), { within: fallback }));
    const imported = await importQdpx(qdpx(sources, { 'sources/both.txt': text }));
    expect(imported.report).toMatchObject({ documents: 3, codes: 2, codings: 3, layers: 1, skipped: [] });
    expect(imported.documents).toEqual([
      { name: 'Inline', text: inline },
      { name: 'Both', text },
      { name: 'Fallback', text: fallback },
    ]);
    expect(imported.codings).toEqual(['Both | We pulled | Pull | Mia | ', 'Fallback | we pulled anyway | Pull | Mia | ', 'Inline | we were pushed | Push | Mia | ']);
  });

  it('finds Sources/ or sources/, internal:// or scheme-less paths, and percent-encoded names', async () => {
    const texts = ['P1: one pushed.', 'P2: two pushed.', 'P3: three pushed.', 'P4: four pushed.', 'P5: five pushed.'];
    const cases: [path: string, entry: string][] = [
      ['internal://one.txt', 'Sources/one.txt'],
      ['two.txt', 'sources/two.txt'],
      ['sources/three.txt', 'sources/three.txt'],
      ['internal://P4%20interview.txt', 'sources/P4 interview.txt'],
      ['internal://FIVE.TXT', 'SOURCES/five.txt'],
    ];
    const sources = cases.map(([p], i) => textSource(`S${i + 1}`, { path: p }, selection('pushed', coding(push), { within: texts[i] }))).join('');
    const imported = await importQdpx(qdpx(sources, Object.fromEntries(cases.map(([, entry], i) => [entry, texts[i]!]))));
    expect(imported.report).toMatchObject({ documents: 5, codings: 5, layers: 1, skipped: [] });
    expect(imported.documents.map((d) => d.text)).toEqual(texts);
    expect(imported.codings).toEqual(texts.map((_, i) => `S${i + 1} | pushed | Push | Mia | `));
  });

  it('skips sources on the exporting computer (absolute://, file://, absolute paths) without reading them', async () => {
    const secretPath = path.join(makeTempDir('accord-quirks-'), 'transcript.txt');
    const secret = `accord-file-canary-${randomBytes(8).toString('hex')}`;
    fs.writeFileSync(secretPath, secret);
    const paths = [`absolute://${secretPath}`, `file://${secretPath}`, secretPath, 'C:\\Users\\mia\\P04.txt'];
    const sources = paths.map((p, i) => textSource(`Linked ${i + 1}`, { path: p }, positioned(0, 6, coding(push)))).join('') + textSource('P01', { path: 'internal://p01.txt' }, selection('We pulled', coding(pull)));
    const imported = await importQdpx(qdpx(sources, { 'sources/p01.txt': text }));
    expect(imported.report).toMatchObject({ documents: 1, codings: 1, layers: 1 });
    expect(imported.report.skipped).toEqual(
      paths.map((p, i) => ({ kind: 'source', name: `Linked ${i + 1}`, reason: `Its text is a file on the computer that exported it (${p}), not inside the .qdpx; export the project with its sources embedded. Its 1 coded passage(s) were not imported either.` })),
    );
    expect(JSON.stringify(imported)).not.toContain(secret);
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ']);
  });

  it('reads an export zipped together with its folder (MyStudy/project.qde, MyStudy/sources/…)', async () => {
    const xml = projectXml(`${users}${codebook}<Sources>${textSource('P01', { path: 'internal://p01.txt' }, selection('We pulled', coding(pull)))}</Sources>`);
    const imported = await importQdpx(buildQdpx(null, { 'MyStudy/project.qde': xml, 'MyStudy/sources/p01.txt': text }));
    expect(imported.report).toMatchObject({ documents: 1, codings: 1, layers: 1, skipped: [] });
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ']);
  });
});

describe('two sources with the same text', () => {
  it('are two documents, each with its own codings (as two .txt uploads would be)', async () => {
    const sources = textSource('P01', { path: 'internal://p01.txt' }, selection('We were pushed', coding(push))) + textSource('P01 again', { path: 'internal://p01-again.txt' }, selection('We pulled', coding(pull)));
    const imported = await importQdpx(qdpx(sources, { 'sources/p01.txt': text, 'sources/p01-again.txt': text }));
    expect(imported.report).toMatchObject({ documents: 2, codings: 2, layers: 1, skipped: [] });
    expect(imported.documents).toEqual([{ name: 'P01', text }, { name: 'P01 again', text }]);
    expect(imported.codings).toEqual(['P01 again | We pulled | Pull | Mia | ', 'P01 | We were pushed | Push | Mia | ']);
  });
});

describe('the XML itself', () => {
  it.each([
    ['no namespace', null],
    ['another QDA-XML version', 'urn:QDA-XML:project:0.9'],
  ])('reads a project with %s as QDA-XML 1.0', async (_, namespace) => {
    const imported = await importQdpx(qdpx(textSource('P01', { path: 'internal://p01.txt' }, selection('We were pushed', coding(push))), { 'sources/p01.txt': text }, { namespace }));
    expect(imported.report).toMatchObject({ documents: 1, codes: 2, codings: 1, layers: 1, skipped: [] });
    expect(imported.codings).toEqual(['P01 | We were pushed | Push | Mia | ']);
    // Read as 1.0, and the report's warnings say so.
    expect(imported.report.warnings).toContainEqual(expect.objectContaining({ reason: expect.stringMatching(/namespace|1\.0/i) }));
  });

  it('ignores unknown elements and other namespaces, importing everything around them', async () => {
    const inSelection = `${coding(pull)}<Highlight colour="red"/><nv:Extra xmlns:nv="urn:nvivo:ext">x</nv:Extra>`;
    const sources = textSource('P01', { path: 'internal://p01.txt' }, selection('We pulled', inSelection), '<VendorThing/>');
    const inner = '<VendorStuff><Deep><Deeper/></Deep></VendorStuff><mx:Extra xmlns:mx="urn:maxqda:ext"><mx:Colour value="red"/></mx:Extra>';
    const imported = await importQdpx(qdpx(sources, { 'sources/p01.txt': text }, { inner }));
    expect(imported.report).toMatchObject({ documents: 1, codes: 2, codings: 1, layers: 1, skipped: [] });
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ']);
  });

  it('reads GUIDs written in braces and upper case as the same GUIDs', async () => {
    const doc = guid('braced-source');
    const upperUsers = `<Users><User guid="${bracedUpper(mia)}" name="Mia"/></Users>`;
    const codingXml = `<Coding guid="${bracedUpper(fresh('coding'))}" creatingUser="${bracedUpper(mia)}"><CodeRef targetGUID="${bracedUpper(pull)}"/></Coding>`;
    const sources = textSource('P01', { path: `internal://${doc}.txt`, guid: bracedUpper(doc) }, selection('We pulled', codingXml, { user: bracedUpper(mia) }));
    const imported = await importQdpx(qdpx(sources, { [`sources/${doc}.txt`]: text }, { users: upperUsers }));
    expect(imported.report).toMatchObject({ documents: 1, codings: 1, layers: 1, skipped: [] });
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ']);
  });
});

describe('text files', () => {
  it('normalises CRLF, CR, NEL and U+2028 line breaks to \\n, carrying every position with its words', async () => {
    const phrases = ['We were pushed 😤 hard.', 'Then?\nP01: We pulled'];
    const lineBreaks = { CRLF: '\r\n', CR: '\r', NEL: '\u0085', LS: '\u2028' } as const;
    // Each file its own text: sources with the same text would be one document.
    const textOf = (name: string) => text.replace('Hello', `Hello (${name})`);
    const files: Record<string, string> = {};
    const sources = Object.entries(lineBreaks)
      .map(([name, lineBreak]) => {
        const stored = textOf(name).replace(/\n/g, lineBreak);
        files[`sources/${name}.txt`] = stored;
        return textSource(name, { path: `internal://${name}.txt` }, phrases.map((p, i) => selection(p.replace(/\n/g, lineBreak), coding(i === 0 ? push : pull), { within: stored })).join(''));
      })
      .join('');
    const imported = await importQdpx(qdpx(sources, files));
    expect(imported.report).toMatchObject({ documents: 4, codings: 8, layers: 1, skipped: [] });
    expect(imported.documents).toEqual(Object.keys(lineBreaks).map((name) => ({ name, text: textOf(name) })));
    expect(imported.codings).toEqual(Object.keys(lineBreaks).flatMap((name) => [`${name} | Then?\nP01: We pulled | Pull | Mia | `, `${name} | We were pushed 😤 hard. | Push | Mia | `]).sort());
  });

  it('drops a UTF-8 byte-order mark before counting, decodes UTF-16 with a byte-order mark, and skips other encodings', async () => {
    const textOf = (name: string) => text.replace('Hello', `Hello (${name})`);
    const utf16le = (value: string) => new Uint8Array(Buffer.from(`\ufeff${value}`, 'utf16le'));
    const files: Record<string, Uint8Array> = {
      'sources/bom.txt': Uint8Array.from([0xef, 0xbb, 0xbf, ...strToU8(textOf('BOM'))]),
      'sources/le.txt': utf16le(textOf('LE')),
      'sources/be.txt': new Uint8Array(Buffer.from(utf16le(textOf('BE'))).swap16()),
      'sources/latin1.txt': Uint8Array.from([...strToU8('P09: caf'), 0xe9, ...strToU8(' pushed.')]),
    };
    const sources = ['BOM', 'LE', 'BE', 'LATIN1'].map((name) => textSource(name, { path: `internal://${name.toLowerCase()}.txt` }, selection('We pulled', coding(pull), { within: textOf(name) }))).join('');
    const imported = await importQdpx(qdpx(sources, files));
    expect(imported.report).toMatchObject({ documents: 3, codings: 3, layers: 1 });
    expect(imported.report.skipped).toEqual([{ kind: 'source', name: 'LATIN1', reason: 'Its text file (sources/latin1.txt) is not UTF-8 text, so its positions cannot be trusted. Its 1 coded passage(s) were not imported either.' }]);
    expect(imported.documents).toEqual(['BOM', 'LE', 'BE'].map((name) => ({ name, text: textOf(name) })));
    expect(imported.codings).toEqual(['BE | We pulled | Pull | Mia | ', 'BOM | We pulled | Pull | Mia | ', 'LE | We pulled | Pull | Mia | ']);
  });
});

describe('what is not imported is listed', () => {
  it('skips PDF, picture, audio and video sources, counting the coded passages each loses', async () => {
    const media = [
      `<PDFSource guid="${fresh('pdf')}" name="Report.pdf" path="internal://r.pdf"><PDFSelection guid="${fresh('ps')}" page="1" firstX="0" firstY="0" secondX="1" secondY="1">${coding(push)}</PDFSelection><PDFSelection guid="${fresh('ps')}" page="2" firstX="0" firstY="0" secondX="1" secondY="1">${coding(pull)}</PDFSelection></PDFSource>`,
      `<PictureSource guid="${fresh('pic')}" name="Photo.jpg" path="internal://p.jpg"><PictureSelection guid="${fresh('pis')}" firstX="0" firstY="0" secondX="1" secondY="1">${coding(push)}</PictureSelection></PictureSource>`,
      `<AudioSource guid="${fresh('aud')}" name="Call.m4a" path="internal://call.m4a"><AudioSelection guid="${fresh('as')}" begin="0" end="10">${coding(push)}</AudioSelection></AudioSource>`,
      `<VideoSource guid="${fresh('vid')}" name="Walk.mp4" path="internal://w.mp4"/>`,
    ].join('');
    const sources = media + textSource('P01', { path: 'internal://p01.txt' }, selection('We pulled', coding(pull)));
    const imported = await importQdpx(qdpx(sources, { 'sources/p01.txt': text, 'sources/r.pdf': new Uint8Array(64), 'sources/p.jpg': new Uint8Array(64) }));
    expect(imported.report).toMatchObject({ documents: 1, codes: 2, codings: 1, layers: 1 });
    expect(imported.report.skipped).toEqual([
      { kind: 'source', name: 'Report.pdf', reason: 'It is a PDF source; Accord imports text sources only. Its 2 coded passage(s) were not imported either.' },
      { kind: 'source', name: 'Photo.jpg', reason: 'It is a picture source; Accord imports text sources only. Its 1 coded passage(s) were not imported either.' },
      { kind: 'source', name: 'Call.m4a', reason: 'It is an audio source; Accord imports text sources only. Its 1 coded passage(s) were not imported either.' },
      { kind: 'source', name: 'Walk.mp4', reason: 'It is a video source; Accord imports text sources only.' },
    ]);
    expect(imported.documents).toEqual([{ name: 'P01', text }]);
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ']);
  });

  it('lists selections outside their text, empty, or only white space that importing removed, and imports the rest', async () => {
    const padded = 'P01: We were pushed.   \nP01: We pulled.';
    const length = Array.from(padded).length;
    const spaces = codePointSpan(padded, '   ');
    const at = codePointSpan(padded, 'We pulled').start;
    const selections = [
      positioned(length - 3, length + 10, coding(push)),
      positioned(900, 950, coding(push)),
      positioned(at, at, coding(push)),
      positioned(spaces.start, spaces.end, coding(push)),
      selection('We pulled', coding(pull), { within: padded }),
    ].join('');
    const imported = await importQdpx(qdpx(textSource('P01', { path: 'internal://p01.txt' }, selections), { 'sources/p01.txt': padded }));
    expect(imported.report).toMatchObject({ documents: 1, codings: 1, layers: 1 });
    expect(imported.report.skipped).toEqual([
      { kind: 'coding', name: `P01: ${length - 3}–${length + 10}`, reason: `Its positions ${length - 3}–${length + 10} fall outside its text, which has ${length} characters.` },
      { kind: 'coding', name: 'P01: 900–950', reason: `Its positions 900–950 fall outside its text, which has ${length} characters.` },
      { kind: 'coding', name: `P01: ${at}–${at}`, reason: 'It is empty (it starts where it ends).' },
      { kind: 'coding', name: `P01: ${spaces.start}–${spaces.end}`, reason: 'It covers only white space or line breaks that importing removed.' },
    ]);
    expect(imported.documents).toEqual([{ name: 'P01', text: 'P01: We were pushed.\nP01: We pulled.' }]);
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ']);
  });

  it('lists codings of codes the codebook does not have (in a Coding, or a bare CodeRef), and imports the rest', async () => {
    const unknown = guid('no-such-code');
    const hard = codePointSpan(text, 'hard');
    const hello = codePointSpan(text, 'Hello');
    const selections = [
      positioned(hard.start, hard.end, coding(unknown)),
      positioned(hello.start, hello.end, `<CodeRef targetGUID="${unknown}"/>`),
      selection('We were pushed', coding(push) + coding(unknown)),
    ].join('');
    const imported = await importQdpx(qdpx(textSource('P01', { path: 'internal://p01.txt' }, selections), { 'sources/p01.txt': text }));
    expect(imported.report).toMatchObject({ documents: 1, codings: 1, layers: 1 });
    const pushed = codePointSpan(text, 'We were pushed');
    const reason = `It refers to a code (${unknown}) that is not in the codebook.`;
    expect(imported.report.skipped).toEqual([
      { kind: 'coding', name: `P01: ${hard.start}–${hard.end}`, reason },
      { kind: 'coding', name: `P01: ${hello.start}–${hello.end}`, reason },
      { kind: 'coding', name: `P01: ${pushed.start}–${pushed.end}`, reason },
    ]);
    expect(imported.codings).toEqual(['P01 | We were pushed | Push | Mia | ']);
  });

  it('lists codings of a whole source, codes and passages on cases, codings inside notes, and graphs', async () => {
    const doc = guid('whole-source');
    const coded = guid('whole-coded-selection');
    const sources = textSource('P01', { path: `internal://${doc}.txt`, guid: doc }, selection('We pulled', coding(pull), { guid: coded }), coding(push));
    const cases = `<Cases><Case guid="${fresh('case')}" name="Mia’s case"><CodeRef targetGUID="${push}"/><SourceRef targetGUID="${doc}"/><SelectionRef targetGUID="${coded}"/></Case></Cases>`;
    const noteText = 'A memo with a coded word.';
    const notes = `<Notes><Note guid="${fresh('note')}" name="Coded memo"><PlainTextContent>${noteText}</PlainTextContent>${selection('coded', coding(push), { within: noteText })}</Note></Notes>`;
    const graphs = `<Graphs><Graph guid="${fresh('graph')}" name="Network"/></Graphs>`;
    const imported = await importQdpx(qdpx(sources, { [`sources/${doc}.txt`]: text }, { inner: `${cases}${notes}${graphs}` }));
    expect(imported.report).toMatchObject({ documents: 1, codes: 2, codings: 1, layers: 1 });
    expect(imported.report.skipped).toEqual(
      expect.arrayContaining([
        { kind: 'coding', name: 'P01', reason: '1 coding(s) of the whole source (not of a passage) were not imported.' },
        { kind: 'case', name: 'Mia’s case', reason: '1 code(s) applied to the case as a whole were not imported.' },
        { kind: 'case', name: 'Mia’s case', reason: '1 passage(s) assigned to the case were not imported.' },
        { kind: 'coding', name: 'Coded memo', reason: 'Codings inside a note are not imported: Accord codes documents, not memos.' },
        { kind: 'element', name: 'Graphs', reason: "The project's 1 graph(s) (network views) are not imported." },
      ]),
    );
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ']);
  });
});

describe('users', () => {
  it('gives a user that codings name but Users does not list a layer of its own', async () => {
    const stranger = guid('user-stranger');
    const selections = selection('We were pushed', coding(push, stranger)) + selection('We pulled', coding(pull));
    const imported = await importQdpx(qdpx(textSource('P01', { path: 'internal://p01.txt' }, selections), { 'sources/p01.txt': text }));
    expect(imported.report).toMatchObject({ documents: 1, codings: 2, layers: 2, skipped: [] });
    const coders = (await membersOf(imported.id)).filter((m) => m.role === 'coder');
    expect(coders).toHaveLength(2);
    const strangerName = coders.find((m) => m.name !== 'Mia')!.name;
    expect(strangerName).not.toBe('');
    expect(coders.every((m) => /^imported\+[^@]+@accord\.invalid$/.test(m.email))).toBe(true);
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Mia | ', `P01 | We were pushed | Push | ${strangerName} | `].sort());
  });

  it('takes the selection’s user for a coding that names none, and puts codings naming no user at all in one unnamed layer', async () => {
    const selections = [
      selection('We were pushed', coding(push, null)), // the selection names Mia
      selection('We pulled', coding(pull, null), { user: null }),
      selection('hard', coding(push, null), { user: null }),
    ].join('');
    const imported = await importQdpx(qdpx(textSource('P01', { path: 'internal://p01.txt' }, selections), { 'sources/p01.txt': text }, { attributes: 'name="M" origin="MAXQDA 2022"' }));
    expect(imported.report).toMatchObject({ documents: 1, codings: 3, layers: 2, skipped: [] });
    const coders = (await membersOf(imported.id)).filter((m) => m.role === 'coder').map((m) => m.name);
    expect(coders.sort()).toEqual(['Mia', 'Unnamed coder (MAXQDA 2022)']);
    expect(imported.codings).toEqual(['P01 | We pulled | Pull | Unnamed coder (MAXQDA 2022) | ', 'P01 | We were pushed | Push | Mia | ', 'P01 | hard | Push | Unnamed coder (MAXQDA 2022) | ']);
  });
});

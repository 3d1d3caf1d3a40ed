import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { rawZip, zeroBombDeflate } from '../../tests/fixtures/import/docx-fixture.ts';
import { bracedUpper, buildQdpx, guid, projectXml } from '../../tests/fixtures/refi/refi-fixtures.ts';
import { readQdpx, type RefiReadOptions, type RefiReadResult } from './read-project.ts';
import { RefiError } from './refi-error.ts';

const mia = guid('user-mia');
const push = guid('code-push');
const pull = guid('code-pull');
const doc = guid('source-1');
const users = `<Users><User guid="${mia}" name="Mia"/></Users>`;
const codebook = `<CodeBook><Codes><Code guid="${push}" name="Push" isCodable="true"/><Code guid="${pull}" name="Pull" isCodable="true"/></Codes></CodeBook>`;
const text = 'Interviewer: Hello.\nP01: We were pushed 😤 hard.\nInterviewer: Then?\nP01: We pulled.';

/** Code-point range of the first occurrence of `phrase` in `within`. */
function span(within: string, phrase: string): { start: number; end: number } {
  const from = within.indexOf(phrase);
  if (from < 0) throw new Error(`"${phrase}" is not in the text`);
  const start = Array.from(within.slice(0, from)).length;
  return { start, end: start + Array.from(phrase).length };
}

function selection(phrase: string, inner: string, within = text, extra = ''): string {
  const { start, end } = span(within, phrase);
  return `<PlainTextSelection guid="${guid(`sel-${phrase}-${inner.length}`)}" startPosition="${start}" endPosition="${end}" creatingUser="${mia}"${extra}>${inner}</PlainTextSelection>`;
}

function coding(code: string, user = mia): string {
  return `<Coding guid="${guid(`coding-${code}-${user}`)}" creatingUser="${user}"><CodeRef targetGUID="${code}"/></Coding>`;
}

/** A one-source project whose text is a file in `sources/`. */
function oneSource(selections: string, options: { readonly inner?: string; readonly files?: Record<string, string | Uint8Array>; readonly attributes?: string } = {}): Uint8Array {
  const source = `<Sources><TextSource guid="${doc}" name="P01" plainTextPath="internal://${doc}.txt">${selections}</TextSource></Sources>`;
  return buildQdpx(projectXml(`${users}${codebook}${source}${options.inner ?? ''}`, options.attributes), { [`sources/${doc}.txt`]: text, ...options.files });
}

function read(bytes: Uint8Array, options: RefiReadOptions = {}): RefiReadResult {
  return readQdpx(bytes, { fileName: 'study.qdpx', ...options });
}

function refusal(action: () => unknown): RefiError {
  try {
    action();
  } catch (error) {
    if (error instanceof RefiError) return error;
    throw error;
  }
  throw new Error('expected a RefiError');
}

/** The text each selection of the first source covers, with its codes' names. */
function coded(result: RefiReadResult): string[] {
  const source = result.project.sources[0]!;
  const points = Array.from(source.text);
  const names = new Map<string, string>();
  const collect = (codes: typeof result.project.codes): void => codes.forEach((c) => (names.set(c.guid, c.name), collect(c.children)));
  collect(result.project.codes);
  return source.selections.map((s) => `${points.slice(s.start, s.end).join('')} = ${s.codings.map((c) => names.get(c.codeGuid)).join('+') || '(none)'}`);
}

describe('readQdpx: what it refuses', () => {
  it('refuses bytes that are not a zip', () => {
    const error = refusal(() => read(strToU8('just some text, not an archive')));
    expect(error.reason).toBe('notZip');
    expect(error.message).toMatch(/^study\.qdpx: this is not a readable zip archive/);
  });

  it('refuses a bare project.qde with a hint that a .qdpx is a zip', () => {
    const error = refusal(() => read(strToU8(projectXml(users))));
    expect(error.reason).toBe('notZip');
    expect(error.message).toContain('It looks like XML');
  });

  it('refuses an archive without project.qde', () => {
    const error = refusal(() => read(buildQdpx(null, { 'sources/a.txt': 'text' })));
    expect(error.reason).toBe('noProject');
    expect(error.message).toContain('the archive has no project.qde');
  });

  it('refuses malformed XML, naming the line', () => {
    const xml = '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x">\n<Users>\n</Project>\n';
    const error = refusal(() => read(buildQdpx(xml)));
    expect(error.reason).toBe('malformedXml');
    expect(error.message).toMatch(/^project\.qde is not well-formed XML \(line 4, column \d+: /);
  });

  it('refuses a DTD before parsing: a billion-laughs file is refused at once, nothing expanded', () => {
    const lol = [`<!ENTITY lol0 "lol">`, ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)].join('\n');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE Project [\n${lol}\n]>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>`;
    const started = performance.now();
    const error = refusal(() => read(buildQdpx(xml)));
    expect(error.reason).toBe('dtd');
    expect(error.message).toContain('declares a document type (<!DOCTYPE …>, line 2)');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses an external entity (XXE) without reading the file it names', () => {
    const xml = `<!-- a comment first -->\n<!DOCTYPE Project SYSTEM "file:///etc/passwd">\n<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`;
    expect(refusal(() => read(buildQdpx(xml))).reason).toBe('dtd');
    // An entity reference without any DTD is simply undefined: malformed, never resolved.
    const undefinedEntity = projectXml('<Description>&xxe;</Description>');
    expect(refusal(() => read(buildQdpx(undefinedEntity))).reason).toBe('malformedXml');
  });

  it('refuses archive entries that escape the archive: .., absolute paths, drive letters', () => {
    for (const name of ['../evil.txt', 'sources/../../evil.txt', '/etc/cron.d/x', 'C:/Windows/x.txt', '..\\evil.txt']) {
      const bytes = rawZip([
        { name: 'project.qde', data: strToU8(projectXml(users)), method: 0, declaredSize: projectXml(users).length },
        { name, data: strToU8('x'), method: 0, declaredSize: 1 },
      ]);
      const error = refusal(() => read(bytes));
      expect(error.reason, name).toBe('unsafePath');
      expect(error.message).toContain('points outside the archive');
    }
  });

  it('refuses a source path that escapes the archive', () => {
    const source = `<Sources><TextSource guid="${doc}" name="P01" plainTextPath="internal://../../secret.txt"/></Sources>`;
    const error = refusal(() => read(buildQdpx(projectXml(source), { 'secret.txt': 'secret' })));
    expect(error.reason).toBe('unsafePath');
    const encoded = `<Sources><TextSource guid="${doc}" name="P01" plainTextPath="internal://%2E%2E/secret.txt"/></Sources>`;
    expect(refusal(() => read(buildQdpx(projectXml(encoded)))).reason).toBe('unsafePath');
  });

  it('refuses a zip bomb (a 50 MB text in ~50 KB) from its directory, before inflating it', () => {
    const bomb = zeroBombDeflate(203_212);
    const xml = projectXml(`<Sources><TextSource guid="${doc}" name="P01" plainTextPath="internal://${doc}.txt"/></Sources>`);
    const bytes = rawZip([
      { name: 'project.qde', data: strToU8(xml), method: 0, declaredSize: xml.length },
      { name: `sources/${doc}.txt`, data: bomb.data, method: 8, declaredSize: bomb.inflatedSize },
    ]);
    const started = performance.now();
    const error = refusal(() => read(bytes));
    expect(error.reason).toBe('zipBomb');
    expect(error.message).toContain('is compressed more than 200:1');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stops inflating as soon as an entry grows past the size its headers declare', () => {
    const bomb = zeroBombDeflate(203_212);
    const bytes = rawZip([{ name: 'project.qde', data: bomb.data, method: 8, declaredSize: 1024 * 1024 }]);
    const error = refusal(() => read(bytes));
    expect(error.reason).toBe('zipBomb');
    expect(error.message).toContain('unzips to more than its zip directory declares');
  });

  it('refuses more entries, or more unzipped bytes in all, than the limits allow', () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`sources/${i}.txt`, 'x']));
    expect(refusal(() => read(buildQdpx(projectXml(users), files), { limits: { maxEntries: 10 } })).reason).toBe('zipBomb');
    const error = refusal(() => read(oneSource(''), { limits: { maxUnzippedBytes: 600 } }));
    expect(error.reason).toBe('zipBomb');
    expect(error.message).toContain('more than the 600 bytes Accord accepts');
  });

  it('refuses a file larger than the configured size, and an oversized project.qde', () => {
    const bytes = oneSource('');
    const error = refusal(() => read(bytes, { limits: { maxBytes: 100 } }));
    expect(error.reason).toBe('tooLarge');
    expect(error.message).toContain('more than the 100 bytes Accord accepts');
    expect(refusal(() => read(bytes, { limits: { maxXmlBytes: 100 } })).reason).toBe('tooLarge');
  });

  it('names sizes just over the limit so that they do not read as the limit itself', () => {
    const bytes = oneSource('');
    const error = refusal(() => read(bytes, { limits: { maxBytes: bytes.length - 1 } }));
    expect(error.message).toBe(`study.qdpx is ${bytes.length} bytes, more than the ${bytes.length - 1} bytes Accord accepts.`);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = `${'<Code guid="x" name="x" isCodable="true">'.repeat(40)}${'</Code>'.repeat(40)}`;
    expect(refusal(() => read(buildQdpx(projectXml(`<CodeBook><Codes>${deep}</Codes></CodeBook>`)), { limits: { maxDepth: 20 } })).reason).toBe('tooLarge');
  });

  it('refuses XML that is not a QDA-XML project', () => {
    expect(refusal(() => read(buildQdpx('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'))).reason).toBe('notRefi');
    const other = refusal(() => read(buildQdpx('<Project xmlns="urn:example:other" name="x"/>')));
    expect(other.reason).toBe('notRefi');
    expect(other.message).toContain('<Project> in urn:example:other');
  });

  it('refuses a project.qde that is not UTF-8', () => {
    const latin1 = Uint8Array.from([...strToU8('<Project xmlns="urn:QDA-XML:project:1.0" name="caf'), 0xe9, ...strToU8('"/>')]);
    expect(refusal(() => read(zipSync({ 'project.qde': latin1 }))).reason).toBe('encoding');
  });
});

describe('readQdpx: vendor quirks', () => {
  it('MAXQDA: a selection without Coding but with a comment stays as an annotation, listed as no coding', () => {
    const result = read(oneSource(selection('pushed 😤 hard', '<Description>Check this later</Description>') + selection('We pulled', coding(pull))));
    expect(coded(result)).toEqual(['pushed 😤 hard = (none)', 'We pulled = Pull']);
    expect(result.project.sources[0]!.selections[0]!.description).toBe('Check this later');
    const { start, end } = span(text, 'pushed 😤 hard');
    expect(result.skipped).toEqual([{ kind: 'selection', name: `P01: ${start}–${end}`, reason: expect.stringContaining('It applies no code: it is a comment on a passage') }]);
  });

  it('MAXQDA: a selection with neither code nor comment is dropped and listed', () => {
    const result = read(oneSource(selection('hard', '')));
    expect(result.project.sources[0]!.selections).toEqual([]);
    expect(result.skipped[0]).toMatchObject({ kind: 'selection', reason: 'It applies no code and has no comment.' });
  });

  it('MAXQDA: a CodeRef straight inside the selection is a coding by the selection’s creator', () => {
    const result = read(oneSource(selection('We were pushed', `<CodeRef targetGUID="${push}"/>`)));
    expect(coded(result)).toEqual(['We were pushed = Push']);
    expect(result.project.sources[0]!.selections[0]!.codings[0]!.creatingUser).toBe(mia);
    expect(result.warnings.map((w) => w.reason)).toContain('The selection names its code without a Coding element (as MAXQDA can); it was read as a coding by the selection’s creator.');
  });

  it('NVivo: an annotation written as a Note and a Link becomes the selection’s note; Sources/ in capitals', () => {
    const note = guid('note-1');
    const sel = guid('sel-annotated');
    const { start, end } = span(text, 'hard');
    const sources = `<Sources><TextSource guid="${doc}" name="P01" plainTextPath="internal://${doc}.txt"><PlainTextSelection guid="${sel}" startPosition="${start}" endPosition="${end}" creatingUser="${mia}"/></TextSource></Sources>`;
    const notes = `<Notes><Note guid="${note}" name="Annotation" plainTextPath="internal://${note}.txt"/></Notes>`;
    const links = `<Links><Link guid="${guid('link-1')}" name="Annotation link" originGUID="${note}" targetGUID="${sel}"/></Links>`;
    const bytes = buildQdpx(projectXml(`${users}${codebook}${sources}${notes}${links}`, 'name="NVivo" origin="NVivo 14"'), {
      [`Sources/${doc}.txt`]: text,
      [`Sources/${note}.txt`]: 'Said with emphasis.',
    });
    const result = read(bytes);
    const selection = result.project.sources[0]!.selections[0]!;
    expect(selection.noteGuids).toEqual([note]);
    expect(result.project.notes[0]).toMatchObject({ guid: note, text: 'Said with emphasis.' });
    expect(result.skipped).toEqual([{ kind: 'selection', name: `P01: ${start}–${end}`, reason: expect.stringContaining('a comment on a passage') }]);
  });

  it('ATLAS.ti: relative:// paths without a basePath are found in the archive, and \\r\\n counts as one', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    // ATLAS.ti counts positions in the text as if each \r\n were one character.
    const { start, end } = span(text, 'We pulled');
    const source = `<Sources><TextSource guid="${doc}" name="P01" plainTextPath="relative://${doc}.txt"><PlainTextSelection guid="${guid('s')}" startPosition="${start}" endPosition="${end}" creatingUser="${mia}">${coding(pull)}</PlainTextSelection></TextSource></Sources>`;
    const result = read(buildQdpx(projectXml(`${users}${codebook}${source}`, 'name="A" origin="ATLAS.ti 23.2.1"'), { [`sources/${doc}.txt`]: crlf }));
    expect(result.project.sources[0]!.text).toBe(text);
    expect(coded(result)).toEqual(['We pulled = Pull']);
    expect(result.skipped).toEqual([]);
  });

  it('a relative:// path to a file that is not in the archive skips the source, naming where it was', () => {
    const source = `<Sources><TextSource guid="${doc}" name="P01" plainTextPath="relative://P01.txt">${selection('hard', coding(push))}</TextSource></Sources>`;
    const result = read(buildQdpx(projectXml(`${users}${codebook}${source}`, 'name="A" basePath="C:\\Projects\\Kit"')));
    expect(result.project.sources).toEqual([]);
    expect(result.skipped).toEqual([
      { kind: 'source', name: 'P01', reason: expect.stringMatching(/a file next to the project \(in C:\\Projects\\Kit\).*Its 1 coded passage\(s\) were not imported either\.$/) },
    ]);
  });

  it('reads PlainTextContent when the text is inline instead of a file', () => {
    const source = `<Sources><TextSource guid="${doc}" name="Inline"><PlainTextContent>${text}</PlainTextContent>${selection('pushed', coding(push))}</TextSource></Sources>`;
    const result = read(buildQdpx(projectXml(`${users}${codebook}${source}`)));
    expect(result.project.sources[0]!.text).toBe(text);
    expect(coded(result)).toEqual(['pushed = Push']);
  });

  it('reads paths without a scheme, relative to the archive or its sources/ folder, and percent-encoded names', () => {
    for (const [path, entry] of [
      ['sources/p01.txt', 'sources/p01.txt'],
      ['p01.txt', 'sources/p01.txt'],
      ['internal://P01%20interview.txt', 'sources/P01 interview.txt'],
      ['internal://P01.TXT', 'SOURCES/p01.txt'],
    ] as const) {
      const source = `<Sources><TextSource guid="${doc}" name="P01" plainTextPath="${path}">${selection('pulled', coding(pull))}</TextSource></Sources>`;
      const result = read(buildQdpx(projectXml(`${users}${codebook}${source}`), { [entry]: text }));
      expect(coded(result), path).toEqual(['pulled = Pull']);
    }
  });

  it('reads an export zipped together with its folder (MyStudy/project.qde, MyStudy/sources/…)', () => {
    const source = `<Sources><TextSource guid="${doc}" name="P01" plainTextPath="internal://${doc}.txt">${selection('pulled', coding(pull))}</TextSource></Sources>`;
    const files = { 'MyStudy/project.qde': projectXml(`${users}${codebook}${source}`), [`MyStudy/sources/${doc}.txt`]: text };
    expect(coded(read(buildQdpx(null, files)))).toEqual(['pulled = Pull']);
  });

  it('reads a project without a namespace, reporting it', () => {
    const xml = projectXml(`${users}${codebook}<Sources><TextSource guid="${doc}" name="P01" plainTextPath="internal://${doc}.txt">${selection('pulled', coding(pull))}</TextSource></Sources>`, 'name="No ns"', null);
    const result = read(buildQdpx(xml, { [`sources/${doc}.txt`]: text }));
    expect(coded(result)).toEqual(['pulled = Pull']);
    expect(result.warnings).toEqual([{ kind: 'element', name: 'Project', reason: 'The project has no QDA-XML namespace; it was read as QDA-XML 1.0.' }]);
  });

  it('ignores unknown elements and vendor extensions, reporting each name once', () => {
    const inner = '<Graphs><Graph guid="' + guid('g') + '"/></Graphs><VendorStuff><X/></VendorStuff><mx:Extra xmlns:mx="urn:maxqda:ext"/>';
    const result = read(oneSource(selection('pulled', coding(pull) + '<Highlight colour="red"/>'), { inner }));
    expect(coded(result)).toEqual(['pulled = Pull']);
    expect(result.warnings.map((w) => w.name).sort()).toEqual(['Extra in Project', 'Highlight in PlainTextSelection', 'VendorStuff in Project']);
    expect(result.warnings.map((w) => w.reason)).toContain('<Extra> in <Project> is not part of QDA-XML 1.0 (perhaps a vendor extension); it was ignored.');
    expect(result.skipped).toEqual([{ kind: 'element', name: 'Graphs', reason: "The project's 1 graph(s) (network views) are not imported." }]);
  });

  it('CRLF text files: normalised to \\n, positions (counting \\r\\n as two, as stored) carried across', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const phrases = ['We were pushed 😤 hard.', 'Then?\r\nP01: We pulled'];
    const selections = phrases.map((phrase, i) => selection(phrase, coding(i === 0 ? push : pull), crlf)).join('');
    const result = read(oneSource(selections, { files: { [`sources/${doc}.txt`]: crlf } }));
    expect(result.project.sources[0]!.text).toBe(text);
    expect(coded(result)).toEqual(['We were pushed 😤 hard. = Push', 'Then?\nP01: We pulled = Pull']);
  });

  it('keeps the text as stored when asked not to normalise', () => {
    const crlf = `${text.replace(/\n/g, '\r\n')}  \r\n`;
    const result = read(oneSource(selection('pulled', coding(pull), crlf), { files: { [`sources/${doc}.txt`]: crlf } }), { normalize: false });
    expect(result.project.sources[0]!.text).toBe(crlf);
    expect(coded(result)).toEqual(['pulled = Pull']);
  });

  it('skips PDF, picture, audio and video sources, counting the passages they lose', () => {
    const media = [
      `<PDFSource guid="${guid('pdf')}" name="Report.pdf" path="internal://r.pdf"><PDFSelection guid="${guid('ps')}" page="1" firstX="0" firstY="0" secondX="1" secondY="1"/></PDFSource>`,
      `<PictureSource guid="${guid('pic')}" name="Photo.jpg" path="internal://p.jpg"/>`,
      `<AudioSource guid="${guid('aud')}" name="Call.m4a" path="relative:///call.m4a"><Transcript guid="${guid('tr')}"><TranscriptSelection guid="${guid('ts')}"/></Transcript></AudioSource>`,
      `<VideoSource guid="${guid('vid')}" name="Walk.mp4" path="internal://w.mp4"/>`,
    ].join('');
    const xml = projectXml(`${users}${codebook}<Sources>${media}<TextSource guid="${doc}" name="P01" plainTextPath="internal://${doc}.txt"/></Sources>`);
    const result = read(buildQdpx(xml, { [`sources/${doc}.txt`]: text, 'sources/r.pdf': new Uint8Array(50) }));
    expect(result.project.sources.map((s) => s.name)).toEqual(['P01']);
    expect(result.skipped).toEqual([
      { kind: 'source', name: 'Report.pdf', reason: 'It is a PDF source; Accord imports text sources only. Its 1 coded passage(s) were not imported either.' },
      { kind: 'source', name: 'Photo.jpg', reason: 'It is a picture source; Accord imports text sources only.' },
      { kind: 'source', name: 'Call.m4a', reason: 'It is an audio source; Accord imports text sources only. Its 1 coded passage(s) were not imported either.' },
      { kind: 'source', name: 'Walk.mp4', reason: 'It is a video source; Accord imports text sources only.' },
    ]);
  });

  it('lists selections outside their text and codings of unknown codes, importing the rest', () => {
    const outside = `<PlainTextSelection guid="${guid('far')}" startPosition="70" endPosition="900" creatingUser="${mia}">${coding(push)}</PlainTextSelection>`;
    const unknown = selection('hard', coding(guid('no-such-code')));
    const result = read(oneSource(outside + unknown + selection('pulled', coding(pull))));
    expect(coded(result)).toEqual(['pulled = Pull']);
    expect(result.skipped).toEqual([
      { kind: 'coding', name: 'P01: 70–900', reason: `Its positions 70–900 fall outside its text, which has ${Array.from(text).length} characters.` },
      { kind: 'coding', name: `P01: ${span(text, 'hard').start}–${span(text, 'hard').end}`, reason: `It refers to a code (${guid('no-such-code')}) that is not in the codebook.` },
    ]);
  });

  it('reads GUIDs in braces and upper case as the same GUIDs', () => {
    const upper = `<Users><User guid="${bracedUpper(mia)}" name="Mia"/></Users><CodeBook><Codes><Code guid="${bracedUpper(push)}" name="Push" isCodable="true"/></Codes></CodeBook>`;
    const source = `<Sources><TextSource guid="${bracedUpper(doc)}" name="P01" plainTextPath="internal://${doc}.txt">${selection('pushed', `<Coding guid="${bracedUpper(guid('c'))}" creatingUser="${bracedUpper(mia)}"><CodeRef targetGUID="${bracedUpper(push)}"/></Coding>`)}</TextSource></Sources>`;
    const result = read(buildQdpx(projectXml(upper + source), { [`sources/${doc}.txt`]: text }));
    expect(coded(result)).toEqual(['pushed = Push']);
    expect(result.project.sources[0]!.guid).toBe(doc);
    expect(result.project.sources[0]!.selections[0]!.codings[0]!.creatingUser).toBe(mia);
  });

  it('adds a user that codings name but Users does not list, and uses the selection’s user when the coding has none', () => {
    const stranger = guid('user-stranger');
    const noUser = `<Coding guid="${guid('c2')}"><CodeRef targetGUID="${pull}"/></Coding>`;
    const result = read(oneSource(selection('pushed', coding(push, stranger)) + selection('pulled', noUser)));
    expect(result.project.users).toEqual([
      { guid: mia, name: 'Mia', id: null },
      { guid: stranger, name: null, id: null },
    ]);
    expect(result.project.sources[0]!.selections.map((s) => s.codings[0]!.creatingUser)).toEqual([stranger, mia]);
  });

  it('skips a text file that is not UTF-8, and a source whose file is outside the archive', () => {
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9]);
    const sources = `<Sources><TextSource guid="${doc}" name="Latin" plainTextPath="internal://${doc}.txt"/><TextSource guid="${guid('abs')}" name="Linked" plainTextPath="absolute:///C:/data/linked.txt"/></Sources>`;
    const result = read(buildQdpx(projectXml(sources), { [`sources/${doc}.txt`]: latin1 }));
    expect(result.project.sources).toEqual([]);
    expect(result.skipped).toEqual([
      { kind: 'source', name: 'Latin', reason: `Its text file (sources/${doc}.txt) is not UTF-8 text, so its positions cannot be trusted.` },
      { kind: 'source', name: 'Linked', reason: expect.stringMatching(/^Its text is a file on the computer that exported it \(absolute:\/\/\/C:\/data\/linked\.txt\)/) },
    ]);
  });

  it('drops a UTF-8 byte-order mark before counting positions', () => {
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...strToU8(text)]);
    const result = read(oneSource(selection('pulled', coding(pull)), { files: { [`sources/${doc}.txt`]: withBom } }));
    expect(coded(result)).toEqual(['pulled = Pull']);
  });

  it('widens a selection that ends between a letter and its combining accent, and says so', () => {
    const decomposed = 'We saw the cafe\u0301 close.';
    const { start } = span(decomposed, 'cafe');
    const sel = `<PlainTextSelection guid="${guid('w')}" startPosition="${start}" endPosition="${start + 4}" creatingUser="${mia}">${coding(push)}</PlainTextSelection>`;
    const result = read(oneSource(sel, { files: { [`sources/${doc}.txt`]: decomposed } }));
    expect(result.project.sources[0]!.text).toBe('We saw the café close.');
    expect(coded(result)).toEqual(['café = Push']);
    expect(result.warnings).toEqual([{ kind: 'selection', name: `P01: ${start}–${start + 4}`, reason: expect.stringContaining('it now covers the whole character') }]);
  });

  it('skips codings of a whole source and values of unknown variables, listing them', () => {
    const source = `<Sources><TextSource guid="${doc}" name="P01" plainTextPath="internal://${doc}.txt">${coding(push)}<VariableValue><VariableRef targetGUID="${guid('no-var')}"/><TextValue>x</TextValue></VariableValue></TextSource></Sources>`;
    const result = read(buildQdpx(projectXml(`${users}${codebook}${source}`), { [`sources/${doc}.txt`]: text }));
    expect(result.skipped.map((s) => s.kind)).toEqual(['coding', 'value']);
  });
});

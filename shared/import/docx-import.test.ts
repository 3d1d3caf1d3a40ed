import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  buildDocx,
  concat,
  docxParts,
  documentXml,
  rawZip,
  zeroBombDeflate,
} from '../../tests/fixtures/import/docx-fixture.ts';
import { expectWellFormedTranscript, unitTexts } from '../../tests/fixtures/import/transcript-invariants.ts';
import { readDocxText } from './docx-text.ts';
import { ImportError } from './import-error.ts';
import { importTranscript } from './import-transcript.ts';

const run = (text: string, preserve = false): string =>
  `<w:r><w:rPr><w:b/></w:rPr><w:t${preserve ? ' xml:space="preserve"' : ''}>${text}</w:t></w:r>`;
const paragraph = (...content: string[]): string => `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>${content.join('')}</w:p>`;

/** An interview with a title, a tab, a line break, entities, NFD text, tracked changes and a field. */
const interviewBody = [
  paragraph(run('Interview P07 &amp; P08')),
  paragraph(run('Interviewer: ', true), run('How did it start?')),
  paragraph(
    run('P07:'),
    '<w:r><w:tab/><w:t xml:space="preserve">It was &lt;slow&gt;, </w:t></w:r>',
    '<w:del w:id="1" w:author="Ana"><w:r><w:delText xml:space="preserve">very very </w:delText></w:r></w:del>',
    '<w:ins w:id="2" w:author="Ana"><w:r><w:t>quite</w:t></w:r></w:ins>',
    run(' slow.', true),
    '<w:r><w:br/><w:t>Then &quot;faster&quot; &#8212; at the cafe&#769;.</w:t></w:r>',
  ),
  '<w:p/>',
  '<w:p></w:p>',
  paragraph(
    run('Interviewer: And then? Page ', true),
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
    run('2'),
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
  ),
].join('');

describe('Word documents (.docx)', () => {
  it('reads paragraphs, tabs, breaks and entities, leaves out deletions, and finds the speaker turns', () => {
    const result = importTranscript({ name: 'P07.docx', bytes: buildDocx(interviewBody) });
    expect(result.format).toBe('speakerTurns');
    expect(result.text).toBe(
      'Interview P07 & P08\n\nInterviewer: How did it start?\n\n' +
        'P07:\tIt was <slow>, quite slow.\nThen "faster" — at the café.\n\nInterviewer: And then? Page 2',
    );
    expect(unitTexts(result)).toEqual([
      'Interview P07 & P08',
      'Interviewer: How did it start?',
      'P07:\tIt was <slow>, quite slow.\nThen "faster" — at the café.',
      'Interviewer: And then? Page 2',
    ]);
    expect(result.units.map((unit) => [unit.kind, unit.speaker])).toEqual([
      ['paragraph', undefined],
      ['turn', 'Interviewer'],
      ['turn', 'P07'],
      ['turn', 'Interviewer'],
    ]);
    expect(result.warnings).toEqual([
      'The document has tracked changes; they were imported as if accepted (deleted text left out, inserted text kept).',
    ]);
    expectWellFormedTranscript(result);
  });

  it('reads a document without speaker labels as paragraphs, keeping format docx', () => {
    const body = paragraph(run('First paragraph.')) + paragraph(run('Second'), '<w:r><w:br/></w:r>', run('with a break.'));
    const result = importTranscript({ name: 'memo.docx', bytes: buildDocx(body) });
    expect(result.format).toBe('docx');
    expect(unitTexts(result)).toEqual(['First paragraph.', 'Second\nwith a break.']);
    expect(result.warnings).toEqual([]);
  });

  it('reads a table of speaker and utterance columns as speaker turns', () => {
    const cell = (text: string): string => `<w:tc><w:tcPr><w:tcW w:w="2000"/></w:tcPr>${paragraph(run(text))}</w:tc>`;
    const row = (...cells: string[]): string => `<w:tr>${cells.map(cell).join('')}</w:tr>`;
    const table = `<w:tbl><w:tblPr/>${row('Interviewer', 'Why nights?')}${row('P07', 'They pay more.')}${row('Interviewer', 'Thanks.')}</w:tbl>`;
    const result = importTranscript({ name: 'P07.docx', bytes: buildDocx(table) });
    expect(result.format).toBe('speakerTurns');
    expect(result.text).toBe('Interviewer\tWhy nights?\n\nP07\tThey pay more.\n\nInterviewer\tThanks.');
    expect(result.units.map((unit) => unit.speaker)).toEqual(['Interviewer', 'P07', 'Interviewer']);
  });

  it('reads the chosen alternate content once and ignores its fallback copy', () => {
    const alternate =
      '<mc:AlternateContent><mc:Choice Requires="wps">' + run('Text box.') + '</mc:Choice>' +
      '<mc:Fallback>' + run('Text box.') + '</mc:Fallback></mc:AlternateContent>';
    expect(readDocxText(documentXml(paragraph(alternate))).text).toBe('Text box.');
  });

  it('trims w:t text without xml:space="preserve" and keeps it with', () => {
    expect(readDocxText(documentXml(paragraph(run('  a  '), run('  b  ', true)))).text).toBe('a  b  ');
  });

  it('reads an archive written in streaming mode (with data descriptors)', () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    for (const [name, data] of Object.entries(docxParts(interviewBody))) {
      const file = new ZipDeflate(name, { level: 6 });
      zip.add(file);
      file.push(data as Uint8Array, true);
    }
    zip.end();
    const result = importTranscript({ name: 'P07.docx', bytes: concat(chunks) });
    expect(result.units).toHaveLength(4);
  });
});

describe('malformed .docx files', () => {
  it('refuses a truncated zip as corrupt with a message naming the file', () => {
    const bytes = buildDocx(interviewBody);
    const error = captureError(() => importTranscript({ name: 'P07.docx', bytes: bytes.subarray(0, Math.floor(bytes.length / 2)) }));
    expect(error.reason).toBe('corrupt');
    expect(error.fileName).toBe('P07.docx');
    expect(error.message).toMatch(/^P07\.docx: this \.docx file cannot be read: it is not a readable zip archive/);
    expect(error.message).toContain('save it again as .docx');
  });

  it('refuses text posing as a .docx as corrupt', () => {
    const error = captureError(() => importTranscript({ name: 'P07.docx', bytes: strToU8('Interviewer: hi\nP07: hello\n') }));
    expect(error.reason).toBe('corrupt');
  });

  it('refuses a zip whose document.xml data is damaged as corrupt', () => {
    const good = zipSync({ 'word/document.xml': strToU8(documentXml(paragraph(run('Hello '.repeat(200))))) });
    const damaged = good.slice();
    const dataStart = 30 + 'word/document.xml'.length;
    damaged.fill(0xff, dataStart, dataStart + 40);
    expect(captureError(() => importTranscript({ name: 'P07.docx', bytes: damaged })).reason).toBe('corrupt');
  });

  it('refuses a zip without word/document.xml as corrupt', () => {
    const bytes = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    const error = captureError(() => importTranscript({ name: 'budget.docx', bytes }));
    expect(error.reason).toBe('corrupt');
    expect(error.message).toContain('it has no word/document.xml');
  });

  it('refuses an old binary .doc renamed to .docx as unsupported', () => {
    const bytes = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0);
    const error = captureError(() => importTranscript({ name: 'P07.docx', bytes }));
    expect(error.reason).toBe('unsupported');
    expect(error.message).toContain('Save As › Word Document (.docx)');
  });

  it('refuses a zip bomb (50 MB of zeros in ~50 KB) from its directory, before inflating anything', () => {
    const bomb = zeroBombDeflate(203_212);
    expect(bomb.inflatedSize).toBeGreaterThan(50 * 1000 * 1000);
    expect(bomb.data.length).toBeLessThan(60 * 1024);
    const bytes = rawZip([
      { name: '[Content_Types].xml', data: strToU8('<Types/>'), method: 0, declaredSize: 8 },
      { name: 'word/document.xml', data: bomb.data, method: 8, declaredSize: bomb.inflatedSize },
    ]);
    const error = captureError(() => importTranscript({ name: 'bomb.docx', bytes }));
    expect(error.reason).toBe('zipBomb');
    // The ratio message comes from the directory check: the stream was never inflated.
    expect(error.message).toMatch(/^bomb\.docx: its text is compressed more than 200:1/);
  });

  it('refuses a document.xml whose declared size exceeds the limit', () => {
    const error = captureError(() =>
      importTranscript({ name: 'P07.docx', bytes: buildDocx(interviewBody) }, { maxUnzippedBytes: 256 }),
    );
    expect(error.reason).toBe('zipBomb');
    expect(error.message).toContain('more than the 256 bytes Accord accepts');
  });

  it('stops inflating as soon as a document.xml grows past the size its headers declare', () => {
    const bomb = zeroBombDeflate(203_212);
    const lie = 1024 * 1024; // under the 10 MB from which the ratio is checked
    const bytes = rawZip([{ name: 'word/document.xml', data: bomb.data, method: 8, declaredSize: lie }]);
    const error = captureError(() => importTranscript({ name: 'liar.docx', bytes }));
    expect(error.reason).toBe('zipBomb');
    expect(error.message).toContain('its text unzips to more than the 1.0 MB its zip directory declares');
  });

  it('refuses a document.xml that inflates to less than declared as corrupt', () => {
    const small = zeroBombDeflate(4);
    const bytes = rawZip([{ name: 'word/document.xml', data: small.data, method: 8, declaredSize: small.inflatedSize + 100 }]);
    expect(captureError(() => importTranscript({ name: 'short.docx', bytes })).reason).toBe('corrupt');
  });

  it('refuses a .docx with no text as empty', () => {
    const error = captureError(() => importTranscript({ name: 'blank.docx', bytes: buildDocx('<w:p/><w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>') }));
    expect(error.reason).toBe('empty');
    expect(error.message).toMatch(/^blank\.docx: /);
  });

  it('refuses a .docx whose text exceeds maxChars as too large', () => {
    const error = captureError(() => importTranscript({ name: 'P07.docx', bytes: buildDocx(interviewBody) }, { maxChars: 20 }));
    expect(error.reason).toBe('tooLarge');
  });
});

function captureError(action: () => unknown): ImportError {
  try {
    action();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected an ImportError');
}

import { describe, expect, it } from 'vitest';
import { csvCell, writeCsv } from './csv-writer.ts';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks, doubling the quotes (RFC 4180)', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('She said "no"')).toBe('"She said ""no"""');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('ends with CR LF\r\n')).toBe('"ends with CR LF\r\n"');
  });

  it('keeps edge spaces and a leading # by quoting them', () => {
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('#3 in the list')).toBe('"#3 in the list"');
  });

  it('prefixes text a spreadsheet would run as a formula with an apostrophe', () => {
    expect(['=SUM(A1:A9)', '+44 20 7946 0000', '-1', '@cmd', '\tindented', '=HYPERLINK("http://x", "y")'].map(csvCell)).toEqual([
      "'=SUM(A1:A9)",
      "'+44 20 7946 0000",
      "'-1",
      "'@cmd",
      "'\tindented",
      `"'=HYPERLINK(""http://x"", ""y"")"`,
    ]);
    // Only the first character matters; numbers are numbers, not text.
    expect([csvCell('a = b'), csvCell(-1), csvCell(0.125)]).toEqual(['a = b', '-1', '0.125']);
  });

  it('writes nothing for null and non-finite numbers, and emoji as they are', () => {
    expect([csvCell(null), csvCell(Number.NaN), csvCell(Infinity), csvCell('honestly 😤 👩‍👩‍👧')]).toEqual(['', '', '', 'honestly 😤 👩‍👩‍👧']);
  });
});

describe('writeCsv', () => {
  it('opens with the byte order mark and ends every row with CRLF', () => {
    const csv = writeCsv([
      ['code', 'n'],
      ['Push, mostly', 3],
      ['', null],
    ]);
    expect(csv).toBe('\uFEFFcode,n\r\n"Push, mostly",3\r\n,\r\n');
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});

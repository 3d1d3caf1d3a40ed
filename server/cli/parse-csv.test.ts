import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.ts';
import { parseCsv } from './parse-csv.ts';

describe('CSV parsing (KA32)', () => {
  it('reads quoted fields, escaped quotes, CRLF, a BOM and skips blank lines', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n1,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['1', ''],
    ]);
  });

  it('keeps an empty last field and a last line without newline', () => {
    expect(parseCsv('a,b\n1,')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('rejects unclosed quotes and text after a closing quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CliError);
    expect(() => parseCsv('"a"b,c')).toThrow(CliError);
    expect(() => parseCsv('a"b,c')).toThrow(CliError);
  });
});

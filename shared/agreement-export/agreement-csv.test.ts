import { describe, expect, it } from 'vitest';
import { buildAgreementCsv, csvColumns, csvField } from './agreement-csv.ts';
import { exportInput } from './export-fixture.test-support.ts';

/** A small RFC 4180 reader, to check the CSV reads back as written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('agreement CSV', () => {
  it('quotes fields with commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('Hope, "fear"')).toBe('"Hope, ""fear"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField(-0.25)).toBe('-0.25'); // numbers are never prefixed
    expect(csvField(null)).toBe('');
  });

  it('writes one row per section × measure with names, unrounded values and n', () => {
    const input = exportInput();
    const rows = parseCsv(buildAgreementCsv(input));
    expect(rows[0]).toEqual([...csvColumns]);
    const byHeader = rows.slice(1).map((r) => Object.fromEntries(csvColumns.map((c, i) => [c, r[i] ?? ''])));
    expect(byHeader.every((r) => Object.keys(r).length === csvColumns.length)).toBe(true);
    const hope = byHeader.find((r) => r.section === 'code' && r.code === 'Hope, fear & "trust"' && r.measure === 'per_code_binary_u_alpha')!;
    const reported = input.snapshot.report.perCode.find((c) => c.codeId === 'hope')!.results.find((r) => r.measure === 'per_code_binary_u_alpha')!;
    expect(Number(hope.value)).toBe(reported.value); // full precision, no rounding
    expect(hope.n).toBe('160'); // continuum measures count the characters of both documents
    expect(hope['n counts']).toBe('characters');
    const alpha = byHeader.find((r) => r.section === 'code' && r.code === 'Hope, fear & "trust"' && r.measure === 'krippendorff_alpha')!;
    expect(alpha.n).toBe('160');
    expect(alpha.level).toBe('nominal');
    // The formula-looking code name is kept but defused.
    expect(byHeader.some((r) => r.code === "'=HYPERLINK(\"http://x\")")).toBe(true);
    // Coder pair with both names, comma and markup intact.
    expect(byHeader.find((r) => r.section === 'coder-pair')!['coder pair']).toBe('Ana, "the PI" × <script>alert(1)</script>');
    // Code × document rows name both.
    expect(byHeader.some((r) => r.section === 'code-document' && r.document === 'P01, "first" interview')).toBe(true);
  });

  it('KA3: an undefined value is an empty cell with its reason in words, never 0 or 1', () => {
    const rows = parseCsv(buildAgreementCsv(exportInput()));
    const never = rows.find((r) => r[0] === 'code' && r[1] === 'Never used' && r[4] === 'krippendorff_alpha')!;
    expect(never[6]).toBe('');
    expect(never[7]).toBe('no expected disagreement (all values alike)');
  });

  it('ends every line with CRLF', () => {
    const csv = buildAgreementCsv(exportInput());
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '').includes('\n')).toBe(false);
  });
});

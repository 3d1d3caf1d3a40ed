import { CliError } from './cli-error.ts';

/**
 * Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes (with "" for a quote),
 * CRLF or LF line ends, a leading BOM ignored. Blank lines are skipped.
 *
 * @example
 * parseCsv('a,b\n1,"x, y"\n') // [['a', 'b'], ['1', 'x, y']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  // start: at a field's first character; plain: inside an unquoted field; quoted: inside quotes;
  // closed: just after a closing quote (only a comma or a line end may follow).
  let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  let line = 1;
  const endField = (): void => {
    row.push(field);
    field = '';
    state = 'start';
  };
  const endRow = (): void => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (state === 'quoted') {
      if (ch !== '"') {
        if (ch === '\n') line++;
        field += ch;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else state = 'closed';
      continue;
    }
    if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
    } else if (state === 'closed') {
      throw new CliError('input', `CSV line ${line}: text after a closing quote`);
    } else if (ch === '"') {
      if (state === 'plain') throw new CliError('input', `CSV line ${line}: a quote inside an unquoted field`);
      state = 'quoted';
    } else {
      field += ch;
      state = 'plain';
    }
  }
  if (state === 'quoted') throw new CliError('input', `CSV line ${line}: a quoted field is not closed`);
  if (state !== 'start' || row.length > 0) endRow();
  return rows;
}

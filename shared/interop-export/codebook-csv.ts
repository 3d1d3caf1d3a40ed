import type { Code } from '../model/codebook.ts';
import { codebookOutline, formatCodePath } from './codebook-outline.ts';
import { writeCsv, type CsvValue } from './csv-writer.ts';

/** The codebook CSV's columns, in order (`codings` only when counts are given). */
export const codebookCsvColumns = ['path', 'name', 'short name', 'parent path', 'colour', 'definition', 'inclusion', 'exclusion', 'examples', 'stage', 'stage order', 'domain', 'codings'] as const;

/**
 * The codebook as CSV (`csv-writer.ts`: UTF-8 with a byte order mark, CRLF, formula-looking text
 * prefixed with `'`), one row per code in codebook order: its path ("Parent / Child"), name, short
 * name, parent's path (empty at the top), colour (`#rrggbb`), definition, inclusion and exclusion
 * criteria, examples (one per line in the cell), whether it is a stage code (`TRUE`/`FALSE`, which
 * R, pandas and Excel read as logical) and its stage order, domain, and — when `codingCounts` is
 * given — how many codings use it (the code alone, not its sub-codes).
 *
 * @example
 * writeCodebookCsv([push]).split('\r\n')[1] // 'Push,Push,PU,,#E69F00,Given without being asked for.,,,,TRUE,1,,'
 */
export function writeCodebookCsv(codes: readonly Code[], codingCounts?: ReadonlyMap<string, number>): string {
  const columns = codingCounts ? codebookCsvColumns : codebookCsvColumns.slice(0, -1);
  const rows: CsvValue[][] = [[...columns]];
  for (const { code, path } of codebookOutline(codes)) {
    const row: CsvValue[] = [
      formatCodePath(path),
      code.name,
      code.shortName,
      formatCodePath(path.slice(0, -1)),
      code.colour,
      code.definition,
      code.inclusion,
      code.exclusion,
      code.examples.join('\n'),
      code.isStage ? 'TRUE' : 'FALSE',
      code.isStage ? code.stageOrder : null,
      code.domain,
    ];
    if (codingCounts) row.push(codingCounts.get(code.id) ?? 0);
    rows.push(row);
  }
  return writeCsv(rows);
}

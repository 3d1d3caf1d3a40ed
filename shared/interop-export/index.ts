// Public surface of the table and document exports (codings table, codebook CSV and Markdown):
// re-exported by name (STYLE rule 9).
export { codebookCsvColumns, writeCodebookCsv } from './codebook-csv.ts';
export { escapeMarkdown, writeCodebookMarkdown } from './codebook-markdown.ts';
export type { CodebookMarkdownHeading } from './codebook-markdown.ts';
export { codebookOutline, codePathSeparator, formatCodePath } from './codebook-outline.ts';
export type { OutlineEntry } from './codebook-outline.ts';
export { codingsColumns, codingsRowValues, writeCodingsCsv } from './codings-table.ts';
export type { CodingsColumn, CodingsColumnKind, CodingsRow, CodingsTable } from './codings-table.ts';
export { byteOrderMark, csvCell, writeCsv } from './csv-writer.ts';
export type { CsvValue } from './csv-writer.ts';
export { codingsTableOf } from './refi-codings.ts';

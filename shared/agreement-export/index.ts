// Public surface of the agreement export module: re-exported by name (STYLE rule 9).
export { buildAgreementCsv, csvColumns, csvField } from './agreement-csv.ts';
export { buildAgreementHtml, escapeHtml } from './agreement-html.ts';
export {
  AgreementQueryError,
  AgreementQueryErrorReason,
  AgreementUnit,
  defaultMinimums,
  formatAgreementQuery,
  readAgreementQuery,
} from './agreement-query.ts';
export type { AgreementQuery, BootstrapQuery } from './agreement-query.ts';
export { pairKey } from './agreement-snapshot.ts';
export type { AgreementDetails, AgreementPassages, AgreementSnapshot, PassageView, SectionBootstrap, UnitCounts } from './agreement-snapshot.ts';
export { disagreeingPassages, excerptPassage } from './disagreeing-passages.ts';
export type { CoderSpan, DisagreeingPassage, PassageExcerpt, PassageStretch } from './disagreeing-passages.ts';
export { conventionsFor, isContinuumMeasure, measureLabel, measureNotes, ruleStatements, unitDescription, unitName } from './method-notes.ts';
export type { Convention, MeasureNote } from './method-notes.ts';
export { methodFacts, methodStatement, reportedMeasures } from './method-statement.ts';
export type { MethodFacts } from './method-statement.ts';
export { createNames, reportRows, ReportSection } from './report-rows.ts';
export type { ExportInput, ReportRow } from './report-rows.ts';
export { sectionUnitCounts } from './unit-counts.ts';
export type { UnitCountOptions } from './unit-counts.ts';
export { alphaStanding, formatCoefficient, formatValue, isProportion } from './value-format.ts';
export type { AlphaStanding } from './value-format.ts';

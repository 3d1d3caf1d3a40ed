import type { AgreementReport, MeasureResult } from '../../shared/agreement/index.ts';
import type { CliIo } from './cli-io.ts';
import { formatResultLines, resultJson } from './format-result.ts';
import type { QdpxReading, StudyNames } from './read-qdpx-study.ts';
import type { StudyLabels } from './study-labels.ts';

/** Reader skips that take codings away from the comparison (notes, cases, graphs do not). */
const codingKinds = new Set(['source', 'selection', 'coding', 'code']);

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The sentences a researcher needs before trusting a `.qdpx` report: codings not compared, and why.
 *
 * @example
 * qdpxNotes({ leftOut: { unknownCode: 0, outsideText: 0, consensus: 3 }, skipped: [], … }, 'character')
 * // ['Note: the consensus layer’s 3 codings are not compared (--with-consensus compares each coder with it).']
 */
export function qdpxNotes(reading: QdpxReading, unit: AgreementReport['unit']): string[] {
  const notes: string[] = [];
  const { unknownCode, outsideText, consensus } = reading.leftOut;
  if (unknownCode + outsideText > 0) {
    const why = [
      ...(unknownCode > 0 ? [`${unknownCode} apply a code the file's codebook does not have`] : []),
      ...(outsideText > 0 ? [`${outsideText} fall outside their text`] : []),
    ];
    notes.push(`Note: ${plural(unknownCode + outsideText, 'coding was', 'codings were')} left out: ${why.join(', ')}.`);
  }
  if (consensus > 0) notes.push(`Note: the consensus layer's ${plural(consensus, 'coding is', 'codings are')} not compared (--with-consensus compares each coder with it).`);
  const byKind = new Map<string, number>();
  for (const s of reading.skipped) if (codingKinds.has(s.kind)) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
  if (byKind.size > 0) {
    const counts = [...byKind].map(([kind, n]) => plural(n, kind)).join(', ');
    notes.push(`Note: reading the file left out ${counts} (--json lists each with why).`);
  }
  if (unit === 'unit' && reading.documentsWithoutUnits.length > 0) {
    notes.push(`Note: ${reading.documentsWithoutUnits.join(', ')} ${reading.documentsWithoutUnits.length === 1 ? 'has' : 'have'} no transcript units (Accord's text import refused or changed the text), so ${reading.documentsWithoutUnits.length === 1 ? 'it is' : 'they are'} not compared by unit.`);
  }
  return notes;
}

/**
 * A study report for people: a header, notes, then one block per section, ids shown by name.
 * `level` keeps only results at that level (given as the JSON has it, or as printed).
 */
export function printStudyReport(report: AgreementReport, options: { level: string | null; labels: StudyLabels; qdpx: QdpxReading | undefined }, io: CliIo): void {
  const { level, labels, qdpx } = options;
  const keep = (results: readonly MeasureResult[]): MeasureResult[] =>
    level === null ? [...results] : results.filter((r) => r.level === level || labels.level(r.level) === level);
  const block = (title: string, results: readonly MeasureResult[]): void => {
    const kept = keep(results);
    if (kept.length === 0) return;
    io.stdout(title);
    for (const line of formatResultLines(kept.map((r) => ({ ...r, level: labels.level(r.level) })))) io.stdout(line);
  };
  if (qdpx) io.stdout(`Project "${qdpx.projectName}"${qdpx.origin ? ` (written by ${qdpx.origin})` : ''}`);
  io.stdout(
    `Agreement report — unit: ${report.unit}${report.excludeUncoded ? ' (uncoded units excluded)' : ''}; ` +
      `${report.coderIds.length} coders (${report.coderIds.map((id) => labels.of('coders', id)).join(', ')}), ${report.documentIds.length} documents, ${report.codeIds.length} codes`,
  );
  if (qdpx) for (const note of qdpxNotes(qdpx, report.unit)) io.stdout(note);
  const code = (id: string) => labels.of('codes', id);
  const document = (id: string) => labels.of('documents', id);
  const coder = (id: string) => labels.of('coders', id);
  block('\nOverall', report.overall);
  for (const c of report.perCode) block(`\nCode ${code(c.codeId)}`, c.results);
  for (const d of report.perDomain) block(`\nDomain ${d.domain}`, d.results);
  for (const c of report.perCodeDocument) block(`\nCode ${code(c.codeId)} in ${document(c.documentId)}`, c.results);
  if (report.documentIds.length > 1) for (const d of report.perDocument) block(`\nDocument ${document(d.documentId)}`, d.results);
  if (report.coderIds.length > 2) for (const p of report.perCoderPair) block(`\nCoders ${coder(p.coderIds[0])} × ${coder(p.coderIds[1])}`, p.results);
}

/** A study report as JSON: ids as in the study, with the names behind them and what a `.qdpx` left out. */
export function studyReportJson(report: AgreementReport, extra: { names?: StudyNames | undefined; qdpx?: QdpxReading | undefined } = {}): unknown {
  const results = (list: readonly MeasureResult[]): unknown[] => list.map(resultJson);
  return {
    unit: report.unit,
    excludeUncoded: report.excludeUncoded,
    coderIds: report.coderIds,
    documentIds: report.documentIds,
    codeIds: report.codeIds,
    overall: results(report.overall),
    perCode: report.perCode.map((c) => ({ codeId: c.codeId, results: results(c.results) })),
    perDocument: report.perDocument.map((d) => ({ documentId: d.documentId, results: results(d.results) })),
    perCodeDocument: report.perCodeDocument.map((c) => ({ codeId: c.codeId, documentId: c.documentId, results: results(c.results) })),
    perCoderPair: report.perCoderPair.map((p) => ({ coderIds: p.coderIds, results: results(p.results) })),
    perDomain: report.perDomain.map((d) => ({ domain: d.domain, results: results(d.results) })),
    ...(extra.names && { names: extra.names }),
    ...(extra.qdpx && {
      file: {
        project: extra.qdpx.projectName,
        origin: extra.qdpx.origin,
        leftOut: extra.qdpx.leftOut,
        documentsWithoutUnits: extra.qdpx.documentsWithoutUnits,
        skipped: extra.qdpx.skipped,
      },
    }),
  };
}

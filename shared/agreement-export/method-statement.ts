import type { Measure } from '../agreement/index.ts';
import { conventionsFor, measureNotes, unitDescription, type Convention } from './method-notes.ts';
import { createNames, type ExportInput } from './report-rows.ts';

/** Who and what a report covers, with names, as a methods section states it. */
export type MethodFacts = {
  readonly coders: readonly string[];
  readonly documents: readonly string[];
  readonly codes: readonly string[];
  readonly measures: readonly Measure[];
  readonly conventions: readonly Convention[];
  /** "2026-11-28 08:14 UTC" */
  readonly date: string;
};

/** The measures a report actually computed, in report order. */
export function reportedMeasures(input: Pick<ExportInput, 'snapshot'>): Measure[] {
  const { report } = input.snapshot;
  const seen = new Set<Measure>();
  for (const r of [...report.overall, ...report.perCode.flatMap((c) => c.results), ...report.perDomain.flatMap((d) => d.results)]) seen.add(r.measure);
  return [...seen];
}

export function methodFacts(input: ExportInput): MethodFacts {
  const names = createNames(input);
  const { report } = input.snapshot;
  const measures = reportedMeasures(input);
  return {
    coders: report.coderIds.map(names.coder),
    documents: report.documentIds.map(names.document),
    codes: report.codeIds.map(names.code),
    measures,
    conventions: conventionsFor(input.query, measures),
    date: `${input.generatedAt.slice(0, 10)} ${input.generatedAt.slice(11, 16)} UTC`,
  };
}

const listed = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The method in sentences, ready for a paper's methods section: software and version, date,
 * coders, documents, codes, unit, treatment of uncoded text, measures with the SPEC rules that
 * define them, undefined values, bootstrap.
 *
 * @example
 * methodStatement(input)[0] // 'Inter-coder agreement was computed with Accord 0.1.0 on 2026-11-28 …'
 */
export function methodStatement(input: ExportInput): string[] {
  const facts = methodFacts(input);
  const { query } = input;
  const out = [
    `Inter-coder agreement was computed with Accord ${input.softwareVersion} on ${facts.date} for ${counted(facts.coders.length, 'coder')} (${listed(facts.coders)}) ` +
      `over ${counted(facts.documents.length, 'document')} (${listed(facts.documents)}) and ${counted(facts.codes.length, 'code')}.`,
    `Unit of analysis: ${unitDescription(query.unit, query.threshold)}`,
    query.excludeUncoded
      ? 'Units that no compared coder coded were excluded before the coefficient measures (KA30); the unitizing, NVivo- and MAXQDA-style measures keep them, as their definitions require.'
      : 'Units that no coder coded were kept: agreement to leave text uncoded counts as agreement.',
    `Measures: ${facts.measures.map((m) => `${measureNotes[m].label} (${measureNotes[m].rules.join(', ')})`).join('; ')}.`,
    'A value whose formula is 0/0 is reported as undefined with its reason, never as 0 or 1 (KA3).',
  ];
  if (query.bootstrap) {
    out.push(
      `Confidence intervals for Krippendorff's α: ${Math.round((input.snapshot.bootstrap?.[0]?.confidence ?? 0.95) * 100)} % percentile intervals from ${query.bootstrap.samples} bootstrap resamples (Hayes & Krippendorff 2007), seed ${query.bootstrap.seed} (KA13).` +
        (query.unit === 'character' ? ' At the character unit the resampled pairs are not independent, so these intervals are far too narrow; prefer transcript units or segments for inference.' : ''),
    );
  }
  if (input.snapshot.orphanedCodings > 0) {
    out.push(`${counted(input.snapshot.orphanedCodings, 'coding')} whose text was deleted could not be placed and ${input.snapshot.orphanedCodings === 1 ? 'was' : 'were'} not compared.`);
  }
  out.push('Rule numbers (KA…) refer to the numbered rules of Accord’s shared/SPEC.md, which state each measure’s definition and conventions.');
  return out;
}

import { AgreementError } from './agreement-error.ts';
import { indexStudy, type AgreementStudy, type StudyIndex, type StudySelection } from './agreement-study.ts';
import { brennanPrediger } from './brennan-prediger.ts';
import { definedCoefficient, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import { addMissingPatterns, addPatterns, missingPatternReliabilityData, projectMask, projectPatterns, type MissingPatternGroups, type PatternHistogram } from './coder-patterns.ts';
import { cohenKappa } from './cohen-kappa.ts';
import { fleissKappa } from './fleiss-kappa.ts';
import { gwetAc1 } from './gwet-ac1.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import { segmentAgreementFromCounts } from './maxqda-segment-agreement.ts';
import { isMeasure, Measure } from './measure.ts';
import { nvivoKappaFromCounts, nvivoPercentFromCounts } from './nvivo-character-agreement.ts';
import { percentAgreement } from './percent-agreement.ts';
import { tallyUnits } from './reliability-data.ts';
import { resolveReportUnit, type ReportUnit } from './report-unit.ts';
import { scottPi } from './scott-pi.ts';
import { createStudyCells, type BinaryCell, type StudyCells } from './study-cells.ts';
import { alphaFrom2004, type Disagreement2004 } from './unitizing-alpha-2004.ts';
import { cuAlphaFromTally, kUAlphaFromTally, uAlphaFromTally } from './unitizing-alpha.ts';
import { binaryTallyFromPatterns, sumTallies, type UnitizingTally } from './unitizing-coincidences.ts';

/**
 * Which breakdowns to compute: all by default except `perCodeDocument` (the NVivo-style code ×
 * document rows), which multiplies the work by the number of documents and is asked for explicitly.
 */
export type ReportSections = {
  readonly perCode?: boolean;
  readonly perDocument?: boolean;
  readonly perCodeDocument?: boolean;
  readonly perCoderPair?: boolean;
  readonly perDomain?: boolean;
};

export type ReportOptions = StudySelection & {
  /** Default: character. */
  readonly unit?: ReportUnit;
  /** Measure ids to compute (default: every measure that applies to the unit). */
  readonly measures?: readonly string[];
  /** Drop units no compared coder marked (coefficient measures only; SPEC KA30). Default false. */
  readonly excludeUncoded?: boolean;
  /** Overlap threshold in % for MAXQDA-style segment agreement (default 90, or the segment unit's threshold). */
  readonly maxqdaThreshold?: number;
  readonly sections?: ReportSections;
};

/** One measure's result in a report; `level` as in the vectors (metric, code, `CODE@T%`, `overall`, domain). */
export type MeasureResult = { readonly measure: Measure; readonly level: string | null } & Coefficient;

export type AgreementReport = {
  readonly unit: ReportUnit['kind'];
  readonly excludeUncoded: boolean;
  readonly coderIds: readonly string[];
  readonly documentIds: readonly string[];
  readonly codeIds: readonly string[];
  readonly overall: readonly MeasureResult[];
  readonly perCode: readonly { readonly codeId: string; readonly results: readonly MeasureResult[] }[];
  readonly perDocument: readonly { readonly documentId: string; readonly results: readonly MeasureResult[] }[];
  readonly perCodeDocument: readonly {
    readonly codeId: string;
    readonly documentId: string;
    readonly results: readonly MeasureResult[];
  }[];
  readonly perCoderPair: readonly { readonly coderIds: readonly [string, string]; readonly results: readonly MeasureResult[] }[];
  readonly perDomain: readonly { readonly domain: string; readonly results: readonly MeasureResult[] }[];
};

const coefficientMeasures: readonly Measure[] = [
  Measure.percentAgreement,
  Measure.cohenKappa,
  Measure.scottPi,
  Measure.fleissKappa,
  Measure.brennanPrediger,
  Measure.gwetAc1,
  Measure.krippendorffAlpha,
];

const characterMeasures: readonly Measure[] = [
  ...coefficientMeasures,
  Measure.perCodeBinaryUAlpha,
  Measure.kUAlpha,
  Measure.binaryUAlpha,
  Measure.uAlpha,
  Measure.cuAlpha,
  Measure.cuAlphaDomains,
  Measure.cuAlphaWithinDomain,
  Measure.uAlpha2004,
  Measure.nvivoCharKappa,
  Measure.nvivoPercentAgreement,
  Measure.maxqdaSegmentAgreement,
];

/**
 * The measures a report computes for a unit kind, in report order.
 *
 * @example
 * reportMeasures('segment') // [...coefficient measures, 'maxqda_segment_agreement']
 */
export function reportMeasures(unit: ReportUnit['kind']): readonly Measure[] {
  if (unit === 'character') return characterMeasures;
  if (unit === 'segment') return [...coefficientMeasures, Measure.maxqdaSegmentAgreement];
  return coefficientMeasures;
}

/** A report section: one document or all, one code / one domain's codes / all codes, one pair or all coders. */
type Section = {
  readonly document: number | null;
  readonly code: number | null;
  readonly domain: number | null;
  readonly pair: number | null;
};

type Context = {
  readonly cells: StudyCells;
  readonly index: StudyIndex;
  readonly unit: ReportUnit['kind'];
  readonly measures: ReadonlySet<Measure>;
  readonly excludeUncoded: boolean;
  readonly threshold: number;
  readonly domains: readonly string[];
  readonly domainCodes: readonly (readonly number[])[];
};

function result(measure: Measure, level: string | null, coefficient: Coefficient): MeasureResult {
  return { measure, level, ...coefficient };
}

function sectionDocuments(ctx: Context, s: Section): number[] {
  return s.document !== null ? [s.document] : ctx.index.documents.map((_, d) => d);
}

function sectionCodes(ctx: Context, s: Section): readonly number[] {
  if (s.code !== null) return [s.code];
  if (s.domain !== null) return ctx.domainCodes[s.domain] ?? [];
  return ctx.index.codes.map((_, k) => k);
}

function sectionCells(ctx: Context, s: Section): number[] {
  const K = ctx.cells.codeCount;
  const codes = sectionCodes(ctx, s);
  return sectionDocuments(ctx, s).flatMap((d) => codes.map((k) => d * K + k));
}

function sectionPairs(ctx: Context, s: Section): number[] {
  return s.pair !== null ? [s.pair] : ctx.cells.pairs.map((_, p) => p);
}

/** The coders a section compares: one pair, or all. */
function sectionCoders(ctx: Context, s: Section): readonly number[] {
  return s.pair !== null ? (ctx.cells.pairs[s.pair] as readonly number[]) : ctx.index.coderIds.map((_, c) => c);
}

/** Whether any of `coders` is missing in document d (SPEC KA33). */
function missesAny(ctx: Context, d: number, coders: readonly number[]): boolean {
  const absent = ctx.index.absent[d] as number;
  return absent !== 0 && coders.some((c) => (absent & (1 << c)) !== 0);
}

/**
 * The documents a one-continuum-per-coder measure compares in a section (SPEC KA33): those every
 * coder of the section coded. Two coders compare where both coded; more coders, when some
 * document misses one of them, cannot be compared this way (null).
 */
function completeDocuments(ctx: Context, s: Section): number[] | null {
  const coders = sectionCoders(ctx, s);
  const documents = sectionDocuments(ctx, s);
  const complete = documents.filter((d) => !missesAny(ctx, d, coders));
  return complete.length === documents.length || coders.length === 2 ? complete : null;
}

function coefficientResults(ctx: Context, s: Section, cells: readonly number[]): MeasureResult[] {
  const wanted = coefficientMeasures.filter((m) => ctx.measures.has(m));
  if (wanted.length === 0) return [];
  // Units are grouped by the coders missing in their document: those coders' values are −1 there.
  const groups: MissingPatternGroups = new Map();
  const K = ctx.cells.codeCount;
  const absentOf = (cell: number): number => ctx.index.absent[Math.floor(cell / K)] as number;
  let coderCount = ctx.index.coderIds.length;
  if (s.pair === null) {
    for (const cell of cells) addMissingPatterns(groups, absentOf(cell), ctx.cells.patterns[cell] as PatternHistogram);
  } else {
    const pair = ctx.cells.pairs[s.pair] as readonly number[];
    const own = ctx.cells.pairPatterns?.[s.pair] ?? null;
    coderCount = 2;
    // Summing then projecting equals projecting then summing: patterns only forget other coders.
    const full: MissingPatternGroups = new Map();
    for (const cell of cells) {
      const missing = projectMask(absentOf(cell), pair);
      if (own !== null) addMissingPatterns(groups, missing, own[cell] as PatternHistogram);
      else addMissingPatterns(full, missing, ctx.cells.patterns[cell] as PatternHistogram);
    }
    for (const [missing, histogram] of full) addMissingPatterns(groups, missing, projectPatterns(histogram, pair));
  }
  const data = missingPatternReliabilityData(groups, coderCount, ctx.excludeUncoded);
  const tallies = tallyUnits(data);
  return wanted.map((measure) => {
    switch (measure) {
      case 'percent_agreement':
        return result(measure, null, percentAgreement(data, tallies));
      case 'cohen_kappa':
        return result(measure, null, coderCount === 2 ? cohenKappa(data) : undefinedCoefficient('notTwoCoders'));
      case 'scott_pi':
        return result(measure, null, coderCount === 2 ? scottPi(data) : undefinedCoefficient('notTwoCoders'));
      case 'fleiss_kappa':
        return result(measure, null, fleissKappa(data, tallies));
      case 'brennan_prediger':
        return result(measure, null, brennanPrediger(data, tallies));
      case 'gwet_ac1':
        return result(measure, null, gwetAc1(data, tallies));
      default:
        return result(measure, 'nominal', krippendorffAlpha(data, 'nominal', tallies));
    }
  });
}

function summed(ctx: Context, s: Section, documents: readonly number[], perDocument: readonly (UnitizingTally | null)[] | undefined, valueCount: number): UnitizingTally | null {
  const coderCount = s.pair === null ? ctx.index.coderIds.length : 2;
  const parts: UnitizingTally[] = [];
  for (const d of documents) {
    const t = perDocument?.[d];
    if (t === null || t === undefined) return null;
    parts.push(t);
  }
  return parts.length === 1 ? (parts[0] as UnitizingTally) : sumTallies(parts, coderCount, valueCount);
}

// |u-alpha of a section from per-document binary cells: histograms add up over documents and
// project onto a pair; Σ ℓ² adds up over documents and the coders compared (SPEC KA26).
function binaryAlpha(ctx: Context, s: Section, documents: readonly number[], perDocument: readonly BinaryCell[] | undefined): Coefficient {
  const coders = sectionCoders(ctx, s);
  const histogram: PatternHistogram = new Map();
  let squared = 0;
  let length = 0;
  for (const d of documents) {
    const cell = perDocument?.[d];
    if (cell === undefined) continue;
    addPatterns(histogram, cell.characters);
    for (const c of coders) squared += cell.squaredLength[c] as number;
    length += (ctx.index.documents[d] as { length: number }).length;
  }
  const projected = s.pair === null ? histogram : projectPatterns(histogram, coders);
  return uAlphaFromTally(binaryTallyFromPatterns(projected, coders.length, length, squared));
}

// A tally of null means some coder's codings overlap: partition measures do not apply (SPEC KA15).
function fromPartition(tally: UnitizingTally | null, compute: (t: UnitizingTally) => Coefficient): Coefficient {
  return tally === null ? undefinedCoefficient('overlappingSegments') : compute(tally);
}

function unitizingResults(ctx: Context, s: Section): MeasureResult[] {
  const { cells, measures, index } = ctx;
  const out: MeasureResult[] = [];
  const K = cells.codeCount;
  const documents = completeDocuments(ctx, s);
  const binary = (perDocument: readonly BinaryCell[] | undefined): Coefficient => (documents === null ? undefinedCoefficient('unequalCoderSets') : binaryAlpha(ctx, s, documents, perDocument));
  const partition = (perDocument: readonly (UnitizingTally | null)[] | undefined, valueCount: number, compute: (t: UnitizingTally) => Coefficient): Coefficient =>
    documents === null ? undefinedCoefficient('unequalCoderSets') : fromPartition(summed(ctx, s, documents, perDocument, valueCount), compute);
  if (s.code !== null) {
    const k = s.code;
    const codeId = (index.codes[k] as { id: string }).id;
    if (measures.has(Measure.perCodeBinaryUAlpha)) {
      const perDocument = index.documents.map((_, d) => cells.codeBinary[d * K + k] as BinaryCell);
      out.push(result(Measure.perCodeBinaryUAlpha, codeId, binary(perDocument)));
    }
    if (measures.has(Measure.kUAlpha)) {
      out.push(result(Measure.kUAlpha, codeId, partition(cells.codePartition, K, (t) => kUAlphaFromTally(t, k))));
    }
    return out;
  }
  if (s.domain !== null) {
    const domain = ctx.domains[s.domain] as string;
    const codes = ctx.domainCodes[s.domain] ?? [];
    if (measures.has(Measure.binaryUAlpha)) {
      out.push(result(Measure.binaryUAlpha, domain, binary(cells.domainBinary[s.domain])));
    }
    if (measures.has(Measure.cuAlphaWithinDomain)) {
      out.push(result(Measure.cuAlphaWithinDomain, domain, partition(cells.withinDomainPartition[s.domain], codes.length, cuAlphaFromTally)));
    }
    return out;
  }
  const pick = <T,>(all: T, byPair: readonly T[]): T => (s.pair === null ? all : (byPair[s.pair] as T));
  if (measures.has(Measure.binaryUAlpha)) {
    out.push(result(Measure.binaryUAlpha, null, binary(cells.unionBinary)));
  }
  if (measures.has(Measure.uAlpha) || measures.has(Measure.cuAlpha)) {
    const perDocument = pick(cells.codePartition, cells.pairCodePartition);
    if (measures.has(Measure.uAlpha)) out.push(result(Measure.uAlpha, null, partition(perDocument, K, uAlphaFromTally)));
    if (measures.has(Measure.cuAlpha)) out.push(result(Measure.cuAlpha, null, partition(perDocument, K, cuAlphaFromTally)));
  }
  if (measures.has(Measure.cuAlphaDomains) && ctx.domains.length > 0) {
    out.push(result(Measure.cuAlphaDomains, null, partition(pick(cells.domainPartition, cells.pairDomainPartition), ctx.domains.length, cuAlphaFromTally)));
  }
  return out;
}

function alpha2004Result(ctx: Context, s: Section): MeasureResult {
  const { cells, index } = ctx;
  const K = cells.codeCount;
  const level = s.code !== null ? (index.codes[s.code] as { id: string }).id : s.domain !== null ? (ctx.domains[s.domain] as string) : 'overall';
  const documents = sectionDocuments(ctx, s);
  if (documents.every((d) => (index.documents[d] as { length: number }).length === 0)) {
    return result(Measure.uAlpha2004, level, undefinedCoefficient('emptyContinuum'));
  }
  // The all-document parts are one concatenated continuum per coder, which a missing coder would
  // fill with "coded nothing" (SPEC KA33).
  const coders = sectionCoders(ctx, s);
  if (documents.some((d) => missesAny(ctx, d, coders))) return result(Measure.uAlpha2004, level, undefinedCoefficient('unequalCoderSets'));
  const parts: Disagreement2004[] = sectionCodes(ctx, s).map((k) => {
    if (s.document !== null) return cells.cell2004[s.document * K + k] as Disagreement2004;
    if (s.pair !== null) return cells.pairCode2004[s.pair]?.[k] as Disagreement2004;
    return cells.code2004[k] as Disagreement2004;
  });
  return result(Measure.uAlpha2004, level, alphaFrom2004(parts));
}

// NVivo compares two users; with more coders a section reports the mean over coder pairs (SPEC KA23).
function meanOverPairs(values: readonly Coefficient[]): Coefficient {
  let sum = 0;
  for (const v of values) {
    if (v.undefined) return v;
    sum += v.value;
  }
  return values.length === 0 ? undefinedCoefficient('tooFewCoders') : definedCoefficient(sum / values.length);
}

function pairwiseResults(ctx: Context, s: Section, cells: readonly number[]): MeasureResult[] {
  const out: MeasureResult[] = [];
  const P = ctx.cells.pairs.length;
  const pairs = sectionPairs(ctx, s);
  const level = s.code !== null ? (ctx.index.codes[s.code] as { id: string }).id : s.domain !== null ? (ctx.domains[s.domain] as string) : null;
  if (ctx.measures.has(Measure.nvivoCharKappa) || ctx.measures.has(Measure.nvivoPercentAgreement)) {
    const counts = ctx.cells.characterCounts;
    const kappas: Coefficient[] = [];
    const percents: Coefficient[] = [];
    for (const p of pairs) {
      let total = 0;
      let a = 0;
      let b = 0;
      let both = 0;
      for (const cell of cells) {
        if (missesAny(ctx, Math.floor(cell / ctx.cells.codeCount), ctx.cells.pairs[p] as readonly number[])) continue;
        const at = (cell * P + p) * 4;
        total += counts[at] as number;
        a += counts[at + 1] as number;
        b += counts[at + 2] as number;
        both += counts[at + 3] as number;
      }
      kappas.push(nvivoKappaFromCounts({ total, a, b, both }));
      percents.push(nvivoPercentFromCounts({ total, a, b, both }));
    }
    if (ctx.measures.has(Measure.nvivoCharKappa)) out.push(result(Measure.nvivoCharKappa, level, meanOverPairs(kappas)));
    if (ctx.measures.has(Measure.nvivoPercentAgreement)) {
      out.push(result(Measure.nvivoPercentAgreement, level, meanOverPairs(percents)));
    }
  }
  if (ctx.measures.has(Measure.maxqdaSegmentAgreement)) {
    const counts = ctx.cells.segmentCounts;
    let agreements = 0;
    let nonAgreements = 0;
    for (const p of pairs) {
      for (const cell of cells) {
        if (missesAny(ctx, Math.floor(cell / ctx.cells.codeCount), ctx.cells.pairs[p] as readonly number[])) continue;
        agreements += counts[(cell * P + p) * 2] as number;
        nonAgreements += counts[(cell * P + p) * 2 + 1] as number;
      }
    }
    out.push(
      result(Measure.maxqdaSegmentAgreement, `${level ?? '*'}@${ctx.threshold}%`, segmentAgreementFromCounts({ agreements, nonAgreements })),
    );
  }
  return out;
}

function appliesTo(measure: Measure, s: Section): boolean {
  if (measure === Measure.perCodeBinaryUAlpha || measure === Measure.kUAlpha) return s.code !== null;
  if (measure === Measure.cuAlphaWithinDomain) return s.domain !== null;
  if (measure === Measure.binaryUAlpha) return s.code === null;
  if (measure === Measure.uAlpha || measure === Measure.cuAlpha || measure === Measure.cuAlphaDomains) {
    return s.code === null && s.domain === null;
  }
  return true;
}

function sectionResults(ctx: Context, s: Section): MeasureResult[] {
  if (ctx.index.coderIds.length < 2) {
    // Nothing to compare: every requested measure is undefined for the same reason.
    return [...ctx.measures].filter((m) => appliesTo(m, s)).map((m) => result(m, null, undefinedCoefficient('tooFewCoders')));
  }
  const cells = sectionCells(ctx, s);
  const out = coefficientResults(ctx, s, cells);
  if (ctx.unit === 'character') {
    out.push(...unitizingResults(ctx, s));
    if (ctx.measures.has(Measure.uAlpha2004)) out.push(alpha2004Result(ctx, s));
  }
  out.push(...pairwiseResults(ctx, s, cells));
  return out;
}

/**
 * Builds the agreement report of a study: results overall, per code, per document, per code ×
 * document, per coder pair and per semantic domain (SPEC KA25–KA31). The live dashboard, the
 * HTML/CSV export and the CLI all call this, so they show the same numbers.
 *
 * @example
 * const report = buildAgreementReport(study, { unit: { kind: 'character' }, coderIds: ['ana', 'ben'] });
 * report.perCode.find((c) => c.codeId === 'hope')?.results
 */
export function buildAgreementReport(study: AgreementStudy, options: ReportOptions = {}): AgreementReport {
  const unit = options.unit ?? { kind: 'character' };
  const index = indexStudy(study, options);
  const cellUnit = resolveReportUnit(unit, index);
  const applicable = reportMeasures(unit.kind);
  let measures: Set<Measure>;
  if (options.measures === undefined) {
    measures = new Set(applicable);
  } else {
    measures = new Set();
    for (const m of options.measures) {
      if (!isMeasure(m)) throw new AgreementError('unknownMeasure', `unknown measure "${m}"`);
      if (!applicable.includes(m)) throw new AgreementError('inputTypeMismatch', `measure ${m} does not apply to the ${unit.kind} unit`);
      measures.add(m);
    }
  }
  const threshold = options.maxqdaThreshold ?? (unit.kind === 'segment' ? unit.overlapThreshold : 90);
  if (!(threshold > 0 && threshold <= 100)) {
    throw new AgreementError('invalidInput', `MAXQDA overlap threshold must be in (0, 100] %, got ${threshold}`);
  }
  const domains = [...new Set(index.codes.flatMap((c) => (typeof c.domain === 'string' ? [c.domain] : [])))];
  const domainCodes = domains.map((domain) => index.codes.flatMap((c, k) => (c.domain === domain ? [k] : [])));
  const has = (...list: Measure[]): boolean => list.some((m) => measures.has(m));
  const cells = createStudyCells(index, cellUnit, {
    unitizing:
      unit.kind === 'character' &&
      has(Measure.perCodeBinaryUAlpha, Measure.kUAlpha, Measure.binaryUAlpha, Measure.uAlpha, Measure.cuAlpha, Measure.cuAlphaDomains, Measure.cuAlphaWithinDomain),
    alpha2004: unit.kind === 'character' && has(Measure.uAlpha2004),
    nvivo: has(Measure.nvivoCharKappa, Measure.nvivoPercentAgreement),
    maxqdaThreshold: has(Measure.maxqdaSegmentAgreement) ? threshold : null,
    domainCodes,
  });
  const ctx: Context = {
    cells,
    index,
    unit: unit.kind,
    measures,
    excludeUncoded: options.excludeUncoded ?? false,
    threshold,
    domains,
    domainCodes,
  };
  const sections = options.sections ?? {};
  const run = (s: Partial<Section>): MeasureResult[] =>
    sectionResults(ctx, { document: null, code: null, domain: null, pair: null, ...s });
  const codeId = (k: number): string => (index.codes[k] as { id: string }).id;
  const documentId = (d: number): string => (index.documents[d] as { id: string }).id;
  const codes = index.codes.map((_, k) => k);
  const documents = index.documents.map((_, d) => d);

  return {
    unit: unit.kind,
    excludeUncoded: ctx.excludeUncoded,
    coderIds: index.coderIds,
    documentIds: documents.map(documentId),
    codeIds: codes.map(codeId),
    overall: run({}),
    perCode: sections.perCode === false ? [] : codes.map((k) => ({ codeId: codeId(k), results: run({ code: k }) })),
    perDocument:
      sections.perDocument === false ? [] : documents.map((d) => ({ documentId: documentId(d), results: run({ document: d }) })),
    perCodeDocument:
      sections.perCodeDocument !== true
        ? []
        : codes.flatMap((k) =>
            documents.map((d) => ({ codeId: codeId(k), documentId: documentId(d), results: run({ code: k, document: d }) })),
          ),
    perCoderPair:
      sections.perCoderPair === false
        ? []
        : cells.pairs.map(([a, b], p) => ({
            coderIds: [index.coderIds[a] as string, index.coderIds[b] as string] as const,
            results: run({ pair: p }),
          })),
    perDomain: sections.perDomain === false ? [] : domains.map((domain, g) => ({ domain, results: run({ domain: g }) })),
  };
}

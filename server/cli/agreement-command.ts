import {
  AgreementError,
  buildAgreementReport,
  computeMeasure,
  continuumCodes,
  continuumStudy,
  isMeasure,
  measureInfo,
  numericValue,
  runVector,
  vectorSpecs,
  type AgreementInput,
  type Coefficient,
  type Measure,
  type ReportOptions,
  type ReportUnit,
} from '../../shared/agreement/index.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';
import { formatResultLines, resultJson } from './format-result.ts';
import { parseArgs } from './parse-args.ts';
import { readAgreementFile, type CliInput } from './read-agreement-input.ts';
import { readInput } from './read-input.ts';
import { StudyLabels } from './study-labels.ts';
import { printStudyReport, studyReportJson } from './study-report-output.ts';

export const agreementHelp = `Usage:
  accord agreement <file> [--measure M] [--level L] [--unit U] [--threshold T]
                          [--exclude-uncoded] [--coders a,b] [--documents x,y]
                          [--per-code-document] [--with-consensus] [--json]
  accord agreement --vectors <file.json>

<file> is a REFI-QDA project (.qdpx, from Accord, MAXQDA, ATLAS.ti, NVivo, QualCoder …), JSON or CSV:
  .qdpx           agreement between the file's coders, reported as Accord's dashboard reports a
                  project: every document and code; coders = users who coded; offsets in UTF-16 as
                  Accord counts them; --unit unit cuts each text as a .txt import would. Names are
                  printed (--json keeps GUIDs as ids and adds "names"); --coders and --documents take
                  names or ids. Accord's consensus layer is left out unless --with-consensus.
  units × coders  {"type":"units_x_coders","data":[[v, v, null], …],"categories":[…]?}
                  or CSV: a header row of coder names, one row per unit, empty cell = not coded
  continuum       {"type":"continuum","length":L,"coders":[[{"start","end","code"}, …], …],"domains":{…}?}
  study           {"documents":[{"id","length"}],"coders":[{"id"}],"codes":[{"id","domain"?}],
                   "codings":[{"documentId","coderId","codeId","start","end"}],"units":{docId:[[s,e],…]}?}

Without --measure every measure that applies is printed (a report per code, pair, document
and domain for continuum and study files). --level picks the metric (krippendorff_alpha), the
code, "CODE@T%" (maxqda_segment_agreement), "overall" (u_alpha_2004) or the domain.
--unit (continuum/study): character (default) | segment | unit | document; --threshold is the
overlap % for segment units and MAXQDA-style agreement (default 90).
--per-code-document adds the code × document rows (NVivo's layout).
--vectors prints one JSON line {"id","value","undefined"} per vector, ignoring "expected".

Measures: ${Object.keys(measureInfo).join(', ')}`;

function option(args: ReturnType<typeof parseArgs>, name: string): string | null {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : null;
}

function list(value: string | null): string[] | undefined {
  return value === null ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function threshold(args: ReturnType<typeof parseArgs>): number {
  const raw = option(args, 'threshold');
  if (raw === null) return 90;
  const value = Number(raw);
  if (!(value > 0 && value <= 100)) throw new CliError('usage', `--threshold must be a percentage in (0, 100], got "${raw}"`);
  return value;
}

async function runVectors(path: string, io: CliIo): Promise<number> {
  const text = await readInput(path, io);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CliError('input', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  let specs;
  try {
    specs = vectorSpecs(document);
  } catch (error) {
    if (error instanceof AgreementError) throw new CliError('input', `${path}: ${error.message}`);
    throw error;
  }
  let failures = 0;
  for (const spec of specs) {
    try {
      const r = runVector(spec);
      io.stdout(JSON.stringify({ id: r.id, value: r.value, undefined: r.undefined }));
    } catch (error) {
      if (!(error instanceof AgreementError)) throw error;
      failures++;
      io.stdout(JSON.stringify({ id: spec.id, error: error.message, reason: error.reason }));
      io.stderr(`accord: vector ${spec.id}: ${error.message}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

function coefficientMeasureList(input: AgreementInput): { measure: Measure; level: string | null }[] {
  const out: { measure: Measure; level: string | null }[] = [
    { measure: 'percent_agreement', level: null },
    { measure: 'cohen_kappa', level: null },
    { measure: 'scott_pi', level: null },
    { measure: 'fleiss_kappa', level: null },
    { measure: 'brennan_prediger', level: null },
    { measure: 'gwet_ac1', level: null },
    { measure: 'krippendorff_alpha', level: 'nominal' },
  ];
  if (input.type === 'units_x_coders') {
    const categories = input.data.categories;
    const numeric = categories.length > 0 && categories.every((c) => numericValue(c) !== null);
    if (numeric) out.push(...(['ordinal', 'interval', 'ratio'] as const).map((level) => ({ measure: 'krippendorff_alpha' as const, level })));
    else out.push({ measure: 'krippendorff_alpha', level: 'ordinal' });
  }
  return out;
}

// Two-coder measures on other data are reported as undefined rather than failing the whole table.
function measureOrUndefined(input: AgreementInput, measure: Measure, level: string | null): Coefficient {
  try {
    return computeMeasure(input, measure, level);
  } catch (error) {
    if (error instanceof AgreementError && error.reason === 'requiresTwoCoders') {
      return { value: null, undefined: true, reason: 'notTwoCoders' };
    }
    throw error;
  }
}

function continuumLevels(input: Extract<AgreementInput, { type: 'continuum' }>, measure: Measure, t: number): (string | null)[] {
  const codes = continuumCodes(input.continuum);
  switch (measureInfo[measure].level) {
    case 'code':
      return codes;
    case 'codeThreshold':
      return codes.map((code) => `${code}@${t}%`);
    case 'overallOrCode':
      return ['overall', ...codes];
    case 'domain':
      return [...new Set(input.continuum.domains.values())];
    default:
      return [null];
  }
}

function reportOptions(args: ReturnType<typeof parseArgs>, input: CliInput, measure: Measure | null, labels: StudyLabels): ReportOptions {
  const kind = option(args, 'unit') ?? 'character';
  const t = threshold(args);
  let unit: ReportUnit;
  if (kind === 'character' || kind === 'document') unit = { kind };
  else if (kind === 'segment') unit = { kind, overlapThreshold: t };
  else if (kind === 'unit') {
    const ranges = input.kind === 'study' ? input.units : null;
    if (ranges === null) throw new CliError('usage', '--unit unit needs a study file with "units": {documentId: [[start, end], …]}');
    unit = { kind, ranges };
  } else throw new CliError('usage', `--unit must be character, segment, unit or document, got "${kind}"`);
  return {
    unit,
    maxqdaThreshold: t,
    excludeUncoded: args.options.get('exclude-uncoded') === true,
    coderIds: labels.resolve('coders', list(option(args, 'coders'))),
    documentIds: labels.resolve('documents', list(option(args, 'documents'))),
    sections: { perCodeDocument: args.options.get('per-code-document') === true },
    ...(measure === null ? {} : { measures: [measure] }),
  };
}

/**
 * `accord agreement …`: computes agreement for a file, or runs a vectors file. Returns the exit code.
 *
 * @example
 * await runAgreementCommand(['data.csv', '--json'], io)
 */
export async function runAgreementCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(
    argv,
    ['measure', 'level', 'unit', 'threshold', 'vectors', 'coders', 'documents'],
    ['json', 'exclude-uncoded', 'per-code-document', 'with-consensus', 'help'],
  );
  if (args.options.get('help') === true) {
    io.stdout(agreementHelp);
    return 0;
  }
  const vectors = option(args, 'vectors');
  if (vectors !== null) {
    if (args.positional.length > 0) throw new CliError('usage', '--vectors takes the vectors file; give no other file');
    return runVectors(vectors, io);
  }
  const [path, ...extra] = args.positional;
  if (path === undefined) throw new CliError('usage', 'accord agreement needs an input file (see accord agreement --help)');
  if (extra.length > 0) throw new CliError('usage', `unexpected argument ${extra[0]}`);
  const measureName = option(args, 'measure');
  if (measureName !== null && !isMeasure(measureName)) {
    throw new CliError('usage', `unknown measure "${measureName}"; known: ${Object.keys(measureInfo).join(', ')}`);
  }
  const measure = measureName as Measure | null;
  const level = option(args, 'level');
  const json = args.options.get('json') === true;
  const withConsensus = args.options.get('with-consensus') === true;
  const input = readAgreementFile(await readInput(path, io, 'bytes'), path, { withConsensus, units: option(args, 'unit') === 'unit' });
  if (withConsensus && !(input.kind === 'study' && input.qdpx)) throw new CliError('usage', '--with-consensus applies to .qdpx files only');

  try {
    if (input.kind === 'units_x_coders') {
      for (const name of ['unit', 'threshold', 'coders', 'documents'] as const) {
        if (args.options.has(name)) throw new CliError('usage', `--${name} applies to continuum and study files only`);
      }
      const wanted =
        measure === null
          ? coefficientMeasureList(input.input)
          : [{ measure, level: level ?? (measure === 'krippendorff_alpha' ? 'nominal' : null) }];
      const results = wanted.map(({ measure: m, level: l }) => ({
        measure: m,
        level: l,
        ...(measure === null ? measureOrUndefined(input.input, m, l) : computeMeasure(input.input, m, l)),
      }));
      if (json) {
        io.stdout(JSON.stringify({ units: input.input.data.unitCount, coders: input.coderNames, results: results.map(resultJson) }, null, 2));
      } else {
        io.stdout(`Agreement — ${input.input.data.unitCount} units × ${input.coderNames.length} coders (${input.coderNames.join(', ')})`);
        for (const line of formatResultLines(results)) io.stdout(line);
      }
      return 0;
    }
    if (input.kind === 'continuum' && measure !== null && !args.options.has('unit')) {
      // A single measure on a continuum: exactly the vector semantics (SPEC KA2).
      if (measureInfo[measure].input !== 'continuum') {
        throw new CliError('usage', `measure ${measure} needs units × coders data, the file holds a continuum`);
      }
      const levels = level !== null ? [level] : continuumLevels(input.input, measure, threshold(args));
      const results = levels.map((l) => ({ measure, level: l, ...computeMeasure(input.input, measure, l) }));
      if (json) io.stdout(JSON.stringify({ results: results.map(resultJson) }, null, 2));
      else for (const line of formatResultLines(results, '')) io.stdout(line);
      return 0;
    }
    const study = input.kind === 'study' ? input.study : continuumStudy(input.input.continuum);
    const names = input.kind === 'study' ? input.names : undefined;
    const qdpx = input.kind === 'study' ? input.qdpx : undefined;
    const labels = new StudyLabels(names);
    const report = buildAgreementReport(study, reportOptions(args, input, measure, labels));
    if (json) io.stdout(JSON.stringify(studyReportJson(report, { names, qdpx }), null, 2));
    else printStudyReport(report, { level, labels, qdpx }, io);
    return 0;
  } catch (error) {
    if (error instanceof AgreementError) {
      const usage = error.reason === 'unknownMeasure' || error.reason === 'invalidLevel' || error.reason === 'inputTypeMismatch';
      throw new CliError(usage ? 'usage' : 'input', error.message);
    }
    throw error;
  }
}


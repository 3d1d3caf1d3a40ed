import {
  buildPathwayGraph,
  PathwayError,
  PathwayGraphError,
  PathwayInputError,
  pathwayFormats as formats,
  readPathwayInput,
  renderPathwayExport,
  type PathwayFormat as Format,
  type Visibility,
} from '../../shared/pathways/index.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';
import { parseArgs } from './parse-args.ts';

export const pathwaysHelp = `Usage:
  accord pathways <input.json> [--format ${formats.join('|')}] [--min-participants N] [--no-provenance]

<input.json>: {"stageSet": StageSet, "segments": CodedSegment[], "assignments": {transcriptId: [coderId, …]},
               "request": {participants?, layer?, coders?, coderMerge?, options?}, "texts"?: {transcriptId: text},
               "parents"?: {codeId: parentId}}   (types of the pathways spec §2.2; request defaults: every
               participant, layer "coders", coderMerge union, start policy in transcript order)
Prints the merged pathway graph (json, the spec's PathwayGraph) or an export of it: Mermaid flowchart,
Mermaid sankey-beta of the steps, Graphviz DOT, CSV of transitions (edge × participant × coder, with
quotes) or of variants, ELK layout input. --min-participants hides rarer transitions (counts are not
changed; transitions needed to keep every stage reachable stay, marked). Exports state what they were
built from in comment lines; --no-provenance leaves those out.`;

/** `accord pathways`: reads a pathway input file and prints its graph or an export of it. */
export async function runPathwaysCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['format', 'min-participants'], ['no-provenance', 'help']);
  if (args.options.has('help')) {
    io.stdout(pathwaysHelp);
    return 0;
  }
  const [file, ...extra] = args.positional;
  if (file === undefined || extra.length > 0) throw new CliError('usage', `accord pathways needs one input file\n${pathwaysHelp}`);
  const format = (args.options.get('format') ?? 'json') as Format;
  if (!formats.includes(format)) throw new CliError('usage', `--format must be one of ${formats.join(', ')}`);
  const min = args.options.get('min-participants');
  const minParticipants = min === undefined ? null : Number(min);
  if (minParticipants !== null && !(Number.isInteger(minParticipants) && minParticipants >= 1)) throw new CliError('usage', '--min-participants must be a whole number ≥ 1');
  const visibility: Visibility = minParticipants === null ? {} : { minParticipants };

  let raw: unknown;
  try {
    raw = JSON.parse(await io.readFile(file));
  } catch (error) {
    throw new CliError('input', `cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  try {
    const input = readPathwayInput(raw);
    const graph = buildPathwayGraph(input, { projectId: 'cli', eventSeq: 0, generatedAt: new Date().toISOString(), visibility });
    // One line per call: the exports end with a newline of their own.
    io.stdout(renderPathwayExport(graph, input.stageSet, format, !args.options.has('no-provenance')).replace(/\n$/, ''));
    return 0;
  } catch (error) {
    if (error instanceof PathwayInputError || error instanceof PathwayError || error instanceof PathwayGraphError) throw new CliError('input', `${file}: ${error.message}`);
    throw error;
  }
}

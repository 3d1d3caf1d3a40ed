import { compareText, createEdgeComparator, nodeOrders } from '../canonical-order.ts';
import type { EvidenceRef, Id, PathwayEdge, PathwayGraph } from '../types.ts';
import { describeGraph } from './provenance.ts';

export interface CsvOptions {
  /**
   * Start with `# ` comment lines stating the scope and filter log (default true). pandas
   * (`comment='#'`) and R (`comment.char = '#'`) skip them; turn them off for readers that cannot.
   */
  readonly provenance?: boolean;
}

/** The columns of `toCsv`, in order. */
export const edgeCsvColumns = [
  'edgeId',
  'from',
  'to',
  'fromLabel',
  'toLabel',
  'direction',
  'participants',
  'occurrences',
  'disputed',
  'keptForConnectivity',
  'participantId',
  'coder',
  'support',
  'total',
  'exitSegmentIds',
  'exitQuotes',
  'entrySegmentIds',
  'entryQuotes',
] as const;

/** The columns of `toVariantsCsv`, in order. */
export const variantCsvColumns = ['rank', 'count', 'sequence', 'labels', 'participantIds'] as const;

/** Several values in one cell (one edge occurring twice for a participant): in text order, pairs aligned. */
const multiValue = ' | ';

/**
 * Edges for appendices (spec §2.8): one row per edge × participant × coder, with the exit and entry
 * quotes. `coder` is the evidence layer (a coder id or "consensus"); a participant whose evidence is
 * unknown still gets one row with an empty coder, so every edge and participant is listed. `support`
 * and `total` are that participant's coder support. Rows follow the canonical edge order, then
 * participant and coder.
 *
 * @example
 * toCsv(graph, { provenance: false }).split('\n')[1]
 * // '__start__->push,__start__,push,Start,Push models,start,4,4,false,false,P1,consensus,,,,,s1,Push was …'
 */
export function toCsv(graph: PathwayGraph, options: CsvOptions = {}): string {
  const labels = new Map<string, string>(graph.nodes.map((node) => [node.id, node.label]));
  const rows: string[][] = [];
  for (const edge of [...graph.edges].sort(createEdgeComparator(nodeOrders(graph.nodes)))) {
    for (const participantId of edge.participantIds) {
      const evidence = edge.evidence.filter((ref) => ref.participantId === participantId);
      const coders = [...new Set([...evidence.map((ref) => ref.layer), ...oneParticipantCoders(edge)])].sort(compareText);
      const support = edge.coderSupport?.find((entry) => entry.participantId === participantId);
      for (const coder of coders.length > 0 ? coders : ['']) {
        const mine = evidence.filter((ref) => ref.layer === coder).sort((a, b) => a.start - b.start);
        const exits = mine.filter((ref) => ref.role === 'exit');
        const entries = mine.filter((ref) => ref.role === 'entry');
        rows.push([
          edge.id,
          edge.from,
          edge.to,
          text(labels.get(edge.from) ?? edge.from),
          text(labels.get(edge.to) ?? edge.to),
          edge.direction,
          String(edge.participants),
          edge.occurrences === null ? '' : String(edge.occurrences),
          String(edge.disputed),
          String(edge.keptForConnectivity ?? false),
          participantId,
          coder,
          support ? String(support.support) : '',
          support ? String(support.total) : '',
          exits.map((ref) => ref.segmentId).join(multiValue),
          text(quotes(exits)),
          entries.map((ref) => ref.segmentId).join(multiValue),
          text(quotes(entries)),
        ]);
      }
    }
  }
  return csv(graph, options, edgeCsvColumns, rows);
}

/**
 * Variants for appendices: rank (1-based, in the graph's variant order), count, the sequence as ids
 * and as labels (`push > pull`), and the participants. The empty sequence is the "(no stages)" row.
 *
 * @example
 * toVariantsCsv(graph, { provenance: false }).split('\n')[1] // '1,2,push > pull > cocreation,Push models > Pull models > Co-creation / exchange,P1;P2'
 */
export function toVariantsCsv(graph: PathwayGraph, options: CsvOptions = {}): string {
  const labels = new Map<string, string>(graph.nodes.map((node) => [node.id, node.label]));
  const rows = graph.variants.map((variant, index) => [
    String(index + 1),
    String(variant.count),
    variant.sequence.join(' > '),
    text(variant.sequence.length === 0 ? '(no stages)' : variant.sequence.map((stage) => labels.get(stage) ?? stage).join(' > ')),
    variant.participantIds.join(';'),
  ]);
  return csv(graph, options, variantCsvColumns, rows);
}

/** A one-participant coder merge names its supporting coders even where evidence is missing. */
function oneParticipantCoders(edge: PathwayEdge): readonly Id[] {
  return edge.participantIds.length === 1 ? (edge.supportingCoders ?? []) : [];
}

function quotes(refs: readonly EvidenceRef[]): string {
  return refs.every((ref) => ref.quote === '') ? '' : refs.map((ref) => ref.quote).join(multiValue);
}

/**
 * Free text (quotes, labels) must not be run as a spreadsheet formula when the CSV is opened
 * (CSV injection): a leading = + - @ or control character gets a leading apostrophe.
 */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csv(graph: PathwayGraph, options: CsvOptions, columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const comments = (options.provenance ?? true) ? describeGraph(graph).map((line) => `# ${line}`) : [];
  return `${[...comments, columns.join(','), ...rows.map((row) => row.map(field).join(','))].join('\n')}\n`;
}

/**
 * An RFC 4180 field: quoted when it holds a comma, quote, line break or edge spaces, or starts with
 * `#` (so no row reads as a comment line); quotes doubled.
 *
 * @example
 * field('a "b", c') // '"a ""b"", c"'
 */
export function field(value: string): string {
  return /[",\r\n]|^[\s#]|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

import { toCsv, toDot, toElk, toJson, toMermaid, toMermaidSankey, toVariantsCsv } from './export/index.ts';
import type { PathwayGraph, StageSet } from './types.ts';
import { unrollBySteps } from './unroll-by-steps.ts';

/** Every text form a pathway graph is exported in (spec §2.8; SVG and PNG come from the view's layout). */
export const pathwayFormats = ['json', 'mermaid', 'sankey', 'dot', 'csv', 'variants-csv', 'elk'] as const;
export type PathwayFormat = (typeof pathwayFormats)[number];

/** The media type of each format, for downloads. */
export const pathwayMediaTypes: Readonly<Record<PathwayFormat, string>> = {
  json: 'application/json',
  mermaid: 'text/plain',
  sankey: 'text/plain',
  dot: 'text/vnd.graphviz',
  csv: 'text/csv',
  'variants-csv': 'text/csv',
  elk: 'application/json',
};

/**
 * A graph in one of `pathwayFormats`; with `provenance`, the text says what it was built from
 * (layer, rule, thresholds, options, participants, data revision). The sankey unrolls the
 * variants' sequences by step (each participant once, as the graph counts them).
 *
 * @example
 * renderPathwayExport(graph, stageSet, 'dot', true) // '// Accord pathway graph …\ndigraph pathway {…'
 */
export function renderPathwayExport(graph: PathwayGraph, stageSet: StageSet, format: PathwayFormat, provenance: boolean): string {
  switch (format) {
    case 'json':
      return toJson(graph);
    case 'mermaid':
      return toMermaid(graph, { provenance });
    case 'sankey': {
      const sequences = graph.variants.flatMap((v) => v.participantIds.map((participantId) => ({ participantId, sequence: v.sequence })));
      return toMermaidSankey(unrollBySteps(sequences), { stageSet, scope: graph.scope, provenance });
    }
    case 'dot':
      return toDot(graph, { provenance });
    case 'csv':
      return toCsv(graph, { provenance });
    case 'variants-csv':
      return toVariantsCsv(graph, { provenance });
    case 'elk':
      return JSON.stringify(toElk(graph, { provenance }), null, 2);
  }
}

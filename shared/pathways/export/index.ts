// Public surface of the pathway exporters: re-exported by name (STYLE rule 9). SVG is exported by
// the client, which owns the rendered layout.
export { toCsv, toVariantsCsv, edgeCsvColumns, variantCsvColumns } from './csv.ts';
export type { CsvOptions } from './csv.ts';
export { toDot, dotNodeIds } from './dot.ts';
export type { DotOptions } from './dot.ts';
export { EdgeColor, edgeLabel, edgeWeight, nodeCountLabel } from './edge-style.ts';
export { toElk, elkLayoutOptions } from './elk.ts';
export type { ElkEdge, ElkGraph, ElkLabel, ElkNode, ElkOptions } from './elk.ts';
export { toJson } from './json.ts';
export type { JsonOptions } from './json.ts';
export { toMermaid, mermaidNodeIds } from './mermaid.ts';
export type { MermaidOptions } from './mermaid.ts';
export { toMermaidSankey } from './mermaid-sankey.ts';
export type { MermaidSankeyOptions } from './mermaid-sankey.ts';
export { describeGraph, describeScope } from './provenance.ts';

import { compareText } from '../canonical-order.ts';
import type { PathwayGraph } from '../types.ts';

// Every export says what it was built from (layer, merge rule, options, visibility, the exact data
// revision), so a figure in a paper can be traced and rebuilt. Each format wraps these lines in its
// own comment syntax (`%%`, `//`, `#`); JSON carries `scope` itself.

type Scope = PathwayGraph['scope'];

/**
 * Provenance lines for a pathway graph, one fact per line, without comment markers.
 *
 * @example
 * describeGraph(graph)
 * // ['Accord pathway graph (schema 1)', 'project demo; stage set models', 'layer coders; coder merge union (quorum 1); coders A, B', …]
 */
export function describeGraph(graph: PathwayGraph): string[] {
  const lines = [`Accord pathway graph (schema ${graph.schemaVersion})`, ...describeScope(graph.scope)];
  if (graph.filterLog && graph.filterLog.length > 0) lines.push(`filter log: ${graph.filterLog.join('; ')}`);
  return lines.map(oneLine);
}

/**
 * The scope part of `describeGraph`, also used by exports that are not built from a graph (the step Sankey).
 *
 * @example
 * describeScope(graph.scope)[0] // 'project demo; stage set models'
 */
export function describeScope(scope: Scope): string[] {
  const merge = scope.coderMerge ? `; coder merge ${scope.coderMerge.kind === 'kOfN' ? `${scope.coderMerge.k}-of-n` : scope.coderMerge.kind} (quorum ${scope.coderMerge.quorum})` : '';
  const coders = scope.coders ? `; coders ${scope.coders.join(', ')}` : '';
  const snapshots = scope.source.snapshotIds ? `; snapshots ${keyValues(scope.source.snapshotIds)}` : '';
  return [
    `project ${scope.projectId}; stage set ${scope.stageSetId}`,
    `layer ${scope.layer}${merge}${coders}`,
    `participants (${scope.participantIds.length}): ${scope.participantIds.join(', ')}`,
    `options ${keyValues(scope.options)}`,
    `visibility ${Object.keys(scope.visibility).length === 0 ? 'none (unfiltered)' : keyValues(scope.visibility)}`,
    `source eventSeq ${scope.source.eventSeq}${snapshots}`,
    `generated ${scope.generatedAt}`,
  ].map(oneLine);
}

/** `a=1, b="x"` with keys sorted, whatever order the caller built the object in. */
function keyValues(record: object): string {
  return Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

/** Comments end at a line break: user-chosen ids and names must not escape them. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

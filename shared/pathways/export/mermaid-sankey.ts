import type { Id, PathwayGraph, StageSet } from '../types.ts';
import type { StepGraph, StepNode } from '../unroll-by-steps.ts';
import { describeScope } from './provenance.ts';

export interface MermaidSankeyOptions {
  /** Labels of the stages ("Push models"); a stage missing from the set is shown by its id. */
  readonly stageSet: StageSet;
  /** What the sequences were built from, for the provenance comment. */
  readonly scope?: PathwayGraph['scope'];
  /**
   * Add `%%` comment lines after `sankey-beta` (default true): the unrolling (maxSteps,
   * participants) and, given a `scope`, the scope lines. With `false` the output is exactly the
   * spec's golden block.
   */
  readonly provenance?: boolean;
}

/**
 * Mermaid `sankey-beta` of the unrolled step graph (spec §2.8; never of the cyclic graph): one CSV row
 * `"source","target",value` per link in the StepGraph's order — by source step, then source stage
 * id, then target stage id (ordinal), which is the row order of spec §4 example 3. Nodes are named
 * `Label (step)`; the overflow node is `… (maxSteps+1+)`. Two stages with the same label get their
 * id appended (`Label [id] (step)`), because sankey-beta identifies nodes by name.
 *
 * @example
 * toMermaidSankey(unrollBySteps(example3Pathways), { stageSet: exampleStageSet, provenance: false })
 * // 'sankey-beta\n\n"Pull models (1)","Co-creation / exchange (2)",1\n…'
 */
export function toMermaidSankey(steps: StepGraph, options: MermaidSankeyOptions): string {
  const labels = stageLabels(options.stageSet);
  const nodes = new Map<string, StepNode>(steps.nodes.map((node) => [node.id, node]));
  const name = (id: string): string => {
    const node = nodes.get(id);
    if (!node) return id;
    return node.overflow ? `${node.stage} (${node.step}+)` : `${labels.get(node.stage) ?? node.stage} (${node.step})`;
  };
  const lines = ['sankey-beta'];
  if (options.provenance ?? true) {
    const unrolled = `unrolled by step: maxSteps ${steps.maxSteps}; participants (${steps.participantIds.length}): ${steps.participantIds.join(', ')}`;
    lines.push(...[unrolled, ...(options.scope ? describeScope(options.scope) : [])].map((line) => `%% ${line.replace(/[\u0000-\u001f\u2028\u2029]+/g, ' ')}`));
  }
  lines.push('', ...steps.links.map((link) => `${quote(name(link.source))},${quote(name(link.target))},${link.value}`));
  return `${lines.join('\n')}\n`;
}

function stageLabels(stageSet: StageSet): Map<Id, string> {
  const uses = new Map<string, number>();
  for (const stage of stageSet.stages) uses.set(stage.label, (uses.get(stage.label) ?? 0) + 1);
  return new Map(stageSet.stages.map((stage) => [stage.codeId, (uses.get(stage.label) ?? 0) > 1 ? `${stage.label} [${stage.codeId}]` : stage.label]));
}

/** A quoted CSV name as sankey-beta reads it: `"` doubled; line breaks would end the row. */
function quote(text: string): string {
  return `"${text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/"/g, '""')}"`;
}

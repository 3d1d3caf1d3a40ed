import { codeTree, isCodeColour, type Code, type CodeNode } from '../../shared/model/codebook.ts';
import { refiGuid, type RefiCode, type RefiCodeSet } from '../../shared/refi/index.ts';

/** An Accord codebook as QDA-XML: the code tree, the sets of codes, and how to find a code's GUID. */
export interface RefiCodebookParts {
  readonly codes: readonly RefiCode[];
  /** The stage set (stage order in its description) and one set per code domain. */
  readonly sets: readonly RefiCodeSet[];
  /** Accord code id → GUID, for every code in the tree. */
  readonly guidOf: ReadonlyMap<string, string>;
}

/**
 * A code's QDA-XML `Description`: its definition, then the inclusion and exclusion criteria and
 * each example as labelled paragraphs (`Include: …`, `Exclude: …`, `Example: …`); null when the
 * code has none of them.
 *
 * @example
 * codeDescription({ definition: 'Help from outside.', inclusion: '', exclusion: 'Complaints.', examples: ['“They came.”'] })
 * // 'Help from outside.\n\nExclude: Complaints.\n\nExample: “They came.”'
 */
export function codeDescription(code: Pick<Code, 'definition' | 'inclusion' | 'exclusion' | 'examples'>): string | null {
  const paragraphs: string[] = [];
  const add = (label: string, value: string) => {
    const text = value.trim();
    if (text !== '') paragraphs.push(label === '' ? text : `${label}: ${text}`);
  };
  add('', code.definition);
  add('Include', code.inclusion);
  add('Exclude', code.exclusion);
  for (const example of code.examples) add('Example', example);
  return paragraphs.length === 0 ? null : paragraphs.join('\n\n');
}

/**
 * The code fields a QDA-XML `Description` gives back: the inverse of `codeDescription`. Paragraphs
 * labelled `Include:`, `Exclude:` and `Example:` (as Accord writes them) become the criteria and
 * the examples; every other paragraph is the definition. Other tools' descriptions rarely use
 * those labels, and when they do they mean the same.
 *
 * @example
 * codeOfDescription('Help from outside.\n\nExclude: Complaints.')
 * // { definition: 'Help from outside.', inclusion: '', exclusion: 'Complaints.', examples: [] }
 */
export function codeOfDescription(description: string | null): Pick<Code, 'definition' | 'inclusion' | 'exclusion' | 'examples'> {
  const definition: string[] = [];
  const inclusion: string[] = [];
  const exclusion: string[] = [];
  const examples: string[] = [];
  for (const paragraph of (description ?? '').split(/\n[ \t]*\n/)) {
    const text = paragraph.trim();
    if (text === '') continue;
    const labelled = /^(Include|Exclude|Example):[ \t]*([\s\S]*)$/.exec(text);
    if (!labelled) definition.push(text);
    else if (labelled[1] === 'Include') inclusion.push(labelled[2]!);
    else if (labelled[1] === 'Exclude') exclusion.push(labelled[2]!);
    else examples.push(labelled[2]!);
  }
  return { definition: definition.join('\n\n'), inclusion: inclusion.join('\n\n'), exclusion: exclusion.join('\n\n'), examples };
}

/**
 * The project's codebook in QDA-XML's terms (docs/refi.md): the tree in codebook order (a code
 * whose parent is gone sits at the top; a parent cycle is broken as the codebook view breaks it),
 * each code's colour and description, and the sets — "Stages" with the stage codes (QDA-XML sets
 * are unordered, so the order is also written in its description) and "Domain: <name>" per code
 * domain. Every code is codable: Accord lets any code, a parent included, be applied to text.
 * GUIDs are `refiGuid('code', id)`, so every export names a code alike.
 */
export function refiCodebookOf(projectId: string, codes: readonly Code[]): RefiCodebookParts {
  const guidOf = new Map<string, string>();
  const convert = (node: CodeNode): RefiCode => {
    const guid = refiGuid('code', node.code.id);
    guidOf.set(node.code.id, guid);
    return {
      guid,
      name: node.code.name,
      isCodable: true,
      color: isCodeColour(node.code.colour) ? node.code.colour : null,
      description: codeDescription(node.code),
      noteGuids: [],
      children: node.children.map(convert),
    };
  };
  const tree = codeTree(codes).map(convert);
  const byId = new Map(codes.map((code) => [code.id, code]));
  // In tree order (parents before children, siblings by their order), which `guidOf` was filled in.
  const inTree = [...guidOf.keys()].map((id) => byId.get(id)!);
  const sets: RefiCodeSet[] = [];
  const stages = inTree.filter((code) => code.isStage).sort((a, b) => (a.stageOrder ?? Infinity) - (b.stageOrder ?? Infinity) || a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (stages.length > 0) {
    sets.push({
      guid: refiGuid('set', `stages:${projectId}`),
      name: 'Stages',
      description: `Accord stage set, in order: ${stages.map((code) => code.name).join(' → ')}`,
      codeGuids: stages.map((code) => guidOf.get(code.id)!),
    });
  }
  const domains = new Map<string, string[]>();
  for (const code of inTree) {
    if (code.domain === null || code.domain.trim() === '') continue;
    const members = domains.get(code.domain) ?? [];
    members.push(guidOf.get(code.id)!);
    domains.set(code.domain, members);
  }
  for (const domain of [...domains.keys()].sort()) {
    sets.push({ guid: refiGuid('set', `domain:${projectId}:${domain}`), name: `Domain: ${domain}`, description: `Accord code domain “${domain}”: its codes are compared with each other when reconciling.`, codeGuids: domains.get(domain)! });
  }
  return { codes: tree, sets, guidOf };
}

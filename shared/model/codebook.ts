/**
 * Plain data of the codebook, as every part of Accord sees it once read from its Y.Doc
 * (`shared/ydoc/codebook-doc.ts`). Pure values: statistics, exports and pathways take these.
 */
export interface Code {
  readonly id: string;
  readonly name: string;
  /** A few letters shown in the margin next to the colour (colour is never the only cue). */
  readonly shortName: string;
  /** `#rrggbb`. */
  readonly colour: string;
  readonly parentId: string | null;
  /** Position among its siblings (ascending). */
  readonly order: number;
  readonly definition: string;
  readonly inclusion: string;
  readonly exclusion: string;
  readonly examples: readonly string[];
  /** Stage codes form pathways (push → pull → co-creation), ordered by `stageOrder`. */
  readonly isStage: boolean;
  readonly stageOrder: number | null;
  /** Semantic domain (ATLAS.ti's term), used for domain-level agreement and disagreement loci. */
  readonly domain: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

/**
 * Whether `value` is a colour as Accord stores it, `#rrggbb`. Anything else (a CSS keyword, a
 * `url(…)`, a second declaration after `;`) would go into other people's style attributes.
 *
 * @example
 * isCodeColour('#56B4E9') // true
 * isCodeColour('red;background:url(https://example.org/x)') // false
 */
export function isCodeColour(value: unknown): value is string {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value);
}

/** Shown for a code whose stored colour is missing or malformed. */
export const fallbackCodeColour = '#999999';

/** Okabe–Ito: the colour-blind-safe palette codes cycle through by default. */
export const codePalette = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000'] as const;

/**
 * Codes as a tree, each level sorted by `order` then name.
 *
 * @example
 * codeTree([{ id: 'a', parentId: null, … }, { id: 'b', parentId: 'a', … }]) // [{ code: a, children: [{ code: b, children: [] }] }]
 */
export interface CodeNode {
  readonly code: Code;
  readonly children: CodeNode[];
}

export function codeTree(codes: readonly Code[]): CodeNode[] {
  const byId = new Map(codes.map((c) => [c.id, c]));
  // Concurrent moves can make a parent cycle (a under b while b goes under a). The member of a
  // cycle with the smallest id is lifted to the top level, so no code is ever hidden.
  const lifted = new Set<string>();
  for (const code of codes) {
    const path: string[] = [];
    let current: Code | undefined = code;
    while (current && !path.includes(current.id) && !lifted.has(current.id)) {
      path.push(current.id);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    if (current && path.includes(current.id)) {
      const cycle = path.slice(path.indexOf(current.id));
      lifted.add(cycle.reduce((min, id) => (id < min ? id : min)));
    }
  }
  const byParent = new Map<string | null, Code[]>();
  for (const code of codes) {
    // A code whose parent was deleted is shown at the top level rather than lost.
    const parent = code.parentId !== null && byId.has(code.parentId) && !lifted.has(code.id) ? code.parentId : null;
    const list = byParent.get(parent) ?? [];
    list.push(code);
    byParent.set(parent, list);
  }
  const build = (parent: string | null): CodeNode[] =>
    (byParent.get(parent) ?? [])
      .slice()
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
      .map((code) => ({ code, children: build(code.id) }));
  return build(null);
}

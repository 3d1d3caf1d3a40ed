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

/**
 * The colours offered for codes, in the order new codes take them: the Okabe–Ito colours first
 * (colour-blind safe among themselves), then Paul Tol's "muted" scheme (designed to stay apart for
 * the common colour-vision deficiencies), with the palest and black last. Seventeen hues cannot
 * all be told apart by everyone, which is why a code's colour is never its only cue (the margin and
 * tooltips name it). Codes keep whatever colour they were stored with; this list only decides new
 * codes' colours and what the editor offers.
 */
export const codePalette = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#332288', // indigo
  '#999933', // olive
  '#882255', // wine
  '#44AA99', // teal
  '#AA4499', // purple
  '#117733', // green
  '#CC6677', // rose
  '#88CCEE', // cyan
  '#DDCC77', // sand
  '#F0E442', // yellow
  '#000000', // black
] as const;

/** Each palette colour's name, for people who do not see it (radio labels, titles). */
export const codeColourNames: Readonly<Record<(typeof codePalette)[number], string>> = {
  '#E69F00': 'orange',
  '#56B4E9': 'sky blue',
  '#009E73': 'bluish green',
  '#0072B2': 'blue',
  '#D55E00': 'vermillion',
  '#CC79A7': 'reddish purple',
  '#332288': 'indigo',
  '#999933': 'olive',
  '#882255': 'wine',
  '#44AA99': 'teal',
  '#AA4499': 'purple',
  '#117733': 'green',
  '#CC6677': 'rose',
  '#88CCEE': 'cyan',
  '#DDCC77': 'sand',
  '#F0E442': 'yellow',
  '#000000': 'black',
};

/**
 * The palette colour fewest codes use (ties: the earlier in `codePalette`), so a new code gets a
 * colour of its own while one is free. Stored colours are compared case-insensitively; colours
 * outside the palette count for nothing.
 *
 * @example
 * leastUsedCodeColour([]) // '#E69F00'
 * leastUsedCodeColour([{ colour: '#E69F00' }, { colour: '#56b4e9' }]) // '#009E73'
 */
export function leastUsedCodeColour(codes: readonly Pick<Code, 'colour'>[]): string {
  const uses = new Map<string, number>(codePalette.map((c) => [c, 0]));
  for (const { colour } of codes) {
    const key = colour.toUpperCase();
    const n = uses.get(key);
    if (n !== undefined) uses.set(key, n + 1);
  }
  let best: string = codePalette[0];
  for (const colour of codePalette) if (uses.get(colour)! < uses.get(best)!) best = colour;
  return best;
}

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

import type { Code, CodeNode } from '../../../../shared/model/codebook.ts';

export interface FlatCode {
  readonly code: Code;
  readonly depth: number;
}

/** The tree in reading order (depth first), as the codebook panel lists it. */
export function flattenTree(nodes: readonly CodeNode[], depth = 0, out: FlatCode[] = []): FlatCode[] {
  for (const node of nodes) {
    out.push({ code: node.code, depth });
    flattenTree(node.children, depth + 1, out);
  }
  return out;
}

/** Keys `1`…`9`: the first nine codes in tree order. */
export function pinnedCodes(flat: readonly FlatCode[]): readonly Code[] {
  return flat.slice(0, 9).map((f) => f.code);
}

/** Case- and accent-insensitive form of a name or query ("Übergang" and "ubergang" are equal). */
export const normalise = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();

function matches(code: Code, query: string): boolean {
  return [code.name, code.shortName, code.definition, code.domain ?? ''].some((field) => normalise(field).includes(query));
}

/** The tree narrowed to codes matching `query` (name, short name, definition, domain) and their ancestors. */
export function filterTree(nodes: readonly CodeNode[], query: string): CodeNode[] {
  const q = normalise(query.trim());
  if (!q) return [...nodes];
  const keep = (node: CodeNode): CodeNode | null => {
    const children = node.children.map(keep).filter((n): n is CodeNode => n !== null);
    return matches(node.code, q) || children.length > 0 ? { code: node.code, children } : null;
  };
  return nodes.map(keep).filter((n): n is CodeNode => n !== null);
}

/**
 * Codes for the palette, best first: short name or name starting with the query, then words
 * starting with it, then anything containing it (definitions included). Tree order within a rank.
 *
 * @example
 * rankCodes(flat, 'pu') // [Pull, Push, …] — "Pull" and "Push" start with "pu"
 */
export function rankCodes(flat: readonly FlatCode[], query: string): Code[] {
  const q = normalise(query.trim());
  if (!q) return flat.map((f) => f.code);
  const rank = (code: Code): number => {
    const name = normalise(code.name);
    const short = normalise(code.shortName);
    if (short === q || name.startsWith(q) || short.startsWith(q)) return 0;
    if (name.split(/[\s\-/]+/).some((w) => w.startsWith(q))) return 1;
    if (matches(code, q)) return 2;
    return -1;
  };
  return flat
    .map((f, order) => ({ code: f.code, order, rank: rank(f.code) }))
    .filter((r) => r.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((r) => r.code);
}

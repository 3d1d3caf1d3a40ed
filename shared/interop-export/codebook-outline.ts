import { codeTree, type Code, type CodeNode } from '../model/codebook.ts';

/** Between the names of a code path: "Barriers / Cost" (as the import matches codes by path). */
export const codePathSeparator = ' / ';

/** A code in its place in the codebook. */
export interface OutlineEntry {
  readonly code: Code;
  /** 0 for a top-level code. */
  readonly depth: number;
  /** Its names from the top: ['Barriers', 'Cost']. */
  readonly path: readonly string[];
}

/**
 * The codes in codebook order — depth first, each level by `order` then name — with their paths
 * (`codeTree`: a code whose parent is gone sits at the top, a parent cycle is broken as the
 * codebook view breaks it, so every code appears exactly once).
 *
 * @example
 * codebookOutline(codes).map((e) => formatCodePath(e.path)) // ['Barriers', 'Barriers / Cost', 'Emotion']
 */
export function codebookOutline(codes: readonly Code[]): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const walk = (nodes: readonly CodeNode[], parent: readonly string[]) => {
    for (const node of nodes) {
      const path = [...parent, node.code.name];
      out.push({ code: node.code, depth: parent.length, path });
      walk(node.children, path);
    }
  };
  walk(codeTree(codes), []);
  return out;
}

/** "Parent / Child", as every export and import of Accord names a code's place. */
export function formatCodePath(path: readonly string[]): string {
  return path.join(codePathSeparator);
}

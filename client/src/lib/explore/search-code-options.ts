import { codeTree, type Code } from '../../../../shared/model/codebook.ts';
import { flattenTree } from '../coding/code-list.ts';

/** A code as the code picker offers it: in tree order, named with its parents (“Support › Push”). */
export interface CodeOption {
  readonly code: Code;
  readonly label: string;
}

/**
 * The codebook as a flat list for a `<select>`, whose options cannot be indented visibly:
 * each sub-code carries its parents' names.
 *
 * @example
 * codeOptions([support, push]) // [{ label: 'Support' }, { label: 'Support › Push' }]
 */
export function codeOptions(codes: readonly Code[]): CodeOption[] {
  const path: string[] = [];
  return flattenTree(codeTree(codes)).map(({ code, depth }) => {
    path.length = depth;
    path.push(code.name);
    return { code, label: path.join(' › ') };
  });
}

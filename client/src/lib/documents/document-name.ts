import { isSameName, maxDocumentNameLength } from '../../../../shared/api/index.ts';

/**
 * Why `name` cannot be a new name among `others` (the project's other names, or its sets'), or null
 * when it can: the server says the same (422, 409), but the person learns it before sending.
 *
 * @example
 * nameProblem('  ', ['P01']) // 'Give it a name.'
 * nameProblem('p01', ['P01']) // '“P01” is already taken: choose another name.'
 */
export function nameProblem(name: string, others: readonly string[], max = maxDocumentNameLength): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give it a name.';
  if (trimmed.length > max) return `A name may have at most ${max} characters (this one has ${trimmed.length}).`;
  const taken = others.find((other) => isSameName(other, trimmed));
  return taken === undefined ? null : `“${taken}” is already taken: choose another name.`;
}

import { paths } from '../routes.ts';

/**
 * A link to a passage of a transcript: the coding view scrolls to and highlights `at` (character
 * offsets, half-open, as the pathway's evidence and runs give them).
 *
 * @example
 * transcriptLink('p1', 'd1', 290, 430) // '/projects/p1/documents/d1?at=290-430'
 */
export function transcriptLink(projectId: string, documentId: string, start: number, end: number): string {
  const from = Math.max(0, Math.floor(start));
  const to = Math.max(from, Math.floor(end));
  return `${paths.document(projectId, documentId)}?at=${from}-${to}`;
}

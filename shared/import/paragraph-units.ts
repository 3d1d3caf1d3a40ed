import type { TranscriptUnit, UnitDraft } from './imported-transcript.ts';
import { textLines } from './text-lines.ts';

/**
 * One unit per block of non-empty lines; blank lines separate blocks and belong to no unit.
 *
 * @example
 * paragraphUnits('First line\nsame paragraph\n\nSecond');
 * // [{ start: 0, end: 25, kind: 'paragraph' }, { start: 27, end: 33, kind: 'paragraph' }]
 */
export function paragraphUnits(text: string): TranscriptUnit[] {
  const units: UnitDraft[] = [];
  let current: UnitDraft | undefined;
  for (const line of textLines(text)) {
    if (line.end === line.start) {
      if (current) units.push(current);
      current = undefined;
    } else if (current) {
      current.end = line.end;
    } else {
      current = { start: line.start, end: line.end, kind: 'paragraph' };
    }
  }
  if (current) units.push(current);
  return units;
}

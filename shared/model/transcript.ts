/**
 * A unit of a transcript: a speaker turn, a subtitle cue or a paragraph, as [start, end) offsets
 * into the transcript text. Units are sorted and never overlap. They are the "transcript unit"
 * choice of agreement and the blocks the coding view renders.
 */
export interface TranscriptUnit {
  readonly start: number;
  readonly end: number;
  readonly kind: 'turn' | 'cue' | 'paragraph';
  readonly speaker?: string;
  /** Seconds from the start of the recording, when the source had timestamps. */
  readonly startTime?: number;
  readonly endTime?: number;
}

/**
 * Paragraph units of a text (blocks separated by blank lines), for transcripts imported without
 * explicit units.
 *
 * @example
 * paragraphUnits('a\nb\n\nc') // [{ start: 0, end: 3, kind: 'paragraph' }, { start: 5, end: 6, kind: 'paragraph' }]
 */
export function paragraphUnits(text: string): TranscriptUnit[] {
  const units: TranscriptUnit[] = [];
  const pattern = /[^\n]+(?:\n[^\n]+)*/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].trim().length > 0) units.push({ start: match.index, end: match.index + match[0].length, kind: 'paragraph' });
  }
  return units;
}

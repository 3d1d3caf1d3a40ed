/**
 * A unit of a transcript: a speaker turn, a subtitle cue or a paragraph, as [start, end) offsets
 * into the transcript text. Units are sorted and never overlap. They are the "transcript unit"
 * choice of agreement and the blocks the coding view renders.
 */
export interface TranscriptUnit {
  readonly start: number;
  readonly end: number;
  /** turn: one speaker's label line and continuation lines; cue: a subtitle cue; paragraph: a block between blank lines. */
  readonly kind: 'turn' | 'cue' | 'paragraph';
  readonly speaker?: string;
  /** Seconds from the start of the recording, when the source had timestamps. */
  readonly startTime?: number;
  readonly endTime?: number;
}

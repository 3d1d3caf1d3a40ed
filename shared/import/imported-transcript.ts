import type { ImportFormat } from './import-format.ts';

/** What a unit of an imported transcript is. */
export const TranscriptUnitKind = {
  /** One speaker's turn: the label line and any continuation lines after it. */
  turn: 'turn',
  /** One subtitle cue from a .vtt or .srt file. */
  cue: 'cue',
  /** A block of lines separated from the next by a blank line. */
  paragraph: 'paragraph',
} as const;
export type TranscriptUnitKind = (typeof TranscriptUnitKind)[keyof typeof TranscriptUnitKind];

/**
 * Units are the model's `TranscriptUnit` (shared/model/transcript.ts): half-open ranges
 * [start, end) of `ImportedTranscript.text`, sorted, never overlapping, never starting or ending on
 * a newline, `text.slice(start, end)` exactly the unit's content. A turn's range includes its label
 * ("[00:01:02] Interviewer: …") so the speaker's name stays visible to coders; a cue's range is its
 * rendered lines ("Speaker: text", one per voice).
 */
export type { TranscriptUnit } from '../model/transcript.ts';
import type { TranscriptUnit } from '../model/transcript.ts';

/** A unit while a parser is still extending it. */
export type UnitDraft = { -readonly [K in keyof TranscriptUnit]: TranscriptUnit[K] };

export interface ImportedTranscript {
  /** Normalised: NFC, `\n` line endings, no trailing whitespace, at most one blank line in a row. */
  text: string;
  units: TranscriptUnit[];
  format: ImportFormat;
  /** Things the researcher should know that did not stop the import, as sentences. */
  warnings: string[];
}

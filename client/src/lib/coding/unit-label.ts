import { readSpeakerLabel } from '../../../../shared/import/speaker-label.ts';
import type { TranscriptUnit } from '../../../../shared/model/transcript.ts';

/** A stretch of a speaker label inside the text: the name (shown distinct) or the rest (shown quiet). */
export interface LabelPart {
  readonly start: number;
  readonly end: number;
  readonly kind: 'speaker' | 'quiet';
}

/**
 * Where the speaker labels of a unit sit in the text, so the view can set the name apart and
 * quieten the timestamp without hiding either: a label is part of the text (a coding may include
 * it), and the offsets of what is shown must stay the offsets of the text.
 * A turn has one label, on its first line; a subtitle cue may have one per line (one per voice).
 *
 * @example
 * labelParts('[00:01:02] P07: Hello', { start: 0, end: 21, kind: 'turn', speaker: 'P07' })
 * // [{ start: 0, end: 11, kind: 'quiet' }, { start: 11, end: 14, kind: 'speaker' }, { start: 14, end: 16, kind: 'quiet' }]
 */
export function labelParts(text: string, unit: TranscriptUnit): LabelPart[] {
  if (unit.kind === 'paragraph') return [];
  const parts: LabelPart[] = [];
  let lineStart = unit.start;
  while (lineStart < unit.end) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline > unit.end ? unit.end : newline;
    const line = text.slice(lineStart, lineEnd);
    const label = readSpeakerLabel(line);
    if (label && (unit.kind === 'cue' || lineStart === unit.start)) {
      // The separator and spaces after the name are part of the label too.
      const labelText = line.slice(0, label.contentStart);
      const at = labelText.indexOf(label.speaker);
      if (at >= 0) {
        const nameStart = lineStart + at;
        const nameEnd = nameStart + label.speaker.length;
        if (nameStart > lineStart) parts.push({ start: lineStart, end: nameStart, kind: 'quiet' });
        parts.push({ start: nameStart, end: nameEnd, kind: 'speaker' });
        const labelEnd = lineStart + labelText.trimEnd().length;
        if (labelEnd > nameEnd) parts.push({ start: nameEnd, end: labelEnd, kind: 'quiet' });
      }
    }
    if (unit.kind !== 'cue') break;
    lineStart = lineEnd + 1;
  }
  return parts;
}

const timeFormat = (seconds: number) => {
  const s = Math.floor(seconds);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hh > 0 ? `${hh}:${two(mm)}:${two(ss)}` : `${mm}:${two(ss)}`;
};

/** "1:02:05" or "2:05", for a unit's start time shown beside it. */
export function formatUnitTime(seconds: number): string {
  return timeFormat(seconds);
}

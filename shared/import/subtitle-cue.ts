import type { TranscriptUnit, UnitDraft } from './imported-transcript.ts';

/** One speaker's words within a cue; `speaker` is absent when the file does not say who speaks. */
export interface CueLine {
  readonly speaker?: string;
  readonly text: string;
}

/** A subtitle cue with its markup already removed. Times in seconds. */
export interface SubtitleCue {
  readonly startTime: number;
  readonly endTime: number;
  readonly lines: readonly CueLine[];
}

export interface RenderedCues {
  readonly text: string;
  readonly units: TranscriptUnit[];
  /** Cues that had no text once markup was removed; they get no unit. */
  readonly emptyCues: number;
}

/**
 * Writes cues as transcript text, one cue after another on its own line(s): "Speaker: text" for
 * each voice, plain "text" when the speaker is unknown. Each cue becomes one unit spanning its
 * lines, with the cue's times and its first speaker. Consecutive cues of one speaker are not
 * merged: a cue is the unit researchers can play back.
 *
 * @example
 * renderCues([{ startTime: 1, endTime: 2.5, lines: [{ speaker: 'P07', text: 'Hello' }] }]);
 * // { text: 'P07: Hello', units: [{ start: 0, end: 10, kind: 'cue', speaker: 'P07', startTime: 1, endTime: 2.5 }], emptyCues: 0 }
 */
export function renderCues(cues: readonly SubtitleCue[]): RenderedCues {
  const pieces: string[] = [];
  const units: TranscriptUnit[] = [];
  let length = 0;
  let emptyCues = 0;
  for (const cue of cues) {
    const lines = cue.lines.map(renderLine).filter((line) => line.rendered.length > 0);
    const first = lines[0];
    if (!first) {
      emptyCues += 1;
      continue;
    }
    const content = lines.map((line) => line.rendered).join('\n');
    const start = length === 0 ? 0 : length + 1;
    pieces.push(content);
    length = start + content.length;
    const unit: UnitDraft = { start, end: length, kind: 'cue', startTime: cue.startTime, endTime: cue.endTime };
    if (first.speaker !== undefined) unit.speaker = first.speaker;
    units.push(unit);
  }
  return { text: pieces.join('\n'), units, emptyCues };
}

function renderLine(line: CueLine): { rendered: string; speaker?: string } {
  // Each line is normalised on its own (the file text was normalised before its markup was
  // stripped, and stripping can bring a base letter and a combining mark together).
  const text = collapseSpaces(line.text);
  const speaker = line.speaker === undefined ? '' : collapseSpaces(line.speaker);
  if (text.length === 0) return { rendered: '' };
  return speaker ? { rendered: `${speaker}: ${text}`, speaker } : { rendered: text };
}

function collapseSpaces(value: string): string {
  return value.replace(/\s+/g, ' ').trim().normalize('NFC');
}

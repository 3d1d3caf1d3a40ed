import type { TranscriptUnit, UnitDraft } from './imported-transcript.ts';
import { readSpeakerLabel, type SpeakerLabel } from './speaker-label.ts';
import { textLines } from './text-lines.ts';

/** Share of non-empty lines that must start a turn for the text to count as a speaker-turn transcript. */
const minTurnShare = 0.5;
/** Long answers spread over many lines lower the share; recurring or timed labels still give them away. */
const minStrongShare = 0.2;
const minStrongTurns = 3;

/**
 * Units of a speaker-turn transcript, or `undefined` when the text is not one (then it is read as
 * paragraphs). A turn spans its label line ("[00:01:02] P07: …", label included) and every
 * following line without a label, across blank lines, up to the next label; it never ends on a
 * blank line. Lines before the first turn (a title, interview details) become paragraphs.
 *
 * A label starts a turn when its name occurs at least twice, carries a timestamp, or is written
 * like a name ("Nurse", "Dr. Smith", "P07") after the first such turn: so a continuation line
 * such as "So basically: …" stays with the previous speaker, a one-off "Nurse: sorry to
 * interrupt" is a turn, and "Date: 12 March" above the interview stays in the header paragraph.
 *
 * @example
 * speakerTurnUnits('Interviewer: Hi.\nP07: Hello.\nI mean, hello.');
 * // [{ start: 0, end: 16, kind: 'turn', speaker: 'Interviewer' },
 * //  { start: 17, end: 43, kind: 'turn', speaker: 'P07' }]
 */
export function speakerTurnUnits(text: string): TranscriptUnit[] | undefined {
  const lines = textLines(text);
  const candidates = lines.map((line) => (line.end > line.start ? readSpeakerLabel(text.slice(line.start, line.end)) : undefined));
  const occurrences = new Map<string, number>();
  for (const label of candidates) {
    if (label) occurrences.set(speakerKey(label), (occurrences.get(speakerKey(label)) ?? 0) + 1);
  }
  const recurs = (label: SpeakerLabel): boolean => (occurrences.get(speakerKey(label)) ?? 0) >= 2;
  const isStrong = (label: SpeakerLabel | undefined): boolean => label !== undefined && (recurs(label) || label.startTime !== undefined);
  // Before the first recurring or timed label, one-off labels are the interview's details
  // ("Date: 12 March", "Location: clinic"), which read better as a header paragraph.
  const firstStrong = candidates.findIndex(isStrong);
  const labels = candidates.map((label, index) =>
    label && (isStrong(label) || (index > firstStrong && looksLikeName(label.speaker))) ? label : undefined,
  );

  const nonEmptyLines = lines.filter((line) => line.end > line.start).length;
  const turns = labels.filter((label) => label !== undefined).length;
  const strongTurns = labels.filter(isStrong).length;
  const isTranscript =
    turns >= 2 &&
    (turns >= minTurnShare * nonEmptyLines || (strongTurns >= minStrongTurns && strongTurns >= minStrongShare * nonEmptyLines));
  if (!isTranscript) return undefined;

  const units: UnitDraft[] = [];
  let current: UnitDraft | undefined;
  let afterBlankLine = true;
  lines.forEach((line, index) => {
    if (line.end === line.start) {
      afterBlankLine = true;
      return;
    }
    const label = labels[index];
    if (label) {
      if (current) units.push(current);
      current = { start: line.start, end: line.end, kind: 'turn', speaker: label.speaker };
      if (label.startTime !== undefined) current.startTime = label.startTime;
    } else if (current && (current.kind === 'turn' || !afterBlankLine)) {
      current.end = line.end;
    } else {
      if (current) units.push(current);
      current = { start: line.start, end: line.end, kind: 'paragraph' };
    }
    afterBlankLine = false;
  });
  if (current) units.push(current);
  return units;
}

function speakerKey(label: SpeakerLabel): string {
  return label.speaker.toLocaleLowerCase();
}

/** Every word capitalised or a number, allowing short particles: "Dr. Smith", "P07", "Ana de Souza". */
function looksLikeName(speaker: string): boolean {
  return speaker.split(/\s+/).every((word) => /^[\p{Lu}\p{N}]/u.test(word) || word.length <= 3);
}

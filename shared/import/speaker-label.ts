import { parseTimestamp, timestampPattern } from './timestamp.ts';

/** A speaker label at the start of a line, e.g. "[00:01:02] Dr. Smith: …". */
export interface SpeakerLabel {
  readonly speaker: string;
  /** Seconds, when the label carries a timestamp. */
  readonly startTime?: number;
  /** Index in the line where the utterance starts (after the label and its spaces). */
  readonly contentStart: number;
}

/** Longest speaker name accepted: "Interviewer", "P07", "Dr. Smith", "Participant 12 (mother)". */
export const maxSpeakerNameChars = 40;
const maxSpeakerNameWords = 5;
/** How far into a line the separator may be: a leading timestamp, emphasis and a full-length name. */
const maxLabelChars = 80;

const leadingTime = new RegExp(String.raw`^(?:[\[(](${timestampPattern})[\])]|(${timestampPattern})(?=[ \t]))[ \t]*`);
const trailingTime = new RegExp(String.raw`[ \t]*[\[(](${timestampPattern})[\])]$`);
const bracketedTime = new RegExp(String.raw`[\[(]${timestampPattern}[\])]`, 'y');
const emphasis = /^(?:\*\*|__)/;
const speakerName = /^\p{L}[\p{L}\p{M}\p{N} .'’_&/#()\-]*$/u;

/**
 * Reads the speaker label at the start of a line; `undefined` when the line has none. This is the
 * syntax only; `speakerTurnUnits` decides which labels really start turns. Accepted shapes:
 * `Interviewer: …`, `[00:01:02] P07: …`, `(00:01:02) P07: …`, `00:01:02 P07: …`,
 * `P07 [00:01:02]: …`, `**Interviewer:** …`, `**Interviewer**: …`, and `P07<TAB>…` (table
 * exports), and `受访者：…` with a full-width colon. An ASCII colon must be followed by a space or
 * the line end, so "http://…" and "10:30" are not labels; the name has at most 40 characters and
 * five words.
 *
 * Written as a scan rather than one regular expression so that no line, however crafted, makes
 * matching slower than linear.
 *
 * @example
 * readSpeakerLabel('[00:01:02] Dr. Smith: How did it start?');
 * // { speaker: 'Dr. Smith', startTime: 62, contentStart: 22 }
 * readSpeakerLabel('See https://example.org'); // undefined
 */
export function readSpeakerLabel(line: string): SpeakerLabel | undefined {
  // Indented labels are accepted; only indentation of up to a few spaces, so that an indented
  // quotation or code block is not mistaken for one.
  const indent = /^ {0,4}/.exec(line)?.[0].length ?? 0;
  const head = line.slice(0, indent + maxLabelChars + 4);
  let position = indent;
  let time: string | undefined;
  const leading = leadingTime.exec(head.slice(position));
  if (leading) {
    time = leading[1] ?? leading[2];
    position += leading[0].length;
  }
  const opening = emphasis.exec(head.slice(position));
  if (opening) position += opening[0].length;

  const separator = firstSeparator(head, position);
  if (separator === -1) return undefined;
  let end = separator + 1;
  if (head[separator] !== '\t') {
    // "**Name:** text": the closing emphasis sits between the colon and the utterance.
    if (emphasis.test(line.slice(end, end + 2))) end += 2;
    const next = line[end];
    // CJK text puts no space after a full-width colon; after ":" a space tells labels from "10:30".
    if (head[separator] === ':' && next !== undefined && next !== ' ' && next !== '\t') return undefined;
  }
  while (line[end] === ' ' || line[end] === '\t') end += 1;

  let name = head.slice(position, separator).replace(/(?:\*\*|__)?[ \t]*$/, '');
  if (/^\s/.test(name)) return undefined;
  const trailing = trailingTime.exec(name);
  if (trailing) {
    if (time !== undefined) return undefined;
    time = trailing[1];
    name = name.slice(0, trailing.index);
  }
  name = name.trim();
  if (!isSpeakerName(name)) return undefined;
  const startTime = time === undefined ? undefined : parseTimestamp(time);
  if (time !== undefined && startTime === undefined) return undefined;
  return startTime === undefined ? { speaker: name, contentStart: end } : { speaker: name, startTime, contentStart: end };
}

/**
 * Index of the first `:`, `：` or tab at or after `from`, within the label's reach, stepping over
 * a bracketed timestamp ("P07 [00:02:05]: …"); -1 when none.
 */
function firstSeparator(head: string, from: number): number {
  for (let index = from; index < head.length && index - from <= maxLabelChars; index += 1) {
    const char = head[index];
    if (char === ':' || char === '：' || char === '\t') return index;
    if (char === '[' || char === '(') {
      bracketedTime.lastIndex = index;
      if (bracketedTime.test(head)) index = bracketedTime.lastIndex - 1;
    }
  }
  return -1;
}

function isSpeakerName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= maxSpeakerNameChars &&
    speakerName.test(name) &&
    name.split(/\s+/).length <= maxSpeakerNameWords
  );
}

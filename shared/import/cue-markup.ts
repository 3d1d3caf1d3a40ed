import { decodeCharacterReferences, xmlEntities } from './character-references.ts';
import { readSpeakerLabel } from './speaker-label.ts';
import type { CueLine } from './subtitle-cue.ts';

/** WebVTT's named references beyond XML's five; SRT players accept the same. */
const cueEntities: Readonly<Record<string, string>> = { ...xmlEntities, nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' };

// The tag patterns stop at the next "<" (or "{"), so an unclosed tag costs one short scan and
// matching stays linear however the payload is crafted.

/** `<v Name>` and `<v.class Name>`: the voice (speaker) of the text that follows. */
const voiceTag = /<v(?:\.[^\s<>]*)?(?:[ \t]([^<>]*))?>/g;
/** Any other tag: `<i>`, `<b>`, `<u>`, `<c.x>`, `<lang en>`, `<ruby>`, `<00:00:01.000>`, `<font …>`. */
const anyTag = /<[^<>]*>/g;
/** SSA/ASS override blocks some SRT files carry, such as `{\an8}`. */
const overrideBlock = /\{\\[^{}]*\}/g;
/** A subtitle line starting with a dialogue dash marks a change of (unnamed) speaker. */
const dialogueDash = /^[-–—]\s/;

/**
 * Reads a cue's payload lines into speaker lines with all markup removed. The speaker comes from
 * a `<v Name>` voice tag or, failing that, a leading "Name:" label. Subtitle line breaks are
 * display wrapping, so a line without a new speaker continues the previous one.
 *
 * @example
 * readCuePayload(['<v Dr. Smith><i>How</i> did it', 'start?</v>', '<v P07>Slowly.']);
 * // [{ speaker: 'Dr. Smith', text: 'How did it start?' }, { speaker: 'P07', text: 'Slowly.' }]
 */
export function readCuePayload(payload: readonly string[]): CueLine[] {
  const lines: Array<{ speaker?: string; text: string }> = [];
  for (const rawLine of payload) {
    for (const segment of voiceSegments(rawLine.replace(overrideBlock, ''))) {
      let text = plainText(segment.markup);
      let speaker = segment.voice;
      let startsNewLine = segment.voice !== undefined;
      if (segment.atLineStart && speaker === undefined) {
        const label = readSpeakerLabel(text);
        if (label) {
          speaker = label.speaker;
          text = text.slice(label.contentStart);
          startsNewLine = true;
        } else if (dialogueDash.test(text)) {
          startsNewLine = true;
        }
      }
      const previous = lines[lines.length - 1];
      if (!startsNewLine && previous) {
        previous.text = `${previous.text} ${text}`;
      } else if (speaker !== undefined && speaker.length > 0) {
        lines.push({ speaker, text });
      } else {
        lines.push({ text });
      }
    }
  }
  return lines
    .map((line) => ({ ...line, text: line.text.trim() }))
    .filter((line) => line.text.length > 0);
}

interface VoiceSegment {
  readonly markup: string;
  /** The voice tag that opens this segment, if any ('' for a tag without a name). */
  readonly voice?: string;
  readonly atLineStart: boolean;
}

function voiceSegments(line: string): VoiceSegment[] {
  const segments: VoiceSegment[] = [];
  let position = 0;
  let voice: string | undefined;
  for (const match of line.matchAll(voiceTag)) {
    const before = line.slice(position, match.index);
    // Text before the first voice tag only counts when there is some; between tags it always does.
    if (position > 0 || before.trim().length > 0) {
      segments.push(segmentOf(before, voice, position === 0));
    }
    voice = plainText(match[1] ?? '').trim();
    position = match.index + match[0].length;
  }
  segments.push(segmentOf(line.slice(position), voice, position === 0));
  return segments;
}

function segmentOf(markup: string, voice: string | undefined, atLineStart: boolean): VoiceSegment {
  return voice === undefined ? { markup, atLineStart } : { markup, voice, atLineStart };
}

function plainText(markup: string): string {
  return decodeCharacterReferences(markup.replace(anyTag, ''), cueEntities).replace(/\s+/g, ' ').trim();
}

import { readCuePayload } from './cue-markup.ts';
import type { SubtitleCue } from './subtitle-cue.ts';
import { parseTimestamp, timestampPattern } from './timestamp.ts';

export type SubtitleDialect = 'vtt' | 'srt';

export interface ParsedSubtitles {
  readonly cues: SubtitleCue[];
  /** Lines containing "-->" (well-formed or not): none means the file is not subtitles at all. */
  readonly timingLines: number;
  /** Cues whose timing line could not be read, and (VTT) text blocks outside any cue. */
  readonly skippedBlocks: number;
  /** Cues whose end is before their start; kept, with the times as written. */
  readonly reversedCues: number;
  /** Whether a .vtt file starts with the required "WEBVTT" line. */
  readonly hasHeader: boolean;
}

const timingLine = new RegExp(String.raw`^(${timestampPattern})[ \t]*-->[ \t]*(${timestampPattern})(?:[ \t].*)?$`);
const metadataBlock = /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/;
const cueIndex = /^\d+$/;

/**
 * Reads cues from normalised WebVTT or SubRip text (`\n` line endings, blank lines collapsed).
 * Cue identifiers, SRT indices and cue settings are dropped; NOTE, STYLE and REGION blocks are
 * skipped. SubRip files often contain a stray blank line inside a cue, so in SRT a block without
 * a timing line continues the previous cue; in VTT it is skipped and counted.
 *
 * @example
 * parseSubtitles('1\n00:00:01,000 --> 00:00:02,500\nP07: Hello', 'srt').cues;
 * // [{ startTime: 1, endTime: 2.5, lines: [{ speaker: 'P07', text: 'Hello' }] }]
 */
export function parseSubtitles(text: string, dialect: SubtitleDialect): ParsedSubtitles {
  const blocks = text.split(/\n\n+/).map((block) => block.split('\n'));
  const hasHeader = /^WEBVTT(?:[ \t]|$)/.test(blocks[0]?.[0] ?? '');
  const drafts: Array<{ startTime: number; endTime: number; payload: string[] }> = [];
  let timingLines = 0;
  let skippedBlocks = 0;
  let reversedCues = 0;

  blocks.forEach((lines, blockIndex) => {
    const isHeader = dialect === 'vtt' && blockIndex === 0 && hasHeader;
    if (dialect === 'vtt' && metadataBlock.test(lines[0] ?? '')) return;
    let current: { startTime: number; endTime: number; payload: string[] } | undefined;
    let sawTiming = false;
    lines.forEach((line) => {
      if (line.includes('-->')) {
        timingLines += 1;
        sawTiming = true;
        const timing = readTiming(line);
        // A second cue in one block (a blank line is missing): its SRT index ended up as the
        // previous cue's last payload line.
        if (current && cueIndex.test(current.payload[current.payload.length - 1] ?? '')) current.payload.pop();
        if (!timing) {
          skippedBlocks += 1;
          current = undefined;
          return;
        }
        if (timing.endTime < timing.startTime) reversedCues += 1;
        current = { ...timing, payload: [] };
        drafts.push(current);
      } else if (current) {
        current.payload.push(line);
      }
    });
    if (sawTiming || isHeader) return;
    if (dialect === 'srt' && lines.every((line) => cueIndex.test(line))) return;
    const previous = drafts[drafts.length - 1];
    if (dialect === 'srt' && previous) previous.payload.push(...lines);
    else skippedBlocks += 1;
  });

  const cues = drafts.map((draft) => ({ startTime: draft.startTime, endTime: draft.endTime, lines: readCuePayload(draft.payload) }));
  return { cues, timingLines, skippedBlocks, reversedCues, hasHeader };
}

function readTiming(line: string): { startTime: number; endTime: number } | undefined {
  const match = timingLine.exec(line.trim());
  if (!match) return undefined;
  const startTime = parseTimestamp(match[1] ?? '');
  const endTime = parseTimestamp(match[2] ?? '');
  return startTime === undefined || endTime === undefined ? undefined : { startTime, endTime };
}

import type { TranscriptUnit } from '../../shared/model/transcript.ts';

/**
 * A stretch of a transcript as the index stores it: `text` is exactly `transcript.slice(start,
 * start + text.length)` — except that the two control characters the index marks hits with
 * (U+0001, U+0002) are replaced by spaces, one for one, so offsets never move.
 */
export interface TranscriptChunk {
  readonly start: number;
  readonly text: string;
}

/** Rows longer than this are split (a transcript without turns or blank lines is one paragraph). */
export const maxChunkLength = 4_000;
/** Where a long row is split: after a sentence in the last part of the row, else at a space. */
const splitWindow = 1_000;

const markers = /[\u0001\u0002]/g;

/**
 * The rows a transcript is indexed as: one per unit (speaker turn, cue, paragraph), plus any text
 * between units that is not just white space, with units longer than `maxChunkLength` split after
 * a sentence (or at a space). A phrase is found within one row, so within one turn.
 *
 * @example
 * transcriptChunks('I: Hi.\nP: Hello there.', [{ start: 0, end: 6, kind: 'turn' }, { start: 7, end: 23, kind: 'turn' }])
 * // [{ start: 0, text: 'I: Hi.' }, { start: 7, text: 'P: Hello there.' }]
 */
export function transcriptChunks(text: string, units: readonly TranscriptUnit[]): TranscriptChunk[] {
  const spans: [number, number][] = [];
  let at = 0;
  const sorted = [...units].filter((u) => u.end > u.start).sort((a, b) => a.start - b.start);
  for (const unit of sorted) {
    const start = Math.max(unit.start, at);
    const end = Math.min(unit.end, text.length);
    if (start > at) spans.push([at, start]);
    if (end > start) spans.push([start, end]);
    at = Math.max(at, end);
  }
  if (at < text.length) spans.push([at, text.length]);
  const chunks: TranscriptChunk[] = [];
  for (const [start, end] of spans) {
    for (const [s, e] of splitLong(text, start, end)) {
      const slice = text.slice(s, e);
      if (/\S/u.test(slice)) chunks.push({ start: s, text: slice.replace(markers, ' ') });
    }
  }
  return chunks;
}

function splitLong(text: string, start: number, end: number): [number, number][] {
  const parts: [number, number][] = [];
  let s = start;
  while (end - s > maxChunkLength) {
    const limit = s + maxChunkLength;
    const window = text.slice(limit - splitWindow, limit);
    let cut = -1;
    const sentence = /[.!?…]["”’)]?\s/gu;
    for (let m = sentence.exec(window); m; m = sentence.exec(window)) cut = limit - splitWindow + m.index + m[0].length;
    if (cut < 0) {
      const space = window.search(/\s\S*$/u);
      cut = space >= 0 ? limit - splitWindow + space + 1 : limit;
    }
    // Never inside a surrogate pair.
    if (isLowSurrogate(text.charCodeAt(cut))) cut--;
    parts.push([s, cut]);
    s = cut;
  }
  parts.push([s, end]);
  return parts;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

import { compareEvidence, sortInOrder } from './canonical-order.ts';
import type { CodedSegment, EvidenceRef } from './types.ts';

/** The longest quote an evidence reference carries, ellipsis included (spec §2.6). */
export const quoteLimit = 280;

/** How far back from the limit a quote may be cut at a space instead of inside a word. */
const wordSlack = 30;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * The quote of a range: whitespace runs (line breaks included) become one space, the ends are
 * trimmed, and a longer text is cut to `limit − 1` characters plus "…" — at a space when one is
 * near the cut, never inside a surrogate pair. No transcript text gives the empty quote: the
 * evidence still points at its range.
 *
 * @example
 * quoteOf('  Then they\n asked us  ', 0, 24) // 'Then they asked us'
 */
export function quoteOf(text: string | undefined, start: number, end: number, limit: number = quoteLimit): string {
  if (text === undefined) return '';
  const normalised = text.slice(Math.max(0, start), Math.max(0, end)).replace(/\s+/g, ' ').trim();
  if (normalised.length <= limit) return normalised;
  let cut = normalised.slice(0, limit - 1);
  // A space right after the kept characters means the cut already ends a word.
  const space = normalised.lastIndexOf(' ', limit - 1);
  if (space >= limit - 1 - wordSlack) cut = normalised.slice(0, space);
  else if (isHighSurrogate(cut.charCodeAt(cut.length - 1))) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * The evidence reference of one segment in one role: `run` (a node's evidence), `exit` (the last
 * segment of a transition's source run) or `entry` (the first of its target run). Offsets and
 * code are the segment's own, as coded (`push.training`, not push), so "open in transcript" shows
 * exactly what the coder marked.
 *
 * @example
 * evidenceRef(a2, 'exit', transcriptText) // { segmentId: 'a2', layer: 'A', codeId: 'push.training', role: 'exit', start: 150, end: 260, quote: '…' }
 */
export function evidenceRef(segment: CodedSegment, role: EvidenceRef['role'], text?: string): EvidenceRef {
  return {
    segmentId: segment.id,
    layer: segment.layer.kind === 'consensus' ? 'consensus' : segment.layer.coderId,
    transcriptId: segment.transcriptId,
    participantId: segment.participantId,
    codeId: segment.codeId,
    role,
    start: segment.start,
    end: segment.end,
    quote: quoteOf(text, segment.start, segment.end),
  };
}

/**
 * Evidence in spec §2.6 order (`compareEvidence`, shared with A-3 so merged and aggregated lists
 * read alike), each (participant, layer, segment, role) once: a segment that opens two
 * occurrences of the same edge (sweep's `pull→cocreation` ×2 enters u5 twice) is one quote.
 *
 * @example
 * sortEvidence([u5Entry, u3Exit, u5Entry, u6Exit]).map((r) => r.segmentId) // ['u3', 'u5', 'u6']
 */
export function sortEvidence(refs: readonly EvidenceRef[]): EvidenceRef[] {
  const sorted = sortInOrder(refs.slice(), compareEvidence);
  const out: EvidenceRef[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const ref = sorted[i]!;
    const prev = sorted[i - 1];
    if (!prev || compareEvidence(prev, ref) !== 0 || prev.transcriptId !== ref.transcriptId) out.push(ref);
  }
  return out;
}

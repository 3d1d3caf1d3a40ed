import { describe, expect, it } from 'vitest';
import { evidenceRef, quoteLimit, quoteOf, sortEvidence } from './evidence.ts';
import type { CodedSegment, EvidenceRef } from './types.ts';

const segment = (id: string, coderId: string, start: number, end: number): CodedSegment => ({
  id,
  transcriptId: 'T',
  participantId: 'P',
  layer: { kind: 'coder', coderId },
  codeId: 'push.training',
  start,
  end,
});

describe('quotes', () => {
  it('§2.6: whitespace runs and line breaks become single spaces; the ends are trimmed', () => {
    expect(quoteOf('xx  Then they\n\t asked   us. \r\n yy', 2, 29)).toBe('Then they asked us.');
  });

  it('§2.6: no transcript text gives the empty quote', () => {
    expect(quoteOf(undefined, 0, 100)).toBe('');
  });

  it('§2.6: a long passage is cut to 280 characters, ellipsis included, at a space near the cut', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${String(i).padStart(4, '0')}`).join(' '); // 'w0000 w0001 …', 6 characters a word
    const quote = quoteOf(words, 0, words.length);
    expect(quote.length).toBeLessThanOrEqual(quoteLimit);
    // 279 characters end inside the 47th word; the cut falls back to the space before it.
    expect(quote).toBe(`${words.slice(0, 6 * 46 - 1)}…`);
    // When the 279th character ends a word, the whole word stays.
    const exact = Array.from({ length: 100 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' '); // 5 characters a word
    expect(quoteOf(exact, 0, exact.length)).toBe(`${exact.slice(0, 279)}…`);
  });

  it('§2.6: without a nearby space the cut is at 279 characters, never inside a surrogate pair', () => {
    const plain = 'a'.repeat(400);
    expect(quoteOf(plain, 0, 400)).toBe(`${'a'.repeat(279)}…`);
    const emoji = `${'a'.repeat(278)}😀${'b'.repeat(50)}`; // the pair sits at 278–279
    const quote = quoteOf(emoji, 0, emoji.length);
    expect(quote).toBe(`${'a'.repeat(278)}…`);
  });

  it('§2.6: a passage of exactly 280 characters is not ellipsised', () => {
    expect(quoteOf('c'.repeat(280), 0, 280)).toBe('c'.repeat(280));
  });
});

describe('evidence references', () => {
  it('§2.6: carry the segment as coded, its layer, role, offsets and quote', () => {
    const text = `${'.'.repeat(150)}We ran trainings.${'.'.repeat(10)}`;
    expect(evidenceRef(segment('a2', 'A', 150, 167), 'exit', text)).toEqual({
      segmentId: 'a2',
      layer: 'A',
      transcriptId: 'T',
      participantId: 'P',
      codeId: 'push.training',
      role: 'exit',
      start: 150,
      end: 167,
      quote: 'We ran trainings.',
    });
    expect(evidenceRef({ ...segment('k', 'A', 0, 1), layer: { kind: 'consensus' } }, 'run').layer).toBe('consensus');
  });

  it('§2.6: sort by participant, coder, start (exit before entry at a tie) and keep each reference once', () => {
    const refs: EvidenceRef[] = [
      evidenceRef(segment('b2', 'B', 290, 430), 'entry'),
      evidenceRef(segment('a3', 'A', 300, 420), 'entry'),
      evidenceRef(segment('b1', 'B', 0, 250), 'exit'),
      evidenceRef(segment('a2', 'A', 150, 260), 'exit'),
      evidenceRef(segment('a3', 'A', 300, 420), 'entry'),
      evidenceRef(segment('s', 'A', 500, 600), 'entry'),
      evidenceRef(segment('s', 'A', 500, 600), 'exit'),
      { ...evidenceRef(segment('z', 'A', 0, 5), 'run'), participantId: 'O' },
    ];
    expect(sortEvidence(refs).map((r) => `${r.participantId}:${r.layer}:${r.segmentId}:${r.role}`)).toEqual(['O:A:z:run', 'P:A:a2:exit', 'P:A:a3:entry', 'P:A:s:exit', 'P:A:s:entry', 'P:B:b1:exit', 'P:B:b2:entry']);
  });
});

import { describe, expect, it } from 'vitest';
import type { TranscriptUnit } from '../../../../shared/model/transcript.ts';
import { extendHead, moveCaret, trimRange, unitContentStart, unitIndexAt, type StepText } from './selection-steps.ts';

/** A transcript of turns separated by blank lines, as the importer makes them. */
function transcript(...turns: string[]): StepText {
  const text = turns.join('\n\n');
  const units: TranscriptUnit[] = [];
  let start = 0;
  for (const turn of turns) {
    units.push({ start, end: start + turn.length, kind: 'turn' });
    start += turn.length + 2;
  }
  return { text, units };
}

const doc = transcript(
  'Interviewer: How did it start?',
  'P01: They pushed a toolkit on us at first. Everybody went to the three-day training.',
  'P01: Later we built the plan together.',
);
const at = (phrase: string) => doc.text.indexOf(phrase);
const after = (phrase: string) => doc.text.indexOf(phrase) + phrase.length;

describe('unit content start', () => {
  it('is after the speaker label and its space', () => {
    expect(unitContentStart(doc, 0)).toBe(at('How did'));
    expect(unitContentStart(doc, 1)).toBe(at('They pushed'));
  });

  it('is the first non-space character of a paragraph', () => {
    const paragraph: StepText = { text: '  Just text here.', units: [{ start: 0, end: 17, kind: 'paragraph' }] };
    expect(unitContentStart(paragraph, 0)).toBe(2);
  });

  it('takes a timestamped label whole', () => {
    const timed: StepText = { text: '[00:01:02] Dr. Smith: Hello there.', units: [{ start: 0, end: 34, kind: 'turn' }] };
    expect(unitContentStart(timed, 0)).toBe(22);
  });
});

describe('extending a selection', () => {
  it('moves the head to the end of the next word, skipping punctuation and spaces', () => {
    const start = at('They pushed');
    expect(extendHead(doc, start, 'word', 1)).toBe(after('They'));
    expect(extendHead(doc, after('They'), 'word', 1)).toBe(after('They pushed'));
    // "first." then "Everybody": the full stop is not a word.
    expect(extendHead(doc, after('at first'), 'word', 1)).toBe(after('Everybody'));
  });

  it('treats a hyphenated word as its parts, as Unicode word boundaries do', () => {
    expect(extendHead(doc, after('the'), 'word', 1)).toBe(after('the three'));
  });

  it('moves the head to the end of the sentence it is in, then of the next one, without trailing spaces', () => {
    expect(extendHead(doc, after('They pushed'), 'sentence', 1)).toBe(after('on us at first.'));
    expect(extendHead(doc, after('on us at first.'), 'sentence', 1)).toBe(after('three-day training.'));
  });

  it('moves the head to the end of the turn, then into the next turn', () => {
    expect(extendHead(doc, at('They pushed'), 'turn', 1)).toBe(after('three-day training.'));
    expect(extendHead(doc, after('three-day training.'), 'turn', 1)).toBe(after('the plan together.'));
  });

  it('crosses into the next turn word by word, over the speaker label', () => {
    const end = after('three-day training.');
    expect(extendHead(doc, end, 'word', 1)).toBe(at('P01: Later') + 'P01'.length);
  });

  it('moves backwards to the start of the previous word, sentence or turn', () => {
    expect(extendHead(doc, after('They pushed'), 'word', -1)).toBe(at('pushed'));
    expect(extendHead(doc, at('pushed'), 'word', -1)).toBe(at('They pushed'));
    expect(extendHead(doc, after('Everybody went'), 'sentence', -1)).toBe(at('Everybody'));
    expect(extendHead(doc, at('Everybody'), 'sentence', -1)).toBe(at('They pushed'));
    expect(extendHead(doc, at('Later we'), 'turn', -1)).toBe(at('They pushed'));
  });

  it('stays at either end of the transcript', () => {
    expect(extendHead(doc, doc.text.length, 'word', 1)).toBe(doc.text.length);
    expect(extendHead(doc, 0, 'sentence', -1)).toBe(0);
    expect(extendHead(doc, at('How did'), 'turn', -1)).toBe(at('How did'));
  });

  it('works on words of any script', () => {
    const german: StepText = { text: 'Übergänge ließen sich gut an. Später nicht.', units: [{ start: 0, end: 43, kind: 'paragraph' }] };
    expect(extendHead(german, 0, 'word', 1)).toBe('Übergänge'.length);
    expect(extendHead(german, 0, 'sentence', 1)).toBe('Übergänge ließen sich gut an.'.length);
  });
});

describe('moving a caret', () => {
  it('goes to the start of the next word, sentence or turn', () => {
    const start = at('They pushed');
    expect(moveCaret(doc, start, 'word', 1)).toBe(at('pushed'));
    expect(moveCaret(doc, start, 'sentence', 1)).toBe(at('Everybody'));
    expect(moveCaret(doc, start, 'turn', 1)).toBe(at('Later we'));
  });

  it('goes back to the start of the word, sentence or turn it is in, then the one before', () => {
    expect(moveCaret(doc, after('Everybody went'), 'word', -1)).toBe(at('went'));
    expect(moveCaret(doc, after('Everybody went'), 'sentence', -1)).toBe(at('Everybody'));
    expect(moveCaret(doc, at('Everybody'), 'sentence', -1)).toBe(at('They pushed'));
    expect(moveCaret(doc, at('They pushed'), 'turn', -1)).toBe(at('How did'));
  });

  it('stays when there is nothing further', () => {
    expect(moveCaret(doc, at('Later we'), 'turn', 1)).toBe(at('Later we'));
  });
});

describe('helpers', () => {
  it('trims whitespace off a range and orders its ends', () => {
    expect(trimRange('  ab  ', 6, 0)).toEqual({ start: 2, end: 4 });
    expect(trimRange('    ', 0, 4)).toBeNull();
  });

  it('finds the unit holding an offset, the ending unit at a boundary', () => {
    expect(unitIndexAt(doc, at('They'))).toBe(1);
    expect(unitIndexAt(doc, after('training.'))).toBe(1);
    expect(unitIndexAt(doc, after('training.') + 1)).toBe(2);
  });
});

describe('steps in a long unit (segmented near the step only)', () => {
  // A 30,000-character paragraph of varied sentences, words and punctuation.
  const pieces = ['They pushed a toolkit on us.', 'Everybody went — reluctantly — to the three-day training!', 'Was it useful?', '“Not really,” she said.', 'We built the plan together, with the county teams; it took months.'];
  let text = '';
  for (let i = 0; text.length < 30_000; i++) text += `${pieces[(i * 7) % pieces.length]} `;
  const long: StepText = { text, units: [{ start: 0, end: text.length, kind: 'paragraph' }] };

  /** The same steps computed over the whole unit at once. */
  function reference(size: 'word' | 'sentence'): { start: number; end: number }[] {
    const spans: { start: number; end: number }[] = [];
    for (const s of new Intl.Segmenter(undefined, { granularity: size }).segment(text)) {
      if (size === 'word' && !s.isWordLike) continue;
      const span = trimRange(text, s.index, s.index + s.segment.length);
      if (span) spans.push(span);
    }
    return spans;
  }

  it('lands where segmenting the whole unit would, anywhere in it', () => {
    for (const size of ['word', 'sentence'] as const) {
      const spans = reference(size);
      for (let offset = 0; offset < text.length; offset += 997) {
        expect(extendHead(long, offset, size, 1)).toBe(spans.find((s) => s.end > offset)?.end ?? offset);
        expect(extendHead(long, offset, size, -1)).toBe([...spans].reverse().find((s) => s.start < offset)?.start ?? offset);
        expect(moveCaret(long, offset, size, 1)).toBe(spans.find((s) => s.start > offset)?.start ?? offset);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { excerptSegment } from './segment-excerpt.ts';

const text = 'Interviewer: How did it start? Participant: We asked them for help, and then we built the plan together with the county.';

describe('excerptSegment', () => {
  it('gives the coded text with whole words of context around it', () => {
    const start = text.indexOf('them for help');
    const excerpt = excerptSegment(text, start, start + 'them for help'.length, { context: 20 });
    expect(excerpt).toEqual({ before: '…We asked ', text: 'them for help', after: ', and then we built…', elided: false });
  });

  it('marks no cut at the start or the end of the transcript', () => {
    expect(excerptSegment(text, 0, 11, { context: 500 })).toMatchObject({ before: '', after: text.slice(11) });
  });

  it('keeps the start and end of a long passage around an ellipsis', () => {
    const excerpt = excerptSegment(text, 0, text.length, { maxText: 30 });
    expect(excerpt.elided).toBe(true);
    expect(excerpt.text).toBe(`${text.slice(0, 20)} … ${text.slice(text.length - 10)}`);
  });
});

import { describe, expect, it } from 'vitest';
import { hitContext, maxContextLength } from './hit-context.ts';

describe('hitContext', () => {
  it('is the sentence around the hit, placed by its offset in the transcript', () => {
    const row = { start: 100, text: 'P: No. The support team helped us. Then it stopped.' };
    const at = row.text.indexOf('support') + row.start;
    const { context, contextStart } = hitContext(row, at, at + 7);
    expect(context).toBe('The support team helped us.');
    expect(context.slice(at - contextStart, at - contextStart + 7)).toBe('support');
  });

  it('stops at line breaks and at the row’s ends', () => {
    const row = { start: 0, text: 'Participant: first line\nsecond line with the word' };
    const at = row.text.indexOf('word');
    expect(hitContext(row, at, at + 4).context).toBe('second line with the word');
    expect(hitContext(row, 0, 11).context).toBe('Participant: first line');
  });

  it('cuts a long sentence to a window around the hit, at spaces', () => {
    const text = `${'alpha beta gamma '.repeat(40)}TARGET ${'delta epsilon '.repeat(40)}`.trim();
    const row = { start: 7, text };
    const at = text.indexOf('TARGET') + 7;
    const { context, contextStart } = hitContext(row, at, at + 6);
    expect(context.length).toBeLessThanOrEqual(maxContextLength);
    expect(context.slice(at - contextStart, at - contextStart + 6)).toBe('TARGET');
    expect(text.slice(contextStart - 7, contextStart - 7 + context.length)).toBe(context);
    expect(context).toMatch(/^\S.*\S$/u);
    expect(text[contextStart - 7 - 1]).toBe(' ');
  });
});

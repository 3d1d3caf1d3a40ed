import { describe, expect, it } from 'vitest';
import { parseSearchQuery, SearchQueryError, SearchQueryFailure } from './search-query.ts';

const failure = (q: string) => {
  try {
    parseSearchQuery(q);
  } catch (error) {
    if (error instanceof SearchQueryError) return { reason: error.reason, message: error.message };
    throw error;
  }
  return null;
};

describe('parseSearchQuery', () => {
  it('reads words, phrases, prefixes and OR', () => {
    expect(parseSearchQuery('support team').anyOf).toEqual([[{ text: 'support', prefix: false }, { text: 'team', prefix: false }]]);
    expect(parseSearchQuery('"support team"').anyOf).toEqual([[{ text: 'support team', prefix: false }]]);
    expect(parseSearchQuery('lead*').anyOf).toEqual([[{ text: 'lead', prefix: true }]]);
    expect(parseSearchQuery('"change man"*').anyOf).toEqual([[{ text: 'change man', prefix: true }]]);
    expect(parseSearchQuery('stress OR “anxious feelings” calm').anyOf).toEqual([[{ text: 'stress', prefix: false }], [{ text: 'anxious feelings', prefix: false }, { text: 'calm', prefix: false }]]);
  });

  it('keeps operator words and punctuation as text to find, never as index syntax', () => {
    expect(parseSearchQuery("don't NEAR self-care AND or").anyOf).toEqual([
      [
        { text: "don't", prefix: false },
        { text: 'NEAR', prefix: false },
        { text: 'self-care', prefix: false },
        { text: 'AND', prefix: false },
        { text: 'or', prefix: false },
      ],
    ]);
  });

  it('gives one key per way of writing a query', () => {
    expect(parseSearchQuery('  support   team ').key).toBe('support team');
    expect(parseSearchQuery('"a b"* OR c').key).toBe('"a b"* OR c');
  });

  it('refuses malformed queries with a sentence that shows how to write them', () => {
    const cases: [string, SearchQueryFailure][] = [
      ['', 'empty'],
      ['   ', 'empty'],
      ['"support team', 'unclosedQuote'],
      ['*', 'misplacedStar'],
      ['*lead', 'misplacedStar'],
      ['le*ad', 'misplacedStar'],
      ['lead**', 'misplacedStar'],
      ['"lead*"', 'misplacedStar'],
      ['"a b"x', 'misplacedStar'],
      ['OR stress', 'misplacedOr'],
      ['stress OR', 'misplacedOr'],
      ['stress OR OR calm', 'misplacedOr'],
      ['""', 'noWord'],
      ['"..."', 'noWord'],
      ['?!', 'noWord'],
      ['x'.repeat(201), 'tooLong'],
      [Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '), 'tooManyTerms'],
    ];
    for (const [q, reason] of cases) {
      const refused = failure(q);
      expect(refused?.reason, q).toBe(reason);
      expect(refused!.message, q).toMatch(/^[A-Z“"].*[.:]/u);
    }
  });
});

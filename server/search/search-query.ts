/**
 * What a researcher types into the search box, read into a small query any index can run:
 *
 * - words are found whatever their case and accents (`cafe` finds “Café”); several words must all
 *   occur in the same turn (`support team`), and every occurrence of each is a hit;
 * - `"…"` is a phrase: its words in that order, next to each other (`"support team"`);
 * - `word*` finds words that start with it (`lead*`: lead, leader, leadership); a phrase may end
 *   with one (`"change man*"`);
 * - `OR` (in capitals) between terms finds either (`stress OR anxious`); the terms on each side
 *   of it must all occur in one turn, as above.
 *
 * Anything else is refused with a sentence that says how to write it (`SearchQueryError`), never
 * passed on to the index as syntax: a term is always handed over as quoted text, so `don't`,
 * `self-care` or `NEAR` are words to find, not operators.
 */

/** One thing to find: a word or a phrase (its words in order), optionally ending in a prefix. */
export interface SearchTerm {
  /** The words as typed (without quotes or `*`); the index splits them into its tokens. */
  readonly text: string;
  /** The last word may be the start of a longer word (`man*`). */
  readonly prefix: boolean;
}

/** Terms that must all occur in one row, for each alternative: `a b OR c` is `[[a, b], [c]]`. */
export interface SearchQuery {
  readonly anyOf: readonly (readonly SearchTerm[])[];
  /** The query as written out again, one canonical form per meaning (a cache key). */
  readonly key: string;
}

export const SearchQueryFailure = { empty: 'empty', tooLong: 'tooLong', unclosedQuote: 'unclosedQuote', misplacedStar: 'misplacedStar', misplacedOr: 'misplacedOr', noWord: 'noWord', tooManyTerms: 'tooManyTerms' } as const;
export type SearchQueryFailure = (typeof SearchQueryFailure)[keyof typeof SearchQueryFailure];

/** A query that cannot be read; `message` is a sentence for the researcher. */
export class SearchQueryError extends Error {
  constructor(
    readonly reason: SearchQueryFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SearchQueryError';
  }
}

export const maxQueryLength = 200;
const maxTerms = 16;
/** Letters and digits: what the index makes tokens of. A term without any finds nothing. */
const wordCharacter = /[\p{L}\p{N}]/u;

type Token = { readonly kind: 'term'; readonly term: SearchTerm; readonly shown: string } | { readonly kind: 'or' };

function readTokens(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === '“' || c === '”') {
      const close = q.slice(i + 1).search(/["“”]/u);
      if (close < 0) throw new SearchQueryError(SearchQueryFailure.unclosedQuote, 'A phrase needs a closing quotation mark: write "support team" to find those words together.');
      const text = q.slice(i + 1, i + 1 + close).trim();
      i += close + 2;
      const prefix = q[i] === '*';
      if (prefix) i++;
      if (i < q.length && !/\s/u.test(q[i]!)) throw new SearchQueryError(SearchQueryFailure.misplacedStar, `Leave a space after the phrase "${text}"${prefix ? '*' : ''} before the next word.`);
      if (text.includes('*')) throw new SearchQueryError(SearchQueryFailure.misplacedStar, `A * goes after the closing quotation mark of a phrase: "${text.replace(/\*/g, '')}"* finds phrases whose last word starts so.`);
      if (!wordCharacter.test(text)) throw new SearchQueryError(SearchQueryFailure.noWord, text === '' ? 'The quotation marks hold no words: put the phrase between them, like "support team".' : `The phrase "${text}" has no letters or digits to search for.`);
      tokens.push({ kind: 'term', term: { text, prefix }, shown: `"${text}"${prefix ? '*' : ''}` });
      continue;
    }
    const end = q.slice(i).search(/[\s"“”]/u);
    const raw = end < 0 ? q.slice(i) : q.slice(i, i + end);
    i += raw.length;
    if (raw === 'OR') {
      tokens.push({ kind: 'or' });
      continue;
    }
    const star = raw.indexOf('*');
    if (star >= 0 && (star !== raw.length - 1 || raw === '*')) {
      throw new SearchQueryError(SearchQueryFailure.misplacedStar, raw === '*' ? 'A * goes at the end of a word: lead* finds lead, leader and leadership.' : `A * goes at the end of a word, once: write ${raw.replace(/\*/g, '') || 'lead'}* to find the words that start with it.`);
    }
    const text = star >= 0 ? raw.slice(0, -1) : raw;
    if (!wordCharacter.test(text)) throw new SearchQueryError(SearchQueryFailure.noWord, `“${raw}” has no letters or digits to search for.`);
    tokens.push({ kind: 'term', term: { text, prefix: star >= 0 }, shown: raw });
  }
  return tokens;
}

/**
 * Reads a search; throws `SearchQueryError` with a sentence for anything it cannot read.
 *
 * @example
 * parseSearchQuery('"support team" OR lead*')
 * // { anyOf: [[{ text: 'support team', prefix: false }], [{ text: 'lead', prefix: true }]], key: '"support team" OR lead*' }
 */
export function parseSearchQuery(raw: string): SearchQuery {
  const q = raw.trim();
  if (q === '') throw new SearchQueryError(SearchQueryFailure.empty, 'Type a word or a phrase to search for.');
  if (q.length > maxQueryLength) throw new SearchQueryError(SearchQueryFailure.tooLong, `A search can be at most ${maxQueryLength} characters long; this one has ${q.length}.`);
  const tokens = readTokens(q);
  const anyOf: SearchTerm[][] = [[]];
  const shown: string[][] = [[]];
  tokens.forEach((token, index) => {
    if (token.kind === 'or') {
      if (index === 0 || index === tokens.length - 1 || tokens[index - 1]!.kind === 'or') {
        throw new SearchQueryError(SearchQueryFailure.misplacedOr, 'OR goes between two words or phrases: stress OR anxious. To find the word “or” itself, write it in lower case.');
      }
      anyOf.push([]);
      shown.push([]);
      return;
    }
    anyOf.at(-1)!.push(token.term);
    shown.at(-1)!.push(token.shown);
  });
  const count = anyOf.reduce((n, group) => n + group.length, 0);
  if (count > maxTerms) throw new SearchQueryError(SearchQueryFailure.tooManyTerms, `A search can combine at most ${maxTerms} words and phrases; this one has ${count}.`);
  return { anyOf, key: shown.map((group) => group.join(' ')).join(' OR ') };
}

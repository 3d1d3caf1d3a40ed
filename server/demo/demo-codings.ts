import { demoCodeDomain, type DemoCodeId } from './demo-codebook.ts';
import type { PlannedPassage } from './demo-coding-plan.ts';
import { createSeededRandom, randomInt, seedFromText, type RandomSource } from './seeded-random.ts';
import { selectionEndAfter, turnAt, type Word } from './turn-words.ts';

/**
 * The two demo coders, derived from the coding plan with a seeded generator so every demo project
 * shows the same, realistic partial disagreement: Ana codes nearly everything the plan names with
 * small boundary differences; Ben codes less of it, reads some passages differently, codes
 * marginal passages the plan leaves optional, and selects wider or narrower stretches.
 */
export interface CodingStyle {
  /** Share of the plan's core passages coded. */
  readonly coreRate: number;
  /** Share of the plan's optional passages coded. */
  readonly optionalRate: number;
  /** Chance of choosing the plan's alternative code, where it names one. */
  readonly alternativeRate: number;
  /** Chance that each boundary moves, and by at most how many words. */
  readonly jitterRate: number;
  readonly jitterWords: number;
  /** Chance of stretching a passage to whole sentences, or of keeping only its first part. */
  readonly widenRate: number;
  readonly narrowRate: number;
}

export interface DemoCoder {
  readonly key: 'ana' | 'ben';
  readonly name: string;
  /** The account's email is `<emailLocal>+<projectId>@accord.invalid`. */
  readonly emailLocal: string;
  readonly style: CodingStyle;
}

export const demoCoders: readonly DemoCoder[] = [
  {
    key: 'ana',
    name: 'Demo coder Ana',
    emailLocal: 'ana.demo',
    style: { coreRate: 0.9, optionalRate: 0.15, alternativeRate: 0.08, jitterRate: 0.3, jitterWords: 1, widenRate: 0.05, narrowRate: 0.03 },
  },
  {
    key: 'ben',
    name: 'Demo coder Ben',
    emailLocal: 'ben.demo',
    style: { coreRate: 0.75, optionalRate: 0.7, alternativeRate: 0.3, jitterRate: 0.45, jitterWords: 2, widenRate: 0.2, narrowRate: 0.15 },
  },
];

export interface DemoCoding {
  readonly codeId: DemoCodeId;
  /** Offsets in the transcript text, on word boundaries within one turn. */
  readonly start: number;
  readonly end: number;
  readonly memo: string;
  /** The plan's quote this coding came from (for tests and for reading the demo). */
  readonly quote: string;
}

/**
 * Mixed into every coder's seed. Any value gives realistic coders; this one was picked among the
 * first 80 (when the demo had only P01–P05) so the demo shows what it is for: both coders code
 * P01's late step back to push, their stage pathways differ in P02 (Ben reads the principal's call
 * as pull), P04 and P05, and in P01–P05 per-code unitizing alpha is 0.5–0.85 for every code the
 * plan uses three times or more. Each transcript has its own seed, so P06–P17 left those as they
 * were; over all seventeen, per-code alpha is 0.45–0.8, and the coders' pathways also differ in
 * P07, P09, P14, P15 and P17 (`demo-pathways.test.ts` keeps such disputes a minority).
 */
export const demoSeedSalt = 'accord-demo-13';

/** Shortest selection a coder keeps after moving its boundaries, in words. */
const minWords = 4;

/**
 * Finds a planned quote in its transcript; it must occur exactly once.
 *
 * @example
 * locateQuote('Interviewer: Hi.\n\nP01: We moved.', 'We moved.') // { start: 23, end: 32 }
 */
export function locateQuote(text: string, quote: string): { start: number; end: number } {
  const start = text.indexOf(quote);
  if (start === -1) throw new Error(`demo plan: quote not in transcript: "${quote.slice(0, 60)}"`);
  if (text.indexOf(quote, start + 1) !== -1) throw new Error(`demo plan: quote occurs more than once: "${quote.slice(0, 60)}"`);
  return { start, end: start + quote.length };
}

/**
 * One coder's codings of one transcript: the same transcript, plan and coder always give the
 * same codings. Sorted by start offset.
 *
 * @example
 * deriveCodings('P02', transcript.text, demoCodingPlan.P02, demoCoders[1]).length // Ben's codings of P02
 */
export function deriveCodings(participant: string, text: string, passages: readonly PlannedPassage[], coder: DemoCoder, salt = demoSeedSalt): DemoCoding[] {
  const random = createSeededRandom(seedFromText(`${salt}:${coder.key}:${participant}`));
  const { style } = coder;
  const codings: DemoCoding[] = [];
  for (const passage of passages) {
    // Every draw happens for every passage, so one passage's outcome never shifts another's.
    const applies = random() < (passage.optional ? style.optionalRate : style.coreRate);
    const alternative = random() < style.alternativeRate;
    const span = shapeSpan(text, locateQuote(text, passage.quote), style, random);
    if (!applies) continue;
    codings.push({
      codeId: alternative && passage.alternativeCodeId ? passage.alternativeCodeId : passage.codeId,
      ...span,
      memo: passage.memos?.[coder.key] ?? '',
      quote: passage.quote,
    });
  }
  return separateWithinDomains(text, codings.sort((a, b) => a.start - b.start || a.end - b.end));
}

/**
 * A coder does not select the same text twice within one domain: a wide selection that runs into
 * the next passage of the same code becomes one longer coding; of another code in the domain, the
 * later selection starts where the earlier one ends. (Codes of different domains may overlap.)
 * This also keeps each domain a partition, which the unitizing alphas need.
 */
function separateWithinDomains(text: string, sorted: readonly DemoCoding[]): DemoCoding[] {
  const kept: DemoCoding[] = [];
  for (const coding of sorted) {
    const domain = demoCodeDomain(coding.codeId);
    const index = findLastIndex(kept, (k) => demoCodeDomain(k.codeId) === domain && k.end > coding.start);
    const earlier = kept[index];
    if (!earlier) {
      kept.push(coding);
    } else if (earlier.codeId === coding.codeId) {
      const memo = [earlier.memo, coding.memo].filter((m) => m !== '').join(' ');
      kept[index] = { ...earlier, end: Math.max(earlier.end, coding.end), memo };
    } else {
      const next = turnAt(text, coding.start).words.find((w) => w.start >= earlier.end);
      if (next && next.start < coding.end) kept.push({ ...coding, start: next.start });
    }
  }
  return kept;
}

/** Where this coder's selection of a planned quote starts and ends, in whole words of its turn. */
function shapeSpan(text: string, quote: { start: number; end: number }, style: CodingStyle, random: RandomSource): { start: number; end: number } {
  const { words } = turnAt(text, quote.start);
  const firstPlanned = words.findIndex((w) => w.start === quote.start);
  const lastPlanned = findLastIndex(words, (w) => w.start < quote.end);
  if (firstPlanned === -1 || lastPlanned < firstPlanned) throw new Error(`demo plan: quote does not start on a word of one turn at ${quote.start}`);
  let first = firstPlanned;
  let last = lastPlanned;

  const shape = random();
  if (shape < style.widenRate) {
    first = words.findIndex((w) => w.sentence === words[firstPlanned]!.sentence);
    last = findLastIndex(words, (w) => w.sentence === words[lastPlanned]!.sentence);
    // Already whole sentences: a wide coder takes the next sentence along too.
    if (first === firstPlanned && last === lastPlanned) last = findLastIndex(words, (w) => w.sentence <= words[lastPlanned]!.sentence + 1);
  } else if (shape < style.widenRate + style.narrowRate) {
    const firstSentence = words[firstPlanned]!.sentence;
    if (words[lastPlanned]!.sentence > firstSentence) last = findLastIndex(words, (w) => w.sentence === firstSentence);
    else last = lastPlanned - Math.ceil((lastPlanned - firstPlanned + 1) / 3);
  }
  first += jitter(style, random);
  last += jitter(style, random);

  const keep = Math.min(minWords, lastPlanned - firstPlanned + 1) - 1;
  first = Math.max(0, Math.min(first, words.length - 1 - keep));
  last = Math.min(words.length - 1, Math.max(last, first + keep));
  return {
    start: words[first]!.start,
    // An untouched end keeps the plan's exact end (which may stop before a comma).
    end: last === lastPlanned ? quote.end : selectionEndAfter(text, words[last] as Word),
  };
}

/** A boundary's move in words: usually none, otherwise up to `jitterWords` either way. */
function jitter(style: CodingStyle, random: RandomSource): number {
  const moves = random() < style.jitterRate;
  const size = randomInt(random, 1, style.jitterWords);
  const sign = random() < 0.5 ? -1 : 1;
  return moves ? sign * size : 0;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

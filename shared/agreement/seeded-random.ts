/** A source of uniform numbers in [0, 1). Passed in wherever randomness is needed (pure core). */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny, fast 32-bit generator; the same seed gives the same sequence on every
 * platform, which makes bootstrap intervals and property tests reproducible.
 *
 * @example
 * const random = createSeededRandom(42);
 * random() // 0.6011037519201636, always
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * FNV-1a over UTF-16 code units: a stable 32-bit seed from a readable key, so related random
 * streams ("ben:P02", one per report section …) are independent yet reproducible.
 *
 * @example
 * createSeededRandom(seedFromText('ben:P02'))
 */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

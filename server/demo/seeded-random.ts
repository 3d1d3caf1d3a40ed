/**
 * Deterministic randomness for the demo coders, so every demo project shows the same
 * disagreements. Server code cannot import the test helpers, hence this small copy.
 */
export type RandomSource = () => number;

/**
 * mulberry32: uniform numbers in [0, 1), the same sequence for the same seed on every platform.
 *
 * @example
 * const random = createSeededRandom(seedFromText('ben:P02'));
 * random(); // always the same first number
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

/** FNV-1a over UTF-16 code units: a stable 32-bit seed from a readable key. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A whole number in [min, max], both included. */
export function randomInt(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

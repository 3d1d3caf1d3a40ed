/**
 * Deterministic randomness for the demo coders, so every demo project shows the same
 * disagreements: the shared generator, plus the one helper the demo needs.
 */
import type { RandomSource } from '../../shared/agreement/seeded-random.ts';

export { createSeededRandom, seedFromText } from '../../shared/agreement/seeded-random.ts';
export type { RandomSource } from '../../shared/agreement/seeded-random.ts';

/** A whole number in [min, max], both included. */
export function randomInt(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

import { createSeededRandom } from '../../shared/agreement/seeded-random.ts';

/** The shared seeded generator with the helpers randomized tests use, so a seed replays exactly. */
export function createRandom(seed: number) {
  const next = createSeededRandom(seed);
  return {
    next,
    int: (maxExclusive: number) => Math.floor(next() * maxExclusive),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    bool: (p = 0.5) => next() < p,
  };
}
export type Random = ReturnType<typeof createRandom>;

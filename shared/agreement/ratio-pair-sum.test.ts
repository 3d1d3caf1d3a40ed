import { describe, expect, it } from 'vitest';
import { ratioPairSum, ratioSquaredDifference } from './ratio-pair-sum.ts';
import { createSeededRandom, type RandomSource } from './seeded-random.ts';

/** Σ_c Σ_k n_c n_k δ²(a_c, a_k) over every pair: the O(q²) definition. */
function pairwise(values: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (const [c, a] of values.entries()) {
    for (const [k, b] of values.entries()) sum += (weights[c] as number) * (weights[k] as number) * ratioSquaredDifference(a, b);
  }
  return sum;
}

function expectRelativelyClose(actual: number, exact: number, label: string): void {
  expect(Math.abs(actual - exact) / exact, label).toBeLessThan(1e-12);
}

function sample(random: RandomSource, count: number, draw: () => number): { values: number[]; weights: number[] } {
  return {
    values: Array.from({ length: count }, draw),
    weights: Array.from({ length: count }, () => (random() < 0.1 ? 0 : 0.5 + Math.floor(random() * 8))),
  };
}

describe('ratio pair sum (KA11)', () => {
  it('KA11: is the sum of ((a − b)/(a + b))² over ordered pairs, 0 when a + b = 0', () => {
    expect(ratioPairSum(Float64Array.of(1, 3), Float64Array.of(1, 1))).toBeCloseTo(0.5, 14);
    expect(ratioSquaredDifference(0, 0)).toBe(0);
    expect(ratioSquaredDifference(2, -2)).toBe(0);
  });

  const kinds: Record<string, (random: RandomSource) => number> = {
    'spread over 24 decades': (random) => 10 ** (24 * random() - 12),
    'clustered far from 0': (random) => 1e6 + Math.floor(random() * 50) / 1000,
    'with zeros and ties': (random) => (random() < 0.2 ? 0 : Math.floor(random() * 10)),
    'negative only': (random) => -1 - 100 * random(),
    'of both signs': (random) => 20 * random() - 10,
    'below 1e-307 (computed pair by pair)': (random) => (random() < 0.5 ? 1e-308 * (1 + random()) : random()),
  };
  for (const [kind, draw] of Object.entries(kinds)) {
    it(`KA11: matches the pairwise sum to 1e-12 for values ${kind}, by quadrature and pair by pair`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const random = createSeededRandom(seed);
        const { values, weights } = sample(random, 2 + Math.floor(random() * 120), () => draw(random));
        const exact = pairwise(values, weights);
        if (exact === 0) continue;
        // Forced onto the quadrature, which by default serves only more than 1,024 distinct values.
        expectRelativelyClose(ratioPairSum(values, weights, 0), exact, `${kind} seed ${seed}, quadrature`);
        expectRelativelyClose(ratioPairSum(values, weights), exact, `${kind} seed ${seed}, pair by pair`);
      }
    });
  }

  it('KA10: is exactly 0 when every weighted value is the same number, however it was summed', () => {
    expect(ratioPairSum([0.1, 0.1, 0.1, 7], [1, 2, 3, 0])).toBe(0);
    expect(ratioPairSum([0.1, 0.1, 0.1, 7], [1, 2, 3, 0], 0)).toBe(0);
    expect(ratioPairSum([0, 0], [1, 1])).toBe(0);
    expect(ratioPairSum([5], [2])).toBe(0);
    expect(ratioPairSum([], [])).toBe(0);
  });
});

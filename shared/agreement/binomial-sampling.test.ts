import { describe, expect, it } from 'vitest';
import { sampleBinomial, sampleMultinomial } from './binomial-sampling.ts';
import { createSeededRandom } from './seeded-random.ts';

describe('seeded sampling (KA13)', () => {
  it('the seeded generator repeats its sequence for a seed', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(createSeededRandom(43)()).not.toBe(xs[0]);
  });

  it.each([
    [20, 0.3],
    [5000, 0.01],
    [1_000_000, 0.4],
    [2_000_000, 0.999],
  ])('Binomial(%d, %d) has the right mean and variance', (n, p) => {
    const random = createSeededRandom(n);
    const draws = 20_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < draws; i++) {
      const x = sampleBinomial(n, p, random);
      expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
      sum += x;
      squares += x * x;
    }
    const mean = sum / draws;
    const variance = squares / draws - mean * mean;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws));
    expect(variance / (sd * sd)).toBeGreaterThan(0.95);
    expect(variance / (sd * sd)).toBeLessThan(1.05);
  });

  it('handles the edges p = 0, p = 1, n = 0', () => {
    const random = createSeededRandom(1);
    expect(sampleBinomial(10, 0, random)).toBe(0);
    expect(sampleBinomial(10, 1, random)).toBe(10);
    expect(sampleBinomial(0, 0.5, random)).toBe(0);
  });

  it('a multinomial draw always sums to n', () => {
    const random = createSeededRandom(2);
    const out = new Float64Array(3);
    for (let i = 0; i < 100; i++) {
      sampleMultinomial(1000, Float64Array.of(0.2, 0.5, 0.3), random, out);
      expect(out[0]! + out[1]! + out[2]!).toBe(1000);
    }
  });
});

// Alpha without a q × q matrix against the textbook dense computation (the implementation before
// issue 14, kept here only as the oracle): seeded random data, every metric, to 1e-9.
import { describe, expect, it } from 'vitest';
import { ordinalOrder, numericValue, type Metric } from './distance-metric.ts';
import { alphaComponents } from './krippendorff-alpha.ts';
import { buildReliabilityData, createReliabilityData, type ReliabilityData } from './reliability-data.ts';
import { createSeededRandom, type RandomSource } from './seeded-random.ts';

type DenseAlpha = { o: Float64Array; delta: Float64Array; observed: number; expected: number; total: number };

/** o_ck and δ²_ck as full q × q matrices and D_o, D_e as double sums over them (SPEC KA10, KA11). */
function denseAlpha(data: ReliabilityData, metric: Metric): DenseAlpha {
  const q = data.categories.length;
  const o = new Float64Array(q * q);
  for (let u = 0; u < data.unitCount; u++) {
    const values: number[] = [];
    for (let c = 0; c < data.coderCount; c++) {
      const k = data.values[u * data.coderCount + c] as number;
      if (k >= 0) values.push(k);
    }
    if (values.length < 2) continue;
    const scale = (data.weights?.[u] ?? 1) / (values.length - 1);
    for (const [i, c] of values.entries()) {
      for (const [j, k] of values.entries()) if (i !== j) o[c * q + k] = (o[c * q + k] as number) + scale;
    }
  }
  const n = new Float64Array(q);
  let total = 0;
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) n[c] = (n[c] as number) + (o[c * q + k] as number);
    total += n[c] as number;
  }
  const value = (c: number): number => numericValue(data.categories[c] as string) as number;
  // Ordinal: cumulative marginals along the rank order, Σ_{g=c..k} n_g = prefix[j + 1] − prefix[i].
  const order = ordinalOrder(data.categories, data.declaredCategories);
  const rank = new Int32Array(q);
  order.forEach((c, i) => (rank[c] = i));
  const prefix = new Float64Array(q + 1);
  order.forEach((c, i) => (prefix[i + 1] = (prefix[i] as number) + (n[c] as number)));
  const delta = new Float64Array(q * q);
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) {
      if (metric === 'nominal') delta[c * q + k] = c === k ? 0 : 1;
      else if (metric === 'interval') delta[c * q + k] = (value(c) - value(k)) ** 2;
      else if (metric === 'ratio') delta[c * q + k] = value(c) + value(k) === 0 ? 0 : ((value(c) - value(k)) / (value(c) + value(k))) ** 2;
      else if (c !== k) {
        const [i, j] = [Math.min(rank[c] as number, rank[k] as number), Math.max(rank[c] as number, rank[k] as number)];
        delta[c * q + k] = ((prefix[j + 1] as number) - (prefix[i] as number) - ((n[c] as number) + (n[k] as number)) / 2) ** 2;
      }
    }
  }
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) {
      observed += (o[c * q + k] as number) * (delta[c * q + k] as number);
      expected += (n[c] as number) * (n[k] as number) * (delta[c * q + k] as number);
    }
  }
  return { o, delta, observed, expected, total };
}

function int(random: RandomSource, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

// Value kinds that stress different paths: many ties, continuous, a huge dynamic range (the ratio
// quadrature's node count), values clustered far from 0 (cancellation), and both signs.
const valueKinds = {
  smallIntegers: (random: RandomSource) => int(random, 1, 5),
  continuous: (random: RandomSource) => Math.round(random() * 1e6) / 1e4,
  wideRange: (random: RandomSource) => Math.exp(60 * random() - 30),
  withZeros: (random: RandomSource) => (random() < 0.2 ? 0 : int(random, 1, 40) / 4),
  clustered: (random: RandomSource) => 1e6 + int(random, 0, 20) / 1000,
  bothSigns: (random: RandomSource) => int(random, -6, 6) / 2,
} as const;

function randomData(random: RandomSource, kind: keyof typeof valueKinds): ReliabilityData {
  const units = int(random, 1, 40);
  const coders = int(random, 2, 6);
  const missing = random() * 0.4;
  const agreeing = random();
  const draw = valueKinds[kind];
  const rows = Array.from({ length: units }, () => {
    const truth = draw(random);
    return Array.from({ length: coders }, () => (random() < missing ? null : random() < agreeing ? truth : draw(random)));
  });
  const data = buildReliabilityData({ data: rows });
  if (random() < 0.5) return data;
  // Weighted rows (as the report builder makes them), including weight 0.
  const weights = Float64Array.from({ length: units }, () => int(random, 0, 4));
  return createReliabilityData({ coderCount: coders, categories: data.categories, values: data.values, weights });
}

const metrics: Metric[] = ['nominal', 'ordinal', 'interval', 'ratio'];

describe('alpha without a dense matrix (KA10, KA11)', () => {
  for (const kind of Object.keys(valueKinds) as (keyof typeof valueKinds)[]) {
    it(`KA10, KA11: matches the dense q × q computation to 1e-9 on random ${kind} data`, () => {
      for (let seed = 1; seed <= 60; seed++) {
        const random = createSeededRandom(seed * 7919 + kind.length);
        const data = randomData(random, kind);
        for (const metric of metrics) {
          const label = `${kind} seed ${seed} ${metric}`;
          const dense = denseAlpha(data, metric);
          const linear = alphaComponents(data, metric);
          expect(linear.alpha.undefined, label).toBe(dense.total === 0 || dense.expected === 0);
          if (!linear.alpha.undefined) {
            const alpha = 1 - ((dense.total - 1) * dense.observed) / dense.expected;
            expect(Math.abs((linear.alpha.value as number) - alpha), label).toBeLessThan(1e-9);
          }
          expect(linear.coincidences.total, label).toBeCloseTo(dense.total, 9);
          if (dense.expected > 0) {
            const expectedSum = linear.expectedDisagreement * dense.total * (dense.total - 1);
            expect(Math.abs(expectedSum / dense.expected - 1), label).toBeLessThan(1e-9);
          }
        }
      }
    });
  }

  it('KA10, KA13: keeps exactly the non-zero cells c ≤ k of the dense matrix, in row-major order, with their δ²', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = createSeededRandom(seed);
      const data = randomData(random, seed % 2 === 0 ? 'smallIntegers' : 'continuous');
      const dense = denseAlpha(data, 'interval');
      const { coincidences, cellDelta } = alphaComponents(data, 'interval');
      const q = coincidences.q;
      const cells: [number, number, number, number][] = [];
      for (let c = 0; c < q; c++) {
        for (let k = c; k < q; k++) {
          const o = dense.o[c * q + k] as number;
          if (o !== 0) cells.push([c, k, o, dense.delta[c * q + k] as number]);
        }
      }
      expect(coincidences.cellValue.length, `seed ${seed}`).toBe(cells.length);
      cells.forEach(([c, k, o, d], i) => {
        expect([coincidences.cellRow[i], coincidences.cellColumn[i]], `seed ${seed}`).toEqual([c, k]);
        expect(coincidences.cellValue[i] as number, `seed ${seed}`).toBeCloseTo(o, 12);
        expect(cellDelta[i] as number, `seed ${seed}`).toBeCloseTo(d, 9);
      });
    }
  });
});

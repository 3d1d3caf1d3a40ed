// Randomised properties from a seeded generator (STYLE: lib0-style seeded tests): every failure
// reproduces from its seed.
import { describe, expect, it } from 'vitest';
import { brennanPrediger } from './brennan-prediger.ts';
import type { Coefficient } from './coefficient.ts';
import { cohenKappa } from './cohen-kappa.ts';
import { validateContinuum, type Continuum } from './continuum.ts';
import type { Metric } from './distance-metric.ts';
import { fleissKappa } from './fleiss-kappa.ts';
import { gwetAc1 } from './gwet-ac1.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import { maxqdaSegmentAgreement } from './maxqda-segment-agreement.ts';
import { nvivoCharacterKappa } from './nvivo-character-agreement.ts';
import { percentAgreement } from './percent-agreement.ts';
import { buildReliabilityData, createReliabilityData, type RawValue, type ReliabilityData } from './reliability-data.ts';
import { scottPi } from './scott-pi.ts';
import { createSeededRandom, type RandomSource } from './seeded-random.ts';
import { uAlpha2004Category, uAlpha2004Overall } from './unitizing-alpha-2004.ts';
import { binaryUAlpha, cuAlpha, kUAlpha, perCodeBinaryUAlpha, uAlpha } from './unitizing-alpha.ts';

const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
const metrics: Metric[] = ['nominal', 'ordinal', 'interval', 'ratio'];

function int(random: RandomSource, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

function randomRows(random: RandomSource, options: { perfect?: boolean; complete?: boolean; coders?: number } = {}): RawValue[][] {
  const n = int(random, 3, 60);
  const m = options.coders ?? int(random, 2, 5);
  const q = int(random, 2, 5);
  const missing = options.complete ? 0 : random() * 0.3;
  return Array.from({ length: n }, () => {
    const truth = int(random, 1, q);
    return Array.from({ length: m }, () => {
      if (random() < missing) return null;
      return options.perfect || random() < 0.6 ? truth : int(random, 1, q);
    });
  });
}

function all(data: ReliabilityData): Record<string, Coefficient> {
  const out: Record<string, Coefficient> = {
    percent: percentAgreement(data),
    fleiss: fleissKappa(data),
    bp: brennanPrediger(data),
    ac1: gwetAc1(data),
  };
  for (const metric of metrics) out[`alpha-${metric}`] = krippendorffAlpha(data, metric);
  if (data.coderCount === 2) {
    out.cohen = cohenKappa(data);
    out.scott = scottPi(data);
  }
  return out;
}

function expectSame(a: Record<string, Coefficient>, b: Record<string, Coefficient>, seed: number): void {
  for (const [name, x] of Object.entries(a)) {
    const y = b[name] as Coefficient;
    expect(y.undefined, `${name} seed ${seed}`).toBe(x.undefined);
    if (!x.undefined) expect(Math.abs((y.value as number) - x.value), `${name} seed ${seed}`).toBeLessThan(1e-12);
  }
}

function shuffle<T>(random: RandomSource, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(random, 0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function randomContinuum(random: RandomSource, options: { identical?: boolean; partition?: boolean } = {}): Continuum {
  const length = int(random, 20, 200);
  const m = int(random, 2, 4);
  const codes = ['A', 'B', 'C'];
  const base = (): { start: number; end: number; code: string }[] => {
    const segments: { start: number; end: number; code: string }[] = [];
    let pos = int(random, 0, 10);
    while (pos < length - 1) {
      const end = Math.min(length, pos + int(random, 1, 25));
      segments.push({ start: pos, end, code: codes[int(random, 0, 2)] as string });
      pos = options.partition === false && random() < 0.3 ? Math.max(0, end - int(random, 1, 5)) : end + int(random, 0, 15);
    }
    return segments;
  };
  const first = base();
  const coders = Array.from({ length: m }, () => (options.identical ? first : base()));
  return validateContinuum({ length, coders });
}

function unitizingMeasures(c: Continuum): Record<string, Coefficient> {
  const out: Record<string, Coefficient> = {
    u: uAlpha(c),
    binary: binaryUAlpha(c),
    cu: cuAlpha(c),
    u2004: uAlpha2004Overall(c),
  };
  for (const code of ['A', 'B', 'C']) {
    out[`k-${code}`] = kUAlpha(c, code);
    out[`perCode-${code}`] = perCodeBinaryUAlpha(c, code);
    out[`u2004-${code}`] = uAlpha2004Category(c, code);
    if (c.coders.length === 2) {
      out[`nvivo-${code}`] = nvivoCharacterKappa(c, code);
      out[`maxqda-${code}`] = maxqdaSegmentAgreement(c, code, 90);
    }
  }
  return out;
}

describe('properties of the coefficient measures', () => {
  it.each(seeds)('KA3: perfect agreement gives 1 wherever the measure is defined (seed %i)', (seed) => {
    const random = createSeededRandom(seed);
    const data = buildReliabilityData({ data: randomRows(random, { perfect: true, coders: seed % 2 === 0 ? 2 : undefined }) });
    for (const [name, c] of Object.entries(all(data))) {
      if (!c.undefined) expect(c.value, `${name} seed ${seed}`).toBeCloseTo(1, 12);
    }
  });

  it.each(seeds)('KA10: permuting coders changes nothing (seed %i)', (seed) => {
    const random = createSeededRandom(seed);
    const rows = randomRows(random);
    const order = shuffle(
      random,
      (rows[0] ?? []).map((_, i) => i),
    );
    const permuted = rows.map((row) => order.map((i) => row[i] as RawValue));
    expectSame(all(buildReliabilityData({ data: rows })), all(buildReliabilityData({ data: permuted })), seed);
  });

  it.each(seeds)('KA10: permuting units changes nothing (seed %i)', (seed) => {
    const random = createSeededRandom(seed);
    const rows = randomRows(random);
    expectSame(all(buildReliabilityData({ data: rows })), all(buildReliabilityData({ data: shuffle(random, rows) })), seed);
  });

  it.each(seeds)('KA12: two coders, complete nominal data: α = 1 − (1 − π)(2n − 1)/(2n) exactly (seed %i)', (seed) => {
    const random = createSeededRandom(seed);
    const rows = randomRows(random, { complete: true, coders: 2 });
    const data = buildReliabilityData({ data: rows });
    const pi = scottPi(data);
    const alpha = krippendorffAlpha(data);
    expect(alpha.undefined).toBe(pi.undefined);
    if (pi.undefined) return;
    const n = rows.length;
    expect(Math.abs((alpha.value as number) - (1 - ((1 - pi.value) * (2 * n - 1)) / (2 * n)))).toBeLessThan(1e-12);
    // Hence α − π = (1 − π)/(2n) → 0 as n grows.
    expect(Math.abs((alpha.value as number) - pi.value - (1 - pi.value) / (2 * n))).toBeLessThan(1e-12);
  });

  it('KA12: α approaches π as n grows', () => {
    const random = createSeededRandom(99);
    const rows: RawValue[][] = [];
    let previous = Infinity;
    for (const n of [10, 100, 1000, 10_000]) {
      while (rows.length < n) {
        const truth = int(random, 1, 3);
        rows.push([truth, random() < 0.7 ? truth : int(random, 1, 3)]);
      }
      const data = buildReliabilityData({ data: rows });
      const gap = Math.abs((krippendorffAlpha(data).value as number) - (scottPi(data).value as number));
      expect(gap).toBeLessThan(previous);
      previous = gap;
    }
    expect(previous).toBeLessThan(1e-4);
  });

  it.each(seeds.slice(0, 15))('KA27: a row of weight w is w identical rows (seed %i)', (seed) => {
    const random = createSeededRandom(seed);
    const rows = randomRows(random, { coders: 3 });
    const weights = rows.map(() => int(random, 1, 4));
    const expanded = rows.flatMap((row, u) => Array.from({ length: weights[u] as number }, () => row));
    const plain = buildReliabilityData({ data: rows });
    const weighted = createReliabilityData({ ...plain, weights: Float64Array.from(weights) });
    expectSame(all(buildReliabilityData({ data: expanded })), all(weighted), seed);
  });
});

describe('properties of the unitizing measures', () => {
  it.each(seeds.slice(0, 20))('KA3: identical coders give 1 wherever defined (seed %i)', (seed) => {
    const c = randomContinuum(createSeededRandom(seed), { identical: true });
    for (const [name, r] of Object.entries(unitizingMeasures(c))) {
      if (!r.undefined) expect(r.value, `${name} seed ${seed}`).toBeCloseTo(1, 12);
    }
  });

  it.each(seeds.slice(0, 20))('KA18: permuting coders changes nothing (seed %i)', (seed) => {
    const random = createSeededRandom(seed);
    const c = randomContinuum(random);
    const permuted: Continuum = { ...c, coders: shuffle(random, c.coders) };
    expectSame(unitizingMeasures(c), unitizingMeasures(permuted), seed);
  });
});

import { describe, expect, it } from 'vitest';
import { bootstrapAlpha } from './bootstrap-alpha.ts';
import { alphaComponents } from './krippendorff-alpha.ts';
import { buildReliabilityData } from './reliability-data.ts';
import { createSeededRandom } from './seeded-random.ts';

// Hayes & Krippendorff (2007) Table 1 shape: 5 coders, ordinal 0–3, missing values.
const rows: (number | null)[][] = [];
{
  const random = createSeededRandom(2007);
  for (let u = 0; u < 40; u++) {
    const truth = Math.floor(random() * 4);
    rows.push(Array.from({ length: 5 }, () => (random() < 0.25 ? null : Math.min(3, Math.max(0, truth + (random() < 0.3 ? (random() < 0.5 ? -1 : 1) : 0))))));
  }
}
const data = buildReliabilityData({ data: rows });

describe('alpha bootstrap (KA13)', () => {
  it('KA13: is reproducible for a seed', () => {
    const a = bootstrapAlpha(data, { random: createSeededRandom(1), samples: 500, metric: 'ordinal' });
    const b = bootstrapAlpha(data, { random: createSeededRandom(1), samples: 500, metric: 'ordinal' });
    expect(b).toEqual(a);
  });

  it('KA13: draws M = Σ r_u(r_u − 1)/2 pairs and brackets alpha', () => {
    const boot = bootstrapAlpha(data, { random: createSeededRandom(3), samples: 2000, metric: 'ordinal' });
    const expectedPairs = rows.reduce((sum, row) => {
      const r = row.filter((v) => v !== null).length;
      return r >= 2 ? sum + (r * (r - 1)) / 2 : sum;
    }, 0);
    expect(boot.draws).toBe(expectedPairs);
    expect(boot.lower as number).toBeLessThan(boot.alpha.value as number);
    expect(boot.upper as number).toBeGreaterThan(boot.alpha.value as number);
    const [p667, p80] = boot.belowMinimum;
    expect(p667?.probability as number).toBeLessThanOrEqual(p80?.probability as number);
    expect(boot.distribution).toHaveLength(2000);
  });

  it('KA13: resampled D_o has the observed D_o as its mean', () => {
    const c = alphaComponents(data, 'interval');
    const boot = bootstrapAlpha(data, { random: createSeededRandom(4), samples: 4000, metric: 'interval' });
    const mean = boot.distribution.reduce((s, x) => s + x, 0) / boot.samples;
    expect(Math.abs(mean - (c.alpha.value as number))).toBeLessThan(0.01);
  });

  it('KA13: resamples pairs as M single draws would (multinomial counts)', () => {
    // Against a direct implementation drawing M cells one at a time.
    const c = alphaComponents(data, 'nominal');
    const { cellRow, cellColumn, cellValue, total } = c.coincidences;
    const cells = Array.from(cellValue, (o, i) => ({
      p: ((cellRow[i] === cellColumn[i] ? 1 : 2) * o) / total,
      d: c.cellDelta[i]!,
    }));
    const random = createSeededRandom(5);
    const M = Math.round(c.coincidences.pairCount);
    const direct: number[] = [];
    for (let x = 0; x < 1500; x++) {
      let sum = 0;
      for (let i = 0; i < M; i++) {
        let r = random();
        let k = 0;
        while (k < cells.length - 1 && r >= cells[k]!.p) r -= cells[k++]!.p;
        sum += cells[k]!.d;
      }
      direct.push(1 - sum / (M * c.expectedDisagreement));
    }
    const boot = bootstrapAlpha(data, { random: createSeededRandom(6), samples: 1500 });
    const stats = (xs: ArrayLike<number>): [number, number] => {
      const arr = Array.from(xs);
      const mean = arr.reduce((s, x) => s + x, 0) / arr.length;
      return [mean, Math.sqrt(arr.reduce((s, x) => s + (x - mean) ** 2, 0) / arr.length)];
    };
    const [m1, s1] = stats(direct);
    const [m2, s2] = stats(boot.distribution);
    expect(Math.abs(m1 - m2)).toBeLessThan(0.01);
    expect(s2 / s1).toBeGreaterThan(0.9);
    expect(s2 / s1).toBeLessThan(1.1);
  });

  it('KA3, KA13: passes an undefined alpha through without an interval', () => {
    const boot = bootstrapAlpha(buildReliabilityData({ data: [['a', 'a'], ['a', 'a']] }), { random: createSeededRandom(1) });
    expect(boot).toMatchObject({ lower: null, upper: null, alpha: { undefined: true } });
    expect(boot.belowMinimum.every((b) => b.probability === null)).toBe(true);
  });

  it('KA13: counts a resample whose pairs all agree on one value as alpha 0', () => {
    // One disagreeing pair among many agreeing ones on a single value: many resamples contain only
    // the agreeing pairs and have no variation at all.
    const small = buildReliabilityData({ data: [['a', 'a'], ['a', 'a'], ['a', 'b']] });
    const boot = bootstrapAlpha(small, { random: createSeededRandom(8), samples: 1000 });
    const zeros = boot.distribution.filter((x) => x === 0).length;
    expect(zeros).toBeGreaterThan(100);
  });
});

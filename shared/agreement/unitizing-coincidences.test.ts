import { describe, expect, it } from 'vitest';
import { characterPatterns } from './coder-patterns.ts';
import type { ValuedUnit } from './continuum.ts';
import { createSeededRandom, type RandomSource } from './seeded-random.ts';
import { binaryTallyFromPatterns, sumTallies, tallyUnitizing, type UnitizingTally } from './unitizing-coincidences.ts';

function randomPartition(random: RandomSource, length: number, values: number): ValuedUnit[] {
  const units: ValuedUnit[] = [];
  let pos = Math.floor(random() * 5);
  while (pos < length) {
    const end = Math.min(length, pos + 1 + Math.floor(random() * 12));
    if (random() < 0.6) units.push({ start: pos, end, value: Math.floor(random() * values) });
    pos = end + (random() < 0.5 ? 0 : Math.floor(random() * 6));
  }
  return units;
}

// The definition of README §4.2 evaluated character by character and unit by unit.
function bruteForce(length: number, coders: ValuedUnit[][], q: number): UnitizingTally {
  const m = coders.length;
  const at = coders.map((units) => {
    const v = new Int32Array(length).fill(q);
    for (const u of units) for (let x = u.start; x < u.end; x++) v[x] = u.value;
    return v;
  });
  const sameRaw = new Float64Array(q + 1);
  const valueLength = new Float64Array(q + 1);
  const squaredLength = new Float64Array(q + 1);
  const pairedRaw = new Float64Array(q);
  const selfOverlap = new Float64Array(q);
  for (let x = 0; x < length; x++) {
    for (let i = 0; i < m; i++) {
      const vi = at[i]?.[x] as number;
      valueLength[vi] = (valueLength[vi] as number) + 1;
      for (let j = 0; j < m; j++) {
        if (j === i) continue;
        const vj = at[j]?.[x] as number;
        if (vi === vj) sameRaw[vi] = (sameRaw[vi] as number) + 1;
        if (vi < q && vj < q) pairedRaw[vi] = (pairedRaw[vi] as number) + 1;
      }
    }
  }
  coders.forEach((units, i) => {
    for (const u of units) {
      squaredLength[u.value] = (squaredLength[u.value] as number) + (u.end - u.start) ** 2;
      for (let j = 0; j < m; j++) {
        if (j === i) continue;
        let overlap = 0;
        for (let x = u.start; x < u.end; x++) if ((at[j]?.[x] as number) < q) overlap++;
        selfOverlap[u.value] = (selfOverlap[u.value] as number) + overlap * overlap;
      }
    }
  });
  squaredLength[q] = valueLength[q] as number;
  return { coderCount: m, length, valueCount: q, sameRaw, valueLength, squaredLength, pairedRaw, selfOverlap };
}

const plain = (t: UnitizingTally): unknown => ({
  ...t,
  sameRaw: [...t.sameRaw],
  valueLength: [...t.valueLength],
  squaredLength: [...t.squaredLength],
  pairedRaw: [...t.pairedRaw],
  selfOverlap: [...t.selfOverlap],
});

describe('unitizing tally (KA17, KA26)', () => {
  it('KA17: the sweep over elementary intervals equals the per-character definition', () => {
    const random = createSeededRandom(17);
    for (let trial = 0; trial < 40; trial++) {
      const length = 20 + Math.floor(random() * 80);
      const m = 2 + Math.floor(random() * 3);
      const q = 1 + Math.floor(random() * 3);
      const coders = Array.from({ length: m }, () => randomPartition(random, length, q));
      expect(plain(tallyUnitizing(length, coders, q))).toEqual(plain(bruteForce(length, coders, q)));
    }
  });

  it('KA26: tallies of separate documents add up to the tally of their concatenation', () => {
    const random = createSeededRandom(5);
    const a = [randomPartition(random, 40, 2), randomPartition(random, 40, 2)];
    const b = [randomPartition(random, 30, 2), randomPartition(random, 30, 2)];
    const joined = a.map((units, i) => [...units, ...(b[i] ?? []).map((u) => ({ ...u, start: u.start + 40, end: u.end + 40 }))]);
    const sum = sumTallies([tallyUnitizing(40, a, 2), tallyUnitizing(30, b, 2)], 2, 2);
    expect(plain(sum)).toEqual(plain(tallyUnitizing(70, joined, 2)));
  });

  it('KA26: a binary tally follows from the presence histogram and Σ ℓ²', () => {
    const random = createSeededRandom(9);
    for (let trial = 0; trial < 20; trial++) {
      const coders = Array.from({ length: 3 }, () => randomPartition(random, 60, 1));
      const swept = tallyUnitizing(60, coders, 1);
      const squared = coders.flat().reduce((s, u) => s + (u.end - u.start) ** 2, 0);
      const derived = binaryTallyFromPatterns(characterPatterns(60, coders), 3, 60, squared);
      expect([...derived.sameRaw]).toEqual([...swept.sameRaw]);
      expect([...derived.valueLength]).toEqual([...swept.valueLength]);
      expect([...derived.squaredLength]).toEqual([...swept.squaredLength]);
      expect([...derived.pairedRaw]).toEqual([...swept.pairedRaw]);
    }
  });
});

import type { RandomSource } from './seeded-random.ts';

// log(k!) − [(k + ½)log(k + 1) − (k + 1) + ½log 2π], the Stirling remainder used by BTRS.
const stirlingTable = [
  0.08106146679532733, 0.04134069595540946, 0.027677925684997717, 0.02079067210376584, 0.01664469118982126,
  0.013876128823072875, 0.011896709945893313, 0.010411265261973668, 0.00925546218270945, 0.008330563433359472,
];

function stirlingTail(k: number): number {
  if (k < stirlingTable.length) return stirlingTable[k] as number;
  const kp1sq = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / (k + 1);
}

// Inversion for small means (n·p < 10, p ≤ ½): walk the cumulative distribution from 0.
function binomialInversion(n: number, p: number, random: RandomSource): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const r0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let u = random();
    let r = r0;
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) break; // accumulated rounding left u above the total mass: draw again
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

// Hörmann's (1993) BTRS transformed rejection, for n·p ≥ 10 and p ≤ ½.
function binomialBtrs(n: number, p: number, random: RandomSource): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / q;
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  for (;;) {
    const u = random() - 0.5;
    let v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (!(k >= 0 && k <= n)) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) +
      stirlingTail(m) +
      stirlingTail(n - m) -
      stirlingTail(k) -
      stirlingTail(n - k);
    if (v <= bound) return k;
  }
}

/**
 * One draw from Binomial(n, p) in O(1) expected time whatever n is (inversion for small means,
 * BTRS otherwise), so the bootstrap can resample millions of pairs per replicate.
 *
 * @example
 * sampleBinomial(1_000_000, 0.3, createSeededRandom(1)) // ≈ 300 000
 */
export function sampleBinomial(n: number, p: number, random: RandomSource): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(n, 1 - p, random);
  return n * p < 10 ? binomialInversion(n, p, random) : binomialBtrs(n, p, random);
}

/**
 * Counts of n draws with replacement from cells with the given probabilities (summing to 1),
 * written into `out`: the same distribution as drawing n times and tallying, in O(cells).
 *
 * @example
 * sampleMultinomial(100, Float64Array.of(0.5, 0.5), createSeededRandom(1), new Float64Array(2))
 */
export function sampleMultinomial(n: number, probabilities: Float64Array, random: RandomSource, out: Float64Array): Float64Array {
  let remaining = n;
  let mass = 1;
  const last = probabilities.length - 1;
  for (let i = 0; i < last; i++) {
    const p = probabilities[i] as number;
    const x = remaining > 0 && mass > 0 ? sampleBinomial(remaining, Math.min(1, p / mass), random) : 0;
    out[i] = x;
    remaining -= x;
    mass -= p;
  }
  if (last >= 0) out[last] = remaining;
  return out;
}

import { AgreementError } from './agreement-error.ts';
import { sampleMultinomial } from './binomial-sampling.ts';
import type { Coefficient } from './coefficient.ts';
import type { Metric } from './distance-metric.ts';
import { alphaComponents, type AlphaComponents } from './krippendorff-alpha.ts';
import type { ReliabilityData } from './reliability-data.ts';
import type { RandomSource } from './seeded-random.ts';

/** Options of the alpha bootstrap; `random` is required so results are reproducible (pure core). */
export type AlphaBootstrapOptions = {
  readonly random: RandomSource;
  /** Number of resamples X (default 1000). */
  readonly samples?: number;
  /** Two-sided confidence level of the interval (default 0.95). */
  readonly confidence?: number;
  /** Minimum acceptable alphas to report q = P(α < minimum) for (default [0.667, 0.8]). */
  readonly minimums?: readonly number[];
  readonly metric?: Metric;
};

/** A bootstrapped distribution of alpha (Hayes & Krippendorff 2007; SPEC KA13). */
export type AlphaBootstrap = {
  readonly alpha: Coefficient;
  readonly samples: number;
  /** M, pairs drawn per resample: the number of pairable value pairs Σ_u r_u(r_u − 1)/2. */
  readonly draws: number;
  readonly confidence: number;
  /** Percentile interval bounds; null when alpha is undefined. */
  readonly lower: number | null;
  readonly upper: number | null;
  /** Probability that alpha falls below each minimum, estimated from the resamples. */
  readonly belowMinimum: readonly { readonly minimum: number; readonly probability: number | null }[];
  /** The resampled alphas, sorted ascending (empty when alpha is undefined). */
  readonly distribution: Float64Array;
};

/**
 * Bootstraps Krippendorff's alpha by resampling coincidence pairs (Hayes & Krippendorff 2007;
 * Krippendorff's "Algorithm for bootstrapping a distribution of α"): each resample draws M pairs
 * with replacement from the cells of the coincidence matrix with probabilities o_ck/n.. (c ≠ k cells
 * folded into one with 2·o_ck/n..), and gives α* = 1 − Σ δ²/(M·D_e) with the original D_e. The M
 * draws are taken as one multinomial count vector — the same distribution as M single draws, in
 * time independent of M. A resample whose pairs all fall in one diagonal cell has no variation
 * and counts as α* = 0 (Krippendorff's correction; SPEC KA13).
 *
 * @example
 * const boot = bootstrapAlpha(data, { random: createSeededRandom(7), samples: 1000 });
 * boot.lower, boot.upper, boot.belowMinimum // [{ minimum: 0.667, probability: … }, …]
 */
export function bootstrapAlpha(data: ReliabilityData, options: AlphaBootstrapOptions): AlphaBootstrap {
  return bootstrapAlphaComponents(alphaComponents(data, options.metric ?? 'nominal'), options);
}

/**
 * The bootstrap from precomputed alpha components (the report builder already has them).
 *
 * @example
 * bootstrapAlphaComponents(alphaComponents(data, 'ordinal'), { random: createSeededRandom(1) })
 */
export function bootstrapAlphaComponents(components: AlphaComponents, options: AlphaBootstrapOptions): AlphaBootstrap {
  const samples = options.samples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const minimums = options.minimums ?? [0.667, 0.8];
  if (!Number.isInteger(samples) || samples < 1) {
    throw new AgreementError('invalidInput', `bootstrap samples must be a positive integer, got ${samples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new AgreementError('invalidInput', `confidence must be in (0, 1), got ${confidence}`);
  }
  const { coincidences, cellDelta, expectedDisagreement, alpha } = components;
  const draws = Math.round(coincidences.pairCount);
  if (alpha.undefined) {
    return {
      alpha,
      samples,
      draws,
      confidence,
      lower: null,
      upper: null,
      belowMinimum: minimums.map((minimum) => ({ minimum, probability: null })),
      distribution: new Float64Array(0),
    };
  }
  // One category of the multinomial per non-zero cell c ≤ k, in row-major order.
  const { cellRow, cellColumn, cellValue, total } = coincidences;
  const cells = cellValue.length;
  const probabilities = new Float64Array(cells);
  const diagonal = new Uint8Array(cells);
  for (let i = 0; i < cells; i++) {
    diagonal[i] = cellRow[i] === cellColumn[i] ? 1 : 0;
    probabilities[i] = ((diagonal[i] === 1 ? 1 : 2) * (cellValue[i] as number)) / total;
  }
  const counts = new Float64Array(cells);
  const distribution = new Float64Array(samples);
  const scale = draws * expectedDisagreement;
  for (let x = 0; x < samples; x++) {
    sampleMultinomial(draws, probabilities, options.random, counts);
    let sum = 0;
    let concentrated = false;
    for (let i = 0; i < cells; i++) {
      const n = counts[i] as number;
      if (n === 0) continue;
      sum += n * (cellDelta[i] as number);
      if (n === draws && diagonal[i] === 1) concentrated = true;
    }
    distribution[x] = concentrated ? 0 : 1 - sum / scale;
  }
  distribution.sort();
  const tail = (1 - confidence) / 2;
  const lowerIndex = Math.min(samples - 1, Math.floor(samples * tail));
  const upperIndex = Math.max(0, Math.ceil(samples * (1 - tail)) - 1);
  const belowMinimum = minimums.map((minimum) => {
    let below = 0;
    while (below < samples && (distribution[below] as number) < minimum) below++;
    return { minimum, probability: below / samples };
  });
  return {
    alpha,
    samples,
    draws,
    confidence,
    lower: distribution[lowerIndex] as number,
    upper: distribution[upperIndex] as number,
    belowMinimum,
    distribution,
  };
}

// Quadrature step in u = ln t and the window y ∈ [−18, ln 40] outside which a pair's integrand is
// negligible (see `ratioPairSum`).
const step = 0.25;
const windowLow = -18;
const windowHigh = Math.log(40);
/** exp(−x) is 0 in doubles beyond this. */
const underflow = 746;

/**
 * Σ_c Σ_k n_c n_k δ²(a_c, a_k) for the ratio metric δ² = ((a − b)/(a + b))² (0 when a + b = 0,
 * SPEC KA11): the numerator of ratio alpha's expected disagreement, without visiting every pair of
 * distinct values (which is what made continuous data quadratic).
 *
 * The ratio kernel has no finite sum form, but for a, b ≥ 0 it is an integral of separable terms:
 * 1/(a + b)² = ∫₀^∞ t e^{−t(a+b)} dt, so with x = t·a and w = n·e^{−x},
 *   Σ_c Σ_k n_c n_k ((a_c − a_k)/(a_c + a_k))² = ∫ Σ_c Σ_k w_c w_k (x_c − x_k)² d(ln t)
 *                                              = ∫ 2·W·Σ_c w_c (x_c − x̄)² d(ln t),
 * W = Σ w, x̄ = Σ w x / W: each node costs O(q), and every term is ≥ 0 (no cancellation).
 * The trapezoid rule in u = ln t converges geometrically here: each pair's integrand is the same
 * curve e^{2y − e^y} shifted by ln(a + b), whose trapezoid sums at step 0.25 are within 5e-15 of
 * its integral for every shift, and which is below 1e-16 of it outside y ∈ [−18, ln 40]. The
 * nodes span that window for the smallest and largest a + b, about 87 + 4·ln(max/min) of them, so
 * the result is within ~1e-14 (relative) of the pairwise sum, in O(q log q + q·nodes).
 *
 * Up to `exactPairsUpTo` distinct values the sum is taken pair by pair instead. Values of both
 * signs (which the ratio scale excludes, but the definition allows) are summed exactly pair by
 * pair across the signs: O(q₊·q₋) in that case only; so are values below ~1e-307.
 *
 * @example
 * ratioPairSum(Float64Array.of(1, 3), Float64Array.of(1, 1)) // 2 · (2/4)² = 0.5
 */
export function ratioPairSum(values: ArrayLike<number>, weights: ArrayLike<number>, exactPairsUpTo = 1024): number {
  const { value, weight } = distinctWeighted(values, weights);
  // Few distinct values — every categorical scale, every reference vector — are summed exactly,
  // pair by pair (a million pairs take milliseconds); the quadrature is for continuous data only.
  if (value.length <= exactPairsUpTo) return crossSignPairSum(value, weight, value.map((v) => -v), weight);
  let firstNonNegative = 0;
  while (firstNonNegative < value.length && (value[firstNonNegative] as number) < 0) firstNonNegative++;
  const nonNegative = value.subarray(firstNonNegative);
  const nonNegativeWeight = weight.subarray(firstNonNegative);
  // δ² depends on a and b only through |a|/|b| within one sign: negatives are mirrored.
  const mirrored = value.subarray(0, firstNonNegative).map((v) => -v).reverse();
  const mirroredWeight = weight.slice(0, firstNonNegative).reverse();
  return (
    sameSignPairSum(nonNegative, nonNegativeWeight) +
    sameSignPairSum(mirrored, mirroredWeight) +
    2 * crossSignPairSum(nonNegative, nonNegativeWeight, mirrored, mirroredWeight)
  );
}

/**
 * δ² of the ratio metric for two values.
 *
 * @example
 * ratioSquaredDifference(1, 3) // 0.25
 */
export function ratioSquaredDifference(a: number, b: number): number {
  const sum = a + b;
  return sum === 0 ? 0 : ((a - b) / sum) ** 2;
}

/** The values with positive weight, sorted ascending, equal values ("1", "1.0") merged. */
function distinctWeighted(values: ArrayLike<number>, weights: ArrayLike<number>): { value: Float64Array; weight: Float64Array } {
  const present: number[] = [];
  for (let c = 0; c < values.length; c++) if ((weights[c] as number) > 0) present.push(c);
  present.sort((c, k) => (values[c] as number) - (values[k] as number));
  const value = new Float64Array(present.length);
  const weight = new Float64Array(present.length);
  let count = 0;
  for (const c of present) {
    const v = values[c] as number;
    if (count > 0 && value[count - 1] === v) {
      weight[count - 1] = (weight[count - 1] as number) + (weights[c] as number);
    } else {
      value[count] = v;
      weight[count] = weights[c] as number;
      count++;
    }
  }
  return { value: value.subarray(0, count), weight: weight.subarray(0, count) };
}

/** The quadrature for distinct values a ≥ 0 in ascending order. */
function sameSignPairSum(value: Float64Array, weight: Float64Array): number {
  const p = value.length;
  // Distinct values: two or more always disagree, one never does (exactly 0, as KA10 needs).
  if (p < 2) return 0;
  const smallestPositive = (value[0] as number) > 0 ? (value[0] as number) : (value[1] as number);
  const low = windowLow - Math.log(2 * (value[p - 1] as number));
  const high = windowHigh - Math.log(smallestPositive);
  // t = e^u would overflow only for values below ~1e-307.
  if (!Number.isFinite(Math.exp(high))) return crossSignPairSum(value, weight, value.map((v) => -v), weight);
  // x_c − x_k = t·(a_c − a_k) is taken from offsets to the smallest value, which carries the largest
  // weight at every node: values clustered far from 0 keep their small differences exactly.
  const offset = value.map((v) => v - (value[0] as number));
  const x = new Float64Array(p);
  const w = new Float64Array(p);
  const nodes = Math.ceil((high - low) / step);
  let sum = 0;
  for (let j = 0; j <= nodes; j++) {
    const t = Math.exp(low + j * step);
    let total = 0;
    let moment = 0;
    let used = 0;
    for (; used < p; used++) {
      const exponent = t * (value[used] as number);
      if (exponent > underflow) break; // ascending values: every later weight is 0 too
      const wi = (weight[used] as number) * Math.exp(-exponent);
      const xi = t * (offset[used] as number);
      x[used] = xi;
      w[used] = wi;
      total += wi;
      moment += wi * xi;
    }
    const mean = moment / total;
    let spread = 0;
    for (let i = 0; i < used; i++) spread += (w[i] as number) * ((x[i] as number) - mean) ** 2;
    sum += total * spread;
  }
  return 2 * step * sum;
}

/** Σ over a ≥ 0 and −b < 0 of n_a n_b δ²(a, −b), pair by pair. */
function crossSignPairSum(value: Float64Array, weight: Float64Array, mirrored: Float64Array, mirroredWeight: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    let row = 0;
    for (let j = 0; j < mirrored.length; j++) {
      row += (mirroredWeight[j] as number) * ratioSquaredDifference(value[i] as number, -(mirrored[j] as number));
    }
    sum += (weight[i] as number) * row;
  }
  return sum;
}

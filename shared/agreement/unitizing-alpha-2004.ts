import { AgreementError } from './agreement-error.ts';
import { definedCoefficient, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import { continuumCodes, mergeOverlapping, type Continuum, type ValuedUnit } from './continuum.ts';

/** Observed and expected disagreement of one category under the 1995/2004 definition. */
export type Disagreement2004 = { readonly observed: number; readonly expected: number };

// Σ δ² between two coders' units of one category (DKPro `measureDistance` summed over every pair
// of overlapping sections): two overlapping units → squared differences of begins and ends; a unit
// that no unit of the other coder touches lies inside one of their gaps → its length squared;
// every other section pair → 0.
function pairDistance(a: readonly ValuedUnit[], b: readonly ValuedUnit[]): number {
  let sum = 0;
  const touchedA = new Uint8Array(a.length);
  const touchedB = new Uint8Array(b.length);
  let j0 = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as ValuedUnit;
    while (j0 < b.length && (b[j0] as ValuedUnit).end <= x.start) j0++;
    for (let j = j0; j < b.length; j++) {
      const y = b[j] as ValuedUnit;
      if (y.start >= x.end) break;
      sum += (x.start - y.start) ** 2 + (x.end - y.end) ** 2;
      touchedA[i] = 1;
      touchedB[j] = 1;
    }
  }
  for (let i = 0; i < a.length; i++) if (touchedA[i] === 0) sum += ((a[i] as ValuedUnit).end - (a[i] as ValuedUnit).start) ** 2;
  for (let j = 0; j < b.length; j++) if (touchedB[j] === 0) sum += ((b[j] as ValuedUnit).end - (b[j] as ValuedUnit).start) ** 2;
  return sum;
}

/**
 * One coder's units of one category with what D_e needs of them: the coder's gaps (the maximal
 * stretches between units, cut at `breaks`), sorted, with suffix sums. Prepared once, it serves
 * every coder subset — the gaps of a subset are the union of its coders' gaps.
 */
export type Coder2004 = {
  readonly units: readonly ValuedUnit[];
  readonly gaps: Float64Array;
  /** suffix[i] = Σ_{j ≥ i} gaps[j]. */
  readonly suffix: Float64Array;
};

/**
 * Prepares one coder's sorted, non-overlapping units of a category over [0, length).
 *
 * @example
 * prepareCoder2004(24, [{ start: 2, end: 10, value: 0 }]).gaps // Float64Array [2, 14]
 */
export function prepareCoder2004(length: number, units: readonly ValuedUnit[], breaks: readonly number[] = []): Coder2004 {
  const sortedBreaks = breaks.length === 0 ? breaks : [...breaks].sort((x, y) => x - y);
  const gaps = new Float64Array(units.length + 1 + sortedBreaks.length);
  let count = 0;
  let pos = 0;
  let b = 0;
  for (let i = 0; i <= units.length; i++) {
    const to = i < units.length ? (units[i] as ValuedUnit).start : length;
    if (to > pos) {
      while (b < sortedBreaks.length && (sortedBreaks[b] as number) <= pos) b++;
      let from = pos;
      while (b < sortedBreaks.length && (sortedBreaks[b] as number) < to) {
        gaps[count++] = (sortedBreaks[b] as number) - from;
        from = sortedBreaks[b] as number;
        b++;
      }
      gaps[count++] = to - from;
    }
    if (i < units.length) pos = (units[i] as ValuedUnit).end;
  }
  const sorted = gaps.slice(0, count).sort();
  const suffix = new Float64Array(count + 1);
  for (let i = count - 1; i >= 0; i--) suffix[i] = (suffix[i + 1] as number) + (sorted[i] as number);
  return { units, gaps: sorted, suffix };
}

// Σ_{g ≥ l} (g − l + 1) over one coder's gaps: one binary search.
function fittingPlacements(coder: Coder2004, l: number): number {
  const { gaps, suffix } = coder;
  let lo = 0;
  let hi = gaps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((gaps[mid] as number) < l) lo = mid + 1;
    else hi = mid;
  }
  return (suffix[lo] as number) - (l - 1) * (gaps.length - lo);
}

/**
 * D_o and D_e of one category (SPEC KA22) for prepared coders (any subset of a study's coders).
 *
 * @example
 * disagreement2004Prepared(24, [prepareCoder2004(24, unitsOfA), prepareCoder2004(24, unitsOfB)])
 */
export function disagreement2004Prepared(length: number, coders: readonly Coder2004[]): Disagreement2004 {
  const m = coders.length;
  let observed = 0;
  for (let r1 = 0; r1 < m; r1++) {
    for (let r2 = r1 + 1; r2 < m; r2++) observed += pairDistance((coders[r1] as Coder2004).units, (coders[r2] as Coder2004).units);
  }
  observed = (2 * observed) / (m * (m - 1) * length * length);
  let unitCount = 0;
  let squaredLengths = 0;
  let cubic = 0;
  for (const coder of coders) {
    for (const u of coder.units) {
      const l = u.end - u.start;
      unitCount++;
      squaredLengths += l * (l - 1);
      // l(l − 1)(2l − 1) = 2l³ − 3l² + l is always divisible by 6, so /3 is exact.
      cubic += (l * (l - 1) * (2 * l - 1)) / 3;
    }
  }
  if (unitCount === 0) return { observed, expected: 0 };
  let placements = 0;
  for (const coder of coders) {
    for (const u of coder.units) {
      const l = u.end - u.start;
      let fits = 0;
      for (const other of coders) fits += fittingPlacements(other, l);
      placements += l * l * fits;
    }
  }
  const numerator = (unitCount - 1) * cubic + placements;
  const denominator = m * length * (m * length - 1) - squaredLengths;
  const expected = denominator === 0 ? 0 : (numerator * 2) / length / denominator;
  return { observed, expected };
}

/**
 * D_o and D_e of one category (SPEC KA22) for per-coder units of that category (sorted, not
 * overlapping). `breaks` are positions a gap may not span (document boundaries when documents are
 * concatenated); they change only the gap lengths used by D_e.
 *
 * @example
 * disagreement2004(24, [[{ start: 2, end: 10, value: 0 }], [{ start: 4, end: 12, value: 0 }]])
 */
export function disagreement2004(
  length: number,
  coders: readonly (readonly ValuedUnit[])[],
  breaks: readonly number[] = [],
): Disagreement2004 {
  return disagreement2004Prepared(
    length,
    coders.map((units) => prepareCoder2004(length, units, breaks)),
  );
}

/**
 * 1 − ΣD_o/ΣD_e over some categories (one category: its alpha; all: DKPro's overall).
 *
 * @example
 * alphaFrom2004([disagreement2004(L, unitsOfA), disagreement2004(L, unitsOfB)])
 */
export function alphaFrom2004(parts: readonly Disagreement2004[]): Coefficient {
  let observed = 0;
  let expected = 0;
  for (const p of parts) {
    observed += p.observed;
    expected += p.expected;
  }
  if (expected === 0) return undefinedCoefficient('noExpectedDisagreement');
  return definedCoefficient(1 - observed / expected);
}

function categoryUnits(continuum: Continuum, code: string): ValuedUnit[][] {
  // Overlapping segments of one code within a coder are merged first: the 1995/2004 definition
  // (and DKPro) assumes they do not overlap (SPEC KA22).
  return continuum.coders.map((segments) =>
    mergeOverlapping(
      segments.filter((s) => s.code === code),
      0,
    ),
  );
}

function check(continuum: Continuum): void {
  if (continuum.coders.length < 2) throw new AgreementError('invalidInput', 'u-alpha (2004) compares at least 2 coders');
}

/**
 * The older unitizing alpha (Krippendorff 1995/2004 as implemented by DKPro; SPEC KA22) for one
 * category: 1 − D_o/D_e, undefined when D_e = 0 (DKPro would say 0).
 *
 * @example
 * uAlpha2004Category(continuum, 'c')
 */
export function uAlpha2004Category(continuum: Continuum, code: string): Coefficient {
  check(continuum);
  if (continuum.length === 0) return undefinedCoefficient('emptyContinuum');
  return alphaFrom2004([disagreement2004(continuum.length, categoryUnits(continuum, code))]);
}

/**
 * Overall 1995/2004 unitizing alpha (SPEC KA22): 1 − mean_c D_o / mean_c D_e over the categories
 * that occur (DKPro's choice); undefined when nothing was coded.
 *
 * @example
 * uAlpha2004Overall(continuum)
 */
export function uAlpha2004Overall(continuum: Continuum): Coefficient {
  check(continuum);
  if (continuum.length === 0) return undefinedCoefficient('emptyContinuum');
  return alphaFrom2004(continuumCodes(continuum).map((code) => disagreement2004(continuum.length, categoryUnits(continuum, code))));
}

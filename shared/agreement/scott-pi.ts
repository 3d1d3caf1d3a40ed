import { chanceCorrected, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import type { ReliabilityData } from './reliability-data.ts';
import { twoCoderTable } from './two-coder-table.ts';

/**
 * Scott's pi for two coders (SPEC KA7): as Cohen's kappa but with pooled marginals,
 * p_e = Σ_k ((n_1k + n_2k)/2n)², over the units coded by both. Undefined when no unit is coded by
 * both or only one category occurs among them.
 *
 * @example
 * scottPi(buildReliabilityData({ data: [['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', 'b']] })).value // 0.466…
 */
export function scottPi(data: ReliabilityData): Coefficient {
  const table = twoCoderTable(data);
  if (table.n === 0) return undefinedCoefficient('noPairableUnits');
  let chance = 0;
  let used = 0;
  for (let k = 0; k < table.q; k++) {
    const pooled = (table.rowTotals[k] as number) + (table.columnTotals[k] as number);
    if (pooled > 0) used++;
    const p = pooled / (2 * table.n);
    chance += p * p;
  }
  if (used < 2) return undefinedCoefficient('noExpectedDisagreement');
  return chanceCorrected(table.agreeing / table.n, chance, 'noExpectedDisagreement');
}

import { chanceCorrected, undefinedCoefficient, type Coefficient } from './coefficient.ts';
import type { ReliabilityData } from './reliability-data.ts';
import { twoCoderTable } from './two-coder-table.ts';

/**
 * Cohen's kappa for two coders (SPEC KA7): (p_o − p_e)/(1 − p_e), p_e = Σ_k p_1k p_2k, over the
 * units coded by both (listwise). Undefined when no unit is coded by both or when both coders
 * used one and the same single category (p_e = 1).
 *
 * @example
 * cohenKappa(buildReliabilityData({ data: [['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', 'b']] })).value // 0.5
 */
export function cohenKappa(data: ReliabilityData): Coefficient {
  const table = twoCoderTable(data);
  if (table.n === 0) return undefinedCoefficient('noPairableUnits');
  let chance = 0;
  let rowsUsed = 0;
  let columnsUsed = 0;
  for (let k = 0; k < table.q; k++) {
    const row = table.rowTotals[k] as number;
    const column = table.columnTotals[k] as number;
    if (row > 0) rowsUsed++;
    if (column > 0) columnsUsed++;
    chance += (row / table.n) * (column / table.n);
  }
  // p_e = 1 exactly when each coder used a single category and it is the same one; test the
  // structure rather than a float that could round to 0.9999999999999999.
  if (rowsUsed === 1 && columnsUsed === 1 && table.agreeing === table.n) {
    return undefinedCoefficient('noExpectedDisagreement');
  }
  return chanceCorrected(table.agreeing / table.n, chance, 'noExpectedDisagreement');
}

import type { Measure, MeasureResult } from '../../../../shared/agreement/index.ts';
import type { AgreementUnit } from '../../../../shared/agreement-export/index.ts';

/** A column of the per-code table: one measure, or a choice between two that depends on the data. */
export type ColumnId = 'alpha' | 'alphaUnits' | 'kappa' | 'percent' | 'scott' | 'brennanPrediger' | 'ac1' | 'kUAlpha' | 'uAlpha2004' | 'nvivoKappa' | 'nvivoPercent' | 'maxqda';

export type Column = {
  readonly id: ColumnId;
  /** The control's label. */
  readonly label: string;
  /** The table header for the data at hand. */
  readonly header: (unit: AgreementUnit, coderCount: number) => string;
  /** Units where the column applies (SPEC KA31: unitizing, NVivo only on characters). */
  readonly units: readonly AgreementUnit[];
  /** The measures to ask the server for. */
  readonly measures: (unit: AgreementUnit) => readonly Measure[];
  /** The measure this column shows for the data at hand. */
  readonly measure: (unit: AgreementUnit, coderCount: number) => Measure;
  /** Alpha-family values get the threshold bar (Krippendorff's 0.667 and 0.8). */
  readonly alphaFamily: boolean;
};

const allUnits: readonly AgreementUnit[] = ['character', 'segment', 'unit', 'document'];
const single = (id: ColumnId, label: string, header: string, measure: Measure, units = allUnits, alphaFamily = false): Column => ({
  id,
  label,
  header: () => header,
  units,
  measures: () => [measure],
  measure: () => measure,
  alphaFamily,
});

export const columns: readonly Column[] = [
  {
    id: 'alpha',
    label: "Krippendorff's α (|u-α per code on characters)",
    header: (unit) => (unit === 'character' ? '|u-α' : 'α'),
    units: allUnits,
    // On characters the per-code alpha is |u-alpha; the report's sections over several codes get the union's.
    measures: (unit) => (unit === 'character' ? ['per_code_binary_u_alpha', 'binary_u_alpha', 'krippendorff_alpha'] : ['krippendorff_alpha']),
    measure: (unit) => (unit === 'character' ? 'per_code_binary_u_alpha' : 'krippendorff_alpha'),
    alphaFamily: true,
  },
  single('alphaUnits', 'α over characters (nominal)', 'α (characters)', 'krippendorff_alpha', ['character'], true),
  {
    id: 'kappa',
    label: "κ (Cohen's for two coders, Fleiss' for more)",
    header: (_unit, coderCount) => (coderCount === 2 ? "Cohen's κ" : "Fleiss' κ"),
    units: allUnits,
    measures: () => ['cohen_kappa', 'fleiss_kappa'],
    measure: (_unit, coderCount) => (coderCount === 2 ? 'cohen_kappa' : 'fleiss_kappa'),
    alphaFamily: false,
  },
  single('percent', 'Percent agreement', '% agreement', 'percent_agreement'),
  single('scott', "Scott's π", "Scott's π", 'scott_pi'),
  single('brennanPrediger', 'Brennan–Prediger', 'Brennan–Prediger', 'brennan_prediger'),
  single('ac1', "Gwet's AC1", 'AC1', 'gwet_ac1'),
  single('kUAlpha', '(k)u-α', '(k)u-α', 'k_u_alpha', ['character'], true),
  single('uAlpha2004', 'u-α (1995/2004)', 'u-α 2004', 'u_alpha_2004', ['character'], true),
  single('nvivoKappa', 'NVivo κ', 'NVivo κ', 'nvivo_char_kappa', ['character']),
  single('nvivoPercent', 'NVivo % agreement', 'NVivo %', 'nvivo_percent_agreement', ['character']),
  single('maxqda', 'MAXQDA segment agreement', 'MAXQDA', 'maxqda_segment_agreement', ['character', 'segment']),
];

export const defaultColumns: readonly ColumnId[] = ['alpha', 'kappa', 'percent'];

export function columnById(id: ColumnId): Column {
  return columns.find((c) => c.id === id) as Column;
}

/**
 * The columns shown for a unit: the chosen ones that apply, plus α over the units when a
 * bootstrap was asked for, because the interval belongs to that alpha (SPEC KA13).
 */
export function visibleColumns(chosen: readonly ColumnId[], unit: AgreementUnit, bootstrap: boolean): Column[] {
  const ids = new Set(chosen);
  if (bootstrap && unit === 'character') ids.add('alphaUnits');
  return columns.filter((c) => ids.has(c.id) && c.units.includes(unit));
}

/** Every measure the visible columns need, plus alpha for the pair matrix and overall figures. */
export function requestedMeasures(visible: readonly Column[], unit: AgreementUnit, order: readonly Measure[]): Measure[] {
  const wanted = new Set<Measure>(['krippendorff_alpha']);
  for (const column of visible) for (const m of column.measures(unit)) wanted.add(m);
  return order.filter((m) => wanted.has(m));
}

/** A section's result for a column, if the section has it. */
export function resultFor(results: readonly MeasureResult[] | undefined, measure: Measure): MeasureResult | undefined {
  return results?.find((r) => r.measure === measure);
}

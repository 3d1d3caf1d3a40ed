import { reportMeasures } from '../../../../shared/agreement/index.ts';
import { defaultMinimums, type AgreementQuery, type AgreementUnit } from '../../../../shared/agreement-export/index.ts';
import { defaultColumns, requestedMeasures, visibleColumns, type ColumnId } from './agreement-columns.ts';

/** What the researcher chose on the dashboard's controls. */
export type DashboardSettings = {
  readonly unit: AgreementUnit;
  /** Overlap threshold in % for segment units (and MAXQDA-style agreement). */
  readonly threshold: number;
  readonly columns: readonly ColumnId[];
  /** null: every coder / document. */
  readonly coders: readonly string[] | null;
  readonly documents: readonly string[] | null;
  readonly excludeUncoded: boolean;
  readonly bootstrap: boolean;
  readonly samples: number;
  readonly seed: number;
};

export const defaultSettings: DashboardSettings = {
  unit: 'character',
  threshold: 90,
  columns: defaultColumns,
  coders: null,
  documents: null,
  excludeUncoded: false,
  bootstrap: false,
  samples: 1000,
  seed: 1,
};

/** The report query for the settings: only the measures the dashboard shows, so the server does no more. */
export function settingsQuery(settings: DashboardSettings): AgreementQuery {
  const visible = visibleColumns(settings.columns, settings.unit, settings.bootstrap);
  return {
    unit: settings.unit,
    threshold: settings.unit === 'segment' || settings.columns.includes('maxqda') ? settings.threshold : null,
    measures: requestedMeasures(visible, settings.unit, reportMeasures(settings.unit)),
    coders: settings.coders,
    documents: settings.documents,
    codes: null,
    excludeUncoded: settings.excludeUncoded,
    bootstrap: settings.bootstrap ? { samples: settings.samples, seed: settings.seed, minimums: defaultMinimums } : null,
  };
}


import { reportMeasures } from '../../../../shared/agreement/index.ts';
import { defaultMinimums, type AgreementQuery, type AgreementUnit } from '../../../../shared/agreement-export/index.ts';
import { defaultColumns, requestedMeasures, visibleColumns, type ColumnId } from './agreement-columns.ts';

/** The consensus layer's id where the report lists coders (`against=consensus`). */
export const consensusId = 'consensus';

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
  /** Compare each coder with the consensus layer (before and after reconciliation). */
  readonly againstConsensus: boolean;
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
  againstConsensus: false,
};

/** The report query for the settings: only the measures the dashboard shows, so the server does no more. */
export function settingsQuery(settings: DashboardSettings): AgreementQuery {
  const visible = visibleColumns(settings.columns, settings.unit, settings.bootstrap);
  return {
    unit: settings.unit,
    threshold: settings.unit === 'segment' || settings.columns.includes('maxqda') ? settings.threshold : null,
    measures: requestedMeasures(visible, settings.unit, reportMeasures(settings.unit)),
    // A chosen set of coders keeps the consensus in it while it is compared.
    coders: settings.coders && settings.againstConsensus && !settings.coders.includes(consensusId) ? [...settings.coders, consensusId] : settings.coders,
    documents: settings.documents,
    codes: null,
    excludeUncoded: settings.excludeUncoded,
    bootstrap: settings.bootstrap ? { samples: settings.samples, seed: settings.seed, minimums: defaultMinimums } : null,
    against: settings.againstConsensus ? 'consensus' : null,
  };
}


import { buildMatrixCsv } from '../../../../shared/explore/matrix-csv.ts';
import { formatMatrixColumns, writeMatrixQuery, type MatrixQuery } from '../../../../shared/explore/matrix-query.ts';
import type { MatrixResponse } from '../../../../shared/explore/matrix.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import { saveText } from '../save-file.ts';
import type { MatrixSettings } from './matrix-address.ts';
import { requestMatrix } from './matrix-request.ts';

export interface MatrixViewOptions {
  readonly api: Api;
  readonly projectId: string;
  readonly settings: MatrixSettings;
  /** Keeps the address a link to what is shown. */
  readonly onSettings: (settings: MatrixSettings) => void;
}

/**
 * The Matrix view of one project: the settings (kept in the address), the matrix the server
 * counted for them, which rows are shown, and the CSV of exactly what is shown. A new request
 * replaces an older one still under way, whose answer is then dropped.
 */
export class MatrixView {
  readonly projectId: string;
  settings = $state.raw<MatrixSettings>()!;
  matrix = $state.raw<MatrixResponse | null>(null);
  /** The query `matrix` answers: differs from the settings' while new ones load. */
  shownQuery = $state.raw<MatrixQuery | null>(null);
  error = $state.raw<ApiError | null>(null);
  loading = $state(false);
  /** When the shown counts were made (the matrix follows coding only when asked to refresh). */
  countedAt = $state.raw<Date | null>(null);

  /** Row indices shown: all, or those with something counted when empty codes are hidden (for co-occurrence, the same columns). */
  readonly shownRows: readonly number[];
  readonly shownCols: readonly number[];
  /** The largest cell shown (the diagonal of co-occurrence aside): the top of the heat scale. */
  readonly max: number;

  #api: Api;
  #onSettings: (settings: MatrixSettings) => void;
  #ticket = 0;
  /** The query last asked for, as its address: the address changing to it again is no reason to reload. */
  #requested: string | null = null;

  constructor(options: MatrixViewOptions) {
    this.projectId = options.projectId;
    this.#api = options.api;
    this.settings = options.settings;
    this.#onSettings = options.onSettings;
    this.shownRows = $derived.by(() => {
      const m = this.matrix;
      if (!m) return [];
      return m.rows.map((_, i) => i).filter((i) => !this.settings.hideEmpty || m.rowTotals[i]! > 0);
    });
    this.shownCols = $derived.by(() => {
      const m = this.matrix;
      if (!m) return [];
      const all = m.cols.map((_, j) => j);
      return this.shownQuery?.cols.kind === 'codes' && this.settings.hideEmpty ? all.filter((j) => m.colTotals[j]! > 0) : all;
    });
    this.max = $derived.by(() => {
      const m = this.matrix;
      if (!m) return 0;
      let max = 0;
      const square = this.shownQuery?.cols.kind === 'codes';
      for (const i of this.shownRows) for (const j of this.shownCols) if (!(square && i === j)) max = Math.max(max, m.cells[i]![j]!);
      return max;
    });
  }

  /** Changes what is counted (and the address); loads the new matrix. */
  update(changes: Partial<MatrixQuery>): void {
    this.#apply({ ...this.settings, query: { ...this.settings.query, ...changes } });
  }

  setHideEmpty(hideEmpty: boolean): void {
    this.#apply({ ...this.settings, hideEmpty });
  }

  /** Back, forward or a link while the page is open: show what the address says. */
  followAddress(settings: MatrixSettings): void {
    this.settings = settings;
    if (writeMatrixQuery(settings.query).toString() !== this.#requested) void this.load();
  }

  async load(): Promise<void> {
    const ticket = ++this.#ticket;
    const query = this.settings.query;
    this.#requested = writeMatrixQuery(query).toString();
    this.loading = true;
    try {
      const matrix = await requestMatrix(this.#api, this.projectId, query);
      if (ticket !== this.#ticket) return;
      this.matrix = matrix;
      this.shownQuery = query;
      this.error = null;
      this.countedAt = new Date();
    } catch (error) {
      if (ticket !== this.#ticket) return;
      this.error = toApiError(error);
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }

  /** Saves the matrix as shown (hidden rows left out) as CSV, its caption included. */
  downloadCsv(): void {
    const m = this.matrix;
    const query = this.shownQuery;
    if (!m || !query) return;
    const rows = this.shownRows;
    const cols = this.shownCols;
    const shown = {
      ...m,
      rows: rows.map((i) => m.rows[i]!),
      cols: cols.map((j) => m.cols[j]!),
      cells: rows.map((i) => cols.map((j) => m.cells[i]![j]!)),
      rowTotals: rows.map((i) => m.rowTotals[i]!),
      colTotals: cols.map((j) => m.colTotals[j]!),
    };
    const name = `matrix-${formatMatrixColumns(query.cols).replace(/[^A-Za-z0-9_-]/g, '-')}-${query.measure}.csv`;
    saveText(buildMatrixCsv(shown, m.caption), name, 'text/csv;charset=utf-8');
  }

  #apply(settings: MatrixSettings): void {
    this.settings = settings;
    this.#onSettings(settings);
    void this.load();
  }
}

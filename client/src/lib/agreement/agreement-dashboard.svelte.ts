import { formatAgreementQuery, type AgreementDetails, type AgreementQuery, type AgreementSnapshot } from '../../../../shared/agreement-export/index.ts';
import type { Api } from '../api.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import { visibleColumns, type Column } from './agreement-columns.ts';
import { defaultSettings, settingsQuery, type DashboardSettings } from './dashboard-settings.ts';
import { RoundTrend } from '../rounds/round-trend.svelte.ts';

/** One point of the session trend: overall alpha when the data changed. */
export type TrendPoint = { readonly at: number; readonly value: number | null };

const pollMs = 1000;
const maxBackoffMs = 8000;
const maxTrendPoints = 240;

/**
 * The agreement dashboard of one project: the settings, the live report and its details, and the
 * polling that keeps them current. The report is asked for every second with `If-None-Match`;
 * the server answers 304 until something in the project was stored, so an idle dashboard costs a
 * header. A response for settings that have since changed is dropped, never shown.
 */
export class AgreementDashboard {
  settings = $state.raw<DashboardSettings>(defaultSettings);
  snapshot = $state.raw<AgreementSnapshot | null>(null);
  details = $state.raw<AgreementDetails | null>(null);
  /** The last failure; cleared by the next success. A 403 is the blind-round refusal. */
  error = $state.raw<ApiError | null>(null);
  detailsError = $state.raw<ApiError | null>(null);
  /** When the figures last changed (ms), and when the server last confirmed them. */
  changedAt = $state<number | null>(null);
  checkedAt = $state<number | null>(null);
  trend = $state.raw<readonly TrendPoint[]>([]);
  /** One point per revealed coding round: its agreement on the submissions, with these settings. */
  readonly roundTrend: RoundTrend;
  /** Ticks every few seconds so "updated 2 minutes ago" stays true. */
  now = $state(Date.now());

  readonly query: AgreementQuery = $derived(settingsQuery(this.settings));
  readonly queryString: string = $derived(formatAgreementQuery(this.query));
  readonly columns: readonly Column[] = $derived(visibleColumns(this.settings.columns, this.settings.unit, this.settings.bootstrap));
  /** The query the shown snapshot answers; differs from `queryString` while new settings load. */
  shownQuery = $state<string | null>(null);
  readonly pending: boolean = $derived(this.shownQuery !== this.queryString);

  #etag: { query: string; etag: string | null } | null = null;
  #detailsEtag: { query: string; etag: string | null } | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #inFlight = false;
  #failures = 0;

  constructor(
    private readonly api: Api,
    readonly projectId: string,
  ) {
    this.roundTrend = new RoundTrend(api, projectId);
  }

  /** Changes settings and asks for the new report at once. */
  update(changes: Partial<DashboardSettings>): void {
    this.settings = { ...this.settings, ...changes };
    this.#schedule(0);
  }

  /** Starts polling; returns the function that stops it (for `$effect`). */
  start(): () => void {
    this.#running = true;
    this.#schedule(0);
    const clock = setInterval(() => (this.now = Date.now()), 5000);
    const onVisible = () => {
      if (document.visibilityState === 'visible') this.#schedule(0);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      this.#running = false;
      if (this.#timer) clearTimeout(this.#timer);
      clearInterval(clock);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }

  #schedule(delay: number): void {
    if (!this.#running) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#poll(), delay);
  }

  async #poll(): Promise<void> {
    this.#timer = null;
    // A hidden tab does not poll; becoming visible polls at once.
    if (document.visibilityState === 'hidden') return;
    if (this.#inFlight) return this.#schedule(pollMs);
    this.#inFlight = true;
    const query = this.queryString;
    try {
      const etag = this.#etag?.query === query ? this.#etag.etag : null;
      const fresh = await this.api.getAgreement(this.projectId, query, etag);
      if (query !== this.queryString) return; // settings changed meanwhile: the next poll asks again
      let changed = false;
      if (fresh) {
        this.#etag = { query, etag: fresh.etag };
        changed = this.#accept(fresh.body, query);
      }
      this.error = null;
      await this.#loadDetails(query);
      // The rounds' figures follow the same settings; they change only when the project's data does.
      void this.roundTrend.refresh(query, changed);
      this.checkedAt = Date.now();
      this.#failures = 0;
    } catch (error) {
      if (query !== this.queryString) return;
      this.error = toApiError(error);
      this.#failures++;
    } finally {
      this.#inFlight = false;
      // New settings while this request was out: ask for them now rather than a second later.
      const stale = query !== this.queryString;
      this.#schedule(stale ? 0 : this.#failures === 0 ? pollMs : Math.min(maxBackoffMs, pollMs * 2 ** this.#failures));
    }
  }

  /** Shows a new report; true when its figures (or the settings they answer) changed. */
  #accept(snapshot: AgreementSnapshot, query: string): boolean {
    const sameQuery = this.shownQuery === query;
    const changed = !sameQuery || this.snapshot?.version !== snapshot.version;
    this.snapshot = snapshot;
    this.shownQuery = query;
    if (!changed) return false;
    this.changedAt = Date.now();
    const overall = snapshot.report.overall.find((r) => r.measure === 'krippendorff_alpha');
    const point = { at: this.changedAt, value: overall && !overall.undefined ? overall.value : null };
    // The trend follows one set of settings: new settings start a new line.
    this.trend = sameQuery ? [...this.trend, point].slice(-maxTrendPoints) : [point];
    return true;
  }

  // Details (names, n, the heatmap) must not hold up the live figures: a failure here is shown
  // beside the heatmap and retried with the next poll, while the report keeps updating.
  async #loadDetails(query: string): Promise<void> {
    const etag = this.#detailsEtag?.query === query ? this.#detailsEtag.etag : null;
    // Details change only with the report: ask again only after a new report or new settings.
    if (etag !== null && this.details?.version === this.snapshot?.version) return;
    try {
      const fresh = await this.api.getAgreementDetails(this.projectId, query, etag);
      if (query !== this.queryString) return;
      this.detailsError = null;
      if (!fresh) return;
      this.#detailsEtag = { query, etag: fresh.etag };
      this.details = fresh.body;
    } catch (error) {
      if (query === this.queryString) this.detailsError = toApiError(error);
    }
  }

  /** The URL of a download of the current figures. */
  exportUrl(format: 'csv' | 'html'): string {
    return this.api.agreementExportUrl(this.projectId, format, this.queryString);
  }
}

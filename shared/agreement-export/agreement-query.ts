/** The units a dashboard or export can compare by (SPEC KA27–KA29). */
export const AgreementUnit = { character: 'character', segment: 'segment', unit: 'unit', document: 'document' } as const;
export type AgreementUnit = (typeof AgreementUnit)[keyof typeof AgreementUnit];
const units: readonly string[] = Object.values(AgreementUnit);

/** Bootstrap of alpha: resamples, seed and the minimums whose P(α* < min) is reported (SPEC KA13). */
export type BootstrapQuery = { readonly samples: number; readonly seed: number; readonly minimums: readonly number[] };

/**
 * The query string shared by the live report, its details and the exports:
 * `unit, threshold, measures, coders, documents, codes, excludeUncoded, bootstrap, seed, minimums, against`.
 * `null` lists mean "all".
 */
export type AgreementQuery = {
  readonly unit: AgreementUnit;
  /** Overlap threshold in % for segment units and MAXQDA-style agreement; null = the default 90. */
  readonly threshold: number | null;
  readonly measures: readonly string[] | null;
  readonly coders: readonly string[] | null;
  readonly documents: readonly string[] | null;
  readonly codes: readonly string[] | null;
  readonly excludeUncoded: boolean;
  readonly bootstrap: BootstrapQuery | null;
  /** `consensus`: the consensus layer joins as one more coder, so the pairs hold each coder against it. */
  readonly against: 'consensus' | null;
};

export const defaultMinimums: readonly number[] = [0.667, 0.8];

export const AgreementQueryErrorReason = { invalidParameter: 'invalidParameter' } as const;
export type AgreementQueryErrorReason = (typeof AgreementQueryErrorReason)[keyof typeof AgreementQueryErrorReason];

/** A query parameter out of range; `field` names it, so the HTTP layer can say which. */
export class AgreementQueryError extends Error {
  readonly reason: AgreementQueryErrorReason = AgreementQueryErrorReason.invalidParameter;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgreementQueryError';
  }
}

function list(value: string | undefined): string[] | null {
  if (!value) return null;
  const items = value.split(',').filter(Boolean);
  return items.length > 0 ? items : null;
}

/**
 * Reads the agreement query string with the rules of `GET /api/projects/:id/agreement`.
 *
 * @example
 * readAgreementQuery({ unit: 'segment', threshold: '80', coders: 'ana,ben' })
 * // { unit: 'segment', threshold: 80, coders: ['ana', 'ben'], measures: null, … }
 */
export function readAgreementQuery(query: Readonly<Record<string, string | undefined>>): AgreementQuery {
  const unit = query.unit ?? 'character';
  if (!units.includes(unit)) throw new AgreementQueryError('unit', `unit must be one of ${units.join(', ')}`);
  const threshold = query.threshold === undefined ? null : Number(query.threshold);
  if (threshold !== null && !(threshold > 0 && threshold <= 100)) throw new AgreementQueryError('threshold', 'threshold must be a percentage in (0, 100]');
  return {
    unit: unit as AgreementUnit,
    threshold,
    measures: list(query.measures),
    coders: list(query.coders),
    documents: list(query.documents),
    codes: list(query.codes),
    excludeUncoded: query.excludeUncoded === 'true' || query.excludeUncoded === '1',
    bootstrap: query.bootstrap === undefined ? null : readBootstrap(query),
    against: readAgainst(query.against),
  };
}

function readAgainst(raw: string | undefined): 'consensus' | null {
  if (raw === undefined || raw === '') return null;
  if (raw !== 'consensus') throw new AgreementQueryError('against', 'against must be "consensus" (each coder compared with the consensus layer)');
  return 'consensus';
}

function readBootstrap(query: Readonly<Record<string, string | undefined>>): BootstrapQuery {
  const samples = Number(query.bootstrap);
  if (!Number.isInteger(samples) || samples < 100 || samples > 20_000) throw new AgreementQueryError('bootstrap', 'bootstrap must be a whole number of resamples from 100 to 20000');
  const seed = query.seed === undefined ? 1 : Number(query.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new AgreementQueryError('seed', 'seed must be a whole number ≥ 0 (the same seed gives the same interval)');
  const minimums = query.minimums === undefined ? defaultMinimums : query.minimums.split(',').map(Number);
  if (minimums.some((m) => !(m > -1 && m <= 1))) throw new AgreementQueryError('minimums', 'minimums must be alphas in (-1, 1], comma-separated');
  return { samples, seed, minimums };
}

/**
 * The query string for a query (without `?`), omitting defaults, in a stable order so equal
 * queries give equal URLs (and equal ETags).
 *
 * @example
 * formatAgreementQuery({ ...query, unit: 'unit', excludeUncoded: true }) // 'unit=unit&excludeUncoded=true'
 */
export function formatAgreementQuery(query: AgreementQuery): string {
  const params = new URLSearchParams();
  params.set('unit', query.unit);
  if (query.threshold !== null) params.set('threshold', String(query.threshold));
  if (query.measures) params.set('measures', query.measures.join(','));
  if (query.coders) params.set('coders', query.coders.join(','));
  if (query.documents) params.set('documents', query.documents.join(','));
  if (query.codes) params.set('codes', query.codes.join(','));
  if (query.excludeUncoded) params.set('excludeUncoded', 'true');
  if (query.bootstrap) {
    params.set('bootstrap', String(query.bootstrap.samples));
    params.set('seed', String(query.bootstrap.seed));
    params.set('minimums', query.bootstrap.minimums.join(','));
  }
  if (query.against) params.set('against', query.against);
  return params.toString();
}

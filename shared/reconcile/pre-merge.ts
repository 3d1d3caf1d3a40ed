import { iou, type Locus, type LocusVersion } from './disagreement-loci.ts';

/** How reconciliation fills the obvious loci before anyone decides (spec §3.3). */
export type PreMergeStrategy =
  | { readonly kind: 'completeAgreement' }
  | { readonly kind: 'incompleteAgreement' }
  | { readonly kind: 'threshold'; readonly userThreshold: number; readonly confidence: number; readonly denominator: 'annotated' | 'assigned' };

export interface PreMergeOptions {
  /** IoU supporting codings need (default 0.9, as for the loci). */
  readonly theta?: number;
  /** The consensus range of merged codings (default `union`, which keeps a quote's context). */
  readonly agreedRange?: 'union' | 'intersection';
  /** Loci already decided by someone: a re-merge leaves them alone (SPEC RC8). */
  readonly decided?: ReadonlySet<string>;
}

export interface MergedRange {
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
}

export type PreMergeOutcome =
  | {
      readonly locusId: string;
      readonly merged: true;
      /** What goes into the consensus layer, as one `auto` decision. */
      readonly result: readonly MergedRange[];
      readonly sourceCodingIds: readonly string[];
      /** Votes for the merged code / the denominator (1 for agreement strategies). */
      readonly confidence: number;
      /** Coders whose reading the merge overrules: the locus stays visible with a dissent badge. */
      readonly dissent: readonly string[];
      readonly strategy: PreMergeStrategy;
    }
  | { readonly locusId: string; readonly merged: false; readonly reason: string };

/** One coding per coder of `codeId` in the locus, all pairs at IoU ≥ θ: their codings, else null. */
function agreeingCodings(versions: readonly LocusVersion[], theta: number): LocusVersion[] | null {
  const byCoder = new Map<string, LocusVersion[]>();
  for (const v of versions) byCoder.set(v.coderId, [...(byCoder.get(v.coderId) ?? []), v]);
  if ([...byCoder.values()].some((list) => list.length !== 1)) return null;
  const single = [...byCoder.values()].map((list) => list[0]!);
  for (let i = 0; i < single.length; i++) for (let j = i + 1; j < single.length; j++) if (iou(single[i]!, single[j]!) < theta) return null;
  return single;
}

function mergedRange(codeId: string, codings: readonly LocusVersion[], agreedRange: 'union' | 'intersection'): MergedRange {
  const starts = codings.map((c) => c.start);
  const ends = codings.map((c) => c.end);
  return agreedRange === 'union'
    ? { codeId, start: Math.min(...starts), end: Math.max(...ends) }
    : { codeId, start: Math.max(...starts), end: Math.min(...ends) };
}

function premergeOne(locus: Locus, strategy: PreMergeStrategy, theta: number, agreedRange: 'union' | 'intersection'): PreMergeOutcome {
  const refused = (reason: string): PreMergeOutcome => ({ locusId: locus.id, merged: false, reason });
  const merged = (codeId: string, codings: readonly LocusVersion[], confidence: number, dissent: readonly string[]): PreMergeOutcome => ({
    locusId: locus.id,
    merged: true,
    result: [mergedRange(codeId, codings, agreedRange)],
    sourceCodingIds: codings.map((c) => c.codingId),
    confidence,
    dissent,
    strategy,
  });
  if (strategy.kind === 'completeAgreement') {
    return locus.type === 'agreed' ? merged(locus.codeIds[0]!, locus.versions, 1, []) : refused(locus.type);
  }
  if (strategy.kind === 'incompleteAgreement') {
    if (locus.codeIds.length !== 1) return refused('codeConflict');
    const codings = agreeingCodings(locus.versions, theta);
    return codings ? merged(locus.codeIds[0]!, codings, 1, []) : refused(locus.flags.includes('granularity') ? 'granularity' : 'boundary');
  }
  const annotators = new Set(locus.versions.map((v) => v.coderId));
  const votes = new Map<string, Set<string>>();
  for (const v of locus.versions) votes.set(v.codeId, (votes.get(v.codeId) ?? new Set()).add(v.coderId));
  const ranked = [...votes].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
  const [topCode, supporters] = ranked[0]!;
  if (ranked.length > 1 && ranked[1]![1].size === supporters.size) return refused('tie');
  if (supporters.size < strategy.userThreshold) return refused(`votes ${supporters.size} < ${strategy.userThreshold}`);
  const denominator = strategy.denominator === 'annotated' ? annotators.size : annotators.size + locus.missingCoderIds.length;
  const confidence = supporters.size / denominator;
  if (confidence < strategy.confidence) return refused(`confidence ${confidence.toFixed(2)} < ${strategy.confidence}`);
  const codings = agreeingCodings(
    locus.versions.filter((v) => v.codeId === topCode),
    theta,
  );
  if (!codings) return refused('boundary review needed');
  const dissent = [...annotators].filter((coder) => !supporters.has(coder));
  if (strategy.denominator === 'assigned') dissent.push(...locus.missingCoderIds);
  return merged(topCode, codings, confidence, dissent.sort());
}

/**
 * Pre-merge (SPEC RC5–RC8): for every locus not yet decided, whether the strategy merges it into
 * the consensus (as one `auto` decision) and with what, or why it stays open for a person.
 *
 * @example
 * preMerge(loci, { kind: 'threshold', userThreshold: 2, confidence: 0.75, denominator: 'annotated' })
 * // [{ locusId: 'locus-…', merged: false, reason: 'confidence 0.67 < 0.75' }, { locusId: 'locus-…', merged: true, … }]
 */
export function preMerge(loci: readonly Locus[], strategy: PreMergeStrategy, options: PreMergeOptions = {}): PreMergeOutcome[] {
  const theta = options.theta ?? 0.9;
  const agreedRange = options.agreedRange ?? 'union';
  return loci.filter((locus) => !options.decided?.has(locus.id)).map((locus) => premergeOne(locus, strategy, theta, agreedRange));
}

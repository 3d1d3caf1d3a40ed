import { undefinedReasonText, type MeasureResult } from '../../../../shared/agreement/index.ts';
import {
  alphaStanding,
  formatValue,
  isContinuumMeasure,
  measureNotes,
  pairKey,
  unitName,
  type AgreementDetails,
  type AgreementQuery,
  type AgreementSnapshot,
  type SectionBootstrap,
} from '../../../../shared/agreement-export/index.ts';

/** Which part of the report a value belongs to. */
export type Section =
  | { readonly kind: 'overall' }
  | { readonly kind: 'code'; readonly codeId: string }
  | { readonly kind: 'document'; readonly documentId: string }
  | { readonly kind: 'codeDocument'; readonly codeId: string; readonly documentId: string }
  | { readonly kind: 'pair'; readonly coderIds: readonly [string, string] };

/** Everything a value's explanation draws on. */
export type NoteContext = {
  readonly snapshot: AgreementSnapshot;
  readonly details: AgreementDetails | null;
  readonly query: AgreementQuery;
};

/** A value explained: what it is, where it comes from, and why it is undefined when it is. */
export type ValueNote = {
  readonly heading: string;
  readonly value: string;
  readonly lines: readonly { readonly term: string; readonly text: string }[];
};

export function createLookup(ctx: NoteContext) {
  const coders = new Map(ctx.snapshot.coders.map((c) => [c.id, c.name ?? c.id]));
  const codes = new Map(ctx.snapshot.codes.map((c) => [c.id, c.name ?? c.id]));
  const documents = new Map((ctx.details?.documents ?? []).map((d) => [d.id, d.name]));
  return {
    coder: (id: string) => coders.get(id) ?? id,
    code: (id: string) => codes.get(id) ?? id,
    document: (id: string) => documents.get(id) ?? 'Untitled document',
  };
}

const listed = (names: readonly string[], max = 4) => (names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`);

/** The bootstrap interval behind a value, when there is one: alpha per code or overall (SPEC KA13). */
export function bootstrapFor(ctx: NoteContext, section: Section, result: MeasureResult | undefined): SectionBootstrap | undefined {
  if (result?.measure !== 'krippendorff_alpha' || (section.kind !== 'code' && section.kind !== 'overall')) return undefined;
  const codeId = section.kind === 'code' ? section.codeId : null;
  return ctx.snapshot.bootstrap?.find((b) => b.codeId === codeId);
}

/** Units the value compared, with what they are, or null when not known. */
export function unitsCompared(ctx: NoteContext, section: Section, result: MeasureResult): { n: number; noun: string } | null {
  const counts = ctx.details?.unitCounts;
  if (result.measure === 'maxqda_segment_agreement') return null;
  if (isContinuumMeasure(result.measure)) {
    const docs = section.kind === 'document' || section.kind === 'codeDocument' ? [section.documentId] : ctx.snapshot.report.documentIds;
    const lengths = new Map(ctx.snapshot.documents.map((d) => [d.id, d.length]));
    return { n: docs.reduce((sum, d) => sum + (lengths.get(d) ?? 0), 0), noun: 'characters of text' };
  }
  if (!counts) return null;
  const noun = unitName(ctx.query.unit, ctx.query.threshold).replace('whole documents', 'documents');
  const pooled = ctx.snapshot.report.codeIds.length > 1 && (section.kind === 'overall' || section.kind === 'document' || section.kind === 'pair');
  const n =
    section.kind === 'overall'
      ? counts.overall
      : section.kind === 'code'
        ? counts.perCode[section.codeId]
        : section.kind === 'document'
          ? counts.perDocument[section.documentId]
          : section.kind === 'codeDocument'
            ? counts.perCodeDocument[pairKey(section.codeId, section.documentId)]
            : counts.perCoderPair[pairKey(section.coderIds[0], section.coderIds[1])];
  return n === undefined ? null : { n, noun: pooled ? `${noun} × codes` : noun };
}

/**
 * Explains one value as the UX asks of every number: measure, unit, coders, documents, the
 * pointer to the method notes (in words, not SPEC rule ids), n, the interval, and in words why it is undefined when it is.
 *
 * @example
 * describeValue(ctx, { kind: 'code', codeId: 'push' }, result).lines[0] // { term: 'Measure', text: '|u-α — …' }
 */
export function describeValue(ctx: NoteContext, section: Section, result: MeasureResult | undefined, measureFallback?: string): ValueNote {
  const names = createLookup(ctx);
  const { report } = ctx.snapshot;
  const where =
    section.kind === 'overall'
      ? 'All selected codes'
      : section.kind === 'code'
        ? `Code: ${names.code(section.codeId)}`
        : section.kind === 'document'
          ? `Document: ${names.document(section.documentId)} (all codes)`
          : section.kind === 'codeDocument'
            ? `${names.code(section.codeId)} in ${names.document(section.documentId)}`
            : `Coders ${names.coder(section.coderIds[0])} and ${names.coder(section.coderIds[1])} (all codes)`;
  if (!result) return { heading: where, value: 'not computed', lines: [{ term: 'Measure', text: `${measureFallback ?? 'This measure'} does not apply to this section.` }] };
  const note = measureNotes[result.measure];
  const coderIds = section.kind === 'pair' ? section.coderIds : report.coderIds;
  const documentIds = section.kind === 'document' || section.kind === 'codeDocument' ? [section.documentId] : report.documentIds;
  const lines: { term: string; text: string }[] = [
    { term: 'Measure', text: `${note.label} — ${note.summary}` },
    {
      term: 'Unit',
      text: isContinuumMeasure(result.measure)
        ? ctx.query.unit === 'character'
          ? 'characters, the text as a continuum (uncoded text always included)'
          : 'characters, the text as a continuum: this measure ignores the unit setting'
        : `${unitName(ctx.query.unit, ctx.query.threshold)}${ctx.query.excludeUncoded ? ', uncoded units excluded' : ''}`,
    },
    { term: 'Coders', text: listed(coderIds.map(names.coder)) },
    { term: 'Documents', text: `${documentIds.length === report.documentIds.length && documentIds.length > 1 ? `all ${documentIds.length}: ` : ''}${listed(documentIds.map(names.document), 3)}` },
  ];
  const size = unitsCompared(ctx, section, result);
  if (size) lines.push({ term: 'n', text: `${size.n.toLocaleString()} ${size.noun}` });
  const interval = bootstrapFor(ctx, section, result);
  if (interval && interval.lower !== null && interval.upper !== null) {
    const below = interval.belowMinimum.map((b) => `P(α < ${b.minimum}) = ${b.probability === null ? '–' : b.probability.toFixed(3)}`).join(', ');
    lines.push({
      term: 'Interval',
      text: `${Math.round(interval.confidence * 100)} % CI [${formatValue('krippendorff_alpha', interval.lower)}, ${formatValue('krippendorff_alpha', interval.upper)}], ${interval.samples} resamples, seed ${ctx.query.bootstrap?.seed ?? 1}; ${below}${ctx.query.unit === 'character' ? '. Character pairs are not independent: this interval is far too narrow' : ''}`,
    });
  }
  lines.push({ term: 'Method', text: '“How these figures are computed”, at the end of this page' });
  if (result.undefined) {
    lines.unshift({ term: 'Undefined', text: `${undefinedReasonText[result.reason]} — reported as undefined, never as 0 or 1` });
    return { heading: where, value: 'undefined', lines };
  }
  if (note.label.includes('α')) {
    const standing = alphaStanding(result.value);
    lines.splice(1, 0, {
      term: 'Reading',
      text: standing === 'reliable' ? 'at or above 0.8 (reliable)' : standing === 'tentative' ? 'between 0.667 and 0.8: tentative conclusions only' : 'below 0.667, the lowest acceptable alpha',
    });
  }
  return { heading: where, value: `${formatValue(result.measure, result.value, 4)}`, lines };
}

/** A coding reduced to what disagreement needs: who coded [start, end). */
export type CoderSpan = { readonly coderId: string; readonly start: number; readonly end: number };

/** A stretch of a passage with the same set of coders coding it. */
export type PassageStretch = { readonly start: number; readonly end: number; readonly coderIds: readonly string[] };

/**
 * One place where coders disagree about a code: a maximal stretch of text some compared coder
 * coded (touching codings joined). `missing`: at least one compared coder coded none of it;
 * `boundary`: everyone coded part of it, but not the same characters.
 */
export type DisagreeingPassage = {
  readonly start: number;
  readonly end: number;
  readonly kind: 'missing' | 'boundary';
  /** Each compared coder's coverage inside the passage (merged), in `coderIds` order. */
  readonly coders: readonly { readonly coderId: string; readonly spans: readonly (readonly [number, number])[] }[];
  readonly stretches: readonly PassageStretch[];
  /** Characters coded by some but not all compared coders. */
  readonly disagreeingCharacters: number;
};

function mergeSpans(spans: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * The passages where the compared coders disagree about one code in one document, in text order.
 * Stretches coded identically by every compared coder are agreement and left out, as are codings
 * of other coders and empty codings.
 *
 * @example
 * disagreeingPassages([{ coderId: 'ana', start: 0, end: 10 }, { coderId: 'ben', start: 5, end: 10 }], ['ana', 'ben'])
 * // [{ start: 0, end: 10, kind: 'boundary', disagreeingCharacters: 5, … }]
 */
export function disagreeingPassages(codings: readonly CoderSpan[], coderIds: readonly string[]): DisagreeingPassage[] {
  const coverage = coderIds.map((id) => mergeSpans(codings.filter((c) => c.coderId === id && c.end > c.start).map((c) => [c.start, c.end] as const)));
  // Elementary stretches between consecutive boundaries; each has one set of coders (SPEC KA17's sweep).
  const cuts = [...new Set(coverage.flat().flat())].sort((a, b) => a - b);
  const stretches: PassageStretch[] = [];
  const cursor = coverage.map(() => 0);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] as number;
    const end = cuts[i + 1] as number;
    const ids: string[] = [];
    coverage.forEach((spans, c) => {
      while ((spans[cursor[c] as number]?.[1] ?? Infinity) <= start) cursor[c] = (cursor[c] as number) + 1;
      const span = spans[cursor[c] as number];
      if (span && span[0] <= start && end <= span[1]) ids.push(coderIds[c] as string);
    });
    if (ids.length > 0) stretches.push({ start, end, coderIds: ids });
  }
  const passages: DisagreeingPassage[] = [];
  let group: PassageStretch[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const start = (group[0] as PassageStretch).start;
    const end = (group[group.length - 1] as PassageStretch).end;
    const disagreeing = group.filter((s) => s.coderIds.length < coderIds.length).reduce((sum, s) => sum + s.end - s.start, 0);
    if (disagreeing > 0) {
      const coders = coderIds.map((coderId, c) => ({
        coderId,
        spans: (coverage[c] ?? []).filter(([s, e]) => s < end && e > start).map(([s, e]) => [Math.max(s, start), Math.min(e, end)] as const),
      }));
      passages.push({ start, end, kind: coders.some((c) => c.spans.length === 0) ? 'missing' : 'boundary', coders, stretches: group, disagreeingCharacters: disagreeing });
    }
    group = [];
  };
  for (const stretch of stretches) {
    if (group.length > 0 && (group[group.length - 1] as PassageStretch).end !== stretch.start) flush();
    group.push(stretch);
  }
  flush();
  return passages;
}

/** A passage's text for reading: a little context either side, long middles shortened. */
export type PassageExcerpt = {
  readonly before: string;
  readonly pieces: readonly { readonly text: string; readonly coderIds: readonly string[]; readonly elided: boolean }[];
  readonly after: string;
};

/**
 * Cuts a passage's text out of the document with `context` characters either side; a stretch
 * longer than `maxStretch` keeps its head and tail around an ellipsis.
 *
 * @example
 * excerptPassage(text, passage, { context: 40, maxStretch: 300 })
 */
export function excerptPassage(text: string, passage: DisagreeingPassage, options: { context?: number; maxStretch?: number } = {}): PassageExcerpt {
  const context = options.context ?? 60;
  const maxStretch = options.maxStretch ?? 400;
  const beforeStart = Math.max(0, passage.start - context);
  const afterEnd = Math.min(text.length, passage.end + context);
  const half = Math.floor(maxStretch / 2);
  return {
    before: (beforeStart > 0 ? '…' : '') + text.slice(beforeStart, passage.start),
    pieces: passage.stretches.map((s) => {
      const whole = text.slice(s.start, s.end);
      const elided = whole.length > maxStretch;
      return { text: elided ? `${whole.slice(0, half)} … ${whole.slice(whole.length - half)}` : whole, coderIds: s.coderIds, elided };
    }),
    after: text.slice(passage.end, afterEnd) + (afterEnd < text.length ? '…' : ''),
  };
}

import type { CodingsAsOf } from '../../../../shared/api/index.ts';

/** A coding as the as-of view lists it. */
export interface AsOfRow {
  readonly codingId: string;
  readonly codeName: string;
  readonly colour: string;
  /** "120–260", or null when its passage has since been deleted. */
  readonly range: string | null;
  readonly text: string | null;
  readonly memo: string;
  /** The event the view is at changed this coding. */
  readonly touched: boolean;
}

export interface AsOfLayer {
  /** A coder's id, or `consensus`. */
  readonly key: string;
  readonly label: string;
  readonly rows: readonly AsOfRow[];
}

export interface AsOfNames {
  nameOf(userId: string): string;
  code(codeId: string): { readonly name: string; readonly colour: string };
}

/**
 * The layers of a document as of an event, ready for tables: coders by name, the consensus last;
 * codings in transcript order (those whose text is gone at the end).
 */
export function asOfLayers(result: CodingsAsOf, names: AsOfNames, touchedCodingId: string | null): AsOfLayer[] {
  const rows = (codings: CodingsAsOf['consensus']): AsOfRow[] =>
    [...codings]
      .sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || (a.end ?? Infinity) - (b.end ?? Infinity) || (a.codingId < b.codingId ? -1 : 1))
      .map((c) => {
        const code = names.code(c.codeId);
        return {
          codingId: c.codingId,
          codeName: code.name,
          colour: code.colour,
          range: c.start !== null && c.end !== null ? `${c.start}–${c.end}` : null,
          text: c.text,
          memo: c.memo,
          touched: c.codingId === touchedCodingId,
        };
      });
  const coders = Object.entries(result.layers)
    .map(([userId, codings]) => ({ key: userId, label: names.nameOf(userId), rows: rows(codings) }))
    .sort((a, b) => a.label.localeCompare(b.label) || (a.key < b.key ? -1 : 1));
  return result.consensus.length > 0 ? [...coders, { key: 'consensus', label: 'Consensus', rows: rows(result.consensus) }] : coders;
}

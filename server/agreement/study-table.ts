import type { AgreementStudy, StudyCoding } from '../../shared/agreement/index.ts';

/**
 * A project's agreement study as columns, the form in which it travels to the worker thread:
 * posting typed arrays copies bytes, where posting 100,000 coding objects walks each of them on
 * the event loop. `readStudyTable` turns it back into the plain study every statistic takes.
 */
export interface StudyTable {
  /** `coderIds`: the document's assigned coders in the study, when it has any (SPEC KA33). */
  readonly documents: readonly { readonly id: string; readonly length: number; readonly coderIds?: readonly string[] }[];
  /** Members (not viewers) with at least one compared coding, orphaned ones included, in member order. */
  readonly coders: readonly { readonly id: string; readonly name?: string | undefined }[];
  readonly codes: readonly { readonly id: string; readonly name?: string | undefined; readonly domain?: string | null | undefined }[];
  /** Coding i is `codes[code[i]]` by `coders[coder[i]]` on [start[i], end[i]) of `documents[document[i]]`. */
  readonly codings: {
    readonly document: Int32Array;
    readonly coder: Int32Array;
    readonly code: Int32Array;
    readonly start: Int32Array;
    readonly end: Int32Array;
  };
  /** Document d's transcript units are the pairs (unitBounds[2k], unitBounds[2k + 1]) for unitOffsets[d] ≤ k < unitOffsets[d + 1]. */
  readonly unitOffsets: Int32Array;
  readonly unitBounds: Int32Array;
  /** Codings whose text was deleted: not compared, but counted so the dashboard can say so. */
  readonly orphanedCodings: number;
  /** Codings by coders not assigned to their document: not compared, counted for the same reason. */
  readonly unassignedCodings: number;
  /** Per study coder: the documents they are compared on, and how many of those they coded anything in. */
  readonly coverage: readonly CoderCoverage[];
}

export interface CoderCoverage {
  readonly coderId: string;
  readonly comparedDocuments: number;
  readonly codedDocuments: number;
}

export interface ProjectStudy {
  readonly study: AgreementStudy;
  /** Transcript units per document, for the "transcript unit" choice. */
  readonly unitRanges: Record<string, [number, number][]>;
  readonly orphanedCodings: number;
}

/** The plain study (and unit ranges) a table holds, codings in the table's order. */
export function readStudyTable(table: StudyTable): ProjectStudy {
  const { documents, coders, codes } = table;
  const { document, coder, code, start, end } = table.codings;
  const codings: StudyCoding[] = new Array(document.length);
  for (let i = 0; i < document.length; i++) {
    codings[i] = { documentId: documents[document[i]!]!.id, coderId: coders[coder[i]!]!.id, codeId: codes[code[i]!]!.id, start: start[i]!, end: end[i]! };
  }
  const unitRanges: Record<string, [number, number][]> = {};
  documents.forEach((d, index) => {
    const ranges: [number, number][] = [];
    for (let k = table.unitOffsets[index]!; k < table.unitOffsets[index + 1]!; k++) ranges.push([table.unitBounds[2 * k]!, table.unitBounds[2 * k + 1]!]);
    unitRanges[d.id] = ranges;
  });
  return { study: { documents: [...documents], coders: [...coders], codes: [...codes], codings }, unitRanges, orphanedCodings: table.orphanedCodings };
}

import type { AgreementReport, MeasureResult } from '../agreement/index.ts';
import type { PassageExcerpt } from './disagreeing-passages.ts';

/** Bootstrap of Krippendorff's alpha for one section: a code, or overall when `codeId` is null (SPEC KA13). */
export type SectionBootstrap = {
  readonly codeId: string | null;
  readonly alpha: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly samples: number;
  readonly confidence: number;
  readonly belowMinimum: readonly { readonly minimum: number; readonly probability: number | null }[];
};

/**
 * What `GET /api/projects/:id/agreement` answers: the report and the names behind its ids. The
 * dashboard polls it; the exports are built from the same value, so both show the same numbers.
 */
export type AgreementSnapshot = {
  /** Changes whenever anything in the project was stored. */
  readonly version: string;
  readonly report: AgreementReport;
  readonly bootstrap: readonly SectionBootstrap[] | null;
  readonly coders: readonly { readonly id: string; readonly name?: string | undefined }[];
  readonly codes: readonly { readonly id: string; readonly name?: string | undefined; readonly domain?: string | null | undefined }[];
  /** `coderIds`: the document's assigned coders, when it has any; every other coder is missing there (SPEC KA33). */
  readonly documents: readonly { readonly id: string; readonly length: number; readonly coderIds?: readonly string[] }[];
  readonly orphanedCodings: number;
  /** Codings by coders not assigned to their document: not compared. */
  readonly unassignedCodings?: number;
  /** Per coder: the documents they are compared on, and in how many of those they coded anything. */
  readonly coverage?: readonly { readonly coderId: string; readonly comparedDocuments: number; readonly codedDocuments: number }[];
  readonly computedMs: number;
};

/**
 * How many units each section compared (SPEC KA27–KA30): characters, transcript units, segment
 * groups or documents, after `excludeUncoded` — the units the coefficient measures ran on.
 * Code × document counts are keyed `codeId\u0000documentId`; pairs `coderA\u0000coderB`.
 */
export type UnitCounts = {
  readonly overall: number;
  readonly perCode: Readonly<Record<string, number>>;
  readonly perDocument: Readonly<Record<string, number>>;
  readonly perCodeDocument: Readonly<Record<string, number>>;
  readonly perCoderPair: Readonly<Record<string, number>>;
};

/** Key of a code × document or coder-pair entry in `UnitCounts`. */
export function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}

/**
 * What `GET /api/projects/:id/agreement/details` answers alongside the live report: document
 * names, the units each section compared, and the code × document results for the heatmap.
 */
export type AgreementDetails = {
  readonly version: string;
  readonly documents: readonly { readonly id: string; readonly name: string; readonly length: number }[];
  readonly unitCounts: UnitCounts;
  readonly perCodeDocument: readonly { readonly codeId: string; readonly documentId: string; readonly results: readonly MeasureResult[] }[];
};

/** One disagreeing passage as `GET /api/projects/:id/agreement/passages` lists it, with its text. */
export type PassageView = {
  readonly documentId: string;
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
  readonly kind: 'missing' | 'boundary';
  readonly disagreeingCharacters: number;
  /** Each compared coder's coverage inside the passage. */
  readonly coders: readonly { readonly coderId: string; readonly spans: readonly (readonly [number, number])[] }[];
  readonly excerpt: PassageExcerpt;
};

/** The disagreeing passages of a code, a document, a coder pair, or a combination, in text order. */
export type AgreementPassages = {
  readonly passages: readonly PassageView[];
  /** All passages found; more than `passages.length` when the list was cut at the limit. */
  readonly total: number;
};

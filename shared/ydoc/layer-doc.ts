import type * as Y from 'yjs';
import type { Coding } from '../model/coding.ts';
import { resolveSpanAnchor, type SpanAnchor } from './span-anchor.ts';

/**
 * The `layer:` (and `consensus:`) room schema (PROTOCOL.md):
 *   Y.Map `codings`: codingId → a plain value (not a nested Y.Map) {
 *     codeId: string,
 *     start: Uint8Array, end: Uint8Array   encoded RelativePositions (span-anchor.ts),
 *     memo: string,
 *     createdAt: number, updatedAt: number  milliseconds since the epoch
 *   }
 * One plain value per coding keeps a layer of 5,000 codings around a third of the size of nested
 * maps and several times faster to load. Only the layer's own coder writes it, so field-level
 * merging of concurrent edits is never needed: a change replaces the whole value.
 */
export const codingsKey = 'codings';

export interface StoredCoding {
  readonly codeId: string;
  readonly start: Uint8Array;
  readonly end: Uint8Array;
  readonly memo: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export function codingsMap(doc: Y.Doc): Y.Map<StoredCoding> {
  return doc.getMap(codingsKey);
}

export interface NewCoding {
  readonly id: string;
  readonly codeId: string;
  readonly anchor: SpanAnchor;
  readonly memo?: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/**
 * @example
 * addCoding(layerDoc, { id: 'c1', codeId: 'pull', anchor: createSpanAnchor(transcript, 10, 42), at: Date.now() });
 */
export function addCoding(layer: Y.Doc, coding: NewCoding): void {
  codingsMap(layer).set(coding.id, {
    codeId: coding.codeId,
    start: coding.anchor.start,
    end: coding.anchor.end,
    memo: coding.memo ?? '',
    createdAt: coding.at,
    updatedAt: coding.at,
  });
}

/**
 * Where a consensus coding came from (spec §3.4): the decision that wrote it, the coders' codings it
 * was made from (none for an analyst's own addition), and whether a person or a pre-merge decided.
 * Only the server writes the consensus room, so this is trustworthy there, and nowhere else.
 */
export interface ConsensusProvenance {
  readonly decisionId: string;
  readonly sourceCodingIds: readonly string[];
  readonly method: 'auto' | 'manual';
  /**
   * Set when the coding is a file's consensus brought in by a REFI-QDA import: no decision of this
   * project made it (`decisionId` is then `imported:<origin>`, `sourceCodingIds` the file's coding
   * GUID, `method` manual — a person's consensus in the software that wrote the file).
   */
  readonly imported?: { readonly kind: 'imported'; readonly origin: string; readonly fileName: string | null };
}

/** A coding of the `consensus:` room: a coding like any other, plus its provenance. */
export function addConsensusCoding(consensus: Y.Doc, coding: NewCoding & { readonly provenance: ConsensusProvenance }): void {
  const value: StoredCoding & { provenance: ConsensusProvenance } = {
    codeId: coding.codeId,
    start: coding.anchor.start,
    end: coding.anchor.end,
    memo: coding.memo ?? '',
    createdAt: coding.at,
    updatedAt: coding.at,
    provenance: coding.provenance,
  };
  codingsMap(consensus).set(coding.id, value);
}

/** The decision behind each consensus coding (codings without a well-formed provenance are left out). */
export function readConsensusDecisions(consensus: Y.Doc): Map<string, string> {
  const decisions = new Map<string, string>();
  codingsMap(consensus).forEach((value, id) => {
    const provenance = (value as { provenance?: { decisionId?: unknown } } | null)?.provenance;
    if (typeof provenance?.decisionId === 'string') decisions.set(id, provenance.decisionId);
  });
  return decisions;
}

/** Changes a coding's code, memo or span; returns false when there is no such coding. */
export function updateCoding(layer: Y.Doc, id: string, changes: { codeId?: string; memo?: string; anchor?: SpanAnchor }, at: number): boolean {
  const current = codingsMap(layer).get(id);
  if (!isStoredCoding(current)) return false;
  codingsMap(layer).set(id, {
    ...current,
    ...(changes.codeId !== undefined && { codeId: changes.codeId }),
    ...(changes.memo !== undefined && { memo: changes.memo }),
    ...(changes.anchor && { start: changes.anchor.start, end: changes.anchor.end }),
    updatedAt: at,
  });
  return true;
}

function isStoredCoding(value: unknown): value is StoredCoding {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.codeId === 'string' && v.start instanceof Uint8Array && v.end instanceof Uint8Array;
}

/** Reads every well-formed coding of a layer, resolved against the transcript doc. */
export function readCodings(layer: Y.Doc, transcript: Y.Doc, coderId: string): Coding[] {
  const codings: Coding[] = [];
  codingsMap(layer).forEach((value, id) => {
    if (!isStoredCoding(value)) return;
    let span;
    try {
      span = resolveSpanAnchor(value, transcript);
    } catch {
      // An anchor that does not decode is treated like one whose text is gone: shown as orphaned.
      span = { orphaned: true as const, start: null, end: null };
    }
    const time = (t: unknown) => (typeof t === 'number' ? new Date(t).toISOString() : '');
    codings.push({
      id,
      codeId: value.codeId,
      coderId,
      start: span.orphaned ? null : span.start,
      end: span.orphaned ? null : span.end,
      orphaned: span.orphaned,
      memo: typeof value.memo === 'string' ? value.memo : '',
      createdAt: time(value.createdAt),
      updatedAt: time(value.updatedAt),
    });
  });
  return codings;
}

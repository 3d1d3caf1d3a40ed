import * as Y from 'yjs';
import type { Coding } from '../model/coding.ts';
import { resolveSpanAnchor, type SpanAnchor } from './span-anchor.ts';

/**
 * The `layer:` (and `consensus:`) room schema (PROTOCOL.md):
 *   Y.Map `codings`: codingId → Y.Map {
 *     codeId: string, start: Uint8Array, end: Uint8Array (encoded RelativePositions, see span-anchor.ts),
 *     memo: string, createdBy: string, createdAt: string, updatedAt: string,
 *     startOffset: number, endOffset: number, excerpt: string  (as coded; for exports and history)
 *   }
 */
export const codingsKey = 'codings';

export function codingsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(codingsKey);
}

export interface NewCoding {
  readonly id: string;
  readonly codeId: string;
  readonly anchor: SpanAnchor;
  readonly memo?: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly startOffset: number;
  readonly endOffset: number;
  readonly excerpt: string;
}

export function addCoding(layer: Y.Doc, coding: NewCoding): void {
  const map = new Y.Map<unknown>();
  map.set('codeId', coding.codeId);
  map.set('start', coding.anchor.start);
  map.set('end', coding.anchor.end);
  map.set('memo', coding.memo ?? '');
  map.set('createdBy', coding.createdBy);
  map.set('createdAt', coding.createdAt);
  map.set('updatedAt', coding.createdAt);
  map.set('startOffset', coding.startOffset);
  map.set('endOffset', coding.endOffset);
  map.set('excerpt', coding.excerpt.slice(0, 120));
  codingsMap(layer).set(coding.id, map);
}

/** Reads every well-formed coding of a layer, resolved against the transcript doc. */
export function readCodings(layer: Y.Doc, transcript: Y.Doc, coderId: string): Coding[] {
  const codings: Coding[] = [];
  codingsMap(layer).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return;
    const start = map.get('start');
    const end = map.get('end');
    const codeId = map.get('codeId');
    if (!(start instanceof Uint8Array) || !(end instanceof Uint8Array) || typeof codeId !== 'string') return;
    let span;
    try {
      span = resolveSpanAnchor({ start, end }, transcript);
    } catch {
      // An anchor that does not decode is treated like one whose text is gone: shown as orphaned.
      span = { orphaned: true as const, start: null, end: null };
    }
    codings.push({
      id,
      codeId,
      coderId,
      start: span.orphaned ? null : span.start,
      end: span.orphaned ? null : span.end,
      orphaned: span.orphaned,
      memo: typeof map.get('memo') === 'string' ? (map.get('memo') as string) : '',
      createdAt: typeof map.get('createdAt') === 'string' ? (map.get('createdAt') as string) : '',
      updatedAt: typeof map.get('updatedAt') === 'string' ? (map.get('updatedAt') as string) : '',
    });
  });
  return codings;
}

import { fromBase64 } from 'lib0/buffer';
import type { CodingsAsOf, CodingAsOf } from '../../shared/api/index.ts';
import { formatRoomName } from '../../shared/protocol/index.ts';
import { resolveSpanAnchor } from '../../shared/ydoc/span-anchor.ts';
import { readTranscriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import type { HistoryEvent } from '../persistence/history.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import { foldCodings } from './as-of.ts';

/** A point of a project's history: after event `seq`, or at server time `time` (ISO). */
export type AsOf = { readonly seq: number } | { readonly time: string } | null;

const page = 5000;

/** A document's coding events up to the point, oldest first. */
async function eventsUpTo(store: DocumentStore, projectId: string, documentId: string, asOf: AsOf): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for (let afterSeq = 0; ; ) {
    const batch = await store.readHistory(projectId, { documentId, afterSeq, limit: page, ...(asOf && 'time' in asOf && { until: asOf.time }) });
    const kept = asOf && 'seq' in asOf ? batch.filter((e) => e.seq <= asOf.seq) : batch;
    events.push(...kept);
    if (batch.length < page || kept.length < batch.length) return events;
    afterSeq = batch.at(-1)!.seq;
  }
}

/**
 * The codings of a document's layers as they were at a point of the history (the semantic view of
 * spec §3.5): the stored events folded, then each coding's anchors resolved against the current
 * transcript (offsets and the coded text; a coding whose text is gone is orphaned: null offsets).
 * `mayRead(layer)` says which layers the caller may see (blind rounds).
 */
export async function codingsAsOf(store: DocumentStore, registry: DocumentRegistry, projectId: string, documentId: string, asOf: AsOf, mayRead: (layer: string) => boolean): Promise<CodingsAsOf> {
  const events = await eventsUpTo(store, projectId, documentId, asOf);
  const layers = foldCodings(events);
  const transcript = await registry.snapshot(formatRoomName({ kind: 'text', projectId, documentId }));
  try {
    const text = readTranscriptText(transcript);
    const resolve = (states: Map<string, { codeId: string; memo: string; anchor: { start: string; end: string } }>): CodingAsOf[] =>
      [...states].map(([codingId, coding]) => {
        let span;
        try {
          span = resolveSpanAnchor({ start: fromBase64(coding.anchor.start), end: fromBase64(coding.anchor.end) }, transcript);
        } catch {
          span = { orphaned: true as const, start: null, end: null };
        }
        const start = span.orphaned ? null : span.start;
        const end = span.orphaned ? null : span.end;
        return { codingId, codeId: coding.codeId, start, end, text: start === null || end === null ? null : text.slice(start, end), memo: coding.memo };
      }).sort((a, b) => (a.start ?? -1) - (b.start ?? -1) || a.codingId.localeCompare(b.codingId));
    const result: Record<string, CodingAsOf[]> = {};
    for (const [layer, states] of layers) if (layer !== 'consensus' && mayRead(layer)) result[layer] = resolve(states);
    const last = events.at(-1);
    return { asOf: { seq: last?.seq ?? 0, at: last?.at ?? null }, layers: result, consensus: mayRead('consensus') ? resolve(layers.get('consensus') ?? new Map()) : [] };
  } finally {
    transcript.destroy();
  }
}

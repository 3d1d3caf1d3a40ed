import type { HistoryEvent } from '../persistence/history.ts';
import type { CodingSnapshot } from './room-history.ts';

/** Every layer's codings of one document at some point of its history: layer → codingId → coding. */
export type LayerStates = Map<string, Map<string, CodingSnapshot>>;

function isSnapshot(value: unknown): value is CodingSnapshot {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { codeId?: unknown; anchor?: { start?: unknown; end?: unknown } };
  return typeof v.codeId === 'string' && typeof v.anchor?.start === 'string' && typeof v.anchor.end === 'string';
}

/**
 * The codings of every layer of a document after `events` (its coding events, oldest first), by
 * folding them: added and changed set a coding's state, removed deletes it (spec §3.5, the
 * "semantic view" of time travel). Redacted events carry nothing and are skipped.
 *
 * @example
 * foldCodings(await store.readHistory(projectId, { documentId, until, limit }))
 *   .get('u1')?.get('c1') // { codeId: 'pull', memo: '', anchor: { start: '…', end: '…' } }
 */
export function foldCodings(events: readonly HistoryEvent[]): LayerStates {
  const layers: LayerStates = new Map();
  for (const event of events) {
    if (event.redacted || event.layer === null || event.codingId === null || !event.type.startsWith('coding.')) continue;
    let layer = layers.get(event.layer);
    if (!layer) layers.set(event.layer, (layer = new Map()));
    if (event.type === 'coding.removed') layer.delete(event.codingId);
    else if (isSnapshot(event.after)) layer.set(event.codingId, event.after);
  }
  return layers;
}

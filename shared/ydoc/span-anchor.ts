import * as Y from 'yjs';

/**
 * A coded span, anchored so it survives transcript edits (spec §3.6, B5):
 * start = RelativePosition(start, assoc 0) — attaches to the first character of the span;
 * end   = RelativePosition(end, assoc −1)  — attaches to the last character of the span.
 * Text typed exactly at either edge therefore stays outside; text typed inside joins the span.
 * Both are stored encoded (Uint8Array) so any Yjs client can decode them.
 */
export interface SpanAnchor {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
}

export type ResolvedSpan =
  | { readonly orphaned: false; readonly start: number; readonly end: number }
  /** The whole span was deleted (or its anchor cannot be found): flagged, never silently dropped. */
  | { readonly orphaned: true; readonly start: number | null; readonly end: number | null };

/**
 * @example
 * const anchor = createSpanAnchor(transcript, 10, 25);
 * resolveSpanAnchor(anchor, transcriptDoc); // { orphaned: false, start: 10, end: 25 }
 */
export function createSpanAnchor(text: Y.Text, start: number, end: number): SpanAnchor {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= text.length)) {
    throw new RangeError(`a span needs 0 <= start < end <= ${text.length}, got [${start}, ${end})`);
  }
  return {
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, start, 0)),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, end, -1)),
  };
}

/**
 * Resolves an anchor against the transcript's doc. `followUndoneDeletions = false` so every
 * client resolves the same position (yjs#638).
 */
export function resolveSpanAnchor(anchor: SpanAnchor, transcriptDoc: Y.Doc): ResolvedSpan {
  const start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(anchor.start), transcriptDoc, false);
  const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(anchor.end), transcriptDoc, false);
  if (!start || !end || end.index <= start.index) return { orphaned: true, start: start?.index ?? null, end: end?.index ?? null };
  return { orphaned: false, start: start.index, end: end.index };
}

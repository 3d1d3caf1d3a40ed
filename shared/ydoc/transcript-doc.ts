import type * as Y from 'yjs';
import { paragraphUnits } from '../import/paragraph-units.ts';
import type { TranscriptUnit } from '../model/transcript.ts';

/**
 * The `text:` room schema (PROTOCOL.md): Y.Text `transcript` holds the normalised transcript;
 * Y.Array `units` its units (speaker turns, cues or paragraphs) as plain `TranscriptUnit` objects,
 * written once on import. The only module that knows these root names.
 *
 * @example
 * writeTranscriptText(doc, 'Interviewer: Tell me about…');
 * readTranscriptText(doc); // 'Interviewer: Tell me about…'
 */
export const transcriptTextKey = 'transcript';
export const transcriptUnitsKey = 'units';

export function transcriptText(doc: Y.Doc): Y.Text {
  return doc.getText(transcriptTextKey);
}

/** Replaces the whole transcript (used on import, in one transaction by the caller). */
export function writeTranscriptText(doc: Y.Doc, text: string): void {
  const ytext = transcriptText(doc);
  if (ytext.length > 0) ytext.delete(0, ytext.length);
  ytext.insert(0, text);
}

export function readTranscriptText(doc: Y.Doc): string {
  return transcriptText(doc).toString();
}

/** Writes the text and its units (on import; one transaction by the caller). */
export function writeTranscript(doc: Y.Doc, text: string, units: readonly TranscriptUnit[]): void {
  writeTranscriptText(doc, text);
  const array = doc.getArray<TranscriptUnit>(transcriptUnitsKey);
  if (array.length > 0) array.delete(0, array.length);
  array.insert(0, units.map((u) => ({ ...u })));
}

/**
 * The units as stored, or paragraphs when none were stored. Units reaching past the text (it was
 * edited since import) are clipped; empty ones dropped. A caller that has read the text passes it:
 * reading it builds the whole string again (1.4 million characters for a long transcript).
 */
export function readTranscriptUnits(doc: Y.Doc, text = readTranscriptText(doc)): TranscriptUnit[] {
  const stored = doc.getArray<TranscriptUnit>(transcriptUnitsKey).toArray();
  if (stored.length === 0) return paragraphUnits(text);
  return stored
    .filter((u) => typeof u?.start === 'number' && typeof u.end === 'number')
    .map((u) => ({ ...u, start: Math.min(u.start, text.length), end: Math.min(u.end, text.length) }))
    .filter((u) => u.end > u.start);
}

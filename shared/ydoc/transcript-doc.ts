import type * as Y from 'yjs';

/**
 * The `text:` room schema (PROTOCOL.md): Y.Text `transcript` holds the normalised transcript.
 * The only module that knows these root names.
 *
 * @example
 * writeTranscriptText(doc, 'Interviewer: Tell me about…');
 * readTranscriptText(doc); // 'Interviewer: Tell me about…'
 */
export const transcriptTextKey = 'transcript';

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

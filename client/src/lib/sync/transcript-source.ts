import type * as Y from 'yjs';
import { paragraphUnits } from '../../../../shared/import/paragraph-units.ts';
import { speakerTurnUnits } from '../../../../shared/import/speaker-turns.ts';
import type { TranscriptUnit } from '../../../../shared/model/transcript.ts';
import { readTranscriptText, readTranscriptUnits, transcriptText, transcriptUnitsKey } from '../../../../shared/ydoc/transcript-doc.ts';
import { YjsValue } from './yjs-value.ts';

export interface Transcript {
  readonly text: string;
  readonly units: readonly TranscriptUnit[];
  /** True when the stored units no longer fit the text (it was edited) and were re-derived from it. */
  readonly unitsRederived: boolean;
}

/**
 * Stored units are plain offsets written on import, so an edit to the text afterwards leaves them
 * cutting words in half. Import units always start and end at line boundaries; when some do not,
 * they are derived again from the text with the import's own rules (speaker turns, else paragraphs).
 */
export function unitsFitText(text: string, units: readonly TranscriptUnit[]): boolean {
  return units.every((u) => (u.start === 0 || text[u.start - 1] === '\n') && (u.end === text.length || text[u.end] === '\n'));
}

/**
 * The transcript of a `text:` room (text and units, `shared/ydoc/transcript-doc.ts`) as one value,
 * re-read after the text or the units change.
 */
export function createTranscriptSource(doc: Y.Doc): YjsValue<Transcript> {
  return new YjsValue(
    () => {
      const text = readTranscriptText(doc);
      const stored = readTranscriptUnits(doc, text);
      if (unitsFitText(text, stored)) return { text, units: stored, unitsRederived: false };
      return { text, units: speakerTurnUnits(text) ?? paragraphUnits(text), unitsRederived: true };
    },
    (changed) => {
      const text = transcriptText(doc);
      const units = doc.getArray(transcriptUnitsKey);
      text.observe(changed);
      units.observe(changed);
      return () => {
        text.unobserve(changed);
        units.unobserve(changed);
      };
    },
  );
}

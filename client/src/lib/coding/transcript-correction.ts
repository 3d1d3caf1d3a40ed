import * as Y from 'yjs';
import { paragraphUnits } from '../../../../shared/import/paragraph-units.ts';
import { readSpeakerLabel } from '../../../../shared/import/speaker-label.ts';
import { speakerTurnUnits } from '../../../../shared/import/speaker-turns.ts';
import type { TranscriptUnit } from '../../../../shared/model/transcript.ts';
import { transcriptText, transcriptUnitsKey } from '../../../../shared/ydoc/transcript-doc.ts';
import { unitsFitText } from '../sync/transcript-source.ts';

/**
 * Correcting a transcript's text in place (owners), so that codings stay attached to their words.
 *
 * Codings are anchored on the characters of the `text:` room's Y.Text (`shared/ydoc/span-anchor.ts`:
 * the start on the span's first character, the end on its last). Rewriting a whole unit would delete
 * every character a coding is anchored on and orphan it; so only the characters that differ are
 * changed — the common prefix and suffix of the old and new text stay the very same items — and a
 * coding outside the changed characters keeps its text exactly. A coding wholly inside the deleted
 * characters becomes an orphan (listed, never dropped); one that overlaps them shrinks or grows
 * with them.
 *
 * The stored units (plain offsets, `transcript-doc.ts`) are kept consistent in the same transaction:
 * the edited unit's end and every later unit move by the change in length, so the server (search
 * index, agreement units) and every browser read the same units. Units that no longer fitted the
 * text before the edit are derived again the way the import derives them.
 */

/** Replace `deleteCount` characters at `start` with `insert`. */
export interface TextEdit {
  readonly start: number;
  readonly deleteCount: number;
  readonly insert: string;
}

/** Longest corrected unit accepted, in characters. */
export const maxCorrectedUnitLength = 100_000;

export type CorrectionErrorReason = 'changed' | 'empty' | 'tooLong';

export class CorrectionError extends Error {
  constructor(
    readonly reason: CorrectionErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'CorrectionError';
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single edit that turns `before` into `after`: everything outside the common prefix
 * and suffix is replaced. Never splits a surrogate pair. Null when they are equal.
 *
 * @example
 * diffText('The cost was hihg.', 'The cost was high.'); // { start: 15, deleteCount: 2, insert: 'gh' }
 */
export function diffText(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { start: prefix, deleteCount: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

/**
 * A unit's text as the import would have written it: `\n` line endings, NFC, no trailing
 * whitespace on a line, at most one blank line in a row, no blank line first or last.
 *
 * @example
 * normaliseUnitText('P07: Hello  \r\n\r\n\r\nagain\n'); // 'P07: Hello\n\nagain'
 */
export function normaliseUnitText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/** One unit's correction: its range in the text now, its text when the editor opened, the corrected text. */
export interface UnitCorrection {
  readonly start: number;
  readonly end: number;
  /** What the unit said when its editor opened: if the text has changed since, nothing is written. */
  readonly base: string;
  readonly text: string;
}

export interface CorrectionResult {
  /** The edit as applied to the whole transcript; null when nothing changed. */
  readonly edit: TextEdit | null;
  /** How the stored units followed: moved by the change, derived again, or none stored (always derived). */
  readonly units: 'shifted' | 'rederived' | 'none';
}

/**
 * Checks a correction against the text as it is now and turns it into the edit to apply. Throws a
 * `CorrectionError` when the unit's text changed since its editor opened, or the new text is empty
 * or too long.
 */
export function planCorrection(currentText: string, correction: UnitCorrection): TextEdit | null {
  if (currentText.slice(correction.start, correction.end) !== correction.base) {
    throw new CorrectionError('changed', 'Someone changed this passage while you were correcting it. Cancel to see their version, then correct it again.');
  }
  const text = normaliseUnitText(correction.text);
  if (text.trim() === '') throw new CorrectionError('empty', 'A passage cannot be empty. Correct its words instead of deleting them all.');
  if (text.length > maxCorrectedUnitLength) throw new CorrectionError('tooLong', `A passage may hold at most ${maxCorrectedUnitLength.toLocaleString('en')} characters.`);
  const edit = diffText(correction.base, text);
  return edit && { ...edit, start: correction.start + edit.start };
}

/**
 * Applies a unit's correction to a `text:` room's doc in one transaction (`origin` for the
 * caller's undo manager or history): the minimal edit to the Y.Text, and the units moved with it.
 *
 * @example
 * applyTranscriptCorrection(doc, { start: 0, end: 18, base: 'P07: It was hihg.', text: 'P07: It was high.' });
 */
export function applyTranscriptCorrection(doc: Y.Doc, correction: UnitCorrection, origin: unknown = null): CorrectionResult {
  let result: CorrectionResult = { edit: null, units: 'none' };
  doc.transact(() => {
    const ytext = transcriptText(doc);
    const before = ytext.toString();
    const edit = planCorrection(before, correction);
    if (!edit) return;
    writeEdit(ytext, before, edit);
    result = { edit, units: followUnits(doc, before, ytext.toString(), correction, edit) };
  }, origin);
  return result;
}

/**
 * Writes the edit so that the anchors on the replaced characters keep the new text inside their
 * codings. An anchor on a deleted character resolves to where that character was; Yjs inserts at
 * an index after the deleted characters there. So the new text goes between the first and the last
 * replaced character: a coding that began on the first (its start anchor) and one that ended on the
 * last (its end anchor) both take it in. A single replaced character cannot be on both sides: it
 * keeps the new text for a coding that starts there when it begins a word, else for one that ends there.
 */
function writeEdit(ytext: Y.Text, before: string, edit: TextEdit): void {
  const { start, deleteCount, insert } = edit;
  if (deleteCount === 0) {
    ytext.insert(start, insert);
  } else if (insert.length === 0) {
    ytext.delete(start, deleteCount);
  } else if (deleteCount > 1) {
    ytext.delete(start, deleteCount - 1);
    ytext.insert(start, insert);
    ytext.delete(start + insert.length, 1);
  } else if (!/[\p{L}\p{N}]/u.test(before.charAt(start - 1))) {
    // It begins a word: after the deleted character, inside a coding that starts on it.
    ytext.delete(start, 1);
    ytext.insert(start, insert);
  } else {
    // Before the deleted character, inside a coding that ends on it.
    ytext.insert(start, insert);
    ytext.delete(start + insert.length, 1);
  }
}

/** Moves the stored units with the edit, or derives them again when they did not fit the text before it. */
function followUnits(doc: Y.Doc, before: string, after: string, correction: UnitCorrection, edit: TextEdit): CorrectionResult['units'] {
  const array = doc.getArray<TranscriptUnit>(transcriptUnitsKey);
  const stored = array.toArray();
  if (stored.length === 0) return 'none';
  const index = stored.findIndex((u) => u.start === correction.start && u.end === correction.end);
  if (index < 0 || !unitsFitText(before, stored)) {
    array.delete(0, array.length);
    array.insert(0, speakerTurnUnits(after) ?? paragraphUnits(after));
    return 'rederived';
  }
  const delta = edit.insert.length - edit.deleteCount;
  const moved = stored.slice(index).map((unit, k) => (k === 0 ? corrected(unit, unit.end + delta, after) : { ...unit, start: unit.start + delta, end: unit.end + delta }));
  array.delete(index, stored.length - index);
  array.insert(index, moved);
  return 'shifted';
}

/** The edited unit with its new end; a speaker turn takes its speaker (and time) from its label line again. */
function corrected(unit: TranscriptUnit, end: number, text: string): TranscriptUnit {
  const next: { -readonly [K in keyof TranscriptUnit]: TranscriptUnit[K] } = { ...unit, end };
  if (unit.kind !== 'turn') return next;
  const lineEnd = text.indexOf('\n', unit.start);
  const label = readSpeakerLabel(text.slice(unit.start, lineEnd < 0 || lineEnd > end ? end : lineEnd));
  if (!label) return next;
  next.speaker = label.speaker;
  if (label.startTime !== undefined) next.startTime = label.startTime;
  else delete next.startTime;
  return next;
}

/**
 * How many of `spans` (offsets before the edit) lie wholly inside the characters the edit deletes:
 * they will be orphaned.
 */
export function spansRemovedBy(edit: TextEdit, spans: readonly { readonly start: number; readonly end: number }[]): number {
  const end = edit.start + edit.deleteCount;
  return spans.filter((s) => s.start >= edit.start && s.end <= end).length;
}

/** A run of a unit's text and how many codings cover it. */
export interface CodedRun {
  readonly start: number;
  readonly end: number;
  readonly codings: number;
}

/**
 * A unit [start, end) cut where the `spans` (codings) start and end, so the correction view can
 * show which words are coded while their text is corrected.
 *
 * @example
 * codedRuns(0, 10, [{ start: 2, end: 5 }]) // [{ start: 0, end: 2, codings: 0 }, { start: 2, end: 5, codings: 1 }, { start: 5, end: 10, codings: 0 }]
 */
export function codedRuns(start: number, end: number, spans: readonly { readonly start: number; readonly end: number }[]): CodedRun[] {
  const clip = (n: number) => Math.min(end, Math.max(start, n));
  const cuts = [...new Set([start, end, ...spans.flatMap((s) => [clip(s.start), clip(s.end)])])].sort((a, b) => a - b);
  const runs: CodedRun[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i]!, cuts[i + 1]!];
    runs.push({ start: a, end: b, codings: spans.filter((s) => s.start < b && s.end > a).length });
  }
  return runs;
}

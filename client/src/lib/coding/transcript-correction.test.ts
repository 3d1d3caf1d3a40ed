import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { speakerTurnUnits } from '../../../../shared/import/speaker-turns.ts';
import { createSpanAnchor, resolveSpanAnchor, type SpanAnchor } from '../../../../shared/ydoc/span-anchor.ts';
import { readTranscriptText, readTranscriptUnits, transcriptText, transcriptUnitsKey, writeTranscript } from '../../../../shared/ydoc/transcript-doc.ts';
import { unitsFitText } from '../sync/transcript-source.ts';
import { applyTranscriptCorrection, codedRuns, CorrectionError, diffText, normaliseUnitText, spansRemovedBy } from './transcript-correction.ts';

const interview = [
  'Interviewer: How did the project start?',
  'P07: The cost of traning was hihg, and teh staff had no time.',
  'Interviewer: What happened then?',
  'P07: We stopped the pilot after a year.',
].join('\n');

/** A `text:` room's doc with the import's units, and a second replica that only hears updates (another browser, the server). */
function transcript(text = interview, units = speakerTurnUnits(text)!) {
  const doc = new Y.Doc();
  doc.transact(() => writeTranscript(doc, text, units));
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  doc.on('update', (update: Uint8Array) => Y.applyUpdate(replica, update));
  return { doc, replica };
}

/** A coding's anchor on the first occurrence of `phrase`. */
function anchor(doc: Y.Doc, phrase: string): SpanAnchor {
  const at = readTranscriptText(doc).indexOf(phrase);
  if (at < 0) throw new Error(`no "${phrase}"`);
  return createSpanAnchor(transcriptText(doc), at, at + phrase.length);
}

/** What a coding covers now, read on a doc (the replica: as another browser or the server sees it). */
function covered(doc: Y.Doc, span: SpanAnchor): string | null {
  const resolved = resolveSpanAnchor(span, doc);
  return resolved.orphaned ? null : readTranscriptText(doc).slice(resolved.start, resolved.end);
}

/** Corrects the unit holding `phrase`: its text with `from` replaced by `to`. */
function correct(doc: Y.Doc, phrase: string, from: string, to: string) {
  const unit = readTranscriptUnits(doc).find((u) => readTranscriptText(doc).slice(u.start, u.end).includes(phrase))!;
  const base = readTranscriptText(doc).slice(unit.start, unit.end);
  return applyTranscriptCorrection(doc, { start: unit.start, end: unit.end, base, text: base.replace(from, to) });
}

describe('diffText', () => {
  it('replaces only what lies between the common prefix and suffix', () => {
    expect(diffText('same', 'same')).toBeNull();
    expect(diffText('The cost was hihg.', 'The cost was high.')).toEqual({ start: 15, deleteCount: 2, insert: 'gh' });
    expect(diffText('training', 'traning')).toEqual({ start: 3, deleteCount: 1, insert: '' });
    expect(diffText('traning', 'training')).toEqual({ start: 3, deleteCount: 0, insert: 'i' });
    expect(diffText('aaa', 'aa')).toEqual({ start: 2, deleteCount: 1, insert: '' });
    expect(diffText('', 'new')).toEqual({ start: 0, deleteCount: 0, insert: 'new' });
  });

  it('never splits a surrogate pair', () => {
    // 😀 and 😃 share their high surrogate; 🙂 and 😂 share nothing but the low half of nothing.
    const edit = diffText('a😀b', 'a😃b')!;
    expect(edit).toEqual({ start: 1, deleteCount: 2, insert: '😃' });
    const tail = diffText('x😀', 'y😀')!;
    expect(tail).toEqual({ start: 0, deleteCount: 1, insert: 'y' });
    const low = diffText('\ud83d\ude00z', '\ud83e\ude00z')!;
    expect(low).toEqual({ start: 0, deleteCount: 2, insert: '\ud83e\ude00' });
  });
});

describe('normaliseUnitText', () => {
  it('writes a unit as the import would: LF, no trailing spaces, one blank line at most, none at the ends', () => {
    expect(normaliseUnitText('P07: Hello  \r\n\r\n\r\nagain\n')).toBe('P07: Hello\n\nagain');
    expect(normaliseUnitText('\n\nCafe\u0301\t')).toBe('Café');
  });
});

describe('applyTranscriptCorrection: codings stay attached to their words', () => {
  it('keeps a coding before the edit and one after it on exactly their text, at shifted offsets after it', () => {
    const { doc, replica } = transcript();
    const before = anchor(doc, 'How did the project start?');
    const after = anchor(doc, 'We stopped the pilot');
    const startBefore = resolveSpanAnchor(after, doc).start!;
    const result = correct(doc, 'traning', 'traning', 'training');
    expect(result.edit).toMatchObject({ deleteCount: 0, insert: 'i' });
    expect(covered(replica, before)).toBe('How did the project start?');
    expect(covered(replica, after)).toBe('We stopped the pilot');
    expect(resolveSpanAnchor(after, replica).start).toBe(startBefore + 1);
  });

  it('takes a correction inside a coding into it', () => {
    const { doc, replica } = transcript();
    const span = anchor(doc, 'The cost of traning was hihg');
    correct(doc, 'traning', 'traning was hihg', 'training was high');
    expect(covered(replica, span)).toBe('The cost of training was high');
  });

  it('keeps a replaced word at either edge of a coding inside it, and a coded word replaced whole', () => {
    const { doc, replica } = transcript();
    const last = anchor(doc, 'and teh');
    const first = anchor(doc, 'teh staff');
    const word = anchor(doc, 'hihg');
    correct(doc, 'teh', 'teh', 'the');
    correct(doc, 'hihg', 'hihg', 'high');
    expect(covered(replica, last)).toBe('and the');
    expect(covered(replica, first)).toBe('the staff');
    expect(covered(replica, word)).toBe('high');
  });

  it('keeps a single replaced letter inside a coding that starts on it when it begins a word, and one that ends on it otherwise', () => {
    const { doc, replica } = transcript('P07: We did a bilot of it with the cosd.', []);
    const starts = anchor(doc, 'bilot of it');
    const ends = anchor(doc, 'the cosd');
    correct(doc, 'bilot', 'bilot', 'pilot');
    correct(doc, 'cosd', 'cosd', 'cost');
    expect(covered(replica, starts)).toBe('pilot of it');
    expect(covered(replica, ends)).toBe('the cost');
  });

  it('leaves text typed exactly at a coding’s edge outside it, and keeps its corrected first letter', () => {
    const { doc, replica } = transcript();
    const span = anchor(doc, 'We stopped');
    correct(doc, 'We stopped', 'We stopped', 'Then We stopped');
    expect(covered(replica, span)).toBe('We stopped');
    // The "W" the coding starts on, corrected to "w", stays its first letter; words changed before it stay outside.
    correct(doc, 'We stopped', 'Then We', 'Then we');
    correct(doc, 'we stopped', 'Then we', 'So we');
    expect(covered(replica, span)).toBe('we stopped');
  });

  it('orphans a coding whose whole text is deleted, and shrinks one that loses part of it', () => {
    const { doc, replica } = transcript();
    const gone = anchor(doc, 'after a year');
    const shrunk = anchor(doc, 'the pilot after');
    const text = readTranscriptText(doc);
    const at = text.indexOf(' after a year');
    const result = correct(doc, 'after a year', ' after a year', '');
    expect(result.edit).toEqual({ start: at, deleteCount: ' after a year'.length, insert: '' });
    expect(spansRemovedBy(result.edit!, [{ start: at + 1, end: at + 13 }, { start: text.indexOf('the pilot'), end: at + 6 }])).toBe(1);
    expect(resolveSpanAnchor(gone, replica).orphaned).toBe(true);
    expect(covered(replica, shrunk)).toBe('the pilot');
  });
});

describe('applyTranscriptCorrection: units', () => {
  it('moves the edited unit’s end and every later unit, so the stored units still fit the text', () => {
    const { doc, replica } = transcript();
    const result = correct(doc, 'traning', 'traning was hihg', 'training was very high');
    expect(result.units).toBe('shifted');
    const text = readTranscriptText(replica);
    const units = replica.getArray<{ start: number; end: number; speaker?: string }>(transcriptUnitsKey).toArray();
    expect(units).toEqual(speakerTurnUnits(text));
    expect(unitsFitText(text, units as never)).toBe(true);
    expect(text.slice(units[3]!.start, units[3]!.end)).toBe('P07: We stopped the pilot after a year.');
  });

  it('takes a turn’s speaker from its corrected label', () => {
    const { doc, replica } = transcript();
    correct(doc, 'We stopped', 'P07:', 'P08:');
    expect(readTranscriptUnits(replica)[3]).toMatchObject({ kind: 'turn', speaker: 'P08' });
  });

  it('writes no units for a transcript without stored ones, and derives them again when the stored ones no longer fit', () => {
    const plain = transcript('First paragraph, wiht a typo.\n\nSecond paragraph.', []);
    expect(correct(plain.doc, 'wiht', 'wiht', 'with').units).toBe('none');
    expect(plain.replica.getArray(transcriptUnitsKey).length).toBe(0);
    expect(readTranscriptText(plain.replica)).toBe('First paragraph, with a typo.\n\nSecond paragraph.');

    const stale = transcript();
    // An earlier edit (before units were kept in step) left the stored units cutting words.
    stale.doc.transact(() => transcriptText(stale.doc).insert(0, 'Title\n\n'));
    expect(correct(stale.doc, 'hihg', 'hihg', 'high').units).toBe('rederived');
    const text = readTranscriptText(stale.replica);
    expect(readTranscriptUnits(stale.replica)).toEqual(speakerTurnUnits(text));
  });

  it('refuses a passage changed since its editor opened, and an empty one, writing nothing', () => {
    const { doc } = transcript();
    const units = readTranscriptUnits(doc);
    const unit = units[1]!;
    const base = readTranscriptText(doc).slice(unit.start, unit.end);
    const snapshot = Y.encodeStateVector(doc);
    expect(() => applyTranscriptCorrection(doc, { start: unit.start, end: unit.end, base: `${base}!`, text: base })).toThrow(CorrectionError);
    expect(() => applyTranscriptCorrection(doc, { start: unit.start, end: unit.end, base, text: ' \n ' })).toThrow(/cannot be empty/);
    expect(Y.encodeStateVector(doc)).toEqual(snapshot);
    expect(applyTranscriptCorrection(doc, { start: unit.start, end: unit.end, base, text: `${base}\n` })).toEqual({ edit: null, units: 'none' });
  });

  it('is one transaction with the caller’s origin', () => {
    const { doc } = transcript();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    correct(doc, 'hihg', 'hihg', 'high');
    expect(origins).toEqual([null]);
    const origin = { owner: 'me' };
    const unit = readTranscriptUnits(doc)[0]!;
    const base = readTranscriptText(doc).slice(unit.start, unit.end);
    applyTranscriptCorrection(doc, { start: unit.start, end: unit.end, base, text: base.replace('start', 'begin') }, origin);
    expect(origins).toEqual([null, origin]);
  });
});

describe('codedRuns', () => {
  it('cuts a unit where codings start and end, counting those that cover each run', () => {
    expect(codedRuns(10, 30, [{ start: 5, end: 14 }, { start: 12, end: 20 }, { start: 40, end: 50 }])).toEqual([
      { start: 10, end: 12, codings: 1 },
      { start: 12, end: 14, codings: 2 },
      { start: 14, end: 20, codings: 1 },
      { start: 20, end: 30, codings: 0 },
    ]);
    expect(codedRuns(0, 4, [])).toEqual([{ start: 0, end: 4, codings: 0 }]);
  });
});

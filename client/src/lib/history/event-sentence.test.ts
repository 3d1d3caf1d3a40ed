import { describe, expect, it } from 'vitest';
import { describeEvent, layerKind, layerLabel, quotePassage, sentenceText, type HistoryVocabulary } from './event-sentence.ts';
import { historyEvent } from './history-test-events.ts';

const vocab: HistoryVocabulary = {
  names: new Map([
    ['ana', 'Ana Ortiz'],
    ['ben', 'Ben Kim'],
    ['pat', 'Pat Lee'],
  ]),
  roles: new Map([['pat', 'owner']]),
  codeName: (id) => ({ push: 'Push models', pull: 'Pull models' })[id] ?? 'a deleted code',
  documentName: (id) => ({ d1: 'P01' })[id] ?? null,
  formatTime: (iso) => iso.slice(11, 16),
};
const say = (...args: Parameters<typeof describeEvent>) => sentenceText(describeEvent(...args));
const coding = (codeId: string, memo = '', start = 'AA==', end = 'AQ==') => ({ codeId, memo, anchor: { start, end } });

describe('event sentences', () => {
  it('says who coded what as which code where, with the passage once it is known', () => {
    const added = historyEvent(1);
    expect(say(added, vocab)).toBe('Ana Ortiz coded a passage as Push models in P01');
    expect(say(added, vocab, { after: 'we   pushed a toolkit out to every school in the district, and then' })).toBe('Ana Ortiz coded “we pushed a toolkit out to every school in the…” as Push models in P01');
    expect(describeEvent(added, vocab)).toMatchObject({ actor: 'Ana Ortiz', documentId: 'd1', documentName: 'P01' });
  });

  it('describes removals, recodings, moved boundaries and memos', () => {
    const removed = historyEvent(2, { type: 'coding.removed', before: coding('push'), after: null });
    expect(say(removed, vocab)).toBe('Ana Ortiz removed a coding of Push models in P01');
    expect(say(removed, vocab, { before: 'a toolkit' })).toBe('Ana Ortiz removed Push models from “a toolkit” in P01');
    const changed = (before: object, after: object) => say(historyEvent(3, { type: 'coding.changed', before, after }), vocab);
    expect(changed(coding('push'), coding('pull'))).toBe('Ana Ortiz recoded a coding from Push models to Pull models in P01');
    expect(changed(coding('push'), coding('push', '', 'AA==', 'Ag=='))).toBe('Ana Ortiz moved the boundaries of a coding of Push models in P01');
    expect(changed(coding('push'), coding('push', 'check'))).toBe('Ana Ortiz added a memo to a coding of Push models in P01');
    expect(changed(coding('push', 'check'), coding('push'))).toBe('Ana Ortiz removed the memo from a coding of Push models in P01');
    expect(changed(coding('push', 'a'), coding('pull', 'b'))).toBe('Ana Ortiz changed a coding of Push models: recoded to Pull models, changed its memo in P01');
  });

  it('names the layer when someone changed another coder’s codings or the consensus', () => {
    const onBehalf = historyEvent(4, { userId: 'pat', layer: 'ana' });
    expect(say(onBehalf, vocab)).toBe('Pat Lee coded a passage as Push models in Ana Ortiz’s layer in P01');
    expect(say(historyEvent(5, { userId: 'pat', layer: 'consensus' }), vocab)).toBe('Pat Lee put a passage into the consensus as Push models in P01');
    expect([layerKind(historyEvent(1)), layerKind(onBehalf), layerKind({ layer: 'consensus', userId: 'pat' }), layerKind({ layer: null, userId: 'pat' })]).toEqual(['own', 'coder', 'consensus', 'codebook']);
    expect(layerLabel(onBehalf, vocab.names)).toBe('Ana Ortiz’s layer');
    expect(layerLabel(historyEvent(1), vocab.names)).toBe('Own layer');
  });

  it('describes codebook changes field by field', () => {
    const code = (field: string | null, before: unknown, after: unknown) =>
      say(historyEvent(6, { userId: 'ben', layer: null, type: 'code.changed', documentId: null, codingId: null, codeId: 'pull', before: { field, value: before }, after: { field, value: after } }), vocab);
    expect(code('definition', 'Asked for.', 'Sought out.')).toBe('Ben Kim changed the definition of Pull models');
    expect(code('definition', '', 'Sought out.')).toBe('Ben Kim wrote the definition of Pull models');
    expect(code('name', 'pull', 'Pull models')).toBe('Ben Kim renamed pull to Pull models');
    expect(code('parentId', null, 'push')).toBe('Ben Kim moved Pull models under Push models');
    expect(code('isStage', false, true)).toBe('Ben Kim made Pull models a stage code');
    expect(code('domain', null, 'Stages')).toBe('Ben Kim put Pull models in the domain “Stages”');
    expect(code(null, null, { name: 'Pull models', colour: '#E69F00' })).toBe('Ben Kim added the code Pull models');
    expect(code(null, { name: 'Old pull' }, null)).toBe('Ben Kim deleted the code Old pull');
  });

  it('says what a revert undid and why, naming the owner as such', () => {
    const revert = historyEvent(9, { userId: 'pat', type: 'history.reverted', codingId: null, codeId: null, before: null, after: { seqs: [3, 4], reason: 'wrong document' } });
    expect(say(revert, vocab)).toBe('Pat Lee (owner) reverted 2 changes (events 3, 4) in P01: ‘wrong document’');
    const since = historyEvent(10, { userId: 'pat', type: 'history.reverted', before: null, after: { seqs: [1, 2, 3, 4, 5], userId: 'ana', since: '2026-03-12T10:04:00.000Z', reason: 'coded the wrong transcript' } });
    expect(describeEvent(since, vocab)).toMatchObject({ action: 'reverted 5 changes Ana Ortiz made after 10:04', tail: ': ‘coded the wrong transcript’' });
  });

  it('says what a reconciliation decision did, with its rationale', () => {
    const decided = (after: object, before: object | null = null) => say(historyEvent(11, { userId: 'pat', layer: 'consensus', type: 'decision.made', codingId: null, codeId: null, before, after }), vocab);
    expect(decided({ action: 'accept', chosenUserIds: ['ana'], rationale: 'one continuous account', result: [{ codeId: 'push' }] })).toBe('Pat Lee accepted Ana Ortiz’s Push models into the consensus in P01: ‘one continuous account’');
    expect(decided({ action: 'rejectAll', chosenUserIds: [], rationale: 'not a stage', result: [] }, { decisionId: 'd1' })).toBe('Pat Lee decided again: rejected every coding of a passage in P01: ‘not a stage’');
    expect(decided({ action: 'auto', chosenUserIds: [], rationale: '', result: [{ codeId: 'pull' }] })).toBe('Pat Lee pre-merged an agreed passage (Pull models) into the consensus in P01');
  });

  it('tells a round’s story: created, phases, submissions (also those made at the reveal), re-openings', () => {
    const round = (type: string, before: object | null, after: object | null, extra: object = {}) => say(historyEvent(12, { userId: 'pat', layer: null, documentId: null, type, codingId: null, codeId: null, before, after, ...extra }), vocab);
    expect(round('round.changed', null, { name: 'Main', phase: 'setup' })).toBe('Pat Lee created the round “Main”');
    expect(round('round.changed', { name: 'Main', phase: 'blind' }, { name: 'Main', phase: 'compare' })).toBe('Pat Lee revealed the round “Main”');
    expect(round('round.changed', { name: 'Main', phase: 'setup' }, null)).toBe('Pat Lee deleted the round “Main”');
    expect(round('round.submitted', null, { roundId: 'r' }, { userId: 'ana', layer: 'ana', documentId: 'd1' })).toBe('Ana Ortiz submitted their codings for the round in P01');
    expect(round('round.submitted', null, { roundId: 'r', submittedFor: 'ana' }, { layer: 'ana', documentId: 'd1' })).toBe('Pat Lee submitted Ana Ortiz’s codings as they stood at the reveal in P01');
    expect(round('round.reopened', { submissionId: 's' }, { phase: 'compare' }, { layer: 'ana', documentId: 'd1' })).toBe('Pat Lee re-opened Ana Ortiz’s submission in P01');
  });

  it('says which code a merge went into, and its undo', () => {
    const merge = (type: string, before: object | null, after: object | null) => say(historyEvent(13, { userId: 'pat', layer: null, documentId: null, type, codingId: null, codeId: 'push', before, after }), vocab);
    expect(merge('code.merged', null, { into: 'pull', mergeId: 'm', recoded: 3 })).toBe('Pat Lee merged Push models into Pull models (3 codings recoded)');
    expect(merge('code.unmerged', { into: 'pull', mergeId: 'm' }, null)).toBe('Pat Lee undid the merge of Push models into Pull models');
  });

  it('names the administrator, the server and former members, and deleted documents', () => {
    expect(describeEvent(historyEvent(1, { userId: 'admin' }), vocab).actor).toBe('The administrator');
    expect(describeEvent(historyEvent(1, { userId: 'system' }), vocab).actor).toBe('Accord');
    expect(describeEvent(historyEvent(1, { userId: 'gone' }), vocab).actor).toBe('A former member');
    const redacted = historyEvent(1, { documentId: 'd9', codingId: null, before: null, after: null, redacted: true });
    expect(say(redacted, vocab)).toBe('Ana Ortiz added a coding (the document was deleted) in a deleted document');
  });

  it('tells what happened to document and project memos, and whose', () => {
    const memo = (seq: number, type: string, before: object | null, after: object | null, fields: Partial<Parameters<typeof historyEvent>[1]> = {}) =>
      historyEvent(seq, { type, layer: 'ana', codingId: null, codeId: null, before, after, ...fields });
    const v = (title: string, text = 'Some text') => ({ memoId: 'm1', title, text });
    expect(say(memo(20, 'memo.added', null, v('Why P01 differs')), vocab)).toBe('Ana Ortiz wrote the memo “Why P01 differs” in P01');
    expect(say(memo(21, 'memo.added', null, v('Sampling'), { documentId: null }), vocab)).toBe('Ana Ortiz wrote the project memo “Sampling”');
    expect(say(memo(22, 'memo.changed', v('Why P01 differs'), v('Why P01 differs', 'More')), vocab)).toBe('Ana Ortiz changed the text of the memo “Why P01 differs” in P01');
    expect(say(memo(23, 'memo.changed', v('Old'), v('New')), vocab)).toBe('Ana Ortiz renamed the memo “Old” to “New” in P01');
    expect(say(memo(24, 'memo.removed', v('Why P01 differs'), null), vocab)).toBe('Ana Ortiz deleted the memo “Why P01 differs” in P01');
    expect(say(memo(25, 'memo.removed', v('Sampling'), null, { userId: 'pat', documentId: null }), vocab)).toBe('Pat Lee deleted Ana Ortiz’s project memo “Sampling”');
    expect(say(memo(26, 'memo.added', null, null, { redacted: true, documentId: null }), vocab)).toBe('Ana Ortiz wrote a memo (its author’s account was deleted)');
    expect(layerLabel(memo(27, 'memo.added', null, v('x')), vocab.names)).toBe('Memo');
  });

  it('says which words a transcript correction changed', () => {
    const correction = (seq: number, removed: string, inserted: string, fields: Partial<Parameters<typeof historyEvent>[1]> = {}) =>
      historyEvent(seq, { type: 'transcript.changed', layer: null, codingId: null, codeId: null, before: { at: 57, text: removed }, after: { at: 57, text: inserted }, ...fields });
    expect(say(correction(30, 'help', 'support from the county'), vocab)).toBe('Ana Ortiz corrected the transcript: “help” → “support from the county” in P01');
    expect(say(correction(31, '', '[inaudible]'), vocab)).toBe('Ana Ortiz added “[inaudible]” to the transcript in P01');
    expect(say(correction(32, 'um, ', ''), vocab)).toBe('Ana Ortiz deleted “um,” from the transcript in P01');
    expect(say(correction(33, 'help', 'x', { redacted: true, before: null, after: null }), vocab)).toBe('Ana Ortiz corrected the transcript (the document was deleted) in P01');
    expect(layerLabel(correction(34, 'a', 'b'), vocab.names)).toBe('Transcript');
  });

  it('quotes a passage short, on a word boundary', () => {
    expect(quotePassage('short text')).toBe('“short text”');
    expect(quotePassage('one two three four five six', 12)).toBe('“one two…”');
    expect(quotePassage('abcdefghijklmnopqrstuvwxyz', 10)).toBe('“abcdefghij…”');
  });
});

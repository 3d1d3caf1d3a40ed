import type { HistoryEventView, Role } from '../../../../shared/api/index.ts';
import { codeNameIn, readCodeFieldValue, readCodingValue, readDecisionValue, readMemoValue, readMergeValue, readRevertValue, readRoundValue, readTranscriptEdit, type CodingValue } from './event-values.ts';

/** What the sentences need to name things: people, codes, documents, and how to show a time. */
export interface HistoryVocabulary {
  readonly names: ReadonlyMap<string, string>;
  readonly roles: ReadonlyMap<string, Role>;
  codeName(codeId: string): string;
  /** Null for a document that is gone (deleted) or unknown. */
  documentName(documentId: string): string | null;
  formatTime(iso: string): string;
}

/** A sentence about an event, in parts so the page can make the document a link. */
export interface EventSentence {
  /** "Ana Ortiz", "Pat Lee (owner)". */
  readonly actor: string;
  /** What they did, without the actor or the document: "coded “pushed a toolkit…” as Push models". */
  readonly action: string;
  /** The document it happened in (null for the codebook), and its name ("a deleted document" when gone). */
  readonly documentId: string | null;
  readonly documentName: string | null;
  /** Said after the document: a revert's reason (": ‘wrong document’"), or nothing. */
  readonly tail: string;
}

/** The passages a coding event touched, once looked up (`undefined`: not looked up; null: the text is gone). */
export interface EventPassages {
  readonly before?: string | null;
  readonly after?: string | null;
}

/** Whose codings an event changed, relative to who changed them (ux.md item 8: "which layer"). */
export type LayerKind = 'own' | 'coder' | 'consensus' | 'codebook' | 'memo' | 'transcript';

export function personName(userId: string, names: ReadonlyMap<string, string>): string {
  if (userId === 'admin') return 'The administrator';
  if (userId === 'system') return 'Accord';
  return names.get(userId) ?? 'A former member';
}

/** "Ana Ortiz’s": a possessive that reads right for names ending in s too (Thomas’s). */
export function possessive(name: string): string {
  return `${name}’s`;
}

export function layerKind(event: Pick<HistoryEventView, 'layer' | 'userId'> & { readonly type?: string }): LayerKind {
  if (event.type?.startsWith('memo.')) return 'memo';
  if (event.type === 'transcript.changed') return 'transcript';
  if (event.layer === null) return 'codebook';
  if (event.layer === 'consensus') return 'consensus';
  return event.layer === event.userId ? 'own' : 'coder';
}

/** "Own layer", "Ana Ortiz’s layer", "Consensus", "Codebook", "Memo". */
export function layerLabel(event: Pick<HistoryEventView, 'layer' | 'userId'> & { readonly type?: string }, names: ReadonlyMap<string, string>): string {
  switch (layerKind(event)) {
    case 'memo':
      return 'Memo';
    case 'transcript':
      return 'Transcript';
    case 'codebook':
      return 'Codebook';
    case 'consensus':
      return 'Consensus';
    case 'own':
      return 'Own layer';
    case 'coder':
      return `${possessive(personName(event.layer!, names))} layer`;
  }
}

/**
 * A passage as a short quotation: whitespace folded, cut at a word near `max` characters.
 *
 * @example
 * quotePassage('we   pushed a toolkit out to every school in the district') // '“we pushed a toolkit out to every school…”'
 */
export function quotePassage(text: string, max = 48): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  if (folded.length <= max) return `“${folded}”`;
  const cut = folded.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `“${(space > max / 2 ? cut.slice(0, space) : folded.slice(0, max)).replace(/[\s,.;:]+$/, '')}…”`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function codingAction(event: HistoryEventView, vocab: HistoryVocabulary, passages: EventPassages): string {
  const before = readCodingValue(event.before);
  const after = readCodingValue(event.after);
  const codeOf = (value: CodingValue | null) => vocab.codeName(value?.codeId ?? event.codeId ?? '');
  const quote = (text: string | null | undefined) => (text ? quotePassage(text) : null);
  const where = event.layer === 'consensus' ? 'consensus' : event.layer !== null && event.layer !== event.userId ? 'other' : 'own';
  const inLayer = where === 'other' ? ` in ${possessive(personName(event.layer!, vocab.names))} layer` : where === 'consensus' ? ' in the consensus' : '';
  if (event.type === 'coding.added') {
    const passage = quote(passages.after) ?? 'a passage';
    if (where === 'consensus') return `put ${passage} into the consensus as ${codeOf(after)}`;
    return `coded ${passage} as ${codeOf(after)}${inLayer}`;
  }
  if (event.type === 'coding.removed') {
    const passage = quote(passages.before);
    if (where === 'consensus') return `took ${passage ? `${passage} (${codeOf(before)})` : `a coding of ${codeOf(before)}`} out of the consensus`;
    return `${passage ? `removed ${codeOf(before)} from ${passage}` : `removed a coding of ${codeOf(before)}`}${inLayer}`;
  }
  // coding.changed: say each thing that changed.
  const passage = quote(passages.after ?? passages.before);
  const object = passage ? `${passage} (${codeOf(before ?? after)})` : `a coding of ${codeOf(before ?? after)}`;
  const recoded = before && after && before.codeId !== after.codeId;
  const moved = before && after && (before.anchor.start !== after.anchor.start || before.anchor.end !== after.anchor.end);
  const memo = before && after && before.memo !== after.memo ? (before.memo === '' ? 'added' : after.memo === '' ? 'removed' : 'changed') : null;
  const parts = [recoded ? `recoded to ${codeOf(after)}` : null, moved ? 'moved its boundaries' : null, memo ? `${memo} its memo` : null].filter((p): p is string => p !== null);
  if (parts.length > 1) return `changed ${object}: ${parts.join(', ')}${inLayer}`;
  if (recoded) return `recoded ${passage ?? 'a coding'} from ${codeOf(before)} to ${codeOf(after)}${inLayer}`;
  if (moved) return `moved the boundaries of ${object}${inLayer}`;
  if (memo === 'added') return `added a memo to ${object}${inLayer}`;
  if (memo === 'removed') return `removed the memo from ${object}${inLayer}`;
  if (memo === 'changed') return `changed the memo on ${object}${inLayer}`;
  return `changed ${object}${inLayer}`;
}

function codeAction(event: HistoryEventView, vocab: HistoryVocabulary): string {
  const before = readCodeFieldValue(event.before);
  const after = readCodeFieldValue(event.after);
  const name = vocab.codeName(event.codeId ?? '');
  const field = after?.field ?? before?.field ?? null;
  if (field === null) {
    if (before?.value == null) return `added the code ${codeNameIn(after) ?? name}`;
    if (after?.value == null) return `deleted the code ${codeNameIn(before) ?? name}`;
    return `replaced the code ${name}`;
  }
  const was = before?.value ?? null;
  const now = after?.value ?? null;
  const empty = (v: unknown) => v === null || v === '' || (Array.isArray(v) && v.length === 0);
  switch (field) {
    case 'name':
      return `renamed ${typeof was === 'string' && was ? was : name} to ${typeof now === 'string' && now ? now : 'an unnamed code'}`;
    case 'definition':
      return empty(was) ? `wrote the definition of ${name}` : empty(now) ? `cleared the definition of ${name}` : `changed the definition of ${name}`;
    case 'inclusion':
      return `changed when to use ${name}`;
    case 'exclusion':
      return `changed when not to use ${name}`;
    case 'examples':
      return `changed the examples of ${name}`;
    case 'colour':
      return `changed the colour of ${name}`;
    case 'shortName':
      return empty(now) ? `removed the short name of ${name}` : `changed the short name of ${name} to “${String(now)}”`;
    case 'parentId':
      return typeof now === 'string' && now ? `moved ${name} under ${vocab.codeName(now)}` : `moved ${name} to the top level`;
    case 'order':
      return `reordered ${name}`;
    case 'isStage':
      return now === true ? `made ${name} a stage code` : `made ${name} no longer a stage code`;
    case 'stageOrder':
      return typeof now === 'number' ? `changed the stage order of ${name} to ${now}` : `changed the stage order of ${name}`;
    case 'domain':
      return empty(now) ? `took ${name} out of its domain` : `put ${name} in the domain “${String(now)}”`;
    default:
      return `changed ${field} of ${name}`;
  }
}

function revertAction(event: HistoryEventView, vocab: HistoryVocabulary): { action: string; tail: string } {
  const revert = readRevertValue(event.after);
  if (!revert) return { action: 'reverted changes', tail: '' };
  const n = revert.seqs.length;
  const which = n > 0 && n <= 3 ? ` (${n === 1 ? 'event' : 'events'} ${revert.seqs.join(', ')})` : '';
  const tail = revert.reason ? `: ‘${revert.reason}’` : '';
  if (revert.userId !== null && revert.since !== null) {
    return { action: `reverted ${plural(n, 'change')} ${personName(revert.userId, vocab.names)} made after ${vocab.formatTime(revert.since)}${which}`, tail };
  }
  return { action: `reverted ${plural(n, 'change')}${which}`, tail };
}

/** "Ana Ortiz’s and Ben Kim’s", "every coder’s". */
function whose(userIds: readonly string[], vocab: HistoryVocabulary): string {
  const names = userIds.map((id) => possessive(personName(id, vocab.names)));
  if (names.length === 0) return 'no one’s';
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function decisionAction(event: HistoryEventView, vocab: HistoryVocabulary): { action: string; tail: string } {
  const decision = readDecisionValue(event.after);
  if (!decision) return { action: 'made a decision', tail: '' };
  const codes = [...new Set(decision.codeIds)].map((id) => vocab.codeName(id)).join(', ');
  const again = event.before !== null ? 'decided again: ' : '';
  const tail = decision.rationale ? `: ‘${decision.rationale}’` : '';
  switch (decision.action) {
    case 'accept':
      return { action: `${again}accepted ${whose(decision.chosenUserIds, vocab)} ${codes || 'coding'} into the consensus`, tail };
    case 'acceptAll':
      return { action: `${again}accepted every coder’s codings (${codes}) into the consensus`, tail };
    case 'rejectAll':
      return { action: `${again}rejected every coding of a passage`, tail };
    case 'edit':
      return { action: `${again}put an edited coding of ${codes} into the consensus`, tail };
    case 'recode':
      return { action: `${again}recoded a passage as ${codes} in the consensus`, tail };
    case 'defer':
      return { action: `${again}deferred a passage`, tail };
    case 'auto':
      return { action: `pre-merged an agreed passage (${codes}) into the consensus`, tail };
    default:
      return { action: `${again}decided a passage (${decision.action})`, tail };
  }
}

const phaseSentences: Readonly<Record<string, (name: string) => string>> = {
  setup: (name) => `created the round ${name}`,
  blind: (name) => `started blind coding in the round ${name}`,
  compare: (name) => `revealed the round ${name}`,
  reconcile: (name) => `opened reconciliation of the round ${name}`,
  locked: (name) => `locked the round ${name}`,
};

function roundAction(event: HistoryEventView, vocab: HistoryVocabulary): string {
  const before = readRoundValue(event.before);
  const after = readRoundValue(event.after);
  const name = `“${after?.name ?? before?.name ?? 'a round'}”`;
  if (event.type === 'round.submitted') {
    const coder = event.layer && event.layer !== event.userId ? event.layer : null;
    return coder ? `submitted ${possessive(personName(coder, vocab.names))} codings as they stood at the reveal` : 'submitted their codings for the round';
  }
  if (event.type === 'round.reopened') {
    return event.layer && event.layer !== event.userId ? `re-opened ${possessive(personName(event.layer, vocab.names))} submission` : 're-opened their submission';
  }
  if (after === null) return `deleted the round ${name}`;
  if (before === null || before.phase !== after.phase) return phaseSentences[after.phase ?? '']?.(name) ?? `changed the round ${name}`;
  return `changed the round ${name}`;
}

/** A document or project memo written, changed or deleted; `layer` is the memo's author. */
function memoAction(event: HistoryEventView, vocab: HistoryVocabulary): string {
  const before = readMemoValue(event.before);
  const after = readMemoValue(event.after);
  const noun = event.documentId === null ? 'project memo' : 'memo';
  const named = (value: { title: string } | null) => (value?.title ? `the ${noun} ${quotePassage(value.title, 60)}` : `a ${noun}`);
  const author = event.layer !== null && event.layer !== event.userId ? event.layer : null;
  if (event.type === 'memo.added') return `wrote ${named(after)}`;
  if (event.type === 'memo.removed') {
    if (!author) return `deleted ${named(before)}`;
    return `deleted ${possessive(personName(author, vocab.names))} ${noun}${before?.title ? ` ${quotePassage(before.title, 60)}` : ''}`;
  }
  if (before && after && before.title !== after.title) {
    return before.text === after.text ? `renamed ${named(before)} to ${quotePassage(after.title, 60)}` : `rewrote ${named(before)} as ${quotePassage(after.title, 60)}`;
  }
  return `changed the text of ${named(after ?? before)}`;
}

/** A correction of a transcript: the words removed and the words put in their place. */
function transcriptAction(event: HistoryEventView): string {
  const removed = readTranscriptEdit(event.before);
  const inserted = readTranscriptEdit(event.after);
  if (removed && inserted) return `corrected the transcript: ${quotePassage(removed, 80)} → ${quotePassage(inserted, 80)}`;
  if (inserted) return `added ${quotePassage(inserted, 80)} to the transcript`;
  if (removed) return `deleted ${quotePassage(removed, 80)} from the transcript`;
  return 'corrected the transcript';
}

function mergeAction(event: HistoryEventView, vocab: HistoryVocabulary): string {
  const code = vocab.codeName(event.codeId ?? '');
  if (event.type === 'code.merged') {
    const merge = readMergeValue(event.after);
    if (!merge) return `merged ${code} into another code`;
    return `merged ${code} into ${vocab.codeName(merge.into)}${merge.recoded !== null ? ` (${plural(merge.recoded, 'coding')} recoded)` : ''}`;
  }
  const merge = readMergeValue(event.before);
  return `undid the merge of ${code}${merge ? ` into ${vocab.codeName(merge.into)}` : ''}`;
}

/**
 * An event as a sentence a researcher reads ("Ana Ortiz coded “pushed a toolkit…” as Push models
 * in P01"). The coded text is not in the event: pass it in `passages` once looked up.
 */
export function describeEvent(event: HistoryEventView, vocab: HistoryVocabulary, passages: EventPassages = {}): EventSentence {
  let actor = personName(event.userId, vocab.names);
  const documentName = event.documentId === null ? null : (vocab.documentName(event.documentId) ?? 'a deleted document');
  let action: string;
  let tail = '';
  if (event.redacted) {
    const verbs: Record<string, string> = { 'coding.added': 'added a coding', 'coding.removed': 'removed a coding', 'coding.changed': 'changed a coding', 'memo.added': 'wrote a memo', 'memo.changed': 'changed a memo', 'memo.removed': 'deleted a memo', 'transcript.changed': 'corrected the transcript' };
    const verb = verbs[event.type] ?? 'made a change';
    // A memo's events are redacted with its document, or with its author's account.
    const why = !event.type.startsWith('memo.') ? 'the document was deleted' : event.documentId === null ? 'its author’s account was deleted' : 'its document or its author’s account was deleted';
    action = `${verb} (${why})`;
  } else if (event.type.startsWith('coding.')) {
    action = codingAction(event, vocab, passages);
  } else if (event.type === 'code.changed') {
    action = codeAction(event, vocab);
  } else if (event.type === 'history.reverted') {
    if (vocab.roles.get(event.userId) === 'owner') actor = `${actor} (owner)`;
    ({ action, tail } = revertAction(event, vocab));
  } else if (event.type === 'decision.made') {
    ({ action, tail } = decisionAction(event, vocab));
  } else if (event.type.startsWith('round.')) {
    action = roundAction(event, vocab);
  } else if (event.type === 'code.merged' || event.type === 'code.unmerged') {
    action = mergeAction(event, vocab);
  } else if (event.type.startsWith('memo.')) {
    action = memoAction(event, vocab);
  } else if (event.type === 'transcript.changed') {
    action = transcriptAction(event);
  } else {
    action = `made a change (${event.type})`;
  }
  return { actor, action, documentId: event.documentId, documentName, tail };
}

/** The sentence as plain text, for the live region, titles and tests. */
export function sentenceText(sentence: EventSentence): string {
  return `${sentence.actor} ${sentence.action}${sentence.documentName ? ` in ${sentence.documentName}` : ''}${sentence.tail}`;
}

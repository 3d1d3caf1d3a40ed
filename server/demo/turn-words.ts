/**
 * Words and sentences of one speaker turn, so the demo coders' selections start and end where a
 * person dragging a selection would: on whole words, never across turns or speaker labels.
 */
export interface Word {
  readonly start: number;
  readonly end: number;
  /** Index of the sentence the word belongs to, counted within the turn. */
  readonly sentence: number;
}

export interface Turn {
  /** First character after the speaker label (`P03: `). */
  readonly start: number;
  /** End of the line. */
  readonly end: number;
  readonly words: readonly Word[];
}

const wordPattern = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const sentenceEnd = /[.?!]/;
const speakerLabel = /^[^:\n]{1,40}: /;

/** True when `offset` is a valid selection start: a letter or digit that begins a word. */
export function isWordStart(text: string, offset: number): boolean {
  return /[\p{L}\p{N}]/u.test(text.charAt(offset)) && (offset === 0 || !/[\p{L}\p{N}'’-]/u.test(text.charAt(offset - 1)));
}

/** True when `offset` is a valid selection end: after a word or its punctuation, before a non-word. */
export function isWordEnd(text: string, offset: number): boolean {
  return offset > 0 && !/\s/.test(text.charAt(offset - 1)) && (offset === text.length || !/[\p{L}\p{N}]/u.test(text.charAt(offset)));
}

/** The turn (line) containing `offset`, with its words. */
export function turnAt(text: string, offset: number): Turn {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  const label = speakerLabel.exec(text.slice(lineStart, end));
  const start = lineStart + (label ? label[0].length : 0);
  const words: Word[] = [];
  let sentence = 0;
  for (const match of text.slice(start, end).matchAll(wordPattern)) {
    const wordStart = start + match.index;
    const wordEnd = wordStart + match[0].length;
    words.push({ start: wordStart, end: wordEnd, sentence });
    if (sentenceEnd.test(text.charAt(wordEnd))) sentence++;
  }
  return { start, end, words };
}

/** Where a selection ending with `word` ends: a full stop, question or exclamation mark is taken along. */
export function selectionEndAfter(text: string, word: Word): number {
  return sentenceEnd.test(text.charAt(word.end)) ? word.end + 1 : word.end;
}

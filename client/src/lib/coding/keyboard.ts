import { goShortcut } from '../go-keys.ts';
import type { StepSize } from './selection-steps.ts';

/** What a key press means in the coding view (ux.md, keyboard map). Pure: the view decides what each does. */
export type Command =
  | { readonly kind: 'search' }
  | { readonly kind: 'pinned'; readonly n: number }
  | { readonly kind: 'delete' }
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' }
  | { readonly kind: 'step'; readonly direction: 1 | -1 }
  | { readonly kind: 'help' }
  | { readonly kind: 'memo' }
  | { readonly kind: 'open' }
  | { readonly kind: 'escape' }
  /** Shift + arrows / Page keys: extend the selection's moving end by a word, sentence or turn. */
  | { readonly kind: 'extend'; readonly by: StepSize; readonly direction: 1 | -1 }
  /** Arrows / Page keys: move the caret, when there is one (otherwise they scroll, as ever). */
  | { readonly kind: 'move'; readonly by: StepSize; readonly direction: 1 | -1 }
  /** `s`: a caret at the start of the turn in view. */
  | { readonly kind: 'caret' }
  /** `v`: in-vivo coding of the selection. */
  | { readonly kind: 'inVivo' }
  /** Any other character: with a selection made by keys, it starts filtering the palette. */
  | { readonly kind: 'type'; readonly text: string };

const stepKeys: Readonly<Record<string, readonly [StepSize, 1 | -1]>> = {
  ArrowRight: ['word', 1],
  ArrowLeft: ['word', -1],
  ArrowDown: ['sentence', 1],
  ArrowUp: ['sentence', -1],
  PageDown: ['turn', 1],
  PageUp: ['turn', -1],
};

/** True when keys should type text rather than act (inputs, text areas, selects, editable text). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function commandFor(event: KeyboardEvent): Command | null {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey) {
    const key = event.key.toLowerCase();
    if (key === 'z') return { kind: event.shiftKey ? 'redo' : 'undo' };
    if (key === 'y' && !event.shiftKey) return { kind: 'redo' };
    return null;
  }
  if (event.altKey) return null;
  const step = stepKeys[event.key];
  if (step) return { kind: event.shiftKey ? 'extend' : 'move', by: step[0], direction: step[1] };
  switch (event.key) {
    case '/':
      return { kind: 'search' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'delete' };
    case '[':
      return { kind: 'step', direction: -1 };
    case ']':
      return { kind: 'step', direction: 1 };
    case '?':
      return { kind: 'help' };
    case 'm':
      return { kind: 'memo' };
    case 'Enter':
      return { kind: 'open' };
    case 'Escape':
      return { kind: 'escape' };
    case 's':
      return { kind: 'caret' };
    case 'v':
      return { kind: 'inVivo' };
  }
  if (/^[1-9]$/.test(event.key)) return { kind: 'pinned', n: Number(event.key) };
  // One printable character (a letter, a digit 0, punctuation); not a space, which scrolls.
  if ([...event.key].length === 1 && event.key !== ' ') return { kind: 'type', text: event.key };
  return null;
}

/** The keyboard map as the `?` dialog lists it. */
export const shortcuts: readonly { readonly keys: readonly string[]; readonly action: string }[] = [
  { keys: ['1', '…', '9'], action: 'Apply a pinned code to the selected text' },
  { keys: ['/'], action: 'Open the code palette for the selected text, or search the codebook' },
  { keys: ['Enter'], action: 'In the palette: apply the highlighted code (or create the typed one). With selected text: open the palette. On a selected coding: open its card' },
  { keys: ['m'], action: 'In the palette: add a memo. On a selected coding: edit its memo' },
  { keys: ['v'], action: 'Code the selected text in vivo: a new code named from its words, under “In vivo”' },
  { keys: ['s'], action: 'Start selecting with the keyboard: a caret at the start of the turn in view' },
  { keys: ['Shift', '→'], action: 'Extend the selection by a word (Shift+← takes one back); starts at the caret, or at the turn in view' },
  { keys: ['Shift', '↓'], action: 'Extend the selection by a sentence (Shift+↑ takes one back)' },
  { keys: ['Shift', 'PgDn'], action: 'Extend the selection to the end of the speaker turn (Shift+PgUp: back to its start)' },
  { keys: ['→'], action: 'With a caret: move it to the next word (← the previous one)' },
  { keys: ['↓'], action: 'With a caret: move it to the next sentence (↑ the previous one)' },
  { keys: ['PgDn'], action: 'With a caret: move it to the next turn (PgUp the previous one). Esc drops the caret' },
  { keys: ['a', '…', 'z'], action: 'With text selected by keys: start typing a code’s name in the palette' },
  { keys: ['Del'], action: 'Remove the selected coding (undoable)' },
  { keys: ['Ctrl', 'Z'], action: 'Undo your last coding action (⌘Z on a Mac)' },
  { keys: ['Ctrl', 'Shift', 'Z'], action: 'Redo (⌘⇧Z on a Mac)' },
  { keys: ['['], action: 'Previous coding in this document' },
  { keys: [']'], action: 'Next coding in this document' },
  { keys: ['Esc'], action: 'Close the palette or card; clear the selection' },
  goShortcut,
  { keys: ['?'], action: 'Show these shortcuts' },
];

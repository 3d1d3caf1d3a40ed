import { goShortcut } from '../go-keys.ts';

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
  | { readonly kind: 'escape' };

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
  }
  if (/^[1-9]$/.test(event.key)) return { kind: 'pinned', n: Number(event.key) };
  return null;
}

/** The keyboard map as the `?` dialog lists it. */
export const shortcuts: readonly { readonly keys: readonly string[]; readonly action: string }[] = [
  { keys: ['1', '…', '9'], action: 'Apply a pinned code to the selected text' },
  { keys: ['/'], action: 'Open the code palette for the selected text, or search the codebook' },
  { keys: ['Enter'], action: 'In the palette: apply the highlighted code. On a selected coding: open its card' },
  { keys: ['m'], action: 'In the palette: add a memo. On a selected coding: edit its memo' },
  { keys: ['Del'], action: 'Remove the selected coding (undoable)' },
  { keys: ['Ctrl', 'Z'], action: 'Undo your last coding action (⌘Z on a Mac)' },
  { keys: ['Ctrl', 'Shift', 'Z'], action: 'Redo (⌘⇧Z on a Mac)' },
  { keys: ['['], action: 'Previous coding in this document' },
  { keys: [']'], action: 'Next coding in this document' },
  { keys: ['Esc'], action: 'Close the palette or card; clear the selection' },
  goShortcut,
  { keys: ['?'], action: 'Show these shortcuts' },
];

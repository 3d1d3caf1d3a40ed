import { goShortcut } from '../go-keys.ts';

/** What a key press means in the reconcile view (spec §3.3 keys). Pure: the view decides what each does. */
export type ReconcileCommand =
  | { readonly kind: 'accept'; readonly lane: number }
  | { readonly kind: 'acceptAll' }
  | { readonly kind: 'rejectAll' }
  | { readonly kind: 'edit' }
  | { readonly kind: 'defer' }
  | { readonly kind: 'step'; readonly direction: 1 | -1 }
  | { readonly kind: 'rationale' }
  | { readonly kind: 'discuss' }
  | { readonly kind: 'help' }
  | { readonly kind: 'escape' };

export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/**
 * The command for a key, or null. Keys with Ctrl, ⌘ or Alt belong to the browser; letters count
 * in either case (`B` as `b`), so Caps Lock does not turn the view deaf.
 *
 * @example
 * reconcileCommandFor({ key: '2', ctrlKey: false, metaKey: false, altKey: false }) // { kind: 'accept', lane: 2 }
 */
export function reconcileCommandFor(event: KeyPress): ReconcileCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (/^[1-9]$/.test(event.key)) return { kind: 'accept', lane: Number(event.key) };
  switch (event.key) {
    case 'ArrowRight':
      return { kind: 'step', direction: 1 };
    case 'ArrowLeft':
      return { kind: 'step', direction: -1 };
    case '?':
      return { kind: 'help' };
    case 'Escape':
      return { kind: 'escape' };
  }
  switch (event.key.length === 1 ? event.key.toLowerCase() : '') {
    case 'b':
      return { kind: 'acceptAll' };
    case 'n':
      return { kind: 'rejectAll' };
    case 'e':
      return { kind: 'edit' };
    case 'd':
      return { kind: 'defer' };
    case 'j':
      return { kind: 'step', direction: 1 };
    case 'k':
      return { kind: 'step', direction: -1 };
    case 'r':
      return { kind: 'rationale' };
    case 'c':
      return { kind: 'discuss' };
  }
  return null;
}

/** The keyboard map as the `?` dialog lists it. */
export const reconcileShortcuts: readonly { readonly keys: readonly string[]; readonly action: string }[] = [
  { keys: ['1', '…', '9'], action: 'Accept coder 1–9’s reading (in lane order)' },
  { keys: ['b'], action: 'Accept all readings' },
  { keys: ['n'], action: 'Reject all readings' },
  { keys: ['e'], action: 'Edit: choose the code and adjust the range; with the editor open, save the edit' },
  { keys: ['d'], action: 'Defer this passage' },
  { keys: ['r'], action: 'Write the rationale (Esc leaves the box)' },
  { keys: ['c'], action: 'Comment in the passage’s discussion (Ctrl+Enter sends)' },
  { keys: ['→'], action: 'Next passage (also j)' },
  { keys: ['←'], action: 'Previous passage (also k)' },
  { keys: ['Esc'], action: 'Leave a box (the rationale, the editor’s fields); then close the editor' },
  goShortcut,
  { keys: ['?'], action: 'Show these shortcuts' },
];

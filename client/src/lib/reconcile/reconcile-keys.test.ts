import { describe, expect, it } from 'vitest';
import { reconcileCommandFor, reconcileShortcuts } from './reconcile-keys.ts';
import { goShortcut } from '../go-keys.ts';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  reconcileCommandFor({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('the reconcile key map', () => {
  it('accepts coder k with the digits 1 to 9, never 0', () => {
    expect(press('1')).toEqual({ kind: 'accept', lane: 1 });
    expect(press('9')).toEqual({ kind: 'accept', lane: 9 });
    expect(press('0')).toBeNull();
  });

  it('maps the letters of spec §3.3 in either case', () => {
    expect(press('b')).toEqual({ kind: 'acceptAll' });
    expect(press('B')).toEqual({ kind: 'acceptAll' });
    expect(press('n')).toEqual({ kind: 'rejectAll' });
    expect(press('e')).toEqual({ kind: 'edit' });
    expect(press('d')).toEqual({ kind: 'defer' });
    expect(press('r')).toEqual({ kind: 'rationale' });
    expect(press('c')).toEqual({ kind: 'discuss' });
    expect(press('?')).toEqual({ kind: 'help' });
    expect(press('Escape')).toEqual({ kind: 'escape' });
  });

  it('steps with the arrows and with j and k', () => {
    expect(press('ArrowRight')).toEqual({ kind: 'step', direction: 1 });
    expect(press('j')).toEqual({ kind: 'step', direction: 1 });
    expect(press('ArrowLeft')).toEqual({ kind: 'step', direction: -1 });
    expect(press('k')).toEqual({ kind: 'step', direction: -1 });
  });

  it('leaves keys with Ctrl, ⌘ or Alt, and unknown keys, to the browser', () => {
    expect(press('b', { ctrlKey: true })).toBeNull();
    expect(press('2', { metaKey: true })).toBeNull();
    expect(press('n', { altKey: true })).toBeNull();
    expect(press('x')).toBeNull();
    expect(press('Enter')).toBeNull();
    expect(press('Backspace')).toBeNull();
  });

  it('lists every command in the shortcuts dialog', () => {
    // The project-wide `g` keys are listed too, but they are the page's, not this view's.
    const listed = reconcileShortcuts.filter((s) => s !== goShortcut).flatMap((s) => s.keys).filter((k) => k !== '…');
    const keyOf: Record<string, string> = { '→': 'ArrowRight', '←': 'ArrowLeft', Esc: 'Escape' };
    for (const key of listed) expect(press(keyOf[key] ?? key), key).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { commandFor, shortcuts } from './keyboard.ts';

const press = (key: string, mods: Partial<Pick<KeyboardEvent, 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>> = {}) =>
  commandFor({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods } as KeyboardEvent);

describe('the coding view’s keys for selecting and coding with the keyboard', () => {
  it('extends by a word, sentence or turn with Shift', () => {
    expect(press('ArrowRight', { shiftKey: true })).toEqual({ kind: 'extend', by: 'word', direction: 1 });
    expect(press('ArrowLeft', { shiftKey: true })).toEqual({ kind: 'extend', by: 'word', direction: -1 });
    expect(press('ArrowDown', { shiftKey: true })).toEqual({ kind: 'extend', by: 'sentence', direction: 1 });
    expect(press('ArrowUp', { shiftKey: true })).toEqual({ kind: 'extend', by: 'sentence', direction: -1 });
    expect(press('PageDown', { shiftKey: true })).toEqual({ kind: 'extend', by: 'turn', direction: 1 });
    expect(press('PageUp', { shiftKey: true })).toEqual({ kind: 'extend', by: 'turn', direction: -1 });
  });

  it('moves a caret without Shift, and leaves Alt+arrows (history navigation) to the browser', () => {
    expect(press('ArrowDown')).toEqual({ kind: 'move', by: 'sentence', direction: 1 });
    expect(press('ArrowLeft', { altKey: true })).toBeNull();
  });

  it('starts a caret with s, codes in vivo with v, and hands other characters to the palette', () => {
    expect(press('s')).toEqual({ kind: 'caret' });
    expect(press('v')).toEqual({ kind: 'inVivo' });
    expect(press('t')).toEqual({ kind: 'type', text: 't' });
    expect(press('Ü')).toEqual({ kind: 'type', text: 'Ü' });
    expect(press(' ')).toBeNull();
    expect(press('Tab')).toBeNull();
  });

  it('keeps the existing keys', () => {
    expect(press('3')).toEqual({ kind: 'pinned', n: 3 });
    expect(press('m')).toEqual({ kind: 'memo' });
    expect(press('z', { ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(press('?', { shiftKey: true })).toEqual({ kind: 'help' });
  });

  it('lists every action once in the shortcuts dialog, the new keys included', () => {
    const actions = shortcuts.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    const keys = shortcuts.map((s) => s.keys.join('+'));
    for (const key of ['v', 's', 'Shift+→', 'Shift+↓', 'Shift+PgDn', '→', '↓', 'PgDn']) expect(keys).toContain(key);
  });
});

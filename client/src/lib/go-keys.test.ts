import { describe, expect, it } from 'vitest';
import { GoKeys, goWindowMs } from './go-keys.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('GoKeys', () => {
  it('goes to a tab after g and its letter, in either case', () => {
    const keys = new GoKeys();
    expect(keys.press(key('g'), 0)).toBe('armed');
    const target = keys.press(key('H'), 300);
    expect(target !== null && target !== 'armed' && target.path('p1')).toBe('/projects/p1/history');
    expect(keys.press(key('g'), 1000)).toBe('armed');
    const rounds = keys.press(key('o'), 1100);
    expect(rounds !== null && rounds !== 'armed' && rounds.path('p 1')).toBe('/projects/p%201/rounds');
    // ux.md's keyboard map: `g p` opens the pathways.
    expect(keys.press(key('g'), 2000)).toBe('armed');
    const pathways = keys.press(key('p'), 2100);
    expect(pathways !== null && pathways !== 'armed' && pathways.path('p1')).toBe('/projects/p1/pathways');
  });

  it('leaves a letter alone without g, after the window, after another key, or with a modifier', () => {
    const keys = new GoKeys();
    expect(keys.press(key('h'), 0)).toBeNull();
    keys.press(key('g'), 0);
    expect(keys.press(key('h'), goWindowMs + 1)).toBeNull();
    keys.press(key('g'), 5000);
    expect(keys.press(key('j'), 5100)).toBeNull();
    expect(keys.press(key('h'), 5200)).toBeNull();
    keys.press(key('g'), 6000);
    expect(keys.press(key('h', { ctrlKey: true }), 6100)).toBeNull();
    expect(keys.press(key('g', { metaKey: true }), 7000)).toBeNull();
    expect(keys.press(key('h'), 7100)).toBeNull();
  });
});

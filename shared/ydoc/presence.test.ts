import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPresenceState, encodeSelection, presenceColour, presenceColours, readPresenceState, resolveSelection } from './presence.ts';

function transcript(text = 'We moved from push to pull support.') {
  const doc = new Y.Doc();
  doc.getText('transcript').insert(0, text);
  return { doc, ytext: doc.getText('transcript') };
}

describe('presence', () => {
  it('gives a user the same Okabe–Ito colour on every client', () => {
    expect(presenceColour('user-1')).toBe(presenceColour('user-1'));
    expect(presenceColours).toContain(presenceColour('user-1'));
    const colours = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map(presenceColour));
    expect(colours.size).toBeGreaterThan(2);
  });

  it('keeps a remote selection on the same words when text is inserted before it, through JSON', () => {
    const { doc, ytext } = transcript();
    const start = ytext.toString().indexOf('push');
    const state = createPresenceState({ id: 'u1', name: 'Ana' }, encodeSelection(ytext, start, start + 'push to pull'.length));
    const received = readPresenceState(JSON.parse(JSON.stringify(state)));
    ytext.insert(0, 'Well, ');
    const span = resolveSelection(received!.selection!, doc);
    expect(ytext.toString().slice(span!.start, span!.end)).toBe('push to pull');
    expect(received!.user).toEqual({ id: 'u1', name: 'Ana', colour: presenceColour('u1') });
  });

  it('has no selection for an empty range, and none once the selected text is deleted', () => {
    const { doc, ytext } = transcript();
    expect(encodeSelection(ytext, 3, 3)).toBeNull();
    const selection = encodeSelection(ytext, 3, 8)!;
    ytext.delete(2, 8);
    expect(resolveSelection(selection, doc)).toBeNull();
  });

  it('reads malformed states from other clients as absent, never throwing', () => {
    const { doc } = transcript();
    for (const value of [null, 1, 'x', {}, { user: null }, { user: { id: 1, name: 'x' } }, { user: { id: '', name: 'x' } }]) {
      expect(readPresenceState(value)).toBeNull();
    }
    const odd = readPresenceState({ user: { id: 'u2', name: 'Ben', colour: 'red; background: url(x)' }, selection: { start: '!!', end: 5 } });
    expect(odd).toEqual({ user: { id: 'u2', name: 'Ben', colour: presenceColour('u2') }, selection: null });
    expect(resolveSelection({ start: 'AAAA', end: '@@@' }, doc)).toBeNull();
  });
});

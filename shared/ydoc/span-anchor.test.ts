import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSpanAnchor, resolveSpanAnchor } from './span-anchor.ts';

/** A transcript doc and a separate coding doc, as in Accord: anchors live in another Y.Doc. */
function setup(text = 'We moved from push to pull support.') {
  const transcript = new Y.Doc();
  transcript.getText('transcript').insert(0, text);
  return { transcript, ytext: transcript.getText('transcript') };
}
const spanOf = (text: string, phrase: string) => [text.indexOf(phrase), text.indexOf(phrase) + phrase.length] as const;

describe('span anchors', () => {
  const text = 'We moved from push to pull support.';
  const [s, e] = spanOf(text, 'push to pull');

  it('resolves to the same offsets before any edit', () => {
    const { transcript, ytext } = setup();
    expect(resolveSpanAnchor(createSpanAnchor(ytext, s, e), transcript)).toEqual({ orphaned: false, start: s, end: e });
  });

  it('keeps text inserted exactly at the start outside the span', () => {
    const { transcript, ytext } = setup();
    const anchor = createSpanAnchor(ytext, s, e);
    ytext.insert(s, 'XX');
    const span = resolveSpanAnchor(anchor, transcript);
    expect(span).toEqual({ orphaned: false, start: s + 2, end: e + 2 });
    expect(ytext.toString().slice(span.start!, span.end!)).toBe('push to pull');
  });

  it('keeps text inserted exactly at the end outside the span', () => {
    const { transcript, ytext } = setup();
    const anchor = createSpanAnchor(ytext, s, e);
    ytext.insert(e, 'YY');
    const span = resolveSpanAnchor(anchor, transcript);
    expect(ytext.toString().slice(span.start!, span.end!)).toBe('push to pull');
  });

  it('takes text inserted inside into the span', () => {
    const { transcript, ytext } = setup();
    const anchor = createSpanAnchor(ytext, s, e);
    ytext.insert(s + 4, ' (and nudge)');
    const span = resolveSpanAnchor(anchor, transcript);
    expect(ytext.toString().slice(span.start!, span.end!)).toBe('push (and nudge) to pull');
  });

  it('moves with edits before the span and ignores edits after it', () => {
    const { transcript, ytext } = setup();
    const anchor = createSpanAnchor(ytext, s, e);
    ytext.delete(0, 3); // "We "
    ytext.insert(ytext.length, ' Later, co-creation.');
    const span = resolveSpanAnchor(anchor, transcript);
    expect(span).toEqual({ orphaned: false, start: s - 3, end: e - 3 });
  });

  it('shrinks when the span’s first or last characters are deleted', () => {
    const { transcript, ytext } = setup();
    const anchor = createSpanAnchor(ytext, s, e);
    ytext.delete(s, 5); // "push "
    ytext.delete(ytext.toString().indexOf('pull') + 2, 2); // "ll"
    const span = resolveSpanAnchor(anchor, transcript);
    expect(ytext.toString().slice(span.start!, span.end!)).toBe('to pu');
  });

  it('flags the span orphaned when its whole text is deleted, and keeps it orphaned after retyping', () => {
    const { transcript, ytext } = setup();
    const anchor = createSpanAnchor(ytext, s, e);
    ytext.delete(s - 1, e - s + 2);
    expect(resolveSpanAnchor(anchor, transcript).orphaned).toBe(true);
    ytext.insert(s - 1, ' push to pull ');
    expect(resolveSpanAnchor(anchor, transcript).orphaned).toBe(true);
  });

  it('converges to the same span for two clients editing concurrently', () => {
    const a = setup();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.transcript));
    const anchor = createSpanAnchor(a.ytext, s, e);
    // Concurrently: A inserts inside the span and before it; B inserts at the start edge and deletes after it.
    a.ytext.insert(s + 4, ' really');
    a.ytext.insert(0, 'Well, ');
    const bText = b.getText('transcript');
    bText.insert(s, '[laughs] ');
    bText.delete(bText.toString().indexOf('support'), 4);
    Y.applyUpdate(a.transcript, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.transcript));
    const onA = resolveSpanAnchor(anchor, a.transcript);
    const onB = resolveSpanAnchor(anchor, b);
    expect(onA).toEqual(onB);
    expect(a.ytext.toString()).toBe('Well, We moved from [laughs] push really to pull ort.');
    expect(a.ytext.toString().slice(onA.start!, onA.end!)).toBe('push really to pull');
  });

  it('refuses empty or out-of-range spans', () => {
    const { ytext } = setup();
    expect(() => createSpanAnchor(ytext, 5, 5)).toThrow(RangeError);
    expect(() => createSpanAnchor(ytext, 0, 999)).toThrow(RangeError);
  });
});

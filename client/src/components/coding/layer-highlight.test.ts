import { describe, expect, it } from 'vitest';
import type { PlacedCoding } from '../../lib/coding/coding-index.ts';
import type { Segment } from '../../lib/coding/unit-segments.ts';
import { layerSegmentStyle } from './layer-highlight.ts';

const colours: Record<string, string> = { push: '#E69F00', pull: '#56B4E9', cocreation: '#009E73' };
const colourOf = (id: string) => colours[id] ?? '#999999';
const placed = (layerKey: string, codeId: string): PlacedCoding =>
  ({ coding: { id: `${layerKey}-${codeId}`, codeId } as PlacedCoding['coding'], start: 0, end: 10, layerKey, column: 0 });
const segment = (codings: PlacedCoding[], remote: Segment['remote'] = [], focused = false): Segment => ({ start: 0, end: 10, codings, label: null, remote, tags: [], pending: false, focused, caret: false });

describe('highlights of one’s own and others’ codings', () => {
  it('fills one’s own coding with a tint of its code’s colour', () => {
    expect(layerSegmentStyle(segment([placed('own', 'push')]), colourOf, 'own')).toBe('background-color: rgb(230 159 0 / 0.2)');
  });

  it('fills overlapping own codings with the one colour their tints make together, the first on top', () => {
    // Pull under push, each at 0.2: coverage 1 − 0.8² = 0.36; red (230 × 0.2 + 86 × 0.2 × 0.8) / 0.36 = 166, …
    expect(layerSegmentStyle(segment([placed('own', 'push'), { ...placed('own', 'pull'), coding: { id: 'own-2', codeId: 'pull' } as PlacedCoding['coding'] }]), colourOf, 'own')).toBe(
      'background-color: rgb(166 168 104 / 0.36)',
    );
  });

  it('draws another coder’s coding as a line under the text, with no fill', () => {
    expect(layerSegmentStyle(segment([placed('ana', 'pull')]), colourOf, 'own')).toBe('box-shadow: inset 0 -2px 0 0 #56B4E9');
  });

  it('stacks others’ lines, a gap of the page’s colour between them, over one’s own fill', () => {
    const style = layerSegmentStyle(segment([placed('own', 'push'), placed('ana', 'pull'), placed('ben', 'push')]), colourOf, 'own');
    expect(style).toBe('background-color: rgb(230 159 0 / 0.2); box-shadow: inset 0 -2px 0 0 #56B4E9, inset 0 -3px 0 0 var(--surface), inset 0 -5px 0 0 #E69F00');
  });

  it('draws at most three lines and three fills however many codings overlap', () => {
    const others = ['ana', 'ben', 'cy', 'dee'].map((who) => placed(who, 'pull'));
    const style = layerSegmentStyle(segment(others), colourOf, 'own');
    expect(style.match(/#56B4E9/g)).toHaveLength(3);
    expect(style).toContain('inset 0 -8px 0 0 #56B4E9');
    const own = ['a', 'b', 'c', 'd'].map((id) => ({ ...placed('own', 'pull'), coding: { id, codeId: 'pull' } as PlacedCoding['coding'] }));
    // 1 − 0.8³ = 0.488: the fourth tint is not drawn.
    expect(layerSegmentStyle(segment(own), colourOf, 'own')).toBe('background-color: rgb(86 180 233 / 0.488)');
  });

  it('underlines everything when the own layer is hidden or the reader has none', () => {
    expect(layerSegmentStyle(segment([placed('ana', 'push')]), colourOf, null)).toBe('box-shadow: inset 0 -2px 0 0 #E69F00');
  });

  it('keeps a remote selection’s underline in the selecting person’s colour, over a tint of it', () => {
    const style = layerSegmentStyle(segment([], [{ key: '1', name: 'Ben', colour: '#CC79A7', start: 0, end: 10 }]), colourOf, 'own');
    expect(style).toBe('background-color: rgb(204 121 167 / 0.16); box-shadow: 0 2px 0 0 #CC79A7');
  });

  it('keeps the underline of the passage the page was opened at on top of others’ lines', () => {
    const style = layerSegmentStyle(segment([placed('ana', 'pull')], [], true), colourOf, 'own');
    expect(style).toBe('box-shadow: var(--focus-underline), inset 0 -2px 0 0 #56B4E9');
  });
});

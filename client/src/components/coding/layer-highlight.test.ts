import { describe, expect, it } from 'vitest';
import type { PlacedCoding } from '../../lib/coding/coding-index.ts';
import type { Segment } from '../../lib/coding/unit-segments.ts';
import { layerSegmentStyle } from './layer-highlight.ts';

const colours: Record<string, string> = { push: '#E69F00', pull: '#56B4E9' };
const colourOf = (id: string) => colours[id] ?? '#999999';
const placed = (layerKey: string, codeId: string): PlacedCoding =>
  ({ coding: { id: `${layerKey}-${codeId}`, codeId } as PlacedCoding['coding'], start: 0, end: 10, layerKey, column: 0 });
const segment = (codings: PlacedCoding[], remote: Segment['remote'] = []): Segment => ({ start: 0, end: 10, codings, label: null, remote, tags: [], pending: false, focused: false, caret: false });

describe('highlights of one’s own and others’ codings', () => {
  it('fills one’s own coding with a tint of its code’s colour', () => {
    expect(layerSegmentStyle(segment([placed('own', 'push')]), colourOf, 'own')).toBe('background-color: rgb(230 159 0 / 0.2)');
  });

  it('draws another coder’s coding as a line under the text, with no fill', () => {
    const style = layerSegmentStyle(segment([placed('ana', 'pull')]), colourOf, 'own');
    expect(style).toContain('background-image: linear-gradient(#56B4E9, #56B4E9)');
    expect(style).toContain('background-size: 100% 2px');
    expect(style).not.toContain('/ 0.2');
  });

  it('stacks others’ lines over one’s own fill where they overlap, each in its code’s colour', () => {
    const style = layerSegmentStyle(segment([placed('own', 'push'), placed('ana', 'pull'), placed('ben', 'push')]), colourOf, 'own');
    expect(style).toContain('background-image: linear-gradient(#56B4E9, #56B4E9), linear-gradient(#E69F00, #E69F00), linear-gradient(rgb(230 159 0 / 0.2), rgb(230 159 0 / 0.2))');
    expect(style).toContain('background-size: 100% 2px, 100% 2px, 100% 100%');
    expect(style).toContain('background-position: 0 calc(100% - 0px), 0 calc(100% - 3px), 0 0');
  });

  it('underlines everything when the own layer is hidden or the reader has none', () => {
    const style = layerSegmentStyle(segment([placed('ana', 'push')]), colourOf, null);
    expect(style).toContain('background-size: 100% 2px');
  });

  it('keeps a remote selection’s underline in the selecting person’s colour', () => {
    const style = layerSegmentStyle(segment([], [{ key: '1', name: 'Ben', colour: '#CC79A7', start: 0, end: 10 }]), colourOf, 'own');
    expect(style).toContain('box-shadow: 0 2px 0 0 #CC79A7');
  });
});

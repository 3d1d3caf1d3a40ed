import { describe, expect, it } from 'vitest';
import { maxChunkLength, transcriptChunks } from './transcript-chunks.ts';

describe('transcriptChunks', () => {
  it('makes one row per unit at its offset, and keeps text between units that is not white space', () => {
    const text = 'Header line\nI: Hi.\n\nP: Hello there.\n';
    const units = [
      { start: 12, end: 18, kind: 'turn' as const },
      { start: 20, end: 35, kind: 'turn' as const },
    ];
    const chunks = transcriptChunks(text, units);
    expect(chunks).toEqual([
      { start: 0, text: 'Header line\n' },
      { start: 12, text: 'I: Hi.' },
      { start: 20, text: 'P: Hello there.' },
    ]);
    for (const chunk of chunks) expect(text.slice(chunk.start, chunk.start + chunk.text.length)).toBe(chunk.text);
  });

  it('splits a long unit after a sentence, keeping every offset exact', () => {
    const sentence = 'We asked the support team for help with the data. ';
    const text = sentence.repeat(400).trim();
    const chunks = transcriptChunks(text, [{ start: 0, end: text.length, kind: 'paragraph' }]);
    expect(chunks.length).toBeGreaterThan(4);
    let at = 0;
    for (const chunk of chunks) {
      expect(chunk.start).toBe(at);
      expect(chunk.text.length).toBeLessThanOrEqual(maxChunkLength);
      expect(text.slice(chunk.start, chunk.start + chunk.text.length)).toBe(chunk.text);
      at += chunk.text.length;
    }
    expect(at).toBe(text.length);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.text.endsWith('data. ')).toBe(true);
  });

  it('replaces the index’s marker characters one for one, so offsets do not move', () => {
    const [chunk] = transcriptChunks('a\u0001b\u0002c', []);
    expect(chunk).toEqual({ start: 0, text: 'a b c' });
  });
});

import { describe, expect, it } from 'vitest';
import { transcriptLink } from './transcript-link.ts';

describe('a link to a passage of a transcript', () => {
  it('opens the coding view at the passage’s character offsets', () => {
    expect(transcriptLink('p 1', 'd/1', 290, 430)).toBe('/projects/p%201/documents/d%2F1?at=290-430');
  });

  it('never asks for a negative or reversed range', () => {
    expect(transcriptLink('p', 'd', -4, 10.7)).toBe('/projects/p/documents/d?at=0-10');
    expect(transcriptLink('p', 'd', 50, 20)).toBe('/projects/p/documents/d?at=50-50');
  });
});

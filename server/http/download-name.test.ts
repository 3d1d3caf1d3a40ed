import { describe, expect, it } from 'vitest';
import { attachment, fileSlug } from './download-name.ts';

describe('download names', () => {
  it('slug a project name to ASCII, and fall back when nothing is left', () => {
    expect(fileSlug('Implementation study: wave 2')).toBe('implementation-study-wave-2');
    expect(fileSlug('Kit study — “pathways”')).toBe('kit-study-pathways');
    expect(fileSlug('Études café')).toBe('etudes-cafe');
    expect(fileSlug('✨✨')).toBe('project');
  });

  it('offer the file under its name in both header forms', () => {
    expect(attachment('a b.csv')).toBe(`attachment; filename="a b.csv"; filename*=UTF-8''a%20b.csv`);
  });
});

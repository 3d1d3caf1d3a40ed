import { describe, expect, it } from 'vitest';
import { documentsTableRem } from './documents-table-width.ts';

describe('the documents table’s width', () => {
  it('grows with each attribute column', () => {
    expect(documentsTableRem({ fields: 0, progress: true, actions: true })).toBe(47);
    expect(documentsTableRem({ fields: 2, progress: true, actions: true })).toBe(62);
    expect(documentsTableRem({ fields: 2, progress: false, actions: false })).toBe(42);
  });

  it('keeps one attribute as a column on a 1024-pixel window’s page (61 rem), and lists two or more', () => {
    const page = (1024 - 48) / 16;
    expect(documentsTableRem({ fields: 1, progress: true, actions: true })).toBeLessThanOrEqual(page);
    expect(documentsTableRem({ fields: 2, progress: true, actions: true })).toBeGreaterThan(page);
  });
});

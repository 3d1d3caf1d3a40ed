import { describe, expect, it } from 'vitest';
import { codeFieldLabel, codeFieldPhrase, formatCodeFieldValue } from './code-fields.ts';

describe('code fields in words', () => {
  it('labels fields as the codebook editor does, and keeps unknown ones as named', () => {
    expect([codeFieldLabel('inclusion'), codeFieldLabel('isStage'), codeFieldLabel('weight')]).toEqual(['Use when', 'Stage code', 'weight']);
    expect(codeFieldPhrase('parentId')).toBe('place in the tree');
  });

  it('shows values as a researcher reads them', () => {
    const name = (id: string) => (id === 'push' ? 'Push models' : '(deleted code)');
    expect(formatCodeFieldValue('parentId', 'push', name)).toBe('Push models');
    expect(formatCodeFieldValue('parentId', null, name)).toBe('(none)');
    expect(formatCodeFieldValue('examples', ['a', 'b'], name)).toBe('a · b');
    expect(formatCodeFieldValue('examples', [], name)).toBe('(none)');
    expect(formatCodeFieldValue('isStage', true, name)).toBe('yes');
    expect(formatCodeFieldValue('stageOrder', 2, name)).toBe('2');
    expect(formatCodeFieldValue('definition', '', name)).toBe('(none)');
  });
});

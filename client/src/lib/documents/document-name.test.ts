import { describe, expect, it } from 'vitest';
import { isSameName } from '../../../../shared/api/index.ts';
import { nameProblem } from './document-name.ts';

describe('a new name', () => {
  it('must not be empty, too long, or another’s name in any case', () => {
    expect(nameProblem('  ', ['P01'])).toBe('Give it a name.');
    expect(nameProblem('x'.repeat(201), [])).toContain('at most 200 characters');
    expect(nameProblem('x'.repeat(200), [])).toBeNull();
    expect(nameProblem(' p01 ', ['P01'])).toBe('“P01” is already taken: choose another name.');
    expect(nameProblem('P01 interview', ['P01'])).toBeNull();
  });

  it('is compared whatever its case and Unicode form', () => {
    expect(isSameName('Cafe\u0301', 'CAFÉ')).toBe(true);
    expect(isSameName('Cafe', 'Café')).toBe(false);
  });
});

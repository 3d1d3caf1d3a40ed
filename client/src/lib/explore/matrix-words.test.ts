import { describe, expect, it } from 'vitest';
import { defaultMatrixQuery } from '../../../../shared/explore/matrix-query.ts';
import { cellLabel, formatCell, nextLinkedCell } from './matrix-words.ts';

describe('matrix words', () => {
  it('says a cell’s number with its unit, code and column', () => {
    expect(cellLabel(defaultMatrixQuery, 1, 'Hope', 'P01')).toBe('1 coding of Hope in P01: list them');
    expect(cellLabel({ ...defaultMatrixQuery, measure: 'chars', cols: { kind: 'coders' } }, 1234, 'Hope', 'Ana')).toBe('1,234 coded characters of Hope by Ana: list them');
    expect(cellLabel({ ...defaultMatrixQuery, cols: { kind: 'codes' } }, 2, 'Hope', 'Cost')).toBe('2 pairs of codings of Hope with Cost: list the Hope codings');
    expect(formatCell(2776550)).toBe('2,776,550');
  });
  it('moves between linked cells with the arrow keys, stepping over empty ones', () => {
    const linked = (r: number, c: number) => (r + c) % 2 === 0;
    expect(nextLinkedCell(3, 3, 0, 0, 'right', linked)).toEqual([0, 2]);
    expect(nextLinkedCell(3, 3, 0, 0, 'down', linked)).toEqual([2, 0]);
    expect(nextLinkedCell(3, 3, 0, 0, 'left', linked)).toBeNull();
    expect(nextLinkedCell(3, 3, 2, 2, 'up', linked)).toEqual([0, 2]);
  });
});

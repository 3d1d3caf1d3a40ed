import { describe, expect, it } from 'vitest';
import { PathwayGraphError } from './pathway-graph-error.ts';
import { formatVariant, groupVariants } from './variants.ts';
import { example3Sequences } from './worked-examples.ts';

const items = (record: Readonly<Record<string, readonly string[]>>) => Object.entries(record).map(([participantId, sequence]) => ({ participantId, sequence }));

describe('groupVariants (spec §2.5)', () => {
  it('groups example 3 into four variants, largest first, ties lexicographic', () => {
    expect(groupVariants(items(example3Sequences)).map((v) => formatVariant(v))).toEqual([
      'push > pull > cocreation ×2',
      'pull > cocreation ×1',
      'push > cocreation ×1',
      'push > pull > push > pull > cocreation ×1',
    ]);
  });

  it('sorts participants within a variant and ignores input order', () => {
    const forward = groupVariants(items({ P3: ['a'], P1: ['a'], P2: ['b'] }));
    const backward = groupVariants(items({ P2: ['b'], P1: ['a'], P3: ['a'] }));
    expect(forward).toEqual(backward);
    expect(forward[0]).toEqual({ sequence: ['a'], count: 2, participantIds: ['P1', 'P3'] });
  });

  it('compares sequences elementwise (a prefix first), not as joined text', () => {
    // Joined with " > ", "a > a" sorts before "a > b"; elementwise, 'a' is a prefix of 'a > a', so ['a', 'b'] comes first.
    expect(groupVariants(items({ P1: ['a > a'], P2: ['a', 'b'] })).map((v) => v.sequence)).toEqual([['a', 'b'], ['a > a']]);
  });

  it('never merges two sequences that only look alike when joined', () => {
    expect(groupVariants(items({ P1: ['a > b'], P2: ['a', 'b'] }))).toHaveLength(2);
  });

  it('keeps participants without stages as the empty variant', () => {
    expect(groupVariants(items({ P1: [], P2: ['push'], P3: [] }))).toEqual([
      { sequence: [], count: 2, participantIds: ['P1', 'P3'] },
      { sequence: ['push'], count: 1, participantIds: ['P2'] },
    ]);
  });

  it('rejects a participant given twice', () => {
    expect(() => groupVariants([{ participantId: 'P1', sequence: [] }, { participantId: 'P1', sequence: ['push'] }])).toThrow(PathwayGraphError);
  });

  it('formats with labels', () => {
    expect(formatVariant({ sequence: ['push', 'pull'], count: 3, participantIds: [] }, (id) => id.toUpperCase())).toBe('PUSH > PULL ×3');
  });
});

import { describe, expect, it } from 'vitest';
import type { CodingsAsOf } from '../../../../shared/api/index.ts';
import { asOfLayers } from './as-of-table.ts';

const names = {
  nameOf: (id: string) => ({ ana: 'Ana Ortiz', ben: 'Ben Kim' })[id] ?? 'A former member',
  code: (id: string) => ({ name: id === 'push' ? 'Push models' : 'a deleted code', colour: '#E69F00' }),
};

describe('as-of tables', () => {
  it('lists coders by name with the consensus last, codings in transcript order, gone passages last', () => {
    const result: CodingsAsOf = {
      asOf: { seq: 12, at: '2026-03-12T10:04:00.000Z' },
      layers: {
        ben: [{ codingId: 'b1', codeId: 'push', start: 0, end: 250, text: 'we pushed', memo: '' }],
        ana: [
          { codingId: 'a2', codeId: 'gone', start: null, end: null, text: null, memo: 'check' },
          { codingId: 'a1', codeId: 'push', start: 0, end: 120, text: 'we pushed', memo: '' },
        ],
      },
      consensus: [{ codingId: 'k1', codeId: 'push', start: 0, end: 250, text: 'we pushed', memo: '' }],
    };
    const layers = asOfLayers(result, names, 'a1');
    expect(layers.map((l) => [l.key, l.label, l.rows.map((r) => r.codingId)])).toEqual([
      ['ana', 'Ana Ortiz', ['a1', 'a2']],
      ['ben', 'Ben Kim', ['b1']],
      ['consensus', 'Consensus', ['k1']],
    ]);
    expect(layers[0]!.rows[0]).toEqual({ codingId: 'a1', codeName: 'Push models', colour: '#E69F00', range: '0–120', text: 'we pushed', memo: '', touched: true });
    expect(layers[0]!.rows[1]).toMatchObject({ range: null, text: null, codeName: 'a deleted code', touched: false });
  });

  it('leaves out an empty consensus', () => {
    expect(asOfLayers({ asOf: { seq: 0, at: null }, layers: {}, consensus: [] }, names, null)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Code } from '../../shared/model/codebook.ts';
import { headingLines } from './segment-csv.ts';
import { maxExportRows } from './segment-query.ts';
import { codesInCodebookOrder, exportRowsOf } from './segment-rows.ts';
import type { VisibleSegment } from './visible-segments.ts';

const code = (id: string, parentId: string | null, order: number): Code => ({ id, name: id.toUpperCase(), shortName: id, colour: '#E69F00', parentId, order, definition: '', inclusion: '', exclusion: '', examples: [], isStage: false, stageOrder: null, domain: null, createdAt: '', createdBy: '' });

describe('exportRowsOf', () => {
  it('holds at most 50,000 rows, whatever the selection, and the heading says the file was cut', async () => {
    const segments: VisibleSegment[] = Array.from({ length: maxExportRows + 1 }, (_, i) => ({ documentId: 'd1', userId: 'ana', codingId: `c${i}`, codeId: 'cost', start: 0, end: 4, memo: '', createdAt: null }));
    const source = { projectId: 'p', documents: [{ id: 'd1', name: 'P1', attributes: {} }], codes: [code('cost', null, 0)], coders: [{ id: 'ana', name: 'Ana' }], textOf: async () => 'Cost of it all' };
    const rows = await exportRowsOf(source, { segments, documentCount: 1 }, [], 'https://accord.example.org');
    expect(maxExportRows).toBe(50_000);
    expect(rows).toHaveLength(50_000);
    expect(rows[0]).toMatchObject({ text: 'Cost', after: ' of it all', codePath: 'COST', link: 'https://accord.example.org/projects/p/documents/d1?at=0-4' });
    const lines = headingLines({ projectName: 'P', generatedAt: '2024-05-01T00:00:00.000Z', softwareVersion: '1.0.0', filters: ['No filters: every coding you may see'], total: segments.length, documentCount: 1, rows: rows.length, fields: [] });
    expect(lines).toContain('50,001 segments in 1 document; this file holds the first 50,000');
  });
});

describe('codesInCodebookOrder', () => {
  it('walks the tree depth first, siblings by order, with each code’s path', () => {
    const order = codesInCodebookOrder([code('time', 'barriers', 1), code('barriers', null, 1), code('cost', 'barriers', 0), code('support', null, 0)]);
    expect(order.map((c) => [c.code.id, c.depth, c.path])).toEqual([
      ['support', 0, 'SUPPORT'],
      ['barriers', 0, 'BARRIERS'],
      ['cost', 1, 'BARRIERS › COST'],
      ['time', 1, 'BARRIERS › TIME'],
    ]);
  });
});
